"""End to end through a real SMTP server: structure, headers, escaping, exactly-once, failing servers."""
from __future__ import annotations

import re
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlmodel import select

from monitor.digest import send as send_mod
from monitor.store.models import SendLog
from monitor.digest.send import LEASE, send_due_digests, send_now
from monitor.digest.subscribers import load_subscribers
from monitor.store.db import session_scope
from monitor.types import Analysis, Quote, TopicLabel
from tests.digest.seed import DAY, NOW, add_article, at

SUBSCRIBERS = """\
subscribers:
  - email: analis@contoh.co.id
    name: Sari Wulandari
    send_time: "06:00"
  - email: kebijakan@contoh.go.id
    name: Tim Kebijakan
    topics: [financial_inclusion]
    language: en
    send_time: "07:00"
"""


@pytest.fixture
def cfg(settings, tmp_path, smtp):
    path = tmp_path / "subscribers.yaml"
    path.write_text(SUBSCRIBERS, encoding="utf-8")
    return settings.model_copy(update={"subscribers_file": path, "smtp_port": smtp.port,
                                       "mail_from": "monitor <digest@monitor.example.id>",
                                       "unsubscribe_mailto": "mailto:berhenti@monitor.example.id",
                                       "unsubscribe_url": "https://monitor.example.id/berhenti"})


def _log(engine) -> list[SendLog]:  # noqa: ANN001
    with session_scope(engine) as s:
        return list(s.exec(select(SendLog).order_by(SendLog.subscriber)).all())


def test_message_structure_headers_and_inline_charts(cfg, engine, smtp, real_charts):
    results = send_due_digests(cfg, engine, NOW)
    assert sorted((r.subscriber, r.status) for r in results) == [("analis@contoh.co.id", "sent"), ("kebijakan@contoh.go.id", "sent")]
    [msg] = smtp.to("analis@contoh.co.id")

    assert msg.get_content_type() == "multipart/alternative"
    plain, related = msg.get_payload()
    assert plain.get_content_type() == "text/plain" and plain.get_content_charset() == "utf-8"
    assert related.get_content_type() == "multipart/related"
    html_part, *images = related.get_payload()
    assert html_part.get_content_type() == "text/html" and html_part.get_content_charset() == "utf-8"
    assert [i.get_content_type() for i in images] == ["image/png", "image/png"]  # one trend chart per topic
    html = html_part.get_content()
    for img in images:
        assert img.get_payload(decode=True).startswith(b"\x89PNG\r\n\x1a\n")
        cid = img["Content-ID"].strip().strip("<>")
        assert f'src="cid:{cid}"' in html
    assert "<script" not in html.lower()

    # headers
    assert parsedate_to_datetime(msg["Date"]) == NOW
    assert re.fullmatch(r"<[^<>@\s]+@monitor\.example\.id>", msg["Message-ID"])
    unsub = msg["List-Unsubscribe"]
    assert "<mailto:berhenti@monitor.example.id?subject=unsubscribe>" in unsub and "<https://monitor.example.id/berhenti>" in unsub
    assert msg["To"].addresses[0].display_name == "Sari Wulandari"
    assert "Teten Masduki" in msg["Subject"]  # the top quote's speaker, decoded from RFC 2047

    # both parts carry the content, in Indonesian
    text = plain.get_content()
    for part in (text, html):
        assert "Kemitraan UMKM" in part and "Inklusi keuangan" in part
        assert "Baru sekitar 7 persen UMKM" in part
        assert "61,9 persen" in part  # the earlier, disagreeing PDB figure
    assert "http://127.0.0.1:8000/?q=topic%3Aumkm_partnership" in html


def test_english_headings_and_topic_filter(cfg, engine, smtp):
    send_due_digests(cfg, engine, NOW)
    [msg] = smtp.to("kebijakan@contoh.go.id")
    text = msg.get_body(("plain",)).get_content()
    assert "TOP QUOTES" in text and "Financial inclusion" in text
    assert "UMKM partnership" not in text and "Teten Masduki" not in text  # not subscribed to partnership
    assert msg["Content-Language"] == "en"


def test_quote_text_is_escaped_in_html(cfg, engine, smtp):
    evil = 'Program <script>alert("bocor")</script> & "KUR" untuk UMKM tetap jalan sesuai rencana tahun ini'
    add_article(engine, "tempo", "xss", at(DAY, 12), "Uji <b>judul</b>",
                Analysis(model_version="t", topics=(TopicLabel("financial_inclusion", 0.9, "pro", "neutral"),),
                         quotes=(Quote(text=evil, kind="direct", start=0, end=len(evil), speaker="Budi <i>Santoso</i>",
                                       speaker_role="Ketua Umum", speaker_org="Asosiasi UMKM", cue="kata",
                                       topics=(TopicLabel("financial_inclusion", 0.9, "pro", "neutral"),)),)))
    send_due_digests(cfg, engine, NOW)
    [msg] = smtp.to("analis@contoh.co.id")
    html = msg.get_body(("html",)).get_content()
    assert "<script" not in html and "<i>Santoso" not in html
    assert "&lt;script&gt;alert(&#34;bocor&#34;)&lt;/script&gt; &amp; &#34;KUR&#34;" in html
    assert "Budi &lt;i&gt;Santoso&lt;/i&gt;" in html
    assert evil in " ".join(msg.get_body(("plain",)).get_content().split())  # plain text keeps it verbatim (wrapped)


def test_sent_once_and_not_before_send_time(cfg, engine, smtp):
    early = NOW - timedelta(hours=1, minutes=1)  # 06:29 WIB: only the 06:00 subscriber is due
    assert [r.subscriber for r in send_due_digests(cfg, engine, early)] == ["analis@contoh.co.id"]
    assert send_due_digests(cfg, engine, NOW) != []  # 07:30: the 07:00 subscriber
    for later in (NOW + timedelta(minutes=1), NOW + timedelta(hours=5)):
        assert send_due_digests(cfg, engine, later) == []
    assert len(smtp.to("analis@contoh.co.id")) == 1 and len(smtp.to("kebijakan@contoh.go.id")) == 1
    assert [(r.status, r.attempts, r.period) for r in _log(engine)] == [("sent", 1, DAY), ("sent", 1, DAY)]


class Crash(BaseException):
    """Stands in for the process dying: not an Exception, so nothing inside catches it."""


def test_crash_between_build_and_send_resends_exactly_once(cfg, engine, smtp, monkeypatch):
    real = send_mod.smtp_send
    built = []

    def crash(settings, msg, rcpt):  # noqa: ANN001
        built.append(msg["Message-ID"])
        raise Crash()

    monkeypatch.setattr(send_mod, "smtp_send", crash)
    with pytest.raises(Crash):
        send_due_digests(cfg, engine, NOW)
    assert smtp.received == [] and [r.status for r in _log(engine)] == ["sending"]

    monkeypatch.setattr(send_mod, "smtp_send", real)
    # a concurrent run while the crashed sender's lease is live must not send
    assert [r.subscriber for r in send_due_digests(cfg, engine, NOW + timedelta(seconds=30))] == ["kebijakan@contoh.go.id"]
    assert smtp.to("analis@contoh.co.id") == []
    # the next run after the lease lapsed sends it, with the Message-ID built before the crash
    after = NOW + LEASE + timedelta(seconds=1)
    assert [(r.subscriber, r.status) for r in send_due_digests(cfg, engine, after)] == [("analis@contoh.co.id", "sent")]
    [msg] = smtp.to("analis@contoh.co.id")
    assert msg["Message-ID"] == built[0]
    assert send_due_digests(cfg, engine, after + timedelta(minutes=10)) == []
    assert len(smtp.received) == 2


def test_refused_recipient_is_retried_with_backoff_and_does_not_block_others(cfg, engine, smtp):
    smtp.refuse.add("analis@contoh.co.id")
    results = {r.subscriber: r for r in send_due_digests(cfg, engine, NOW)}
    assert results["analis@contoh.co.id"].status == "retry" and "550" in results["analis@contoh.co.id"].error
    assert results["kebijakan@contoh.go.id"].status == "sent" and len(smtp.to("kebijakan@contoh.go.id")) == 1
    row = next(r for r in _log(engine) if r.subscriber == "analis@contoh.co.id")
    assert row.next_attempt > NOW and row.attempts == 1
    assert send_due_digests(cfg, engine, NOW + timedelta(seconds=30)) == []  # backing off
    smtp.refuse.clear()
    assert [r.status for r in send_due_digests(cfg, engine, row.next_attempt)] == ["sent"]
    assert len(smtp.to("analis@contoh.co.id")) == 1


def test_failing_server_gives_up_after_max_attempts(cfg, engine, smtp):
    smtp.data_reply = "451 4.3.0 coba lagi nanti"
    now, statuses = NOW, []
    for _ in range(5):
        statuses += [r.status for r in send_due_digests(cfg, engine, now, max_attempts=3) if r.subscriber == "analis@contoh.co.id"]
        now += send_mod.RETRY_MAX
    assert statuses == ["retry", "retry", "failed"]  # then reported, and left alone
    row = next(r for r in _log(engine) if r.subscriber == "analis@contoh.co.id")
    assert row.status == "failed" and "451" in row.last_error and smtp.received == []


@pytest.mark.parametrize("server", ["dead", "dropping"])
def test_dead_or_dropping_server_is_retried_then_delivered(cfg, engine, smtp, server, request):
    port = request.getfixturevalue("dropping_server") if server == "dropping" else _closed_port()
    down = cfg.model_copy(update={"smtp_port": port})
    results = send_due_digests(down, engine, NOW)
    assert [r.status for r in results] == ["retry", "retry"]  # both tried, neither blocked the other
    assert all(r.error for r in results)
    later = NOW + send_mod.RETRY_MAX
    assert sorted(r.status for r in send_due_digests(cfg, engine, later)) == ["sent", "sent"]
    assert len(smtp.received) == 2


@pytest.mark.parametrize("mode", ["silent", "after_data"])
def test_timing_out_server_is_retried_then_delivered_once(cfg, engine, smtp, stalling_server, mode):
    """A server that stops answering costs each message its timeout, not the run; no message is
    recorded as sent until the server confirmed it, so the retry delivers each digest exactly once."""
    import time

    fast = cfg.model_copy(update={"smtp_port": stalling_server(mode), "connect_timeout": 0.2, "read_timeout": 0.3})
    t = time.monotonic()
    results = send_due_digests(fast, engine, NOW)
    assert time.monotonic() - t < 5
    assert [r.status for r in results] == ["retry", "retry"]
    assert all("timed out" in r.error.lower() for r in results), [r.error for r in results]
    assert all(row.status == "retry" and row.attempts == 1 for row in _log(engine))
    assert send_due_digests(cfg, engine, NOW + timedelta(minutes=1)) == []  # backing off, not hammering
    later = NOW + send_mod.RETRY_MAX
    assert sorted(r.status for r in send_due_digests(cfg, engine, later)) == ["sent", "sent"]
    assert sorted(rcpts[0] for rcpts, _ in smtp.received) == ["analis@contoh.co.id", "kebijakan@contoh.go.id"]
    assert send_due_digests(cfg, engine, later + timedelta(hours=1)) == []


def _closed_port() -> int:
    from tests.digest.conftest import free_port

    return free_port()


def test_empty_day_sends_short_note_or_nothing(cfg, engine, smtp, tmp_path):
    path = tmp_path / "quiet.yaml"
    path.write_text("subscribers:\n  - email: sepi@contoh.id\n  - email: diam@contoh.id\n    send_empty: false\n", encoding="utf-8")
    quiet = cfg.model_copy(update={"subscribers_file": path})
    later = NOW + timedelta(days=3)  # the period is a day with no articles
    results = {r.subscriber: r.status for r in send_due_digests(quiet, engine, later)}
    assert results == {"sepi@contoh.id": "sent", "diam@contoh.id": "skipped"}
    [msg] = smtp.received[0][1:]
    assert "tidak ada berita baru" in msg["Subject"] and not [p for p in msg.walk() if p.get_content_maintype() == "image"]
    assert "Tidak ada artikel baru" in msg.get_body(("plain",)).get_content()
    assert send_due_digests(quiet, engine, later + timedelta(hours=1)) == []


def test_send_now_retries_failures_after_the_others(cfg, engine, smtp):
    smtp.refuse.add("analis@contoh.co.id")
    sleeps: list[float] = []
    order: list[str] = []

    def pause(seconds: float) -> None:
        sleeps.append(seconds)
        smtp.refuse.clear()  # the recipient's mailbox is back for the second round

    results = send_now(cfg, engine, load_subscribers(cfg.subscribers_file), DAY,
                       on_result=lambda r: order.append(r.subscriber), sleep=pause)
    assert order == ["analis@contoh.co.id", "kebijakan@contoh.go.id", "analis@contoh.co.id"]
    assert len(sleeps) == 1 and {r.status for r in results} == {"sent"}
    assert len(smtp.received) == 2
    # a second manual run does not repeat a sent digest
    assert {r.status for r in send_now(cfg, engine, load_subscribers(cfg.subscribers_file), DAY)} == {"already-sent"}


def test_migration_down_and_up(settings):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from monitor.store.db import MIGRATIONS_DIR, open_store

    engine = open_store(settings)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert "digest_send_log" not in inspect(engine).get_table_names()
    engine = open_store(settings)
    assert "digest_send_log" in inspect(engine).get_table_names()
