"""The web app: search page, JSON API and charts (create_app(settings) builds it)."""
from monitor.web.app import create_app

__all__ = ["create_app"]
