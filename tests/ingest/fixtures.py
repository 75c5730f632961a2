"""Real-shaped feeds and article pages written for the tests (Indonesian news style)."""
from __future__ import annotations

from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from html import escape

NOW = datetime.now(timezone.utc).replace(microsecond=0)

ARTICLES = {
    "kemitraan": ("Kemitraan UMKM dan industri besar perlu diperkuat", [
        "JAKARTA - Pemerintah menilai kemitraan antara industri besar dan usaha mikro, kecil, dan menengah (UMKM) masih perlu diperkuat agar lebih banyak pelaku usaha kecil masuk ke rantai pasok nasional.",
        "Deputi Bidang Usaha Kecil Kementerian Koperasi dan UKM Sari Wulandari mengatakan baru sekitar 19 persen UMKM yang saat ini terhubung dengan rantai pasok industri besar.",
        "\u201cKami ingin angka itu naik menjadi 30 persen dalam tiga tahun ke depan. Industri besar harus membuka pintu bagi pemasok lokal,\u201d kata Sari di Jakarta, Kamis.",
        "Menurut dia, program pendampingan senilai Rp1,2 triliun akan disalurkan kepada 5.000 UMKM pemasok di sektor makanan dan minuman.",
    ]),
    "kur": ("Penyaluran KUR tembus Rp150 triliun", [
        "JAKARTA - Penyaluran Kredit Usaha Rakyat (KUR) hingga akhir Oktober mencapai Rp150,4 triliun kepada 3,1 juta debitur, menurut data Kementerian Koordinator Bidang Perekonomian.",
        "Asisten Deputi Pembiayaan UMKM Bambang Prasetyo menjelaskan, porsi penyaluran ke sektor produksi sudah mencapai 56 persen dari total penyaluran tahun ini.",
        "\u201cAkses pembiayaan bagi usaha mikro terus membaik, tetapi literasi keuangan pelaku usaha masih harus ditingkatkan,\u201d ujar Bambang.",
        "Ia menambahkan, bank penyalur diminta mempercepat proses digital agar pelaku usaha di daerah terpencil juga terlayani.",
    ]),
    "beras": ("Harga beras di pasar induk naik tipis", [
        "JAKARTA - Harga beras medium di Pasar Induk Beras Cipinang naik tipis menjadi Rp13.200 per kilogram pada pekan ini, seiring berkurangnya pasokan dari sentra produksi di Jawa Tengah.",
        "Kepala Pasar Induk Dedi Kurniawan mengatakan kenaikan harga dipicu oleh musim tanam yang mundur akibat hujan yang belum merata.",
        "\u201cPasokan harian turun dari 3.500 ton menjadi sekitar 2.800 ton. Kami berharap panen bulan depan bisa menstabilkan harga,\u201d kata Dedi.",
        "Pedagang berharap pemerintah segera menggelontorkan cadangan beras untuk menahan laju kenaikan harga di tingkat konsumen.",
    ]),
    "english": ("Small businesses seek cheaper credit", [
        "JAKARTA - Small business owners in Indonesia are asking banks for cheaper credit as interest rates remain high across the region this year.",
        "The association chairman said on Thursday that many members had postponed expansion plans because loans had become too expensive for them.",
        "Analysts expect the central bank to hold its benchmark rate steady at its next meeting, citing stable inflation and a firm currency.",
        "Banks said they would continue to offer subsidised loans under the government programme for micro and small enterprises.",
    ]),
}


def article_html(slug: str, published: datetime | None = None, extra: str = "") -> bytes:
    title, paras = ARTICLES[slug]
    published = published or NOW - timedelta(hours=3)
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{escape(title)} - Warta Uji</title>
<meta property="og:title" content="{escape(title)}">
<meta property="article:published_time" content="{published.isoformat()}">
</head><body>
<header><nav><a href="/">Beranda</a> <a href="/ekonomi">Ekonomi</a> <a href="/bisnis">Bisnis</a></nav></header>
<main><article><h1>{escape(title)}</h1><div class="byline">Oleh Redaksi Warta Uji</div>
{body}{extra}
<p>Baca juga: <a href="/lain">Berita lain hari ini</a></p>
</article></main>
<aside><h3>Terpopuler</h3><ul><li><a href="/a">Satu</a></li><li><a href="/b">Dua</a></li></ul></aside>
<footer>&copy; Warta Uji. Hak cipta dilindungi.</footer>
</body></html>""".encode("utf-8")


def rss(base: str, items: list[dict], title: str = "Warta Uji - Ekonomi") -> bytes:
    """RSS 2.0 shaped like a publisher feed (title, link, guid, pubDate, description, category)."""
    out = []
    for it in items:
        pub = format_datetime(it.get("published", NOW - timedelta(hours=3)).astimezone(timezone(timedelta(hours=7))))
        guid = it.get("guid", it["link"])
        out.append(f"""<item><title>{escape(it['title'])}</title><link>{escape(it['link'])}</link>
<guid isPermaLink="false">{escape(guid)}</guid><pubDate>{pub}</pubDate>
<description>{escape(it.get('description', it['title']))}</description><category>Ekonomi</category></item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{title}</title><link>{base}/</link><description>Berita ekonomi</description>
<language>id-ID</language><lastBuildDate>{format_datetime(NOW)}</lastBuildDate>
{''.join(out)}</channel></rss>""".encode("utf-8")


def feed_yaml(feeds: list[tuple[str, str]]) -> str:
    return "feeds:\n" + "".join(f"  - id: {fid}\n    name: {fid.title()}\n    url: {url}\n    tags: [ekonomi]\n"
                                for fid, url in feeds)
