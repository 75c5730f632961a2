"""Quotes component: direct and indirect quotes with their speakers.

Rules follow Indonesian wire-copy conventions rather than a model, so they are
fast (regular expressions over the text, no parsing) and explainable:
- direct: text between quotation marks of any style; a paragraph-final unclosed
  quote runs to the paragraph end (the next paragraph continues it); short or
  title-like quoted words without an attribution are scare quotes, not quotes.
- attribution: the cue after the closing mark ("…," kata Rina / ujarnya), or a
  reporting verb or "Menurut X," before the opening mark; a quote without one
  takes its neighbour's (split and multi-paragraph quotes).
- indirect: the reported clause of "X mengatakan, …", "Menurut X, …",
  "…, kata X." and "…, lanjut dia, …" sentences, and the sentence before
  "Hal itu dikatakan X"; adverbials ("kepada wartawan di Jakarta, Senin,")
  and "bahwa" are not part of the clause; the speaker must be a name, a
  pronoun or a named organisation, never a generic subject ("Pemerintah").
- pronouns ("ujarnya", "Ia", "kata dia") mean the last named person; a person
  introduced at the start of a sentence becomes that person.
Speakers are resolved by monitor.nlp.quote_speakers. Results are kept as spans
in doc.spans["quotes"] with span extensions, so they survive Doc.to_bytes
(records() reruns the rules where a copy dropped the extension data).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from rapidfuzz.distance import OSA, Levenshtein

from monitor.nlp.doc_text import text_of
from monitor.nlp.quote_speakers import (TERM_RE, Ents, Resolver, Speaker, clean_role, dictionary, lexicon, org_of,
                                        parse_speaker, strip_degrees, unnamed)
from monitor.nlp.quote_text import MASK, NAME_WORD, Para, direct_segments, paragraphs, sentences, title_like, words
from monitor.types import Quote

SPAN_KEY = "quotes"
_EXT = ("quote_kind", "quote_start", "quote_end", "quote_speaker", "quote_role", "quote_org", "quote_cue")
for _name in _EXT:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@dataclass(frozen=True)
class _Cand:
    """A quote found in the text, before its speaker is resolved."""
    start: int
    end: int
    kind: str
    cue: str | None = None
    speaker: Speaker | None = None
    group: int | None = None  # direct segments sharing one attribution


def _cue_re(vocab: frozenset[str]) -> str:
    """An alternation of exactly these words that prefers the longest, like "|".join(words longest first),
    written as a prefix tree ("kata(?:kan)?|…"): the regex engine tests one branch per letter instead of
    every word at every word start (the cue patterns run over every sentence)."""
    root: dict = {}
    for w in vocab:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first, as before

    return emit(root)


class _Patterns:
    def __init__(self) -> None:
        lex = lexicon()
        self.lex = lex
        cues = _cue_re(lex.post_cues)
        verbs = _cue_re(lex.verbs)
        name = NAME_WORD
        self.join = join = _cue_re(lex.joiners)
        spk = rf"(?P<spk>(?:dia|ia|beliau|{name}(?:(?:\s+(?:{join}))*\s+(?:{name}|\([^()]{{1,40}}\)))*(?:,\s+(?!(?:Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)\b){name}(?:(?:\s+(?:{join}))*\s+(?:{name}|\([^()]{{1,40}}\)))*)?))"
        tail = r"(?:\s+[a-z(].*|,\s*(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|kemarin)\b.*|\s*\(\d.*)?"
        # after a closing mark: ', kata Rina' / 'ujarnya' / 'kata dia'
        self.post = re.compile(rf"^\s*[,.!?]?\s*(?:demikian\s+)?(?P<cue>(?i:{cues}))(?P<nya>nya)?\b(?:\s+{spk})?(?={tail}\s*(?:[.,!?]|$))", re.S)
        # after a closing mark: ', Rina menambahkan.'
        self.post_verb = re.compile(rf"^\s*[,.!?]?\s*(?P<spk>(?:Ia|Dia|Beliau|{NAME_WORD}(?:\s+{NAME_WORD}){{{{0,6}}}}))\s+(?:juga\s+|pun\s+|kembali\s+)?(?P<cue>{verbs})\b")
        # before an opening mark: 'Rina mengatakan, "' / 'Menurut Rina, "'
        self.pre_menurut = re.compile(rf"(?:^|[.,]\s+)(?P<cue>[Mm]enurut|(?i:{cues}))(?P<nya>nya)?(?:\s+(?P<spk>[^,]{{1,120}}))?[,:]?\s*$")
        # "…." Hal itu disampaikan Rina … / Demikian dikatakan Rina …
        self.hal = re.compile(rf"^\s*[,.]?\s*(?:(?:Hal|Pernyataan|Penegasan|Penjelasan|Keterangan|Ungkapan|Harapan|Pesan)\s+(?:itu|tersebut|ini)\s+|(?:Demikian|Begitu)\s+)(?:(?P<cue>di[a-z]+|kata|ujar|ucap|tutur|ungkap|tegas|jelas)\s+)?(?:oleh\s+)?{spk}")
        # a named person opening a sentence: "Rina Kartika, pedagang di …, membuka …"
        self.mention = re.compile(rf"^(?:[^,]{{1,60}},\s+)?(?P<core>{NAME_WORD}(?:\s+(?:{NAME_WORD}|\([^()]*\)|{join}))*)\s*,?\s+[a-z]")
        self.verb = re.compile(rf"\b(?P<cue>{verbs}|(?:{_cue_re(lex.request_verbs)})(?=,?\s+(?:agar|supaya)\b|{_REQUEST_OBJECT}))\b")
        # "Hal itu dikatakan Rina …": the sentence before is what Rina said
        self.hal_sentence = re.compile(rf"^(?:Hal|Pernyataan|Penjelasan|Keterangan|Penegasan)\s+(?:itu|tersebut|ini)\s+(?P<cue>disampaikan|dikatakan|diungkapkan|dijelaskan|ditegaskan|disebutkan|dipaparkan|diutarakan|dikemukakan)\s+(?:oleh\s+)?{spk}")
        self.menurut = re.compile(rf"(?:^|(?<=\s)|(?<=,))(?P<cue>[Mm]enurut|(?i:{cues}))(?P<nya>nya)?(?:\s+{spk})?(?:\s+(?:lagi|pula|juga))?\s*,\s+(?=\S)")
        self.tail = re.compile(rf",\s*(?P<cue>[Mm]enurut|(?i:{cues}))(?P<nya>nya)?(?:\s+{spk})?{tail}\s*[.!?]?\s*$")
        self.passive = re.compile(rf"^(?:(?:Lebih lanjut|Selanjutnya|Kemudian|Sementara itu),?\s+)?(?P<cue>(?i:{_cue_re(lex.passive)}))\b\s*[,:]?\s*")
        # an unclosed quote that still ends at its cue: '"Kami siap, kata Rina. …' / '…, jelasnya.'
        self.unclosed_tail = re.compile(rf"(?:(?<=[,.!?])|[,.!?]?(?=\s*(?i:{cues})nya\s*[.!?]?\s*$))\s*(?P<cue>(?i:{cues}))(?P<nya>nya)?\b(?:\s+{spk})?(?={tail}\s*(?:[.,!?]|$))")



class _Extractor:
    def __init__(self, text: str, ents: list[tuple[str, str]]):
        self.text = text
        self.ents = Ents(ents)  # with the per-phrase lookups built once
        self.p = _patterns()
        self.lex = self.p.lex
        self.res = Resolver.for_text(text, ents)
        self.res.scan_names()
        self._names_split: list[tuple[str, set[str]]] = []
        self._speakers: dict[tuple, Speaker | None] = {}

    def speaker(self, phrase: str | None, nya: bool, strong: bool = False) -> Speaker | None:
        """The speaker a printed phrase names (None: no speaker); a phrase is sometimes tried again by
        later rules of the same sentence, so answers are kept per article (and per set of known names)."""
        key = (phrase, nya, strong, len(self.res.names))
        if key not in self._speakers:
            self._speakers[key] = self._speaker(phrase, nya, strong)
        return self._speakers[key]

    def _speaker(self, phrase: str | None, nya: bool, strong: bool) -> Speaker | None:
        if nya:
            return Speaker("pronoun")
        if phrase is None:
            return None
        phrase = phrase.strip()
        if not phrase:
            return None
        first = phrase.split()[0]
        if first.lower() in self.lex.pronouns:
            return Speaker("pronoun")
        if (u := unnamed(phrase)) is not None:
            return u
        if not first[0].isupper():
            return None
        sp = parse_speaker(phrase, self.ents, self.res.places, self.text)
        if sp and sp.kind == "person" and not sp.role and not self._plausible(sp.name, strong):
            return None
        if (sp and sp.kind == "person" and len(sp.name.split()) >= 3 and all(t.lower() in dictionary() for t in sp.name.split())
                and (not sp.role or sp.role.split()[0].lower() in self.lex.org_heads)):
            return None  # "Komisi Nasional Hak Asasi Manusia": words of an organisation, not a name
        return sp

    def _plausible(self, name: str, strong: bool) -> bool:
        """A role-less name: part of a known name or the NER's, else not a common word."""
        toks = name.split()
        words = set(toks)
        if name in self.res.aliases or any(name in t for t in self.ents.persons) or any(
                name != full and words <= full_words for full, full_words in self._name_words()):
            return True
        if strong:
            return name.lower() not in self.lex.generic
        if all(t.lower() in dictionary() for t in toks) and len(toks) != 2:
            return False
        return len(toks) > 1 or self._proper(name)

    def _name_words(self) -> list[tuple[str, set[str]]]:
        """(name, its words) of every known full name, split once (names are only ever added)."""
        names = self.res.names
        if len(self._names_split) != len(names):
            self._names_split = [(full, set(full.split())) for full in names]
        return self._names_split

    def _proper(self, word: str) -> bool:
        """A single capitalised word is a name if it is capitalised somewhere mid-sentence too."""
        if word.lower() in self.lex.generic:
            return False
        return re.search(rf"(?<=[\w,;)\]]\s){re.escape(word)}\b", self.text) is not None

    # ---- direct quotes
    def direct(self, paras: list[Para]) -> tuple[list[_Cand], dict[int, list[tuple[int, int]]]]:
        cands: list[_Cand] = []
        masks: dict[int, list[tuple[int, int]]] = {}
        group = 0
        chain_open = False
        for pi, par in enumerate(paras):
            segs = direct_segments(par.text)
            masks[pi] = []
            prev_seg_group: int | None = None
            for k, (o, cs, ce, close) in enumerate(segs):
                content = par.text[cs:ce]
                cue = sp = None
                after = par.text[close + 1:] if close is not None else ""
                if k + 1 < len(segs):
                    after = par.text[close + 1: segs[k + 1][0]] if close is not None else ""
                m = self.p.post.match(after) if close is not None else None
                if m and (m.group("nya") or m.group("spk") or m.group("cue").lower() not in ("jelas", "tegas", "terang", "lanjut")):
                    cue = (m.group("cue") + (m.group("nya") or "")).lower()
                    sp = self.speaker(m.group("spk"), bool(m.group("nya")), strong=True) or (
                        (self._described(after[m.end():]) or Speaker("pronoun")) if not m.group("spk") else None)
                    if sp is None:
                        cue = None
                if cue is None and close is not None:
                    nxt = after
                    if not after.strip() and k + 1 == len(segs) and pi + 1 < len(paras):
                        nxt = paras[pi + 1].text
                    mh = self.p.hal.match(nxt)
                    if mh:
                        s2 = self.speaker(mh.group("spk"), False)
                        if s2:
                            cue, sp = (mh.group("cue") or "demikian").lower(), s2
                if cue is None and close is not None:
                    mv = self.p.post_verb.match(after)
                    if mv:
                        s2 = self.speaker(mv.group("spk"), False)
                        if s2:
                            cue, sp = mv.group("cue").lower(), s2
                if close is None:
                    mt = self.p.unclosed_tail.search(content)
                    if mt and (mt.group("nya") or mt.group("spk")):
                        s2 = self.speaker(mt.group("spk"), bool(mt.group("nya")))
                        if s2:
                            cue, sp = (mt.group("cue") + (mt.group("nya") or "")).lower(), s2
                            ce = cs + mt.start()
                            while ce > cs and par.text[ce - 1] in " ,":
                                ce -= 1
                            content = par.text[cs:ce]
                loose = False  # attributed only by a verb earlier in the sentence (partial quote)
                if cue is None:
                    before = par.text[(segs[k - 1][3] + 1) if k and segs[k - 1][3] is not None else 0: o]
                    cue, sp, near = self._pre(before)
                    if cue is None and k == 0 and o == 0 and pi > 0 and paras[pi - 1].text.rstrip().endswith(":"):
                        cue, sp, near = self._pre(paras[pi - 1].text)
                    loose = cue is not None and not near
                continued = chain_open and k == 0 and o == 0
                lead = par.text[max(0, o - 8):o].rstrip()
                standalone = o == 0 or not lead or lead[-1] in ".!?:,"
                nwords = len(words(content))
                if (cue is None or loose) and not continued and prev_seg_group is None:
                    if nwords < 3:
                        continue
                    if not standalone and (nwords < 6 or title_like(content)):
                        continue
                    if standalone and nwords < 5 and title_like(content):
                        continue
                if continued:
                    g = group
                elif cue is None and prev_seg_group is not None:
                    g = prev_seg_group
                else:
                    group += 1
                    g = group
                cands.append(_Cand(par.start + cs, par.start + ce, "direct", cue, sp, g))
                masks[pi].append((o, (close + 1) if close is not None else len(par.text)))
                prev_seg_group = g
            chain_open = bool(segs) and segs[-1][3] is None and cands and cands[-1].cue is None
        return self._share(cands), masks

    def _described(self, rest: str) -> Speaker | None:
        """A speaker described in lower case after the cue: '"…," kata seorang pedagang di pasar itu' (unnamed,
        never the previous speaker), '"…," ujar pedagang Pasar Johar, Sumiati' and '"…," kata ketua majelis
        hakim Baslan Sitorus' (the described person, when the article knows the name)."""
        m = _DESCRIPTION.match(rest)
        if not m or m.group(1).split()[0] in self.lex.adverbial_heads or m.group(1).split()[0] in self.lex.pronouns:
            return None
        phrase = _DAY_TAIL.sub("", m.group(1)).strip(" ,.")
        if (u := unnamed(phrase)) is not None:
            return u
        parts = [x.strip() for x in phrase.split(",") if x.strip()]
        name = _NAME_TAIL.search(parts[-1] if len(parts) > 1 else phrase)
        if not name:
            return self._described_unnamed(phrase)
        known = name.group(1)
        appositive = len(parts) > 1 and name.start(1) == 0 and not any(
            w.lower() in self.lex.places or w.lower() in self.res.places for w in known.split())
        if not (appositive or any(known in p for p in self.ents.persons) or known in self.res.names):
            return self._described_unnamed(phrase)  # "kata warga Semarang": a place, not a name
        desc = (phrase[: phrase.rfind(known)]).strip(" ,")
        return Speaker("person", self.res.person(known), desc or None, None)

    def _described_unnamed(self, phrase: str) -> Speaker | None:
        """'kata pemilik warung di Jalan Pemuda': an unnamed speaker called by the leading noun phrase;
        'kata pria itu' refers back (None: the caller resolves it like a pronoun)."""
        words = phrase.split()
        if words[-1].lower() in ("itu", "tersebut", "ini"):
            return None
        np_ = []
        for w in words[:4]:
            if not re.fullmatch(r"[a-z][a-z\-]*", w) or w in self.lex.adverbial_heads or w in ("asal", "dari", "yang"):
                break
            np_.append(w)
        return Speaker("unnamed", " ".join(np_)) if np_ else None

    def _share(self, cands: list[_Cand]) -> list[_Cand]:
        """Segments of one group (split or multi-paragraph quotes) share the attribution."""
        by_group: dict[int, _Cand] = {}
        for c in cands:
            if c.cue is not None and c.group not in by_group:
                by_group[c.group] = c
        out = []
        for c in cands:
            src = by_group.get(c.group)
            if c.cue is None and src is not None:
                c = replace(c, cue=src.cue, speaker=src.speaker)
            out.append(c)
        return out

    def _pre(self, before: str) -> tuple[str | None, Speaker | None, bool]:
        """Attribution before an opening mark; the flag says it is right before it."""
        sent = re.split(r"(?<=[.!?])\s+", before)[-1]
        if not sent.strip():
            return None, None, False
        m = self.p.pre_menurut.search(sent)
        if m:
            sp = self.speaker(m.group("spk"), bool(m.group("nya")))
            if sp:
                return (m.group("cue") + (m.group("nya") or "")).lower(), sp, True
        # 'Dirjen Peternakan Agung Suganda: "…'
        mc = re.search(r"(?:^|[.!?]\s+)(?P<spk>[A-Z][^.:;\"“”]{2,150}?)\s*:\s*$", sent)
        if mc and (sp := self.speaker(mc.group("spk"), False)) and sp.kind == "person" and (sp.role or " " in sp.name):
            return None, sp, True
        # 'Rina mengatakan, "…' and the partial quote 'Rina menyebut UMKM sebagai "…'
        for mv in reversed(list(self.p.verb.finditer(sent))):
            sp = self._subject(sent[: mv.start()])
            if sp:
                return mv.group("cue").lower(), sp, bool(re.fullmatch(r"\s*(?:bahwa\s*)?[,:]?\s*", sent[mv.end():]))
        return None, None, False

    # ---- indirect quotes
    def _subject(self, pre: str) -> Speaker | None:
        """The speaker of 'SUBJECT [adverbs] VERB': drop lead connectors and adverbials."""
        lex = self.lex
        pre = _DATELINE.sub("", pre.strip())
        pre = _TRAILING_AGE.sub("", pre)  # "pedagang cabai Rosmawati (48) mengeluhkan": the age is not the subject
        pre = TERM_RE.sub("", pre)  # nor is a term of office ("Ketua Umum Gaikindo periode 2016-2019 …")
        pre = _strip_degree_tail(pre)  # nor degrees after the name ("…, Dr. Hesti Sundari, M.Si, menilai")
        pre = _CONNECTOR_BEFORE_PRONOUN.sub("", pre)  # "Namun ia mengakui …": the pronoun is the subject
        if (u := unnamed(pre)) is not None:
            return u
        if _DESCRIBED_REFERENCE.match(pre):
            return Speaker("pronoun")  # "Pria asal Kuala Kapuas itu menilai …": the person named before
        m = re.match(r"^(?:(?:Sementara itu|Selain itu|Di sisi lain|Namun),\s+)?(?P<all>(?P<head>[A-Z]\w*)\s+[\w\s()&.,-]{1,120}?\s+"
                     r"(?P<name>(?:[A-Z][\w’'.\-]*\s+)*[A-Z][\w’'.\-]*))\s*$", pre)
        if m and m.group("head").lower() in lex.roles and re.search(r"\s[a-z]", m.group("all")):
            sp = self.speaker(m.group("all"), False)
            if sp and sp.kind == "person" and sp.name and any(sp.name in t for t in self.ents.persons):
                return sp  # "Pengamat perbankan dari Universitas Andalas Fitri Ramadhani menilai"
        m = re.match(r"^\S+\.(?:com|id|co|net|org)\S*,?\s+(?:(?P<place>[A-Z][A-Za-z]+)\s+(?=[A-Z]))?", pre)
        if m and (not m.group("place") or m.group("place").lower() in lex.places):
            pre = pre[m.end():]  # "Liputan6.com, Jakarta Menteri …"
        for _ in range(2):
            m = _APPOSITIVE.match(pre)  # "Pengamat ekonomi dari UI, Fithra Faisal, menilai"
            if not m:
                break
            first = m.group("role").split()[0].lower()
            if first in lex.generic or first in lex.adverbial_heads or first in _CONNECTORS:
                pre = pre[pre.index(",") + 1:].strip()
                continue
            sp = self.speaker(m.group("name"), False)
            if sp and sp.kind == "person" and sp.role is None:  # (clean_role reads a title alone as no role: "Dr. Hesti …")
                role = clean_role(m.group("role").strip())
                return Speaker("person", sp.name, role, org_of(role.split()) if role else None)
            break
        for _ in range(3):
            m = re.match(r"^([^,]{1,120}?),\s+", pre)
            if not m:
                break
            chunk = m.group(1)
            w = chunk.split()
            if w and (w[0].lower() in lex.generic or w[0].lower() in lex.adverbial_heads or w[0].lower() in lex.adverbs
                      or any(x.islower() and x not in lex.joiners for x in w[1:]) or w[0].lower() in _CONNECTORS):
                if any(x[:1].isupper() for x in w[1:]) and w[0].lower() in lex.roles:
                    break
                pre = pre[m.end():]
            else:
                break
        if pre.strip(" ,").lower() in lex.pronouns:
            return Speaker("pronoun")  # "Namun, ia mengingatkan …"
        toks = list(re.finditer(r"\([^()]*\)|[^\s,]+|,", pre))
        core_end = 0
        for t in toks:
            s = t.group()
            if s == "," or s.startswith("(") or s[0].isupper() or s[0].isdigit() or s.lower() in lex.joiners or s in ("&",):
                core_end = t.end()
                continue
            break
        if core_end == 0 and (m := _DESCRIBED_NAME.match(pre)) and any(p in m.group("name") for p in self.ents.persons):
            # "pedagang cabai Rosmawati Br Ginting mengeluhkan …": a lower-case description, then a known person
            sp = self.speaker(m.group("name"), False)
            if sp is not None and sp.kind == "person":
                return Speaker("person", sp.name, sp.role or m.group("desc"), sp.org)
        core = pre[:core_end]
        while (m := re.match(r"^(\w+)\s+(?=[A-Z])", core)) and m.group(1).lower() in _CONNECTORS:
            core = core[m.end():]  # "Sementara Rina mengatakan …"
        filler = pre[core_end:].strip()
        if filler:
            fw = filler.split()
            ok = (all(x.lower().strip(",") in lex.adverbs for x in fw)
                  or fw[0].lower() in lex.adverbial_heads and len(fw) <= 30
                  or filler.endswith(",") and len(fw) <= 40)
            if not ok:
                return None
        appositive = bool(re.match(r"\s*,\s*[a-z]", pre[len(core.rstrip(" ,")):]))  # "Suwarni, pedagang sayur, …"
        core = core.strip(" ,")
        if not core:
            return None
        return self.speaker(core, False, strong=appositive)

    def indirect(self, paras: list[Para], masks: dict[int, list[tuple[int, int]]]) -> list[_Cand]:
        out: list[_Cand] = []
        for pi, par in enumerate(paras):
            chars = list(par.text)
            for a, b in masks.get(pi, []):
                chars[a:b] = MASK * (b - a)
            masked = "".join(chars)
            prev: tuple[int, int] | None = None
            for ss, se in sentences(masked):
                sent = masked[ss:se]
                if sent.startswith(MASK) and (lead := _AFTER_CLOSED_QUOTE.match(sent)) and par.text[ss + len(
                        lead.group(1)) - 2] in ".!?":
                    # '"… sendiri." Ia juga menjelaskan, …': a quote that closed its sentence, then a new one
                    # ('"…." Hal itu disampaikan Ratih' names the quote's speaker: the direct pass read it)
                    ss, sent = ss + lead.end(), sent[lead.end():]
                    if self.p.hal_sentence.match(sent):
                        continue
                last, prev = prev, (ss, se)
                if sent.startswith(MASK) or not sent.strip():
                    continue
                m = self.p.hal_sentence.match(sent)
                if m and (sp := self.speaker(m.group("spk"), False)):
                    if last is None and pi > 0 and not masks.get(pi - 1) and len(sentences(paras[pi - 1].text)) == 1:
                        span = self._clause(paras[pi - 1], 0, 0, len(paras[pi - 1].text))
                    elif last is not None and MASK not in masked[last[0]:last[1]]:
                        span = self._clause(par, last[0], 0, last[1] - last[0])
                    else:
                        span = None
                    if span and not any(o.start <= span[0] < o.end for o in out):
                        out.append(_Cand(*span, "indirect", m.group("cue"), sp))
                        continue
                cut = sent.find(MASK)
                c = self._sentence(sent if cut < 0 else sent[:cut], ss, par, pi, paras)
                if c and cut >= 0 and c.end >= par.start + ss + len(sent[:cut].rstrip()) and len(words(self.text[c.start:c.end])) < 6:
                    continue  # 'menyebut kebijakan itu sebagai "…"': the lead-in of a partial quote
                if c:
                    out.append(c)
        return out

    def _clause(self, par: Para, ss: int, a: int, b: int, after_verb: bool = False) -> tuple[int, int] | None:
        seg = par.text[ss + a: ss + b]
        lead = (_AFTER_VERB if after_verb else _LEAD).match(seg)
        a2 = a + lead.end()
        if ss + a == 0 and (dl := _DATELINE.match(seg)):
            a2 = a + dl.end()
        b2 = b
        while b2 > a2 and par.text[ss + b2 - 1] in " \t,.;:!?":
            b2 -= 1
        if len(words(par.text[ss + a2: ss + b2])) < 3:
            return None
        return par.start + ss + a2, par.start + ss + b2

    def _sentence(self, sent: str, ss: int, par: Para, pi: int, paras: list[Para]) -> _Cand | None:
        p = self.p
        # Menurut X, … at the sentence start
        m = p.menurut.match(sent)
        if m and m.group("cue").lower() == "menurut":
            sp = self.speaker(m.group("spk"), bool(m.group("nya")))
            if sp:
                span = self._clause(par, ss, m.end(), len(sent))
                if span:
                    return _Cand(*span, "indirect", (m.group("cue") + (m.group("nya") or "")).lower(), sp)
        if m := _MENURUT_DESCRIBED.match(sent):  # "Menurut pria yang … itu, …": the person named before
            span = self._clause(par, ss, m.end(), len(sent))
            if span:
                return _Cand(*span, "indirect", "menurut", Speaker("pronoun"))
        # SUBJECT VERB clause
        m_no_comma = _MENURUT_NO_COMMA.match(sent)
        if m_no_comma:
            sp = self.speaker(m_no_comma.group("spk"), False)
            if sp:
                span = self._clause(par, ss, m_no_comma.end(), len(sent))
                if span:
                    return _Cand(*span, "indirect", "menurut", sp)
        for mv in p.verb.finditer(sent):
            sp = self._subject(sent[: mv.start()])
            if not sp:
                continue
            rest = sent[mv.end():]
            if _HAL_ITU.match(rest) and pi > 0:
                prev = paras[pi - 1]
                if not direct_segments(prev.text) and len(words(prev.text)) >= 5:
                    s, e = prev.start, prev.start + len(prev.text.rstrip(" ."))
                    return _Cand(s, e, "indirect", mv.group("cue").lower(), sp)
                return _Cand(par.start + ss + mv.start(), par.start + ss + mv.end(), "mention", None, sp)
            span = self._clause(par, ss, mv.end(), len(sent), after_verb=True)
            if span:
                return _Cand(*span, "indirect", mv.group("cue").lower(), sp)
            # "X membantah tudingan itu.": nothing reported, but X is now whom "ia" means
            return _Cand(par.start + ss + mv.start(), par.start + ss + mv.end(), "mention", None, sp)
        # a misspelt reporting verb before a comma ("Rina mengatakn, …"): one edit from the lexicon
        mv = _ME_BER_COMMA.search(sent)
        if mv and _misspelt_verb(mv.group("cue")) and (sp := self._subject(sent[: mv.start()])) is not None and sp.kind != "pronoun":
            span = self._clause(par, ss, mv.end(), len(sent), after_verb=True)
            if span:
                return _Cand(*span, "indirect", mv.group("cue").lower(), sp)
        # …, lanjut dia, clause  /  Menurut X, clause (mid-sentence)
        for m in p.menurut.finditer(sent):
            if not _MID_MENURUT_BEFORE.fullmatch(sent, 0, m.start()):
                continue
            sp = self.speaker(m.group("spk"), bool(m.group("nya")), strong=True)
            if not sp:
                continue
            cue = (m.group("cue") + (m.group("nya") or "")).lower()
            after = sent[m.end():]
            before = sent[: m.start()].rstrip(" ,")
            if not m.group("nya") and sp.kind != "pronoun" and len(words(before)) >= 2 and _APPOSITION_START.match(after):
                # "Harga naik, kata Budi, pedagang di pasar itu.": what follows is about the speaker
                span = self._clause(par, ss, 0, len(before))
            else:
                span = self._clause(par, ss, m.end(), len(sent))
            if span:
                return _Cand(*span, "indirect", cue, sp)
        # clause, kata X.
        m = p.tail.search(sent)
        if m:
            sp = self.speaker(m.group("spk"), bool(m.group("nya")), strong=True)
            if sp:
                span = self._clause(par, ss, 0, m.start())
                if span:
                    return _Cand(*span, "indirect", (m.group("cue") + (m.group("nya") or "")).lower(), sp)
        m = p.passive.match(sent)
        if m:
            span = self._clause(par, ss, m.end(), len(sent))
            if span:
                return _Cand(*span, "indirect", m.group("cue").lower(), Speaker("pronoun"))
        return self._mention(sent, ss, par)

    def _mention(self, sent: str, ss: int, par: Para) -> _Cand | None:
        """A named person opening a sentence becomes whom a later pronoun means."""
        body = _DATELINE.sub("", sent)
        # "Hal senada disampaikan peneliti … Dewi Anggraini.", "Pandangan serupa datang dari pengamat … Sutrisno Hadi."
        m = _INTRODUCED.search(body)
        if m:
            core = m.group("core")
            role_first = core.split()[0] in self.lex.roles  # "pengamat Universitas Airlangga Sutrisno Hadi"
            sp = self.speaker(core[0].upper() + core[1:] if role_first else core, False)
            if sp is not None and role_first and sp.role and sp.role[:1].isupper():
                sp = replace(sp, role=sp.role[0].lower() + sp.role[1:])  # the role as printed
            if sp is not None and sp.kind == "person":
                at = par.start + ss + len(sent) - len(body) + m.start("core")
                return _Cand(at, at + len(m.group("core")), "mention", None, sp)
        m = self.p.mention.match(body)
        sp = self.speaker(m.group("core"), False) if m else None
        if sp is None and (m := _DESCRIBED_MENTION.match(body) or _IALAH_MENTION.search(body)) and any(
                p in m.group("core") for p in self.ents.persons):
            # "Namun, anggota Komisi VI DPR Hatta Massarappi mempertanyakan …", "Salah satunya ialah Hj. Arbainah":
            # a known person introduced by a lower-case description or "ialah" is whom a later pronoun means
            known = max((p for p in self.ents.persons if p in m.group("core")), key=len)
            desc = m.group("desc").strip() if "desc" in m.re.groupindex else ""
            desc = clean_role((desc + " " + m.group("core")[: m.group("core").rfind(known)]).strip()) if desc else None
            sp = Speaker("person", known, desc, org_of(desc.split()) if desc else None)
            at = par.start + ss + len(sent) - len(body) + m.start("core") + m.group("core").rfind(known)
            return _Cand(at, at + len(known), "mention", None, sp)  # a known name, one word or more
        if sp is None or sp.kind != "person" or (sp.role is None and len(sp.name.split()) < 2):
            # "Lain halnya dengan Marsudi (52), pedagang …": a name with its age introduces a person anywhere
            m = _AGED_NAME.search(body)
            sp = self.speaker(m.group("core"), False) if m else None
            if sp is None or sp.kind != "person":
                return None
        at = par.start + ss + len(sent) - len(body) + m.start("core")
        return _Cand(at, at + len(m.group("core")), "mention", None, sp)

    # ---- everything
    def run(self) -> list[Quote]:
        paras = paragraphs(self.text)
        direct, masks = self.direct(paras)
        cands = sorted(direct + self.indirect(paras, masks), key=lambda c: (c.start, c.end))
        for c in cands:
            self.res.learn(c.speaker)
        out: list[Quote] = []
        current: Quote | None = None  # the last named speaker
        person: Quote | None = None  # the last named person (pronouns refer to people)
        pending: list[int] = []
        roles: dict[str, tuple[str | None, str | None]] = {}  # a person's role and org, as first printed
        mentions: list[Quote] = []
        for c in cands:
            sp = c.speaker
            name = role = org = None
            if sp is not None and sp.kind == "role":
                ref = next((q for q in reversed(out + mentions) if q.speaker_role and sp.role and q.speaker
                            and (sp.role.split()[0].lower() in q.speaker_role.lower().split()
                                 and all(w.lower() in (q.speaker_role + " " + (q.speaker_org or "")).lower() for w in sp.role.split()[1:]))),
                           None) or person
                if ref is not None:
                    name, role, org = ref.speaker, ref.speaker_role, ref.speaker_org
            elif sp is not None and sp.kind == "unnamed":
                name = sp.name
            elif sp is None or sp.kind == "pronoun":
                ref = person or current
                if ref is not None:
                    name, role, org = ref.speaker, ref.speaker_role, ref.speaker_org
                elif sp is not None and (near := self.res.last_name_before(c.start)):
                    name = near
                else:  # nobody named yet: the next named speaker
                    pending.append(len(out))
            elif sp.kind == "person":
                name, role, org = self.res.person(sp.name), sp.role, sp.org
                if role is None:
                    role, org = roles.get(name, (None, None))
                roles.setdefault(name, (role, org))
            else:
                name = self.res.org(sp.name)
                org = name
            q = Quote(text=self.text[c.start:c.end], kind=c.kind, start=c.start, end=c.end,
                      speaker=name, speaker_role=role, speaker_org=org, cue=c.cue)
            if c.kind != "mention":
                out.append(q)
            else:
                mentions.append(q)
            if name is not None:
                if pending and c.kind != "mention":
                    for i in pending:
                        out[i] = replace(out[i], speaker=name, speaker_role=role, speaker_org=org)
                    pending = []
                if sp is not None and sp.kind != "pronoun" or current is None:
                    current = q
                    if sp is not None and sp.kind in ("person", "unnamed", "role"):
                        person = q
        return _dedupe(out)


def _strip_degree_tail(pre: str) -> str:
    """A subject without the degrees printed after the name, with or without commas ("Oktovianus Boimau, SE,
    M.Si", "Dr. Hesti Sundari, M.Si,"); the comma that closed the subject stays."""
    return strip_degrees(pre.rstrip(" ,")) + ("," if pre.rstrip().endswith(",") else "")


# what may follow "…, kata Budi," and is about Budi, not what he said
_APPOSITION_START = re.compile(r"^(?:di|dalam|saat|ketika|pada|kepada|usai|seusai|Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu"
                               r"|seorang|salah|yang|warga|pedagang|petani|nelayan|pengusaha|pemilik|mahasiswa|pegawai"
                               r"|karyawan|buruh|sopir|pengemudi|ketua|kepala|direktur|anggota|staf|pengamat|ekonom)\b")
# per-sentence patterns, compiled once (the f-string one was rebuilt for every sentence)
_MENURUT_NO_COMMA = re.compile(rf"^[Mm]enurut(?P<nya>nya)?\s+(?P<spk>(?:dia|ia|beliau|{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}}))\s+(?=[a-z])")
_HAL_ITU = re.compile(r"\s*,?\s*hal\s+(?:itu|tersebut|ini|senada|serupa|yang sama)\b")
# after a request verb: an object of up to five words (no me-/ber- verbs, no prepositions) and the verb it is asked
# to do ("meminta pemerintah membantu …", "mendorong Otoritas Jasa Keuangan membatasi …")
_REQUEST_OBJECT = (r"\s+(?!(?:maaf|bantuan|izin|keterangan|waktu|perhatian|dukungan)\b)"
                   r"(?:(?!(?:me|ber)[a-z]{3,}\b|(?:untuk|dengan|dalam|di|ke|dari|yang|dan|demi|guna|pada|oleh|agar)\b)"
                   r"[\w-]+\s+){1,5}(?!(?:melalui|mengenai|menurut|bersama|berbagai|berdasarkan|beserta|berupa|beberapa)\b)"
                   r"(?:me|ber|di(?!rinya\b))[a-z]{3,}\b")  # "meminta rencana itu ditunda" too
_DESCRIBED_NAME = re.compile(rf"^(?P<desc>[a-z][a-z-]+(?:\s+[a-z][a-z-]+){{0,4}})\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}})\s*$")
# after a post cue: a lower-case description up to the sentence's end ("kata ketua majelis hakim Baslan Sitorus.")
_DESCRIPTION = re.compile(r"\s+([a-z][\w\-]*(?:[ ,]+[\w\-’'.()/]+){0,12}?)\s*(?:[.!?](?:\s|$)|$)")
_CONNECTOR_BEFORE_PRONOUN = re.compile(r"^(?:[Nn]amun|[Tt]etapi|[Tt]api|[Ss]ementara|[Ss]elain itu|[Kk]emudian|[Ll]alu|"
                                       r"[Bb]ahkan|[Mm]eski begitu|[Mm]eski demikian|[Dd]i sisi lain|[Ss]ebelumnya)\s+(?=(?:ia|dia|beliau)\b)")
# a person named before, called by a lower-case description that ends in "itu"/"tersebut": "pria asal Kuala
# Kapuas itu", "perempuan yang akrab disapa Ani itu", "pejabat OJK itu", "politikus Partai Nusantara tersebut"
_PERSON_NOUNS = ("pria|wanita|perempuan|lelaki|laki-laki|ibu|bapak|pejabat|politikus|politisi|pengusaha|ekonom|"
                "pengamat|akademisi|dosen|peneliti|legislator|mantan|sosok|ayah|pemuda|pemudi|gadis|nenek|kakek|"
                "pensiunan|lulusan|alumnus|alumni|pebisnis|pengacara|birokrat|perajin|petani|pedagang|nelayan|"
                "peternak|pemilik|ibu rumah tangga")
_DESCRIBED_REFERENCE = re.compile(rf"^(?:{_PERSON_NOUNS})\b(?:\s+[\w.’'()/,-]+){{0,10}}?\s+(?:itu|tersebut)\s*,?\s*$", re.I)
_MENURUT_DESCRIBED = re.compile(rf"^[Mm]enurut\s+(?:{_PERSON_NOUNS})\b[^,]{{0,100}}?\s+(?:itu|tersebut)\s*,\s+(?=\S)", re.I)
_DESCRIBED_MENTION = re.compile(rf"^(?:[^,]{{1,60}},\s+)?(?P<desc>[a-z][a-z-]+(?:\s+(?:[a-z][a-z-]+|[A-Z][\w.]*)){{0,8}}?)\s+"
                                rf"(?P<core>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})\s*,?\s+[a-z]")
_IALAH_MENTION = re.compile(rf"\b(?:ialah|adalah)\s+(?P<core>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})\s*(?:,|\(|$)")
_AFTER_CLOSED_QUOTE = re.compile(rf"({MASK}+)\s+(?=[A-Z])")
_DAY_TAIL = re.compile(r",?\s*\b(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|kemarin)\b.*$")
_NAME_TAIL = re.compile(rf"(?:^|\s)({NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})\s*$")
_TRAILING_AGE = re.compile(r"(?<=\w)\s*\((?:\d{1,2}|1[01]\d)\)\s*,?$")
# a person introduced as the source of a view without a clause of their own: whom a later pronoun means
_INTRODUCED = re.compile(r"\b(?:datang|muncul|disampaikan|diungkapkan|dikatakan|diutarakan|dikemukakan|dilontarkan)\s+"
                         r"(?:(?:dari|oleh)\s+)?(?P<core>[^\W\d][^,.;]{2,150}?)\s*[,.]?\s*$")
_AGED_NAME = re.compile(rf"(?<![\w-])(?P<core>{NAME_WORD}(?:\s+{NAME_WORD}){{0,3}})\s+\((?:\d{{1,2}}|1[01]\d)\)")
_ME_BER_COMMA = re.compile(r"\b(?P<cue>(?:me|ber)[a-z]{5,}),\s")
_MID_MENURUT_BEFORE = re.compile(r"|.*,\s*|[A-Z]\w*\s+")
_LEAD = re.compile(r"^[\s,:]*(?:(?:bahwa|kalau)\s+)?")
# "mengatakan kepada wartawan di Jakarta, Senin (1/4), …": the adverbial is not reported
_AFTER_VERB = re.compile(r"^[\s,:]*(?:(?:kepada|di|dalam|saat|ketika|pada|usai|seusai|melalui|lewat|via|seperti|sebagaimana"
                         r"|Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)\b(?:[^,]{0,80},\s*|[^,]{0,80}?\s+(?=bahwa\b)))*"
                         r"(?:(?:bahwa|kalau)\s+)?")
_APPOSITIVE = re.compile(r"^(?P<role>[A-Z][^,]{1,150}),\s+(?P<name>" + NAME_WORD + r"(?:\s+" + NAME_WORD + r"){0,3})\s*,?\s*$")
_DATELINE = re.compile(r"^(?:[A-Z0-9][\w.\[\]]*(?:[ ,]+[A-Z0-9][\w.\[\]]*){0,4})\s*[–—-]+\s*")
_CONNECTORS = {"sementara", "selain", "namun", "sedangkan", "adapun", "kemudian", "lalu", "terpisah", "senada",
               "sebelumnya", "selanjutnya", "menanggapi", "terkait", "berdasarkan", "menurut", "dalam", "pada", "di",
               "saat", "ketika", "usai", "seusai", "secara", "untuk", "meski", "meskipun", "padahal", "oleh",
               "karena", "dengan", "bahkan", "tak", "tidak", "mengenai", "soal", "lebih", "hal", "nantinya", "kini",
               "saat", "sejauh", "apalagi", "jadi"}


@cache
def _misspelt_verb(word: str) -> bool:
    """One typo (a dropped, added or swapped letter, or a wrong consonant) away from a reporting
    verb of the lexicon; a changed vowel is not counted, it makes other words ("menyatukan")."""
    verbs = lexicon().verbs
    if word in verbs:
        return False
    for v in verbs:
        if abs(len(v) - len(word)) > 1 or OSA.distance(word, v, score_cutoff=1) > 1:
            continue
        ops = Levenshtein.editops(word, v)
        if len(ops) == 1 and ops[0].tag == "replace" and word[ops[0].src_pos] in _VOWELS and v[ops[0].dest_pos] in _VOWELS:
            continue
        return True
    return False


_VOWELS = set("aeiou")


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    """Drop an indirect quote overlapping a direct one; keep the order by start."""
    out: list[Quote] = []
    for q in sorted(quotes, key=lambda q: (q.start, q.end)):
        if not out or out[-1].end <= q.start:
            out.append(q)
        elif out[-1].kind == "indirect" and q.kind == "direct":
            out[-1] = q
    return out


@cache
def _patterns() -> _Patterns:
    return _Patterns()


def extract(text: str, ents: list[tuple[str, str]] = ()) -> list[Quote]:
    """All quotes of one article, ordered by start offset. ents: (text, label) from the NER."""
    return _Extractor(text, list(ents)).run()


def set_spans(doc: Doc, quotes: list[Quote]) -> None:
    """doc.spans["quotes"] in start order; each span carries its record in span extensions."""
    pairs = [(doc.char_span(q.start, q.end, label=q.kind, alignment_mode="expand"), q) for q in quotes]
    pairs = [(span, q) for span, q in pairs if span is not None]
    doc.spans[SPAN_KEY] = [span for span, _ in pairs]
    for span, q in zip(doc.spans[SPAN_KEY], (q for _, q in pairs)):
        ext = span._  # one extension accessor per span
        ext.quote_kind = q.kind
        ext.quote_start = q.start
        ext.quote_end = q.end
        ext.quote_speaker = q.speaker
        ext.quote_role = q.speaker_role
        ext.quote_org = q.speaker_org
        ext.quote_cue = q.cue


@Language.factory("monitor_quotes", assigns=["doc.spans"])
def make_quotes(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        text = text_of(doc)
        ents = [(text[e.start_char:e.end_char], e.label_) for e in doc.ents]  # Span.text rebuilds it from Tokens
        set_spans(doc, extract(text, ents))
        return doc
    return component


def records(doc: Doc) -> list[Quote]:
    """The quotes of a processed doc, ordered by start (stance aligns its per-quote topics to this order)."""
    exts = [span._ for span in doc.spans[SPAN_KEY]] if SPAN_KEY in doc.spans else []  # one accessor per span
    if exts and any(ext.quote_kind is None for ext in exts):
        # extension data was not carried (e.g. DocBin without user data): the rules are cheap, rerun them
        return extract(text_of(doc), [(e.text, e.label_) for e in doc.ents])
    text = text_of(doc) if exts else ""
    out = [Quote(text=text[ext.quote_start:ext.quote_end], kind=ext.quote_kind,
                 start=ext.quote_start, end=ext.quote_end, speaker=ext.quote_speaker,
                 speaker_role=ext.quote_role, speaker_org=ext.quote_org, cue=ext.quote_cue)
           for ext in exts]
    return sorted(out, key=lambda q: (q.start, q.end))
