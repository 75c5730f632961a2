"""Web page benchmark: p50/p95 of each analyst page on a generated store (the search benchmark's generator).

    .venv/bin/python bench/web.py --claims 1000000 --db /tmp/web-bench.db     # build once, then measure
    .venv/bin/python bench/web.py --db /tmp/web-bench.db --reuse               # measure again

Requests go through the real app (FastAPI TestClient: routing, templates, store queries; no network hop),
warm (each page fetched once before timing). Targets: p95 of every page <= 200 ms, the article page <= 50 ms.
Prints the figures and writes them under "## web" in bench/README.md.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search import OUTLETS, SPEAKERS, generate, queries  # noqa: E402  (the search benchmark's generator)

from monitor.settings import Settings  # noqa: E402
from monitor.store import fts, saved  # noqa: E402
from monitor.store.db import open_store, session_scope  # noqa: E402
from monitor.store.workspace import speaker_key  # noqa: E402
from monitor.web.auth import hash_password  # noqa: E402

README = Path(__file__).resolve().parent / "README.md"
TARGETS = {"article": 50.0}
DEFAULT_TARGET = 200.0


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=60, help="timed requests per page")
    ap.add_argument("--db", type=Path, default=None, help="SQLite file (default: a temporary one, deleted after)")
    ap.add_argument("--reuse", action="store_true", help="reuse an existing --db (skip generation and indexing)")
    ap.add_argument("--no-readme", action="store_true")
    ap.add_argument("--only", action="append", default=None, metavar="PAGE",
                    help="time only this page (repeatable, e.g. --only organisation); implies --no-readme")
    args = ap.parse_args()
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench-web-")
        args.db = Path(tmp.name) / "web.db"
    settings = Settings(database_url=f"sqlite:///{args.db}", log_level="WARNING")
    engine = open_store(settings)
    if not args.reuse:
        t = time.perf_counter()
        generate(engine, args.claims)
        with engine.begin() as conn:
            fts.rebuild(conn, batch=5000, progress=lambda d, tot: print(f"\r  indexed {d:,}/{tot:,}", end="", file=sys.stderr))
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"\n  built in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    with engine.connect() as conn:
        n_claims = conn.execute(sa.text("SELECT count(*) FROM search_doc")).scalar_one()
        n_articles, lo, hi = conn.execute(sa.text("SELECT count(*), min(id), max(id) FROM article")).one()
        last = conn.execute(sa.text("SELECT max(published) FROM article")).scalar_one()
    last_day = datetime.fromisoformat(str(last)).date() if last else date.today()
    with session_scope(engine) as s:
        user = saved.user_by_email(s, "bench@contoh.id") or saved.add_user(s, "bench@contoh.id", hash_password("bench"))
        searches = saved.searches_of(s, user.id) or [saved.save_search(s, user.id, q, q, "immediate")
                                                      for q in ("kemitraan umkm", "kredit speaker:\"Teten Masduki\"",
                                                                "kind:figure unit:percent inklusi")]
        search_ids = [x.id for x in searches]

    from fastapi.testclient import TestClient

    from monitor.web.app import create_app

    client = TestClient(create_app(settings))
    form = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    client.post("/login", data={"email": "bench@contoh.id", "password": "bench", "csrf": csrf})
    r = random.Random(5)
    qs = queries(args.requests)
    orgs = sorted({org for _, _, org in SPEAKERS})

    def trends_url() -> str:
        end = last_day - timedelta(days=r.randint(0, 300))
        start = end - timedelta(days=r.choice((6, 29, 89)))
        outlet = r.choice([None, None] + [o for o, _ in OUTLETS])
        return f"/trends?since={start}&until={end}" + (f"&outlet={outlet}" if outlet else "")

    pages = {
        "search": lambda i: "/?q=" + qs[i % len(qs)],
        "article": lambda i: f"/articles/{r.randint(lo, hi)}",
        "speaker": lambda i: f"/speakers/{speaker_key(r.choice(SPEAKERS)[0])}",
        "organisation": lambda i: f"/orgs/{speaker_key(r.choice(orgs))}",
        "figures": lambda i: "/figures",
        "trends": lambda i: trends_url(),
        "saved search": lambda i: f"/saved/{search_ids[i % len(search_ids)]}",
        "saved list": lambda i: "/saved",
    }
    def chart_url(kind: str) -> str:  # as trends.html asks for it
        url = trends_url()
        days = (date.fromisoformat(re.search(r"until=([\d-]+)", url)[1])
                - date.fromisoformat(re.search(r"since=([\d-]+)", url)[1])).days
        url = url.replace("/trends", f"/charts/{kind}") + "&lang=id"
        if kind.startswith("volume"):
            url += f"&topic={r.choice(['financial_inclusion', 'umkm_partnership'])}"
        return url + ("" if kind.startswith("speakers") else f"&by={'day' if days <= 62 else 'week'}")

    t = time.perf_counter()
    r0 = client.get("/figures")  # the first figures request groups measures (once per change of the figures)
    first_figures = (time.perf_counter() - t) * 1000
    assert r0.status_code == 200
    figure_charts = sorted(set(re.findall(r'src="(/figures/chart\.svg\?[^"]+)"', r0.text)))
    figure_charts = [u.replace("&amp;", "&") for u in figure_charts]
    images = {  # the images the pages load: drawn from the store (cold), then again from the chart cache
        "speaker chart": lambda i: f"/speakers/{speaker_key(r.choice(SPEAKERS)[0])}/chart.svg",
        "organisation chart": lambda i: f"/orgs/{speaker_key(r.choice(orgs))}/chart.svg",
        "figures chart": lambda i: figure_charts[i % len(figure_charts)],
        "trends volume chart": lambda i: chart_url("volume.svg"),
        "trends assessment chart": lambda i: chart_url("assessment.svg"),
        "trends speakers chart": lambda i: chart_url("speakers.svg"),
        "volume chart (png, API)": lambda i: chart_url("volume.png"),
    }
    from monitor.export.web import drawn
    from monitor.web.pages import _figure_svg, _person_svg

    results = {}
    for name, make in {**pages, **images}.items():
        if args.only and name not in args.only:
            continue
        times, cached, bad = [], [], 0
        client.get(make(0))  # warm
        n = args.requests if name in pages else max(10, args.requests // 2)
        for i in range(n):
            url = make(i)
            if name in images:  # cold: nothing drawn before
                drawn.cache_clear()
                _person_svg.cache_clear()
                _figure_svg.cache_clear()
            t = time.perf_counter()
            resp = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            bad += resp.status_code != 200
            if name in images:  # the same image again (another visitor, the same page reloaded)
                t = time.perf_counter()
                again = client.get(url)
                cached.append((time.perf_counter() - t) * 1000)
                bad += again.content != resp.content
        results[name] = (times, bad)
        if cached:
            results[f"{name}, cached"] = (cached, 0)
    ahead = None
    if not args.only or "drawn ahead" in args.only:
        # `monitor serve` draws ahead after each store change (monitor.web.warm): what the first visitor then loads
        for cache in (drawn, _person_svg, _figure_svg):
            cache.cache_clear()
        warmer = client.app.state.warmer
        t = time.perf_counter()
        n_ahead = warmer.run_once()
        ahead = (n_ahead, time.perf_counter() - t)
        from monitor.store.workspace import top_orgs, top_speakers

        urls = [u.replace("&amp;", "&") for u in re.findall(r'src="(/charts/[^"]+)"', client.get("/trends").text)]
        urls += [u.replace("&amp;", "&") for u in re.findall(r'src="(/figures/chart\.svg[^"]+)"', client.get("/figures").text)]
        urls += [f"/speakers/{speaker_key(n)}/chart.svg?lang=id" for n, _ in top_speakers(engine, None, None, None, 20)]
        urls += [f"/orgs/{k}/chart.svg?lang=id" for k, _ in top_orgs(engine, 20)]
        times, bad = [], 0
        for url in urls:
            t = time.perf_counter()
            resp = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            bad += resp.status_code != 200
        results["chart images after a store change, drawn ahead (dashboard, figures, top 20 speakers and organisations)"] = (times, bad)
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    lines = [f"store: {n_claims:,} claims in {n_articles:,} articles ({args.db.stat().st_size / 1e6:,.0f} MB SQLite)",
             f"first /figures after the figures changed (groups measures once, then cached): {first_figures:.0f} ms"]
    if ahead:
        lines.append(f"drawn ahead after a store change (the server's background thread): {ahead[0]} charts in {ahead[1]:.1f} s")
    for name, (times, bad) in results.items():
        target = TARGETS.get(name, DEFAULT_TARGET)
        p95 = pct(times, 95)
        verdict = "" if target is None else (f" — target ≤ {target:.0f} ms: {'met' if p95 <= target else 'MISSED'}")
        lines.append(f"{name}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {max(times):.1f} ms "
                     f"({len(times)} requests{f', {bad} not 200' if bad else ''}){verdict}")
    lines.append(f"load average {load} on {os.cpu_count()} CPUs while measuring (the machine is shared)")
    print("\n".join(lines))
    if not (args.no_readme or args.only):
        write_readme(lines, args)
    engine.dispose()


def write_readme(lines: list[str], args) -> None:  # noqa: ANN001
    import sqlite3

    cmd = f".venv/bin/python bench/web.py --claims {args.claims}" + (" --reuse" if args.reuse else "")
    machine = f"{sys.platform}, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"
    note = ("Data: bench/search.py's generator (articles of 5 quotes, 2 figures and a title; ~60 speakers, 12 outlets, "
            "two years). Each page is fetched through the real app in-process (FastAPI TestClient), warm; article ids, "
            "speakers, organisations, date ranges (7/30/90 days) and outlet filters drawn at random; saved-search pages "
            "signed in. Chart images are timed drawn from the store (the chart cache emptied before each) and then "
            "served again from the cache (same URL, store unchanged), each as its own line. Building the 1M-claim store "
            "(generation + fts.rebuild) took 269 s on the shared 2-core machine, its upgrade by migration 0011 0.5 s; the figures below come from a "
            "--reuse run on it.")
    section = (f"## web\n\nCommand: `{cmd}` ({datetime.now(timezone.utc):%Y-%m-%d}, {machine})\n\n{note}\n\n"
               + "\n".join(f"- {l}" for l in lines) + "\n")
    text = README.read_text() if README.exists() else "# Benchmarks\n"
    if re.search(r"^## web\n", text, re.M):
        text = re.sub(r"^## web\n.*?(?=^## |\Z)", section + "\n", text, flags=re.M | re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    README.write_text(text)


if __name__ == "__main__":
    main()
