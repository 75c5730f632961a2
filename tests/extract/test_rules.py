"""The extract stage's rules one by one: dates, time decisions, body lines, titles, feed summaries,
outlet rules, URLs and bad input (all text written for these tests)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from monitor.errors import ConfigError, Skip
from monitor.extract.article import clean_text, decode_html, extract_page, html_to_text, is_teaser
from monitor.extract.dates import find_printed_date, parse_date, parse_stamp
from monitor.extract.dedupe import canonical_url, clean_link
from monitor.extract.meta import strip_affixes
from monitor.extract.outlets import load_rules, parse_rules, rules_for, single_page_url

UTC = timezone.utc


@pytest.mark.parametrize("printed, iso", [
    ("Jum'at, 17 Februari 2017 - 13:30 wib", "2017-02-17T06:30:00+00:00"),
    ("Jumat , 17 February 2017, 13:16 WIB", "2017-02-17T06:16:00+00:00"),
    ("16 Feb 2016 at 09:10 WIB", "2016-02-16T02:10:00+00:00"),
    ("Rabu, 4 November 2015 | 21:04 WIB", "2015-11-04T14:04:00+00:00"),
    ("Sabtu, 10 Des 2022 13:19 WIB", "2022-12-10T06:19:00+00:00"),
    ("Kamis, 09/03/2023 14:30 WIB", "2023-03-09T07:30:00+00:00"),
    ("5 Agu 2025 10:00 WITA", "2025-08-05T02:00:00+00:00"),
    ("3 Nop 2024 08:00 WIT", "2024-11-02T23:00:00+00:00"),
    ("12 Okt 2024 pukul 10.15 WIB", "2024-10-12T03:15:00+00:00"),
    ("20 November 2026, 10.05", "2026-11-20T03:05:00+00:00"),
])
def test_printed_dates(printed, iso):
    assert parse_date(printed).isoformat() == iso


def test_structured_values_keep_what_they_say():
    z = parse_stamp("2015-11-05 T10:08:58Z")
    assert z.when == datetime(2015, 11, 5, 10, 8, 58, tzinfo=UTC) and z.zone == "Z" and z.has_time
    local = parse_stamp("2016/02/23 16:00:20")  # no zone: the outlet's local time
    assert local.when == datetime(2016, 2, 23, 9, 0, 20, tzinfo=UTC) and local.zone is None
    assert not parse_stamp("2016-02-23").has_time


def test_dates_before_1990_or_in_the_future_are_refused():
    assert find_printed_date("dibaca 02/23/1637 kali, Senin, 3 Maret 1980 10:00 WIB") is None
    assert find_printed_date("Jadwal: Senin, 3 Maret 2031 10:00 WIB") is None


def _page(head: str, body: str) -> str:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


_PROSE = "".join(f"<p>Paragraf ke-{i} menjelaskan bagaimana koperasi desa menyalurkan pinjaman kepada anggotanya "
                 f"dengan bunga rendah dan pembukuan yang diperiksa setiap bulan oleh pengurus.</p>" for i in range(1, 5))


def test_byline_near_headline_beats_header_date_and_script():
    html = _page("<script>var u='read/2016/02/23/16374618'; var d='Selasa, 23/02/2016 08:00 WIB';</script>",
                 "<header><span>Selasa, 23 Februari 2016</span></header>"
                 "<h1>Koperasi Desa Salurkan Pinjaman Murah</h1><div class='tgl'>Selasa, 23 Februari 2016 | 16:37 WIB</div>"
                 f"<div class='isi'>{_PROSE}</div>")
    art = extract_page(html, "https://contoh.id/read/2016/02/23/16374618/koperasi")
    assert art.published == datetime(2016, 2, 23, 9, 37, tzinfo=UTC) and art.published_source == "byline"


def test_z_that_is_the_bylines_local_clock_is_local_time():
    html = _page("<meta name='pubdate' content='2016-02-23 T16:37:00Z'>",
                 "<h1>Koperasi Desa Salurkan Pinjaman Murah</h1><div>Selasa, 23/02/2016 16:37 WIB</div>" + _PROSE)
    art = extract_page(html, "https://contoh.id/a")
    assert art.published == datetime(2016, 2, 23, 9, 37, tzinfo=UTC)
    assert "local" in art.time_note


def test_json_ld_first():
    html = _page('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2026-11-02T08:05:00+07:00"}</script>',
                 "<h1>Koperasi Desa Salurkan Pinjaman Murah</h1>" + _PROSE)
    art = extract_page(html, "https://contoh.id/a")
    assert art.published == datetime(2026, 11, 2, 1, 5, tzinfo=UTC) and art.published_source == "json-ld"


@pytest.mark.parametrize("page_time, expect_feed", [
    ("<div>Senin, 2 November 2026</div>", True),  # a day without a time loses to the feed's time
    ("<div>Senin, 26 Oktober 2026 10:00 WIB</div>", True),  # a week from the feed's: a misreading
    ("<div>Senin, 2 November 2026 10:00 WIB</div>", False),  # close to the feed's: the page is more precise
])
def test_page_and_feed_times_reconciled(page_time, expect_feed):
    feed = datetime(2026, 11, 2, 3, 30, tzinfo=UTC)
    html = _page("", "<h1>Koperasi Desa Salurkan Pinjaman Murah</h1>" + page_time + _PROSE)
    art = extract_page(html, "https://contoh.id/a", feed_published=feed)
    if expect_feed:
        assert art.published == feed and art.published_source == "feed"
    else:
        assert art.published == datetime(2026, 11, 2, 3, 0, tzinfo=UTC) and art.published_source == "byline"


def test_impossible_date_alone_is_a_skip_reason():
    html = _page("<meta property='article:published_time' content='2031-01-01T10:00:00+07:00'>",
                 "<h1>Koperasi Desa Salurkan Pinjaman Murah</h1>" + _PROSE)
    with pytest.raises(Skip) as exc:
        extract_page(html, "https://contoh.id/a")
    assert exc.value.reason == "bad_date"


def test_lead_outside_paragraphs_is_kept_and_first_words_never_drop_a_paragraph():
    html = _page("", "<h1>Koperasi Desa Salurkan Pinjaman Murah</h1><div class='konten'>"
                 "<b>Klaten</b> - Koperasi desa di Klaten menyalurkan pinjaman murah kepada 300 petani anggotanya tahun ini.<br><br>"
                 "Pengurus mengatakan bunga pinjaman hanya satu persen per bulan dan bisa dicicil setelah panen.<br><br>"
                 + _PROSE + "<p>Sumber itu menambahkan, pinjaman juga diberikan kepada pedagang kecil di pasar desa setiap musim.</p>"
                 "<p>Editor: Budi Santoso</p></div>")
    text = extract_page(html, "https://contoh.id/a").text
    assert text.startswith("Klaten - Koperasi desa di Klaten menyalurkan pinjaman murah")
    assert "Pengurus mengatakan bunga pinjaman" in text and "Sumber itu menambahkan" in text
    assert "Budi Santoso" not in text


def test_clean_text_judges_whole_lines():
    assert clean_text("Penulis buku itu hadir di pameran UMKM.\nPenulis: Ani\nBaca juga: Harga Beras Naik") == \
        "Penulis buku itu hadir di pameran UMKM."


@pytest.mark.parametrize("title, clean", [
    ("KapanLagi.com: Penyanyi Muda Rilis Album Perdana", "Penyanyi Muda Rilis Album Perdana"),
    ("Bank Syariah Perluas Pembiayaan | Republika Online", "Bank Syariah Perluas Pembiayaan"),
    ("Polres Serahkan Berkas ke Kejaksaan - Kompas.com Regional", "Polres Serahkan Berkas ke Kejaksaan"),
    ("Harga Cabai Turun : Okezone Economy", "Harga Cabai Turun"),
    ("Tanya-Jawab: Cara Daftar KUR - Bisnis.com", "Tanya-Jawab: Cara Daftar KUR"),
])
def test_title_affixes(title, clean):
    assert strip_affixes(title, ["Kompas.com", "Republika Online", "KapanLagi.com", "Okezone", "Bisnis.com"],
                         {"kompas", "republika", "kapanlagi", "okezone", "bisnis"}) == clean


def test_listing_page_is_skipped():
    items = "".join(f"<li><a href='/b{i}'>Harga Gabah di Daerah {i} Naik Tipis Pekan Ini</a> <span>Senin</span></li>"
                    for i in range(12))
    html = _page("<meta property='og:type' content='website'>", f"<h1>Indeks Berita</h1><div><ul>{items}</ul></div>"
                 + "<div>" + "".join(f"<p>Koperasi {i} salurkan kredit</p>" for i in range(8)) + "</div>")
    with pytest.raises(Skip) as exc:
        extract_page(html, "https://contoh.id/indeks", min_chars=50)
    assert exc.value.reason == "listing"


@pytest.mark.parametrize("body, reason", [(b"", "empty"), (b"   \n", "empty"), (b"%PDF-1.4\x00\x01", "binary"),
                                          (b"\x89PNG\r\n\x1a\n\x00", "binary")])
def test_empty_and_binary_bodies(body, reason):
    with pytest.raises(Skip) as exc:
        decode_html(body, None)
    assert exc.value.reason == reason


def test_feed_summaries_decoded_and_related_lists_cut():
    assert html_to_text("Harga beras&nbsp;naik &amp; stok aman.") == "Harga beras\xa0naik & stok aman.".replace("\xa0", " ")
    assert html_to_text("<p>Harga beras &amp;quot;naik&amp;quot; lagi.</p>") == 'Harga beras "naik" lagi.'
    summary = ("<p>Koperasi tani membuka gudang baru.</p><div class='baca-juga'><p>Baca Juga</p><ul>"
               "<li><a href='/1'>Harga Gabah Turun</a></li><li><a href='/2'>Bulog Serap Beras</a></li></ul></div>"
               "<p>Gudang itu menampung 500 ton gabah.</p><ul><li>Lokasi: Klaten, dekat pasar</li></ul>")
    assert html_to_text(summary) == "Koperasi tani membuka gudang baru.\n\nGudang itu menampung 500 ton gabah.\n\nLokasi: Klaten, dekat pasar"


def test_teaser():
    assert is_teaser("Jakarta (ANTARA) - Pemerintah menyiapkan dana bergulir bagi koperasi nelayan di ...")
    assert not is_teaser("Jakarta (ANTARA) - Pemerintah menyiapkan dana bergulir bagi koperasi nelayan.")


def test_outlet_rules_file():
    rules = load_rules()
    kompas = rules_for("https://money.kompas.com/read/2026/1/x", rules)
    assert kompas.single_page == "page=all" and "Kompas.com" in kompas.site_names and kompas.prune
    assert single_page_url("https://money.kompas.com/read/x?src=a", kompas) == "https://money.kompas.com/read/x?src=a&page=all"
    assert rules_for("https://kompas.com.contoh.id/x", rules).single_page is None
    assert rules_for("https://makassar.tribun-timur.com/x", rules).timezone == "Asia/Makassar"


@pytest.mark.parametrize("text, message", [
    ("outlets:\n  - hosts: [a.id]\n    prune: ['div[[']\n", "bad CSS selector"),
    ("outlets:\n  - hosts: [a.id]\n    zona: Asia/Jakarta\n", "unknown field 'zona'"),
    ("outlets:\n  - hosts: [a.id]\n    timezone: Asia/Bandung\n", "unknown time zone"),
    ("outlets:\n  - prune: [.x]\n", "needs 'hosts'"),
    ("outlets: [\n", "not valid YAML"),
])
def test_bad_outlet_rules_are_named(text, message):
    with pytest.raises(ConfigError, match=message):
        parse_rules(text, "outlets.yaml")


def test_links_lose_tracking_parameters():
    assert clean_link("https://www.detik.com/x/d-1/umkm?utm_source=rss&utm_medium=feed&fbclid=1&id=5#atas") == \
        "https://www.detik.com/x/d-1/umkm?id=5"
    assert canonical_url("http://m.detik.com/x/d-1/umkm/?utm_campaign=a") == canonical_url("https://www.detik.com/x/d-1/umkm")


def test_article_bullet_list_does_not_cut_the_story_but_a_headline_list_does():
    from monitor.extract.body import clean_lines

    para = [f"Paragraf ke-{i} menjelaskan bagaimana koperasi desa menyalurkan pinjaman kepada anggotanya dengan "
            "bunga rendah." for i in range(1, 6)]
    bullets = [f"- Syarat ke-{i}: punya usaha" for i in range(1, 6)]
    tail = ["Pendaftaran dibuka hingga akhir bulan di kantor koperasi setiap hari kerja."]
    headlines = [f"Senin, 02/11/2026 0{i}:15 WIB Judul Berita Lain Nomor {i}" for i in range(1, 6)]
    footer = ["Redaksi menerima tulisan pembaca tentang usaha kecil di daerah mereka setiap pekan sepanjang tahun."]
    text = clean_lines("\n".join(para + bullets + tail + headlines + footer))
    assert text.endswith("\n\n".join(bullets + tail))


def test_update_time_is_not_the_publication_time():
    html = _page("", "<h1>Koperasi Desa Salurkan Pinjaman Murah</h1><div>Diperbarui Senin, 2 November 2026 18:00 WIB</div>"
                 "<div>Senin, 2 November 2026 10:00 WIB</div>" + _PROSE)
    assert extract_page(html, "https://contoh.id/a").published == datetime(2026, 11, 2, 3, 0, tzinfo=UTC)


def test_logo_h1_is_not_the_title():
    html = _page("<title>Koperasi Desa Salurkan Pinjaman Murah - Warta Desa</title><meta property='og:site_name' content='Warta Desa'>",
                 "<h1 class='logo'>Warta Desa - Kabar Dari Kampung</h1><h2 class='judul'>Koperasi Desa Salurkan Pinjaman Murah</h2>" + _PROSE)
    assert extract_page(html, "https://wartadesa.id/a").title == "Koperasi Desa Salurkan Pinjaman Murah"


def test_authors_are_people_not_publishers_labels_or_credits():
    html = _page('<meta name="author" content="Web Design; Development"><meta property="og:site_name" content="Warta Desa">'
                 '<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Organization","name":"PT Warta Desa Media"},'
                 '{"@type":"Person","name":"Sri Wahyuni"}],"publisher":{"@type":"Organization","name":"PT Warta Desa Media"}}</script>',
                 "<h1>Koperasi Desa Salurkan Pinjaman Murah</h1><div class='author'>Pewarta: <a>Sri Wahyuni</a> | "
                 "Editor: <a>Agus Salim</a></div><div class='photo-credit'><img src='/a.jpg'>Foto: Dok. Humas Koperasi</div>"
                 + _PROSE)
    art = extract_page(html, "https://wartadesa.id/a")
    assert art.authors == ("Sri Wahyuni",) and art.editor == "Agus Salim"


@pytest.mark.parametrize("printed", ["Kamis, 26 November 2026 | 10:05 WIB", "Sabtu, 5 Des 2026 08:40 WIB",
                                     "Jum'at, 4 Desember 2026 - 13:30 WIB"])
def test_the_day_printed_in_the_byline_is_not_a_writer(printed):
    html = _page("", "<h1>Koperasi Desa Salurkan Pinjaman Murah</h1><div class='byline'><span class='author'>Penulis: "
                     f"<a rel='author'>Dewi Anggraini</a></span> | <span class='editor'>Editor: Agus Salim</span> "
                     f"<time class='published'>{printed}</time></div>" + _PROSE)
    art = extract_page(html, "https://wartadesa.id/a")
    assert art.authors == ("Dewi Anggraini",) and art.editor == "Agus Salim"


@pytest.mark.parametrize("where, expect_byline", [("under", True), ("far", False)])
def test_disagreeing_json_ld_against_the_byline(where, expect_byline):
    """Readers see the byline under the headline; a date printed far away is more likely another story's."""
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2026-11-02T09:40:00+07:00"}</script>'
    stamp = "<div>Senin, 2 November 2026 10:00 WIB</div>"
    body = ("<h1>Koperasi Desa Salurkan Pinjaman Murah</h1>" + stamp + _PROSE if where == "under"
            else "<h1>Koperasi Desa Salurkan Pinjaman Murah</h1>" + _PROSE + _PROSE + stamp)
    art = extract_page(_page(ld, body), "https://contoh.id/a")
    expected = datetime(2026, 11, 2, 3, 0, tzinfo=UTC) if expect_byline else datetime(2026, 11, 2, 2, 40, tzinfo=UTC)
    assert art.published == expected
