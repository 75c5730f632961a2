"""Polling benchmark on loopback: 500 feeds x 20 items.

Prints (a) a cold cycle's wall time (every feed new: fetch, parse, store
10,000 entries), (b) a warm cycle's (every feed answers 304), and (c) the
floor: the same 500 URLs fetched by a bare concurrent httpx loop with the same
concurrency, each body parsed by feedparser, nothing stored. The last line
prints the two ratios (goal: cold <= 1.5x floor, warm <= 1.2x floor).

    .venv/bin/python bench/poll.py [--feeds 500] [--items 20] [--concurrency 16]
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import sys
import tempfile
import time
from pathlib import Path

import feedparser
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.jobs.run import RunReport, poll_all  # noqa: E402
from monitor.settings import Settings  # noqa: E402
from monitor.store.db import open_store, session_scope  # noqa: E402
from monitor.store.ingest import sync_sources  # noqa: E402
from monitor.types import FeedSource  # noqa: E402
from tests.httpserver import Reply, TestServer  # noqa: E402
from tests.ingest.fixtures import rss  # noqa: E402

WORDS = ("umkm kemitraan rantai pasok pembiayaan kredit usaha rakyat inklusi keuangan literasi digital koperasi "
         "industri ekspor pasar modal bank daerah investasi pajak harga beras inflasi").split()


def make_server(n_feeds: int, n_items: int) -> tuple[TestServer, list[str]]:
    srv = TestServer().start()
    urls = []
    for f in range(n_feeds):
        items = [{"title": f"{WORDS[(f + i) % len(WORDS)].title()} {WORDS[(f * i) % len(WORDS)]} berita {f}-{i}",
                  "link": srv.url(f"/o{f}/berita-{i}.html"),
                  "description": " ".join(WORDS[(f + i + k) % len(WORDS)] for k in range(40))} for i in range(n_items)]
        body = rss(srv.base, items, title=f"Outlet {f}")
        etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'

        def route(req, body=body, etag=etag):
            if req.headers.get("if-none-match") == etag:
                return Reply(304, headers={"ETag": etag})
            return Reply(200, body, {"ETag": etag, "Content-Type": "application/rss+xml; charset=utf-8"})
        srv.route(f"/feed/{f}.xml", route)
        urls.append(srv.url(f"/feed/{f}.xml"))
    return srv, urls


async def floor(urls: list[str], concurrency: int) -> float:
    sem = asyncio.Semaphore(concurrency)
    t = time.perf_counter()
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency)) as client:
        async def one(u):
            async with sem:
                r = await client.get(u)
            feedparser.parse(r.content, response_headers={"content-type": r.headers.get("content-type", "")})
        await asyncio.gather(*(one(u) for u in urls))
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--concurrency", type=int, default=16)
    args = ap.parse_args()
    srv, urls = make_server(args.feeds, args.items)
    tmp = Path(tempfile.mkdtemp())
    settings = Settings(database_url=f"sqlite:///{tmp / 'bench.db'}", allowed_hosts=["127.0.0.1"], per_host_delay=0,
                        concurrency=args.concurrency, per_host_concurrency=args.concurrency, log_level="WARNING")
    engine = open_store(settings)
    with session_scope(engine) as s:
        sync_sources(s, [FeedSource(id=f"f{i}", name=f"f{i}", url=u) for i, u in enumerate(urls)],
                     __import__("datetime").datetime.now(__import__("datetime").timezone.utc))
    floor_s = asyncio.run(floor(urls, args.concurrency))

    async def cycle() -> tuple[float, RunReport]:
        from monitor.http import Fetcher
        report = RunReport()
        t = time.perf_counter()
        async with Fetcher(settings) as fetcher:
            await poll_all(settings, engine, fetcher, report, force=True)
        return time.perf_counter() - t, report

    cold_s, cold = asyncio.run(cycle())
    warm_s, warm = asyncio.run(cycle())
    srv.stop()
    print(f"feeds={args.feeds} items/feed={args.items} concurrency={args.concurrency}")
    print(f"(a) cold cycle: {cold_s:.2f} s  ({cold.feeds_polled} feeds, {cold.new_entries} new entries stored)")
    print(f"(b) warm cycle: {warm_s:.2f} s  ({warm.feeds_not_modified} of {warm.feeds_polled} feeds 304)")
    print(f"(c) floor (bare httpx + feedparser, nothing stored): {floor_s:.2f} s")
    print(f"ratios: cold/floor = {cold_s / floor_s:.2f} (goal <= 1.5), warm/floor = {warm_s / floor_s:.2f} (goal <= 1.2)")


if __name__ == "__main__":
    main()
