"""The web app (FastAPI). Nothing is imported here: `monitor --help` or `monitor annotate` must not
pay for FastAPI and matplotlib (about 1 s of start-up); use `monitor.web.app.create_app`."""
