"""The analyst's pages over a real seeded store (FastAPI's TestClient runs the real app, no mocks)."""
from __future__ import annotations

import re

import pytest
from datetime import datetime, timezone

from fastapi.testclient import TestClient

from monitor.settings import Settings
from monitor.store.workspace import speaker_key
from monitor.web.app import create_app
from tests.web.conftest import PASSWORD, add_teten, csrf_of, sign_in


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_search_results_link_to_the_article_page_and_the_speaker(client, store):
    html = client.get("/", params={"q": "tepat sasaran"}).text
    assert f'href="/articles/{store.ids["kur"]}"' in html
    assert 'href="/speakers/teten-masduki"' in html
    assert "kompas.example.id/kur" not in re.findall(r'class="article-link" href="([^"]+)"', html)[0]


def test_article_page_marks_quotes_entities_figures_and_evidence(client, store):
    r = client.get(f"/articles/{store.ids['teten2']}")
    assert r.status_code == 200
    html = r.text
    # the quote, its speaker (linked), the entity, the figure and the stance evidence are marked in the text
    quote = re.search(r'<span class="[^"]*m-quote[^"]*" data-quote="0">([^<]*)</span>', html)
    assert quote and quote.group(1).startswith("Skema kemitraan")
    assert re.search(r'class="m-entity ">teten masduki</span>', html)
    assert re.search(r'class="m-figure ">Rp 2,5 miliar</span>', html)
    assert re.search(r'class="[^"]*m-evidence[^"]*"[^>]*>menyulitkan</span>', html)
    assert 'href="/speakers/teten-masduki"' in html
    text = _text(html)
    assert "Rp 2,5 miliar" in text and "kemitraan UMKM · menentang · negatif" in text  # codes as words
    assert "https://kompas.example.id/teten-2" in html  # the link out
    assert "Teten Masduki orang" in text and "PER" not in text  # entity types as words


def test_article_page_lists_every_outlet_that_carried_it(client, store):
    html = client.get(f"/articles/{store.ids['kur']}").text
    outlets = re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a> <span class="muted">([^<]+)</span>', html)
    assert [(o, how) for _, o, how in outlets] == [("Kompas", "asli"), ("Tempo", "hampir sama")]


def test_article_api_keeps_json_and_unknown_article_is_404(client, store):
    assert client.get(f"/api/articles/{store.ids['kur']}").json()["outlet"] == "Kompas"
    assert client.get("/articles/999999").status_code == 404


def test_speaker_page_groups_spellings_and_shows_roles_topics_and_chart(client, store):
    assert speaker_key("Teten  MASDUKI") == speaker_key("teten masduki") == "teten-masduki"
    r = client.get("/speakers/teten-masduki")
    assert r.status_code == 200
    text = _text(r.text)
    assert "3 kutipan" in text  # two spellings, three quotes (one copied by Antara)
    assert "Menteri Koperasi dan UKM (2)" in text and "Menkop UKM (1)" in text
    assert "inklusi keuangan · mendukung · 2" in text and "kemitraan UMKM · menentang · 1" in text
    # newest first
    titles = re.findall(r'<a href="/articles/(\d+)">', r.text)
    assert titles[0] == str(store.ids["teten2"])
    svg = client.get("/speakers/teten-masduki/chart.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and "<svg" in svg.text and "Menentang" in svg.text
    # another spelling in the URL lands on the one page
    r2 = client.get("/speakers/Teten%20Masduki", follow_redirects=False)
    assert r2.status_code == 303 and r2.headers["location"] == "/speakers/teten-masduki"
    assert client.get("/speakers/tidak-ada-orang").status_code == 404


def test_organisation_page_lists_its_speakers(client, store):
    r = client.get("/orgs/kadin")
    assert r.status_code == 200
    text = _text(r.text)
    assert "Arsjad Rasjid (1)" in text and "Shinta Kamdani (1)" in text
    assert "2 kutipan" in text


def test_figures_page_groups_measures_with_chart_and_sources(client, store):
    html = client.get("/figures").text
    text = _text(html)
    assert "porsi kredit UMKM" in text and "19,6 persen" in text and "Kompas" in text
    assert "Rp 2,5 miliar" in text
    src = re.search(r'src="(/figures/chart.svg\?group=porsi\+kredit\+UMKM&amp;unit=percent&amp;lang=id)"', html)
    one = _text(client.get("/figures", params={"group": "koperasi desa"}).text)
    assert "1.200 unit" in one and "porsi kredit" not in one.split("koperasi desa", 2)[-1]
    # the page's chart is drawn from the page's grouping; the same as the export's chart of the group
    svg = client.get(src[1].replace("&amp;", "&"))
    assert svg.status_code == 200 and "19,6 · Kompas" in svg.text and "porsi kredit UMKM" in svg.text
    assert svg.content == client.get("/charts/figure.svg", params={"group": "porsi kredit UMKM", "lang": "id"}).content
    assert client.get("/figures/chart.svg", params={"group": "tidak ada", "unit": "percent"}).status_code == 404


def test_trends_dashboard_filters_by_dates_and_outlet(client, store):
    html = client.get("/trends", params={"since": "2026-03-01", "until": "2026-03-31"}).text
    top = re.findall(r'<td><a href="/speakers/[^"]+">([^<]+)</a></td><td>(\d+)</td>', html)
    assert top[0] == ("Teten Masduki", "3") and ("Arsjad Rasjid", "1") in top  # both spellings count as one
    # one volume chart per topic, and the assessment chart, all with the page's filters
    assert 'src="/charts/volume.svg?since=2026-03-01&amp;until=2026-03-31&amp;lang=id&amp;topic=umkm_partnership&amp;by=day"' in html
    assert 'src="/charts/volume.svg?since=2026-03-01&amp;until=2026-03-31&amp;lang=id&amp;topic=financial_inclusion&amp;by=day"' in html
    only = re.findall(r'<td><a href="/speakers/[^"]+">([^<]+)</a>', client.get(
        "/trends", params={"since": "2026-03-01", "until": "2026-03-31", "outlet": "antara"}).text)
    assert sorted(only) == ["Sri Mulyani", "Teten Masduki"]
    assert client.get("/charts/volume.svg", params={"since": "2026-03-01", "until": "2026-03-31"}).status_code == 200


def test_trends_default_to_the_30_days_up_to_the_newest_article(client, store):
    html = client.get("/trends").text
    assert 'name="since" type="date" value="2026-03-01"' in html and 'value="2026-03-30"' in html
    assert "Teten Masduki" in _text(html)


def test_english_switch_is_remembered(client, store):
    r = client.get("/trends", params={"lang": "en"})
    assert "Trends dashboard" in r.text and '<html lang="en">' in r.text
    assert "Top speakers" in client.get("/trends").text  # the cookie keeps it
    assert "in favour" in client.get("/speakers/teten-masduki").text
    assert "Dasbor tren" in client.get("/trends", params={"lang": "id"}).text


def test_saved_searches_need_sign_in_and_csrf(client, store):
    r = client.get("/saved", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    form = client.get("/login").text
    bad = client.post("/login", data={"email": "analis@contoh.id", "password": "salah", "csrf": csrf_of(form)})
    assert bad.status_code == 401 and "salah" in bad.text.lower()
    no_csrf = client.post("/login", data={"email": "analis@contoh.id", "password": PASSWORD, "csrf": "x"})
    assert no_csrf.status_code == 403
    sign_in(client)
    page = client.get("/saved", params={"q": "koperasi"}).text
    assert client.post("/saved", data={"q": "koperasi", "csrf": "forged"}).status_code == 403
    r = client.post("/saved", data={"q": "koperasi", "name": "Koperasi", "frequency": "daily", "csrf": csrf_of(page)},
                    follow_redirects=False)
    assert r.status_code == 303
    one = client.get(r.headers["location"]).text
    assert "Tidak ada hasil baru." in one  # what was stored before saving is not "new"
    assert client.post("/saved", data={"q": "koperasi (", "csrf": csrf_of(page)}).status_code == 400


def test_new_since_last_visit(client, store):
    sign_in(client)
    page = client.get("/saved", params={"q": "kemitraan kind:quote"}).text
    location = client.post("/saved", data={"q": "kemitraan kind:quote", "name": "Kemitraan", "csrf": csrf_of(page)},
                           follow_redirects=False).headers["location"]
    add_teten(store.engine, datetime(2026, 3, 31, 3, 0, tzinfo=timezone.utc), key="teten-3")
    assert "1 baru sejak kunjungan terakhir" in _text(client.get("/saved").text)
    html = client.get(location).text
    new_part = html.split("Hasil sebelumnya")[0]
    assert new_part.count('class="hit quote new"') == 1
    assert "Tidak ada hasil baru." in client.get(location).text  # seen now
    assert "0 baru sejak kunjungan terakhir" in _text(client.get("/saved").text)


def test_with_api_token_pages_need_sign_in(store, settings):
    secured = Settings(**(settings.model_dump() | {"api_token": "rahasia-token"}))
    client = TestClient(create_app(secured))
    r = client.get("/articles/1", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Farticles%2F1"
    assert client.get("/api/search", params={"q": "kur"}).status_code == 401
    assert client.get("/login").status_code == 200
    sign_in(client)
    assert client.get(f"/articles/{store.ids['kur']}").status_code == 200
    assert client.get("/api/search", headers={"Authorization": "Bearer rahasia-token"}).status_code == 200


def test_sign_in_redirect_stays_on_this_site(client, store):
    form = client.get("/login").text
    r = client.post("/login", data={"email": "analis@contoh.id", "password": PASSWORD, "csrf": csrf_of(form),
                                    "next": "//evil.example/"}, follow_redirects=False)
    assert r.headers["location"] == "/saved"


def test_speaker_with_many_quotes_lists_the_newest_first(store):
    """Beyond 4× the page's limit the store orders by published date alone: still newest first."""
    from monitor.store.workspace import profile

    newest = add_teten(store.engine, datetime(2026, 4, 2, 3, 0, tzinfo=timezone.utc), key="teten-april")
    add_teten(store.engine, datetime(2026, 4, 1, 3, 0, tzinfo=timezone.utc), key="teten-april-1")
    few = profile(store.engine, "teten-masduki", limit=1)
    assert few.total == 5 and [q.article_id for q in few.quotes] == [newest]
    many = profile(store.engine, "teten-masduki", limit=10)
    assert [q.when.date().isoformat() for q in many.quotes] == ["2026-04-02", "2026-04-01", "2026-03-30", "2026-03-11",
                                                                "2026-03-10"]


def test_speaker_page_pages_back_through_every_quote(client, store, monkeypatch):
    from monitor.store import workspace

    monkeypatch.setattr(workspace, "QUOTE_LIMIT", 2)
    first = client.get("/speakers/teten-masduki").text
    assert "1–2 dari 3, terbaru dulu" in _text(first) and 'href="?page=2"' in first
    second = client.get("/speakers/teten-masduki", params={"page": 2}).text
    assert "3–3 dari 3" in _text(second) and 'href="?page=3"' not in second
    assert re.findall(r'<a href="/articles/(\d+)">', second) == [str(store.ids["kur"])]  # the oldest


def test_sign_in_survives_a_restart_without_api_token(store, settings):
    """No MONITOR_API_TOKEN: the signing key is kept in the database, so a new process accepts the cookie."""
    assert settings.api_token is None
    first = TestClient(create_app(settings))
    sign_in(first)
    cookie = first.cookies.get("monitor_session")
    assert cookie
    restarted = TestClient(create_app(settings))  # a new app on the same database: the server restarted
    restarted.cookies.set("monitor_session", cookie)
    r = restarted.get("/saved", follow_redirects=False)
    assert r.status_code == 200 and "/login" not in r.headers.get("location", "")
    forged = TestClient(create_app(settings))  # a cookie signed with another key is still refused
    forged.cookies.set("monitor_session", cookie[:-4] + ("0000" if not cookie.endswith("0000") else "1111"))
    assert forged.get("/saved", follow_redirects=False).status_code == 303


def test_organisation_topics_counted_over_newest_quotes_when_many(client, store, monkeypatch):
    """Above TOPIC_WINDOW quotes the topic/stance counts cover the newest ones only, and the page says so."""
    from collections import Counter

    from monitor.store import workspace

    key = speaker_key("Kementerian Koperasi dan UKM")
    full = workspace.profile(store.engine, key, "speaker_org")
    assert full.total >= 2 and full.topics_of == full.total
    assert sum(full.topics.values()) == sum(len(q.topics) for q in full.quotes)
    monkeypatch.setattr(workspace, "TOPIC_WINDOW", 1)
    capped = workspace.profile(store.engine, key, "speaker_org")
    assert capped.total == full.total and capped.topics_of == 1
    newest = full.quotes[0]
    assert capped.topics == Counter((t["topic"], t["stance"]) for t in newest.topics)
    assert capped.topics != full.topics
    text = _text(client.get(f"/orgs/{key}").text)
    assert "dari 1 kutipan terbaru" in text
    monkeypatch.undo()
    assert "kutipan terbaru" not in _text(client.get(f"/orgs/{key}").text)  # all counted: no label


def test_chart_images_are_kept_until_the_store_changes(client, store):
    """Chart bytes are cached per request and store change marker: the same chart is not drawn twice, and a
    new article, a re-analysis or a speaker correction draws it again."""
    from dataclasses import replace

    from monitor.export.web import drawn
    from monitor.store import crud
    from monitor.store.db import session_scope
    from monitor.store.speakers import split
    from tests.web.conftest import teten_analysis

    url = "/charts/volume.svg?since=2026-03-01&until=2026-04-30&topic=umkm_partnership"
    first = client.get(url)
    misses = drawn.cache_info().misses
    assert client.get(url).content == first.content and drawn.cache_info().misses == misses  # served from the cache
    april = add_teten(store.engine, datetime(2026, 4, 2, 3, 0, tzinfo=timezone.utc), key="teten-april")
    second = client.get(url)
    assert drawn.cache_info().misses == misses + 1 and second.content != first.content
    person = client.get("/speakers/teten-masduki/chart.svg").content
    assert client.get("/speakers/teten-masduki/chart.svg").content == person
    with session_scope(store.engine) as s:  # re-analysis: the newest Teten quote no longer carries a stance
        a = teten_analysis("test-2")
        crud.save_analysis(s, april, replace(a, quotes=(replace(a.quotes[0], topics=()),), topics=()))
    assert client.get("/speakers/teten-masduki/chart.svg").content != person
    assert client.get(url).content != second.content
    with session_scope(store.engine) as s:
        split(s, "Teten Masduki")
    assert drawn.cache_info().misses == misses + 2
    client.get(url)
    assert drawn.cache_info().misses == misses + 3  # a correction changes the marker too


def test_speaker_counts_follow_the_store(client, store):
    """The page's counts are kept until the store changes: a new quote and a re-analysis show at once."""
    from monitor.store import crud
    from monitor.store.db import session_scope
    from monitor.types import Analysis

    assert "3 kutipan" in _text(client.get("/speakers/teten-masduki").text)
    assert "3 kutipan" in _text(client.get("/speakers/teten-masduki").text)  # from the kept counts
    april = add_teten(store.engine, datetime(2026, 4, 2, 3, 0, tzinfo=timezone.utc), key="teten-april")
    assert "4 kutipan" in _text(client.get("/speakers/teten-masduki").text)
    with session_scope(store.engine) as s:  # re-analysed: the quote is gone
        crud.save_analysis(s, april, Analysis("test-2"))
    assert "3 kutipan" in _text(client.get("/speakers/teten-masduki").text)


TEXT_LINKS = ("Ketua Kadin Jawa Barat Dedi Kurniawan menilai kemitraan pemasok lokal dengan pabrik besar mulai merata. "
              "\"Sekarang pemasok kecil ikut tender,\" kata Dedi. Data Badan Pusat Statistik mencatat kenaikan ekspor, "
              "kata pengamat Rina Kartika.")


def _links_article(engine) -> int:
    from monitor.store.db import session_scope
    from monitor.types import Analysis, Entity
    from tests.search.search_seed import _quote, add_article

    def ent(name, label):
        s = TEXT_LINKS.index(name)
        return Entity(name, label, ((s, s + len(name)),))
    analysis = Analysis("test", entities=(ent("Dedi Kurniawan", "PER"), ent("Rina Kartika", "PER"),
                                          ent("Kadin Jawa Barat", "ORG"), ent("Badan Pusat Statistik", "ORG")),
                        quotes=(_quote(TEXT_LINKS, "Sekarang pemasok kecil ikut tender,", "Dedi Kurniawan",
                                       "Ketua Kadin Jawa Barat", "Kadin Jawa Barat"),))
    with session_scope(engine) as s:
        return add_article(s, "links-1", "kompas", "Pemasok Kecil Ikut Tender", TEXT_LINKS,
                           datetime(2026, 3, 29, 3, 0, tzinfo=timezone.utc), analysis)


def test_article_page_links_only_to_pages_that_exist(client, store):
    """A person or organisation named in the text but never quoted has no page: no link to a 404."""
    html = client.get(f"/articles/{_links_article(store.engine)}").text
    links = set(re.findall(r'href="(/(?:speakers|orgs)/[^"]+)"', html))
    assert {"/speakers/dedi-kurniawan", "/orgs/kadin-jawa-barat"} <= links
    assert all(client.get(link).status_code == 200 for link in links)
    text = _text(html)
    assert "Rina Kartika orang" in text and "Badan Pusat Statistik organisasi" in text  # still listed, not linked


def test_an_organisation_the_role_names_is_not_repeated(client, store):
    html = client.get(f"/articles/{_links_article(store.engine)}").text
    who = re.findall(r'<div class="who">(.*?)</div>', html)
    assert who and _text(who[0]) == "Dedi Kurniawan , Ketua Kadin Jawa Barat"


def test_search_results_follow_the_english_switch_too(client, store):
    """Times and figures of the result list in the page's language, like the article page ("14:30", "2.5 billion")."""
    en = _text(client.get("/", params={"q": "anggaran kind:figure", "lang": "en"}).text)
    assert "Rp 2.5 billion" in en and re.search(r"\d{2}:\d{2} WIB", en) and not re.search(r"\d{2}\.\d{2} WIB", en)
    id_ = _text(client.get("/", params={"q": "anggaran kind:figure", "lang": "id"}).text)
    assert "Rp 2,5 miliar" in id_ and re.search(r"\d{2}\.\d{2} WIB", id_)


def test_a_quote_leaves_its_trailing_comma_to_the_reporting_sentence(client, store):
    """'"…terbatas," kata Teten' is shown “…terbatas” on the article, speaker and saved-search pages, as in the digest."""
    sign_in(client)
    form = client.get("/saved", params={"q": "menyulitkan kind:quote"}).text
    saved_page = client.post("/saved", data={"q": "menyulitkan kind:quote", "name": "Sulit", "csrf": csrf_of(form)},
                             follow_redirects=False).headers["location"]
    for page in (f"/articles/{store.ids['teten2']}", "/speakers/teten-masduki", saved_page):
        quotes = re.findall(r"<blockquote>(.*?)</blockquote>", client.get(page).text)
        assert "Skema kemitraan ini masih menyulitkan koperasi kecil yang modalnya terbatas" in quotes, page
        assert not any(q.endswith(",") for q in quotes), page


HTML = {"accept": "text/html,application/xhtml+xml"}


@pytest.mark.parametrize("path, status, says", [
    ("/articles/999999", 404, "Tidak ditemukan"),
    ("/nope", 404, "Tidak ditemukan"),
    ("/articles/abc", 422, "Alamat ini tidak dapat dibaca"),
    ("/trends?since=2026-13-01", 422, "Alamat ini tidak dapat dibaca"),
])
def test_a_browser_gets_an_error_page_not_json(client, store, path, status, says):
    r = client.get(path, headers=HTML)
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    assert says in _text(r.text) and 'href="/"' in r.text and '"detail"' not in r.text


def test_programs_still_get_json_errors(client, store):
    assert client.get("/articles/999999").json()["detail"] == "no article 999999"
    r = client.get("/api/articles/999999", headers=HTML)
    assert r.status_code == 404 and r.json()["detail"] == "no article 999999"
    assert client.get("/articles/0", headers={"accept": "application/json"}).status_code == 422


def test_error_page_follows_the_english_switch(client, store):
    r = client.get("/articles/999999", params={"lang": "en"}, headers=HTML)
    assert "Not found" in r.text and "Back to search" in r.text


@pytest.mark.parametrize("params, says", [({"outlet": "kompass"}, "no outlet 'kompass'"),
                                          ({"topic": "inklusi_digital"}, "no topic 'inklusi_digital'")])
def test_trends_with_an_unknown_outlet_or_topic_says_so(client, store, params, says):
    """Like `monitor export --outlet`: a typo is not a request for empty charts."""
    r = client.get("/trends", params=params, headers=HTML)
    import html

    shown = html.unescape(r.text)
    assert r.status_code == 404 and says in shown and ("kompas, tempo" in shown or "umkm_partnership" in shown)
    assert client.get("/trends", params={"outlet": "Kompas"}).status_code == 200


def test_search_page_numbers_in_the_page_language(client, store):
    """"Halaman 1 · 3 hasil · 12,5 ms": the timing in Indonesian notation (it printed "12.53 ms")."""
    meta = re.search(r'<p class="meta">(.*?)</p>', client.get("/", params={"q": "kemitraan", "lang": "id"}).text).group(1)
    assert re.search(r"· \d+(,\d)? ms$", meta), meta
    meta = re.search(r'<p class="meta">(.*?)</p>', client.get("/", params={"q": "kemitraan", "lang": "en"}).text).group(1)
    assert re.search(r"· \d+(\.\d)? ms$", meta), meta


def test_sign_in_form_says_where_accounts_come_from(client, store):
    """A first visitor of /saved lands on a sign-in form; it names the command that makes an account."""
    r = client.get("/saved", follow_redirects=True)
    assert r.url.path == "/login" and "monitor users add EMAIL" in r.text and "Akun dibuat" in r.text
