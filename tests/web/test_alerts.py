"""Saved-search alerts through the digest's SMTP path and send log: new hits e-mailed once, retried on failure."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from monitor.digest.alerts import send_due_alerts
from monitor.settings import Settings
from monitor.store import saved
from monitor.store.db import session_scope
from monitor.store.models import AlertSent, SavedSearch, SendLog
from sqlalchemy import delete
from sqlmodel import select
from tests.digest.conftest import smtp  # noqa: F401  (the local aiosmtpd server fixture)
from tests.web.conftest import add_teten

NOW = datetime(2026, 3, 31, 2, 0, tzinfo=timezone.utc)


def _mail(settings: Settings, port: int) -> Settings:
    return Settings(**(settings.model_dump() | {"smtp_port": port, "base_url": "https://monitor.contoh.id"}))


def _save(engine, query: str, frequency: str = "immediate") -> int:
    with session_scope(engine) as s:
        user = saved.user_by_email(s, "analis@contoh.id")
        return saved.save_search(s, user.id, query, query, frequency).id


def test_new_hits_are_emailed_once(store, settings, smtp):  # noqa: F811
    conf = _mail(settings, smtp.port)
    _save(store.engine, "kemitraan kind:quote")
    _save(store.engine, "ekspor kopi")  # nothing new for this one: no e-mail
    assert send_due_alerts(conf, store.engine, NOW) == []  # saved searches start with nothing new
    art = add_teten(store.engine, datetime(2026, 3, 31, 1, 0, tzinfo=timezone.utc), key="teten-baru")
    results = send_due_alerts(conf, store.engine, NOW)
    assert [r.status for r in results] == ["sent"]
    [msg] = smtp.to("analis@contoh.id")
    assert "1 hasil baru" in msg["Subject"] and "kemitraan kind:quote" in msg["Subject"]
    body = msg.get_body(("plain",)).get_content()
    assert "Skema kemitraan ini masih menyulitkan" in body and "Rp 2,5 miliar" not in body.split("\n")[0]
    assert f"https://monitor.contoh.id/articles/{art}" in body and "31 Mar 2026" in body
    assert f'href="https://monitor.contoh.id/articles/{art}"' in msg.get_body(("html",)).get_content()
    # the next passes send nothing: each hit goes out once
    assert send_due_alerts(conf, store.engine, NOW + timedelta(minutes=5)) == []
    assert len(smtp.received) == 1
    with session_scope(store.engine) as s:
        rows = s.exec(select(SendLog).where(SendLog.subscriber.like("alert:%"))).all()
        assert [(r.status, r.message_id == msg["Message-ID"]) for r in rows] == [("sent", True)]


def test_failed_delivery_is_retried_and_then_sent_once(store, settings, smtp):  # noqa: F811
    _save(store.engine, "kemitraan kind:quote")
    add_teten(store.engine, datetime(2026, 3, 31, 1, 0, tzinfo=timezone.utc), key="teten-baru")
    smtp.data_reply = "451 4.3.0 coba lagi nanti"
    [r] = send_due_alerts(_mail(settings, smtp.port), store.engine, NOW)
    assert r.status == "retry" and "451" in r.error
    smtp.data_reply = None
    later = send_due_alerts(_mail(settings, smtp.port), store.engine, NOW + timedelta(seconds=30))
    assert [r.status for r in later] == ["waiting"] and smtp.received == []  # backing off
    [r] = send_due_alerts(_mail(settings, smtp.port), store.engine, NOW + timedelta(hours=1))
    assert r.status == "sent" and len(smtp.received) == 1
    assert send_due_alerts(_mail(settings, smtp.port), store.engine, NOW + timedelta(hours=2)) == []


def test_crash_after_send_does_not_repeat(store, settings, smtp):  # noqa: F811
    """Sent, then the watermark was not moved (a crash): the log still says sent, so nothing goes out again."""
    sid = _save(store.engine, "kemitraan kind:quote")
    add_teten(store.engine, datetime(2026, 3, 31, 1, 0, tzinfo=timezone.utc), key="teten-baru")
    conf = _mail(settings, smtp.port)
    send_due_alerts(conf, store.engine, NOW)
    with session_scope(store.engine) as s:  # roll back the transaction after the send: watermark and sent claims
        row = s.get(SavedSearch, sid)
        row.alerted_id = saved.latest_claim_id(s) - 3
        s.execute(delete(AlertSent).where(AlertSent.search_id == sid))
    assert [r.status for r in send_due_alerts(conf, store.engine, NOW + timedelta(minutes=1))] == ["already-sent"]
    assert len(smtp.received) == 1


def test_daily_searches_send_once_a_day(store, settings, smtp):  # noqa: F811
    conf = _mail(settings, smtp.port)
    _save(store.engine, "kemitraan kind:quote", "daily")
    add_teten(store.engine, datetime(2026, 3, 31, 1, 0, tzinfo=timezone.utc), key="teten-a")
    assert [r.status for r in send_due_alerts(conf, store.engine, NOW)] == ["sent"]
    add_teten(store.engine, datetime(2026, 3, 31, 1, 30, tzinfo=timezone.utc), key="teten-b")
    assert send_due_alerts(conf, store.engine, NOW + timedelta(hours=3)) == []  # same WIB day: waits
    assert [r.status for r in send_due_alerts(conf, store.engine, NOW + timedelta(days=1))] == ["sent"]
    assert len(smtp.received) == 2


def test_monitor_run_sends_due_alerts(store, settings, smtp):  # noqa: F811
    """`monitor run`'s service loop sends alerts on its pass (here one pass with no feeds)."""
    import asyncio

    from monitor.jobs.service import serve_forever

    _save(store.engine, "kemitraan kind:quote")
    add_teten(store.engine, datetime(2026, 3, 31, 1, 0, tzinfo=timezone.utc), key="teten-run")
    asyncio.run(serve_forever(_mail(settings, smtp.port), store.engine, once=True, feeds=[]))
    assert len(smtp.to("analis@contoh.id")) == 1


def test_reanalysed_article_is_not_emailed_again(store, settings, smtp):  # noqa: F811
    """Re-analysis keeps the ids of unchanged claims; a claim that a re-analysis lost and a later one found
    again comes back under a new id, and what was e-mailed is still known by identity."""
    from monitor.store import crud
    from tests.web.conftest import TEXT_TETEN, teten_analysis
    from monitor.types import Analysis
    from tests.search.search_seed import _quote, add_article

    conf = _mail(settings, smtp.port)
    _save(store.engine, "koperasi kind:quote")
    art = add_teten(store.engine, datetime(2026, 3, 31, 1, 0, tzinfo=timezone.utc), key="teten-baru")
    assert [r.status for r in send_due_alerts(conf, store.engine, NOW)] == ["sent"]
    later = "Harga cabai di pasar induk turun menjelang akhir pekan, kata pedagang."
    with session_scope(store.engine) as s:  # a later article, so the re-analysed one is not the newest
        add_article(s, "cabai", "tempo", "Harga Cabai Turun", later, datetime(2026, 3, 31, 1, 30, tzinfo=timezone.utc),
                    Analysis("test", quotes=(_quote(later, "Harga cabai di pasar induk turun", "pedagang", None, None),)))
        before = saved.latest_claim_id(s)
        crud.save_analysis(s, art, teten_analysis("test-2"))  # the same claims again: the same ids
        assert saved.latest_claim_id(s) == before
        crud.save_analysis(s, art, replace(teten_analysis("test-2"), quotes=()))  # the quote lost ...
        crud.save_analysis(s, art, teten_analysis("test-2"))  # ... and found again: a new id
        assert saved.latest_claim_id(s) > before
    assert send_due_alerts(conf, store.engine, NOW + timedelta(minutes=5)) == []
    assert len(smtp.received) == 1
    # a re-analysis that finds one more quote e-mails only that one
    more = teten_analysis("test-3")
    extra = _quote(TEXT_TETEN, "kemitraan koperasi dengan usaha besar menyulitkan anggota kecil", "Teten Masduki",
                   "Menkop UKM", "Kementerian Koperasi dan UKM")
    more = replace(more, quotes=more.quotes + (extra,))
    with session_scope(store.engine) as s:
        add_article(s, "cabai-2", "tempo", "Harga Cabai Turun Lagi", later,
                    datetime(2026, 3, 31, 1, 40, tzinfo=timezone.utc),
                    Analysis("test", quotes=(_quote(later, "Harga cabai di pasar induk turun", "pedagang", None, None),)))
        crud.save_analysis(s, art, more)
    assert [r.status for r in send_due_alerts(conf, store.engine, NOW + timedelta(minutes=10))] == ["sent"]
    [_, msg] = smtp.to("analis@contoh.id")
    body = msg.get_body(("plain",)).get_content()
    assert "1 hasil baru" in msg["Subject"]
    assert "dengan usaha besar menyulitkan" in body and "Skema kemitraan ini" not in body
