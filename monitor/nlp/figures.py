"""Figures component: the quantities an article states, with what they measure.

Why regexes over doc.text and not token patterns: the component must cost far
less than the NER, and Indonesian amounts are printed glued ("Rp4,9", "15%",
"yang39-40 juta") in ways the tokenizer splits inconsistently. We find every
number, drop those that are not quantities (dates, times, years, time spans,
ages, ordinals, list and regulation numbers, codes, phone numbers), give the
rest a unit, link ranges and "dari X menjadi Y" changes, and write
doc.spans["figures"]. The parsed values live in a Doc extension (one tuple per
span, same order) so they survive Doc.to_bytes, DocBin and multiprocessing.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from monitor.nlp import numbers as N
from monitor.nlp.doc_text import text_of
from monitor.text import read_also_lines
from monitor.types import Figure

EXT = "monitor_figures"
if not Doc.has_extension(EXT):
    Doc.set_extension(EXT, default=None)

_SP = r"[ \u00a0]"
MONTHS = ("Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|Nopember|November|Desember"
          "|Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Ags|Agust|Sep|Sept|Okt|Nov|Nop|Des")
_MONTH = rf"(?:{MONTHS}|{MONTHS.upper()})\b"
TIME_UNITS = {"detik", "menit", "jam", "hari", "malam", "pekan", "minggu", "bulan", "tahun", "windu", "dekade",
              "abad", "semester", "triwulan", "kuartal", "caturwulan", "dasawarsa", "tahunan", "bulanan", "harian",
              "hari-hari", "tahun-tahun", "bulan-bulan", "jam-jam", "hri", "thn", "th"}
# a number right after one of these names a thing rather than counting it
LABEL_WORDS = {"pukul", "pkl", "jam", "nomor", "no", "no.", "nomer", "nmr", "pasal", "ayat", "huruf", "butir", "bab",
               "peringkat", "ranking", "rangking", "urutan", "posisi", "juara", "kelas", "lantai", "tahap", "fase",
               "gelombang", "angkatan", "batch", "episode", "jilid", "seri", "versi", "edisi", "tipe", "level",
               "zona", "ring", "km", "kilometer", "halaman", "hal", "hal.", "tanggal", "tgl", "tgl.", "rt", "rw",
               "blok", "gang", "kav", "kav.", "kavling", "kode", "sesi", "babak", "ronde", "tahun", "thn", "uu",
               "undang-undang", "pp", "perpres", "permen", "perda", "pergub", "perwali", "perbup", "pmk", "pojk",
               "seojk", "pbi", "padg", "keppres", "inpres", "kepmen", "perppu", "perpu", "uud", "permendag",
               "permenkeu", "permenkop", "permenkopukm", "permentan", "permenperin", "se", "gate", "terminal",
               "pintu", "ruang", "sila", "lampiran", "usia", "umur", "berusia", "berumur", "kuartal", "triwulan",
               "semester", "periode", "tps", "dapil", "telepon", "telp", "telp.", "tel", "tel.", "hp", "wa",
               "whatsapp", "hotline", "fax", "faks", "sms", "ext", "ext.", "pin", "rekening", "stadion", "sektor",
               "nim", "nip", "nik", "npwp", "pekan", "hari", "minggu", "bulan", "dekade", "abad", "poin", "point",
               "tabel", "gambar", "grafik", "urut", "berlantai", "pos", "menit", "detik", "covid", "lt", "lt."}
# words after which a capitalised word before a number does not make it a name ("Sebanyak 356 rangkaian")
CUES = {"sebanyak", "sejumlah", "sekitar", "hanya", "baru", "mencapai", "total", "ada", "terdapat", "tercatat",
        "lebih", "kurang", "hampir", "setidaknya", "sedikitnya", "minimal", "maksimal", "hingga", "sampai", "dari",
        "yakni", "yaitu", "sebesar", "senilai", "menjadi", "dengan", "capai", "kini", "saat", "target", "naik",
        "turun", "tumbuh", "bertambah", "berkurang", "sisanya", "ke", "untuk", "bagi", "kepada", "oleh", "pada",
        "di", "dan", "atau", "serta", "para", "tersisa", "terakhir", "diikuti", "menyisakan", "melibatkan",
        "mengangkut", "menyerap", "mencatat", "mencatatkan", "menjual", "memiliki", "mendapat", "menerima",
        "sekira", "kira-kira", "nyaris", "paling", "setiap", "tiap", "per", "antara", "berkisar", "kisaran",
        "adalah", "ialah", "merupakan", "jumlahnya", "nilainya", "jumlah", "angka", "sedangkan", "sementara",
        "kemudian", "lalu", "namun", "tetapi", "bahkan", "juga", "masih", "tinggal", "sudah", "telah"}
FUNCTION = {"yang", "dan", "atau", "di", "ke", "dari", "pada", "untuk", "dengan", "per", "itu", "ini", "tersebut",
            "saja", "lebih", "lagi", "hingga", "sampai", "menjadi", "jadi", "adalah", "ialah", "merupakan",
            "sebagai", "dalam", "oleh", "bagi", "secara", "atas", "antara", "sejak", "selama", "karena", "sehingga",
            "tetapi", "tapi", "namun", "juga", "pun", "sudah", "telah", "akan", "masih", "baru", "tidak", "tak",
            "belum", "bisa", "dapat", "harus", "sebesar", "serta", "maupun", "sekitar", "lalu", "kemudian", "pula",
            "setiap", "tiap", "saat", "ketika", "bahkan", "hanya", "sebanyak", "mencapai", "naik", "turun",
            "sedangkan", "sementara", "dibanding", "dibandingkan", "terhadap", "menurut", "kata", "ujar", "ucap",
            "tutur", "jelas", "ungkap", "tegas", "imbuh", "tambah", "pungkas", "lanjut", "papar", "terang",
            "sebut", "kini", "sekarang", "se", "nya", "mulai", "sekali", "kali",
            "sebelumnya", "kemarin", "besok", "lalu", "ya", "pak", "bu", "yakni", "yaitu", "kita", "kami", "saya",
            "aku", "dia", "ia", "mereka", "anda", "beliau", "nya", "kalau", "jika", "bila", "apabila", "agar",
            "supaya", "walau", "meski", "padahal", "sedang", "begitu", "pun", "lho", "kok", "sih", "dong",
            "antaranya", "diantaranya", "misalnya", "seperti", "termasuk", "datang", "hadir", "ikut", "masuk",
            "keluar", "tewas", "hilang", "lulus", "pergi", "pulang", "tiba", "mudik", "antre", "mengantre"}
# an older four-digit number after these is a year too ("sejak 1367")
YEAR_CUES = {"pada", "sejak", "tahun", "hingga", "sampai", "awal", "akhir", "pertengahan", "medio", "era", "abad",
             "semenjak", "silam"}
# a four-digit year-like number after these and before a count noun is a count ("sebanyak 2000 peserta")
YEAR_COUNT_CUES = {"sebanyak", "sejumlah", "mencapai", "total", "sekitar", "hanya", "terdapat", "ada", "tercatat",
                   "setidaknya", "sedikitnya", "hampir", "lebih", "kurang", "menampung", "melibatkan"}
# words between a subject and its figure ("realisasi KUR mencapai …"), dropped from the subject's end
LINK_WORDS = {"sebesar", "sebanyak", "senilai", "sejumlah", "mencapai", "menembus", "yakni", "yaitu", "adalah",
              "ialah", "merupakan", "hanya", "baru", "tercatat", "menjadi", "jadi", "sekitar", "sekira", "hingga",
              "sampai", "lebih", "dari", "kurang", "hampir", "nyaris", "di", "pada", "atau", "dan", "sudah",
              "telah", "masih", "tinggal", "kini", "tetap", "naik", "turun", "tumbuh", "meningkat", "menurun",
              "melonjak", "anjlok", "bertambah", "berkurang", "setidaknya", "sedikitnya", "minimal", "maksimal",
              "berkisar", "kisaran", "antara", "ada", "terdapat", "yang", "itu", "ini", "tersebut", "dengan",
              "untuk", "bagi", "capai", "diperkirakan", "ditargetkan", "diproyeksikan", "sekitarnya", "juga",
              "pun", "kira-kira", "mendekati", "paling", "sedangkan", "sementara", "serta", "maupun", "bahkan",
              "bawah", "atas", "selama", "sejak", "dalam", "oleh", "karena", "tiga", "dua", "lima", "empat",
              "sepanjang", "seluas", "setinggi", "seberat", "sejauh", "selebar", "sedalam", "seharga", "senilai"}
CLASSIFIERS = {"unit", "jenis", "pelaku", "kepala", "perusahaan", "pengusaha", "kelompok", "titik", "paket"}
QUALIFIERS = ("tidak kurang dari", "tak kurang dari", "tidak lebih dari", "paling sedikit", "paling banyak",
              "kurang lebih", "lebih kurang", "lebih dari", "kurang dari", "di atas", "di bawah", "mendekati",
              "kira-kira", "sekitar", "sekira", "hampir", "nyaris", "sedikitnya", "setidaknya", "minimal",
              "maksimal", "maksimum", "minimum", "berkisar", "kisaran", "hingga", "sampai", "lebih", "±", "~")
MONEY = ("IDR", "USD", "other")
_PER_WORD = re.compile(r"^per(?:bulan|tahun|hari|minggu|pekan|jam|orang|kg|kilo|unit|kapita|lembar|saham)$")
_VERB = re.compile(r"^(?:meng|meny|mem|men|ber|ter)\w{3,}$|^di\w{3,}(?:kan|i)$")
_NOT_VERB = {"menteri", "mentor", "terminal", "teritori", "meter", "menu", "member", "bersama"}

_CUR_SCALE_ALT = "|".join(N.CURRENCY_SCALES)
_SCALE_ALT = "|".join(sorted(N.SCALES, key=len, reverse=True))
_PCT_ALT = "|".join(re.escape(k) for k in sorted(N.PERCENT_WORDS, key=len, reverse=True))
_CUR_SUF_ALT = "|".join(re.escape(k) for k in sorted(N.CURRENCY_SUFFIX, key=len, reverse=True))
_MEAS_ALT = "|".join(re.escape(k) for k in sorted(N.MEASURES, key=len, reverse=True))

_FIRST = N.STARTER_LETTERS
# digits, or a run of number words (looked for only where a starter letter opens a word: much faster)
CANDIDATE = re.compile(rf"(?P<digits>\d+(?:[.,]\d+)*)|(?<!\w)(?=[{_FIRST}{_FIRST.upper()}])(?P<words>(?i:{N.WORDS}))")
CURRENCY_BEFORE = re.compile(rf"(?<![\w$])(?:Rp\.?|IDR|US\$|USD|S\$|A\$|SGD|RM|MYR|EUR|JPY|CNY|RMB|\$|€|¥|£){_SP}?$")
SCALE_RUN = re.compile(rf"(?:{_SP}*(?:(?i:{_SCALE_ALT})\b|(?P<cs>{_CUR_SCALE_ALT})\b))+")
UNIT_AFTER = re.compile(
    rf"{_SP}*(?:(?P<pct>(?i:{_PCT_ALT}))(?!\w)|(?P<suf>(?i:{_CUR_SUF_ALT}))\b"
    rf"|(?P<meas>(?i:{_MEAS_ALT})|m|°C)(?![\w²³]))")
NEXT_WORD = re.compile(rf"{_SP}+(?P<w>[A-Za-z][\w/&]*(?:-[A-Za-z]\w*)*)")
PREV_WORD = re.compile(r"(?P<w>[A-Za-z][\w\-]*\.?)[ \u00a0]*[(\-]?$")
TIME_AFTER = re.compile(rf"(?:{_SP}*[-–]{_SP}*\d{{1,2}}[.:]\d{{2}})?{_SP}*(?:WIB|WITA|WIT|wib|wita|wit)\b")
DATE_AFTER = re.compile(rf"(?:{_SP}*(?:[-–]|s\.?d\.?|sampai|hingga|dan){_SP}*\d{{1,2}})?{_SP}*{_MONTH}")
_TO = rf"(?:[-–—]|s\.?d\.?|s/d|sampai(?:{_SP}+dengan)?|hingga)"
RANGE_CONN = re.compile(rf"{_SP}*(?:{_TO}|ke)(?:{_SP}+(?:level|angka))?{_SP}*$")
LIST_CONN = re.compile(rf"{_SP}*(?:,?{_SP}*(?:dan|atau|serta|maupun))({_SP}+(?:sebesar|sebanyak))?{_SP}*$")
ANY_CONN = re.compile(rf"{_SP}*,?{_SP}*(?:(?:dan|atau|serta|maupun|{_TO}){_SP}*)?")
COMMA_CONN = re.compile(rf"{_SP}*,{_SP}*$")
CHANGE_CONN = re.compile(rf"{_SP}*,?{_SP}*(?:menjadi|jadi|ke)(?:{_SP}+(?:level|angka|posisi))?"
                         rf"(?:{_SP}+(?:sebesar|sebanyak|senilai))?"
                         rf"(?:{_SP}+(?:sekitar|sekira|hampir|nyaris|mendekati|kira-kira|lebih{_SP}+dari|kurang{_SP}+dari))?{_SP}*$")
PHONE_CUE = re.compile(r"(?i:\b(?:telepon|telp\.?|tel\.|hotline|call center|contact center|whatsapp|wa|hp|ponsel|"
                       r"nomor|no\.|fax|faks))\s*:?\s*[\d()+\-. ]*$")
SENT_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z])|\n+")
CLAUSE_MARK = re.compile(r"(?<!\d),|,(?!\d)|[;:()\"“”]|\s[-–—]\s")


@dataclass
class _Item:
    start: int
    end: int
    num_start: int
    num_end: int
    mantissa: float
    scale: float
    scaled: bool
    words: bool
    unit: str | None  # percent, IDR, USD, other; None until decided
    unit_word: str | None
    noun: str | None  # the count noun printed after the number
    glued: bool = False
    qualifier: str | None = None
    range_group: int | None = None
    change_group: int | None = None
    inherited: bool = False
    reason: str | None = None  # "time" for dates, years, clock times and time spans: shared along a list
    approx: bool = False  # printed with "-an"
    range_head: bool = False  # the bare first end of a range whose other end carries the unit ("60-70 persen")
    list_tail: "_Item | None" = None  # the printed end of a list whose unit this item borrowed ("5, 10 dan 15 UMKM")
    previous: float | None = None  # the earlier value of a stated change, on its later figure

    @property
    def value(self) -> float:
        return float(Decimal(repr(self.mantissa)) * Decimal(int(self.scale))) if self.scale > 1 else self.mantissa


def _prev_word(text: str, pos: int) -> str | None:
    """The word before pos, skipping spaces and an opening bracket or hyphen ("ayat (2)", "ayat -1")."""
    words = text[max(0, pos - 40):pos].rstrip(" \u00a0(-").rsplit(None, 1)
    if not words:
        return None
    m = PREV_WORD.search(words[-1])
    return m["w"] if m else None


def _next_word(text: str, pos: int) -> str | None:
    m = NEXT_WORD.match(text, pos)
    return m["w"] if m else None


def _is_noun(word: str | None) -> bool:
    if not word:
        return False
    low = word.lower()
    if low in FUNCTION or low in TIME_UNITS or _PER_WORD.match(low):
        return False
    return not (_VERB.match(low) and low not in _NOT_VERB)


def _at_sentence_start(text: str, pos: int) -> bool:
    """Whether the word starting at pos opens a sentence, paragraph or quote."""
    before = text[max(0, pos - 3):pos].rstrip(" \u00a0\"“‘'(")
    return not before or before[-1] in ".!?\n:"


def _candidates(text: str, style: str) -> list[_Item]:
    items: list[_Item] = []
    last_end = 0
    for m in CANDIDATE.finditer(text):
        if m.start() < last_end or (m["digits"] and m.start() and text[m.start() - 1].isdigit()):
            continue
        item = _read(text, m, style)
        if item is None:
            continue
        last_end = item.end
        items.append(item)
    return items


def _read(text: str, m: re.Match, style: str) -> _Item | None:
    """Parse one candidate with its scale and unit; None when it cannot be a figure."""
    digits, words = m["digits"], m["words"]
    num_start = start = m.start()
    end = m.end()
    pm = CURRENCY_BEFORE.search(text, max(0, start - 5), start)
    pre = pm.group() if pm else None
    if pm:
        start = pm.start()
    if digits:
        groups = re.split(r"[.,]", digits)
        if len(groups) > 2 and any(len(g) != 3 for g in groups[1:-1]):
            return None  # version, IP address, code
        try:
            mantissa = N.parse_digits(digits, style)
        except ValueError:
            return None
    else:
        try:
            mantissa = N.parse_words(words)
        except ValueError:
            return None
    end = _restated(text, end, mantissa, style) or end  # "10 (sepuluh) persen", "lima (5) persen"
    approx = False
    if digits and text.startswith("-an", end) and not text[end + 3:end + 4].isalpha():
        end, approx = end + 3, True  # "1.200-an pelaku usaha": about 1,200
    scale, scaled = 1.0, False
    sm = SCALE_RUN.match(text, end)
    if sm and (pre or not sm["cs"]):
        try:
            scale = N.scale_value(" ".join(sm.group().split()), allow_currency_scales=bool(pre))
            scaled, end = True, sm.end()
        except ValueError:
            pass
    unit = unit_word = None
    if pre:
        unit, unit_word = N.currency_unit(pre.strip()) or "other", pre.strip()
    um = UNIT_AFTER.match(text, end)
    if um and not (pre and um["pct"]):
        if um["pct"]:
            unit, unit_word = "percent", N.PERCENT_WORDS[" ".join(um["pct"].lower().split())]
        elif um["suf"]:
            if not pre:
                unit, unit_word = N.currency_unit(um["suf"]) or "other", um["suf"]
        elif um["meas"].lower() == "poin" and _is_noun_lower(_next_word(text, um.end())):
            um = None  # "3 poin penting" counts items; "naik 50 poin" measures an index
        else:
            unit, unit_word = "other", um["meas"]
        if um is not None:
            end = um.end()
    if digits and style == "id" and not scaled and unit != "percent" and re.fullmatch(r"[1-9]\d{0,2},\d{3}", digits):
        mantissa = float(digits.replace(",", ""))  # "$1,000", "2,615 penderita": nobody prints 3 decimals here
    end = _restated(text, end, mantissa * scale, style) or end  # "5% (lima persen)", "Rp 5 juta (lima juta rupiah)"
    if unit is None and _PER_DOLLAR.match(text, end):
        unit, unit_word = "IDR", "rupiah"  # an exchange rate: "melemah ke 16.400 per dolar AS"
    noun = None
    if unit is None:
        word = _next_word(text, end)
        if _is_noun(word):
            noun = word
    return _Item(start, end, num_start, m.end(), mantissa, scale, scaled, bool(words), unit, unit_word, noun,
                 approx=approx)


_RESTATE = re.compile(rf"{_SP}*\((?P<say>(?:(?i:{N.WORDS})|\d+(?:[.,]\d+)*)"
                      rf"(?:{_SP}*(?i:{_SCALE_ALT}|{_PCT_ALT}|{_CUR_SUF_ALT}|Rp\.?))*{_SP}*)\)")


def _restated(text: str, pos: int, value: float, style: str) -> int | None:
    """End of a bracketed restatement of the same amount at pos ("(lima persen)", "(5)"), else None.

    Legal and press-release style prints amounts twice; counting both would double a figure."""
    m = _RESTATE.match(text, pos)
    if not m:
        return None
    say = m["say"].strip()
    say = say[2:].strip(" .") + " rupiah" if say.lower().startswith("rp") else say
    try:
        amount = N.parse_amount(say, style)
    except ValueError:
        return None
    return m.end() if abs(amount.value - value) <= 1e-9 * max(1.0, abs(value)) else None


_AREA_CODE = re.compile(r"\(0\d{1,3}\)[ \u00a0-]*$")
_PER_DOLLAR = re.compile(rf"{_SP}*(?:per|/){_SP}*(?i:dolar|dollar|USD|US\$)")
_GLUED_WORD = re.compile(r"(?<![A-Za-z])[a-z]{3,}$")
_AFTER_CODE = re.compile(r"/\s*\d|/[A-Z]|:\d|-[A-Za-z]|[A-Za-z]")
_SLASH_DIGIT = re.compile(r"/\d")
_CLOCK = re.compile(r"\d{1,2}[.:]\d{2}")
_LEADING_ZERO = re.compile(r"0\d")
_LONG_ID = re.compile(r"\d{9,}")
_DIM_AFTER = re.compile(r"\s*[x×]\s*\d")
_DIM_BEFORE = re.compile(r"\d\s*[x×]\s*$")
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN_INT = re.compile(r"\d+")
_LIST_MARK = re.compile(r"[.)]\s")
_MONTH_RE = re.compile(_MONTH)
_SCORE_GAP = re.compile(r"[ \u00a0]*[-–][ \u00a0]*")
_SCORE_CUE = re.compile(r"(?i)\b(?:skor|menang|kalah|imbang|unggul|tunduk|takluk|gim|game|set|babak|laga|"
                        r"pertandingan|gol|bermain|memimpin|mengalahkan|dikalahkan|ditekuk|menekuk|bertanding)\b")
_EN_HINT = re.compile(r"\d,\d{3}(?!\d)")  # English grouping is only possible where this occurs


def _excluded(text: str, it: _Item) -> bool:
    """True for numbers that do not state a quantity (ANNOTATION.md's exclusions)."""
    explicit = it.unit is not None
    if it.words and not (explicit and it.unit != "count"):
        return True  # number words count only with a unit of measure
    start = it.start
    before = text[start - 1] if start else ""
    if before and (before.isalnum() or before == "_"):
        if before.isalpha() and _GLUED_WORD.search(text, max(0, start - 12), start):
            it.glued = True  # "yang39-40 juta": a typo, decided once ranges are linked
        else:
            return True
    if before == "-" and start >= 2 and text[start - 2].isalpha():
        if text[max(0, start - 3):start].lower() == "ke-" and _collective(text, it):
            it.start -= 3
        else:
            return True  # H-5, Covid-19, ke-3
    if before == "/" or (before and before in "+#@" and not explicit):
        return True  # 7/2021, +62 812…, #5
    if before == "." and start >= 2 and text[start - 2].isalpha() and not it.unit_word:
        return True  # PMK.010
    if before == ":" and start >= 2 and text[start - 2].isdigit():
        return True  # 10:30
    if _SLASH_DIGIT.match(text, it.num_end):
        return True  # dates (6/3), regulations 7/2021
    if explicit:
        return False
    if it.scaled:
        word = _next_word(text, it.end)
        if word and word.lower() in TIME_UNITS:  # "35 juta tahun"
            it.reason = "time"
            return True
        return False
    return _bare_excluded(text, it, before)


def _bare_excluded(text: str, it: _Item, before: str) -> bool:
    """Exclusions for a number printed without currency, percent, measure or scale word."""
    core = text[it.num_start:it.num_end]
    if _AFTER_CODE.match(text, it.end):
        return True  # 5G, 12/POJK, 1990-an
    prev = _prev_word(text, it.start)
    prev_low = prev.lower() if prev else None
    next_w = _next_word(text, it.end)
    if (_CLOCK.fullmatch(core) and (prev_low in {"pukul", "pkl", "jam"} or TIME_AFTER.match(text, it.num_end))) \
            or DATE_AFTER.match(text, it.num_end) or (prev and _MONTH_RE.fullmatch(prev)):
        it.reason = "time"
        return True  # 10.00 WIB, 6 Maret, Mei 2019
    if _LEADING_ZERO.match(core) or _LONG_ID.fullmatch(core):
        return True  # phone, account and id numbers; codes ("021", "RT 05")
    if PHONE_CUE.search(text, max(0, it.start - 40), it.start) \
            or _AREA_CODE.search(text, max(0, it.start - 8), it.start):
        return True  # "telp 021-555…", "(021) 5551234"
    if prev_low == "ke" and not _is_noun_lower(next_w):
        return True  # "hari ke 48"
    if _DIM_AFTER.match(text, it.end) or _DIM_BEFORE.search(text, max(0, it.start - 4), it.start):
        return True  # dimensions and resolutions, "1024 x 768"
    if prev_low in LABEL_WORDS and not _GROUPED.fullmatch(core) and not (
            prev_low in {"hari", "minggu", "bulan", "pekan"} and _is_noun_lower(next_w)):
        return True  # Pasal 5, lantai 3, hari ke 3 (but "level 7.200", "setiap hari 500 orang" are quantities)
    plain_int = bool(_PLAIN_INT.fullmatch(core))
    if it.approx and plain_int and (len(core) == 2 and core.endswith("0") or len(core) == 4):
        it.reason = "time"
        return True  # decades: "80-an", "1990-an"
    year = int(core) if plain_int and len(core) == 4 else 0
    counted = _is_noun_lower(next_w) and not _MONTH_RE.fullmatch(next_w or "")  # "sebanyak 2000 peserta"
    if (1900 <= year <= 2100 and not (counted and prev_low in YEAR_COUNT_CUES)) or (
            1000 <= year < 1900 and prev_low in YEAR_CUES):
        it.reason = "time"
        return True  # a year
    if next_w and next_w.lower() in TIME_UNITS:
        it.reason = "time"
        return True  # time spans and ages
    after = text[it.end:it.end + 2]
    line_start = text.rfind("\n", 0, it.start) + 1
    if it.start - line_start <= 8 and not text[line_start:it.start].strip() and _LIST_MARK.match(after):
        return True  # "1. …" list numbering
    if before == "(" and after[:1] == ")":
        return True  # "(2)", ages "Budi (42)"
    if prev and prev_low not in CUES and any(c.isupper() for c in prev) and not _is_noun_lower(next_w) \
            and not it.range_head:
        pstart = text.rfind(prev, max(0, it.start - 45), it.start)
        if not _at_sentence_start(text, pstart) and (plain_int or _is_decimal(core)):
            return True  # SMA 3, Pertamax 92, Industri 4.0
    return False


def _is_noun_lower(word: str | None) -> bool:
    return bool(word) and word[0].islower() and _is_noun(word)


def _is_decimal(core: str) -> bool:
    return bool(re.fullmatch(r"\d+[.,]\d{1,2}", core))


def _collective(text: str, it: _Item) -> bool:
    """'Ke-15 perusahaan itu' (the fifteen companies) counts; 'perusahaan ke-15' is an ordinal."""
    word = _next_word(text, it.end)
    if not _is_noun_lower(word) or word.lower().startswith("ter"):
        return False
    head = it.start - 3
    prev = _prev_word(text, head)
    return _at_sentence_start(text, head) or (prev is not None and prev.lower() in
                                              {"dan", "bahwa", "kepada", "dari", "untuk", "bagi", "oleh", "dengan"})


_DARI = re.compile(r"\bdari(?:\s+(?:sebelumnya|semula|sebesar|sebanyak|level|angka|posisi))?\s*$")
_MENJADI = re.compile(r"\b(?:menjadi|jadi)(?:\s+(?:sebesar|sebanyak|senilai|level))?\s*$")
_REV_DARI = re.compile(r"(?:.{0,25}\s)?dari(?:\s+(?:sebelumnya|semula|sebesar|sebanyak|level))?\s*$")
_ANTARA = re.compile(r"\bantara\s*$")
# "418 kasus …, naik dari 156 kasus": the later value is printed first
_BACK_CHANGE = re.compile(r"[^.!?\n]{0,70},\s*(?:naik|turun|meningkat|menurun|melonjak|anjlok|bertambah|berkurang|tumbuh"
                          r"|melambat|melemah|menguat|merosot)\s+(?:\w+\s+)?dari(?:\s+(?:sebelumnya|semula|sebesar|sebanyak))?\s*")
# "utang Rp 2 juta bisa menjadi Rp 5 juta": a change without "dari"
_BECOMES = re.compile(r"\s+(?:bisa|dapat|akan|lalu|kemudian)\s+(?:naik\s+|membengkak\s+|berubah\s+)?(?:menjadi|jadi)\s*")


def _link(text: str, items: list[_Item]) -> None:
    """Ranges, lists and changes share units and scales; mark range and change groups.

    Change: "dari A menjadi B" or "menjadi A (pada 2024) dari B". Range: "A-B", "A hingga B", "antara A dan B".
    """
    group = 0
    for i in range(len(items) - 2, -1, -1):
        a, b = items[i], items[i + 1]
        gap = text[a.end:b.start]
        if "\n" in gap:
            continue
        if len(gap) > 30:
            if _BACK_CHANGE.fullmatch(gap) and a.change_group is None and b.change_group is None:
                _share(a, b, "change")
                a.change_group = b.change_group = group = group + 1
                a.previous = b.value
            continue
        before_a = text[max(0, a.start - 25):a.start]
        kind = None
        back = False
        if _DARI.search(before_a) and CHANGE_CONN.search(gap):
            kind = "change"
        elif (_MENJADI.search(before_a) and _REV_DARI.fullmatch(gap) and "." not in gap) or _BACK_CHANGE.fullmatch(gap):
            kind, back = "change", True
        elif _BECOMES.fullmatch(gap):
            kind = "change"
        elif (RANGE_CONN.match(gap) and not gap.strip().startswith("ke")) or (
                LIST_CONN.match(gap) and _ANTARA.search(before_a)):
            kind = "range"
        elif LIST_CONN.match(gap) or (COMMA_CONN.match(gap) and b.inherited):
            kind = "list"
        if kind is None:
            continue
        _share(a, b, kind)
        if kind == "range" and a.range_group is None:
            a.range_group = b.range_group = group = group + 1
        elif kind == "change" and a.change_group is None and b.change_group is None:
            a.change_group = b.change_group = group = group + 1
            if back:
                a.previous = b.value
            else:
                b.previous = a.value


def _share(a: _Item, b: _Item, kind: str) -> None:
    """Fill what one end of a range, list or change leaves unprinted from the other end."""
    if kind != "list" and b.unit is None and (a.unit in MONEY or (a.unit == "percent" and b.noun is None)):
        b.unit, b.unit_word, b.inherited = a.unit, a.unit_word, True  # "Rp1-2 triliun", "Rp 5 juta hingga 7 juta"
    bare_a = a.unit is None and a.noun is None
    if bare_a and b.unit is not None and (b.scaled or not a.scaled):
        a.unit, a.unit_word, a.inherited = b.unit, b.unit_word, True  # "5 dan 10 persen"
    elif bare_a and b.noun is not None and kind != "change":
        a.noun, a.inherited = b.noun, True  # "39-40 juta pengusaha"
    if kind == "list" and a.inherited:
        a.list_tail = b.list_tail or b
    if not a.scaled and b.scaled and a.mantissa < b.mantissa and a.unit == b.unit:
        a.scale, a.scaled, a.inherited = b.scale, True, True  # "39-40 juta", "1,5 hingga 2 triliun"


def _settle_units(text: str, items: list[_Item]) -> None:
    """Bare scaled numbers ("2,4 triliun", "17 juta yang…") take the unit of the last figure in the paragraph
    with the same scale word ("Rp 7,67 triliun, … 2,4 triliun"); else miliar and up are rupiah, the rest counts."""
    last_scaled: dict[tuple[int, float], str] = {}
    for it in items:
        para = text.rfind("\n", 0, it.start)
        if it.unit is None and it.scaled and it.noun is None:
            it.unit = last_scaled.get((para, it.scale)) or ("IDR" if it.scale >= 1e9 else "count")
            it.inherited = True
        if it.unit is None:
            it.unit, it.unit_word = "count", it.noun
            nw = NEXT_WORD.match(text, it.end)
            if it.noun and nw and nw["w"] == it.noun:
                second = NEXT_WORD.match(text, nw.end())
                it.unit_word = it.noun
                it.end = nw.end()
                if it.noun.lower() in CLASSIFIERS and second and _is_noun(second["w"]):
                    it.unit_word = f"{it.noun} {second['w']}"
                    it.end = second.end()
        if it.scaled:
            last_scaled[(para, it.scale)] = it.unit


def _qualifier(text: str, it: _Item) -> str | None:
    window = text[max(0, it.start - 30):it.start].lower().rstrip(" \u00a0")
    for q in QUALIFIERS:
        if window.endswith(q) and (len(window) == len(q) or not window[-len(q) - 1].isalnum()):
            return q
    return None


class _Sentences:
    """Sentence bounds of a text, found once and looked up by offset."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in SENT_END.finditer(text)]

    def bounds(self, pos: int, reach: int = 400) -> tuple[int, int]:
        """The sentence around pos, clipped to reach characters either side (run-on text has no ends)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        start = max(self.starts[i], pos - reach)
        end = min(self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text), pos + reach)
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end


def _trim(words: list[str], lead: bool = True) -> list[str]:
    """Drop link words from the end ("… mencapai", "… di bawah") and function words from the start."""
    while words and (words[-1].lower().strip(".,") in LINK_WORDS or not any(c.isalnum() for c in words[-1])):
        words.pop()
    while lead and words and (words[0].lower() in FUNCTION or not any(c.isalnum() for c in words[0])):
        words.pop(0)
    return words


def _subject(text: str, it: _Item, sent: tuple[int, int], before: str | None) -> str | None:
    """A short phrase from the clause saying what the figure measures.

    sent is the sentence cut at the neighbouring figures; before is the subject of the previous figure in the
    sentence, which a restatement ("Rp40 triliun, atau 5,2 persen dari …", "(87,9%)") shares.
    """
    s0, s1 = sent
    left = text[s0:it.start]
    marks = list(CLAUSE_MARK.finditer(left))
    clause_left = left[marks[-1].end():] if marks else left
    right = text[it.end:s1]
    m = CLAUSE_MARK.search(right)
    clause_right = right[:m.start()] if m else right
    words = _trim(clause_left.split())
    if not words and marks:  # "…masih rendah, 4,1 persen": the clause before says what
        words = _trim(left[:marks[-1].start()].split()[-8:])
    if it.unit == "count" and it.unit_word and it.end > it.num_end:
        right_words = _trim(clause_right.split()[:6], lead=False)
        if right_words or not words:
            return " ".join([it.unit_word] + right_words).strip(" .")
        return " ".join(words[-6:] + ([it.unit_word] if it.unit_word.lower() not in CLASSIFIERS else []))
    if words:
        return " ".join(words[-8:]).strip(" .")
    words = clause_right.split()[:8]
    if before and not (words and words[0].lower() in ("dari", "terhadap", "dibanding", "dibandingkan")):
        return before
    return " ".join(words).strip(" .") or before


def _noun_phrase(phrase: str | None) -> str | None:
    """The measure as a noun phrase: what follows the last reporting verb ("Bayu memperkirakan porsi
    pembiayaan" → "porsi pembiayaan"), without "kata dia", leading and trailing verbs and link words;
    None when only a verb or a bare unit word is left."""
    if not phrase:
        return phrase
    lex = _reporting()
    words = phrase.split()
    cut = [i for i, w in enumerate(words) if w.lower().strip(",.") in lex]
    if cut:
        i = cut[-1]
        after = words[i + 1:]
        # "…, kata dia" / "Omzetnya, kata dia": the cue and who said it go, the words before stay
        words = after if len(after) >= 1 and not (i > 0 and words[i - 1].endswith(",")) else words[:i]
    words = [w.strip(",") for w in words]
    while words and words[0].lower() not in ("dari", "terhadap") and (
            words[0].lower() in FUNCTION or words[0].lower() in LINK_WORDS
            or (_VERB.match(words[0].lower()) and words[0].lower() not in _NOT_VERB)):
        words.pop(0)  # "dari target" stays: the share of what
    while words and (words[-1].lower() in FUNCTION or words[-1].lower() in LINK_WORDS
                     or (_VERB.match(words[-1].lower()) and words[-1].lower() not in _NOT_VERB)
                     or words[-1].lower() in ("berada", "bisa", "dapat", "akan")):
        words.pop()
    if not words or (len(words) == 1 and (words[0].lower() in N.MEASURES or words[0].lower() in CLASSIFIERS
                                          or words[0].lower() in N.PERCENT_WORDS)):
        return None
    return " ".join(words)


def _head_words(right: str) -> str:
    """The words after a figure up to the first verb ("UMKM belum tersentuh" → "UMKM")."""
    out = []
    for w in right.split()[:6]:
        low = w.lower().strip(",.")
        if low in FUNCTION or (_VERB.match(low) and low not in _NOT_VERB):
            break
        out.append(w)
    return " ".join(out)


@lru_cache(maxsize=1)
def _reporting() -> frozenset[str]:
    from monitor.nlp.quote_speakers import lexicon
    lex = lexicon()
    return frozenset(lex.verbs | lex.post_cues | {c + "nya" for c in lex.post_cues} | {"mencatat", "mencatatkan"})


def find_figures(text: str) -> list[Figure]:
    """The figures of a text, in order (speaker is left to the caller: it comes from quotes)."""
    return with_ranges([_figure(text, row) for row in _rows(text)])


def _figure(text: str, row: tuple | list) -> Figure:
    s, e, v, u, q, subj, uw, cg, rg, ss, se = row[:11]
    prev = row[11] if len(row) > 11 else None  # rows written before figure links were stored have 11 fields
    return Figure(text=text[s:e], value=float(v), unit=u, start=s, end=e, qualifier=q, subject=subj,
                  sentence=text[ss:se], unit_word=uw, change_group=cg, range_group=rg,
                  previous=float(prev) if prev is not None else None)


def with_ranges(figures: list[Figure]) -> list[Figure]:
    """Both ends of a range carry its low and high value (so it can be shown as one: "Rp1–2 triliun")."""
    groups: dict[int, list[float]] = {}
    for f in figures:
        if f.range_group is not None:
            groups.setdefault(f.range_group, []).append(f.value)
    return [replace(f, range_low=min(groups[f.range_group]), range_high=max(groups[f.range_group]))
            if f.range_group is not None and len(groups[f.range_group]) > 1 else f for f in figures]


def _drop_shared(text: str, items: list[_Item], dropped: list[bool]) -> None:
    """Exclusions that spread: along a range ("2 - 21 hari"), a list of time spans ("8, 16, sampai 40 tahun"),
    and both sides of a match score ("menang 2-1")."""
    for i in range(len(items) - 1):
        if dropped[i] != dropped[i + 1] and RANGE_CONN.match(text, items[i].end, items[i + 1].start):
            j, gone = (i + 1, i) if dropped[i] else (i, i + 1)
            if items[j].unit is None and not items[j].scaled and not items[gone].words:
                dropped[j] = True
    for i in range(len(items) - 2, -1, -1):
        a, b = items[i], items[i + 1]
        if dropped[i + 1] and b.reason == "time" and not dropped[i] and a.unit is None and not a.words and \
                ANY_CONN.fullmatch(text, a.end, b.start):
            dropped[i], a.reason = True, "time"
    for i in range(len(items) - 1):
        a, b = items[i], items[i + 1]
        if (a.unit is None and b.unit is None and not a.scaled and not b.scaled
                and _SCORE_GAP.fullmatch(text, a.end, b.start) and a.num_end - a.num_start <= 3
                and _PLAIN_INT.fullmatch(text, a.num_start, a.num_end)
                and _PLAIN_INT.fullmatch(text, b.num_start, b.num_end)
                and _SCORE_CUE.search(text, max(0, a.start - 80), a.start)):
            dropped[i] = dropped[i + 1] = True


def _without_overlaps(items: list) -> list:
    """A unit word that swallowed the next figure ("5 Rp5") gives it back; otherwise the later one goes."""
    out: list = []
    for it in items:
        if out and it.start < out[-1].end:
            prev = out[-1]
            if prev.num_end <= it.start:
                prev.end = prev.num_end
                prev.unit_word = None
            else:
                continue
        out.append(it)
    return out


def _rows(text: str) -> list[tuple]:
    """(start, end, value, unit, qualifier, subject, unit_word, change_group, range_group, sent_start, sent_end,
    previous):
    plain values, so the Doc extension that holds them serialises with msgpack."""
    style = N.detect_style(text) if _EN_HINT.search(text) else "id"
    items = _candidates(text, style)
    for a, b in zip(items, items[1:]):
        if a.unit is None and (b.unit is not None or b.scaled) and RANGE_CONN.match(text, a.end, b.start):
            a.range_head = True
    reads = read_also_lines(text)  # another story's headline ("Baca juga: … Rp1,2 Triliun") is none of this one's figures
    dropped = [_excluded(text, it) or any(a <= it.start < b for a, b in reads) for it in items]
    _drop_shared(text, items, dropped)
    kept = [it for it, drop in zip(items, dropped) if not drop]
    _link(text, kept)
    kept = [it for it in kept if not it.glued or it.scaled or it.unit]
    _settle_units(text, kept)
    kept = _without_overlaps(kept)
    sents = _Sentences(text) if kept else None
    out: list[tuple] = []
    for i, it in enumerate(kept):
        sent = sents.bounds(it.start)
        prev = kept[i - 1] if i else None
        follows = prev is not None and prev.end > sent[0] and text[prev.end:it.start].strip() != "" and (
            (it.range_group and it.range_group == prev.range_group)
            or (it.change_group and it.change_group == prev.change_group))
        it.qualifier = None if follows else (_qualifier(text, it) or ("-an" if it.approx else None))
        lo = prev.end if prev is not None and prev.end > sent[0] else sent[0]
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        hi = nxt.start if nxt is not None and nxt.start < sent[1] else sent[1]
        before = out[-1][5] if out and prev is not None and prev.end > sent[0] else None
        subject = before if follows else _noun_phrase(_subject(text, it, (lo, hi), before))
        if subject is None and not follows:  # "Menurut dia, 22 sampai 30 persen UMKM …": the words after say what
            last = it
            for other in kept[i + 1:]:
                if (it.range_group and other.range_group == it.range_group) or (it.change_group and other.change_group == it.change_group):
                    last = other
            right = text[last.end:sent[1]]
            m = CLAUSE_MARK.search(right)
            subject = _noun_phrase(_head_words(right[:m.start()] if m else right))
        out.append((it.start, it.end, it.value, it.unit, it.qualifier, subject, it.unit_word,
                    it.change_group, it.range_group, sent[0], sent[1], it.previous))
    index = {id(it): i for i, it in enumerate(kept)}
    for i, it in enumerate(kept):  # list members measure what the list's printed end measures
        if it.list_tail is not None and id(it.list_tail) in index:
            out[i] = out[i][:5] + (out[index[id(it.list_tail)]][5],) + out[i][6:]
    return out


@Language.factory("monitor_figures", assigns=["doc.spans"])
def make_figures(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        found = _rows(text_of(doc))
        spans, data = [], []
        for row in found:
            span = doc.char_span(row[0], row[1], label=row[3], alignment_mode="expand")
            if span is not None:
                spans.append(span)
                data.append(row)
        doc.spans["figures"] = spans
        doc._.set(EXT, data)
        return doc
    return component


def records(doc: Doc) -> list[Figure]:
    """Figure records of a processed doc (empty when monitor_figures did not run)."""
    rows = doc._.get(EXT) or []
    text = text_of(doc) if rows else ""
    return with_ranges([_figure(text, row) for row in rows])
