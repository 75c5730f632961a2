"""Topic and stance component: which topics an article and each quote touch,
the stance toward advancing each (pro/contra/neutral) and the assessment of its
current state (positive/negative/neutral), with the text that decided it.

Transparent by default: topics come from topics.yaml key terms, stance and
assessment from the cue lexicon (stance_lexicon) read per quote and per
sentence; a quote's labels come from the trained unit model (stance_model), and
are then re-decided in context: who speaks, the quotes around it, the article's
vote and, for assessment, the NER's encoder states over the quote
(stance_context). The article's labels start from a rule vote over its quotes'
labels (stance: in context; assessment: the lexicon's) and its own framing
(narrative sentences, the lead counting double, the headline triple); the
article model (stance_article) then decides the assessment from the vote and
the shares of each label among headline, lead, body and quotes (the stance
stays the vote's). An optional
transformers backend (hf.py) can decide stance/assessment per unit instead;
topics and evidence work the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterator, Protocol, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from monitor.nlp.doc_text import text_of
from monitor.nlp.e5.features import pop_word_states
from monitor.nlp.stance_article import (ARTICLE_FILE, ArticleModel, article_features, feature_names,
                                        load_article_model)
from monitor.nlp.stance_context import (CONTEXT_FILE, EMBEDDING_LAYERS, ContextModel, load_context_model,
                                        cue_class, quote_features, speaker_class)
from monitor.nlp.stance_lexicon import CLAUSE_BREAK, Reading, read
from monitor.nlp.stance_model import UnitModel, load_model, model_digest
from monitor.nlp.stance_topics import Topic, load_topics
from monitor.types import TopicLabel

USER_KEY = "monitor_stance"
LEAD_WEIGHT = 2.0
HEADLINE_WEIGHT = 3.0  # the headline states the article's angle: it outweighs any one sentence
TITLE_KEY = "title"  # doc.user_data key of the article's headline (set by analyse_texts)
CONTEXT_WEIGHT = 0.5  # a sentence in a paragraph that names the topic, not itself
PRO_SHARE = 0.1  # pro cues must weigh a tenth of the neutral units (chosen on articles_b/c, dev1, devset8)
SENT_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Unit:
    """A sentence or quote of the doc: character offsets into doc.text; a quote also carries its kind
    (direct/indirect), its speaker's class (stance_context.speaker_class) and name, its reporting verb,
    and where the NER computed them its e5 word states pooled over the quote (`embedding`, for the
    assessment in context)."""
    start: int
    end: int
    text: str
    paragraph: int
    kind: str = ""
    who: str = ""
    speaker: str = ""
    embedding: object = field(default=None, compare=False, repr=False)  # numpy vector or None
    cue: str = ""  # the reporting verb as printed, lower case ("kata", "meminta", "ujarnya")


@dataclass(frozen=True)
class Decision:
    """One unit's labels for one topic, with the phrases that decided them."""
    stance: str
    assessment: str
    evidence: tuple[str, ...] = ()


class Backend(Protocol):
    """Decides stance and assessment of texts toward a topic (see hf.py)."""
    def decide(self, texts: Sequence[str], topic: Topic) -> list[Decision]: ...


def _weighted(decisions: Sequence[Decision], narrative: Sequence[tuple[Unit, float]]) -> list[tuple[Decision, float]]:
    """The narrative units' lexicon labels with their weights (what the vote counts of them)."""
    return [(d, w) for d, (_, w) in zip(decisions, narrative)]


@dataclass(frozen=True)
class _TopicParts:
    """One topic of one article: its quotes (indexes, topic scores, lexicon and unit-model labels,
    context features), its narrative units with weights and lexicon labels, the article vote, the
    article's readings and the headline's labels."""
    topic: Topic
    touched: float
    idx: list[int]
    q_scores: list[float]
    q_dec: list[Decision]
    q_shown: list[Decision]
    feats: list[list[str]]
    narrative: list[tuple[Unit, float]]
    n_dec: list[Decision]
    verdict: Decision
    readings: dict[str, Reading]  # the article's readings by unit text (shared by its topics)
    headline: Decision | None  # the headline's lexicon labels (None without a headline)
    lead: int  # the lead paragraph's index

    @property
    def weighted(self) -> list[tuple[Decision, float]]:
        """The narrative units' lexicon labels with their weights (what the vote counts of them)."""
        return _weighted(self.n_dec, self.narrative)


@dataclass(frozen=True)
class StanceResult:
    article: tuple[TopicLabel, ...]
    quotes: tuple[tuple[TopicLabel, ...], ...]


_PARA_START = re.compile(r"(?:^|\n)[^\n]")


def paragraph_index(text: str, pos: int) -> int:
    """Index of the paragraph (non-empty line) holding `pos`, as split_sentences counts them."""
    return max(0, sum(1 for _ in _PARA_START.finditer(text, 0, pos + 1)) - 1)  # no prefix copy


def split_sentences(text: str) -> list[Unit]:
    """Sentences by paragraph (blank-line or newline separated) and end punctuation."""
    units: list[Unit] = []
    for p, para in enumerate(re.finditer(r"[^\n]+", text)):
        start = para.start()
        cuts = [m.end() for m in SENT_END.finditer(para.group())] + [len(para.group())]
        prev = 0
        for cut in cuts:
            chunk = para.group()[prev:cut]
            lead = len(chunk) - len(chunk.lstrip())
            body = chunk.strip()
            if body:
                s = start + prev + lead
                units.append(Unit(s, s + len(body), body, p))
            prev = cut
    return units


def agreeing_cues(reading: Reading, stance: str, assessment: str) -> tuple[str, ...]:
    """The cue phrases of a reading whose kind is one of the (non-neutral) labels: a label's evidence."""
    kinds = {stance, assessment} - {"neutral"}
    return tuple(dict.fromkeys(c.text for c in reading.cues if c.kind in kinds))


def decide(reading: Reading) -> Decision:
    """Labels of one sentence or quote from its cues (thresholds in cue weights)."""
    pro, contra = reading.total("pro"), reading.total("contra")
    pos, neg = reading.total("positive"), reading.total("negative")
    if contra >= 1.0 and contra >= 0.5 * pro:
        stance = "contra"
    elif pro >= 1.0:
        stance = "pro"
    else:
        stance = "neutral"
    if pos - neg >= 0.75:
        assessment = "positive"
    elif neg - pos >= 0.75 or (stance == "contra" and neg >= pos):
        assessment = "negative"  # a warning judges the state, unless it names more progress than harm
    else:
        assessment = "neutral"
    return Decision(stance, assessment, agreeing_cues(reading, stance, assessment))


def classify(text: str, reading: Reading, lex: Decision, model: UnitModel | None) -> Decision:
    """One unit's labels with the trained model (the lexicon's `lex` when there is no model): the
    model decides stance; assessment is the lexicon's where it found a progress or problem cue (those
    calls are precise), else the model's. Evidence: the lexicon cues that agree with the labels, then
    the words that pushed the model hardest."""
    if model is None:
        return lex
    stance, assessment, words = model.predict(text, reading, lex.stance, lex.assessment)
    if lex.assessment != "neutral":
        assessment = lex.assessment
    cues = agreeing_cues(reading, stance, assessment)
    return Decision(stance, assessment, cues + tuple(w for w in words if w not in cues))


def decide_text(text: str, model: UnitModel | None = None) -> Decision:
    """Labels of one text: the trained model's over the lexicon's reading (the lexicon's alone
    without a model)."""
    reading = read(text)
    return classify(text, reading, decide(reading), model)


def _mentions(topics: Sequence[Topic], units: Sequence[Unit]) -> dict[str, list[int]]:
    """Per topic, the indexes of the units that name it."""
    return {t.id: [i for i, u in enumerate(units) if t.matches(u.text)] for t in topics}


def quote_unit(text: str, start: int, end: int, kind: str | None = None, speaker: str | None = None,
               role: str | None = None, org: str | None = None, cue: str | None = None) -> Unit:
    """The stance unit of a quote at text[start:end], with what the context stage reads of its speaker
    and of the verb that reports it."""
    return Unit(start, end, text[start:end], paragraph_index(text, start), kind or "",
                speaker_class(role, speaker, org), speaker or "", cue=(cue or "").lower())


def _quote_units(doc: Doc, states=None) -> list[Unit]:
    """The doc's quotes as stance units; with the NER's word states (one row per token), each quote's
    embedding is their mean over its tokens."""
    spans = sorted(doc.spans["quotes"], key=lambda s: (s.start_char, s.end_char)) if "quotes" in doc.spans else []
    text = text_of(doc) if spans else ""
    units = []
    for s in spans:
        ext = s._
        unit = quote_unit(text, s.start_char, s.end_char, ext.quote_kind, ext.quote_speaker, ext.quote_role,
                          ext.quote_org, ext.quote_cue)
        if states is not None and s.end > s.start:
            unit = replace(unit, embedding=states[s.start:s.end].mean(axis=0))
        units.append(unit)
    return units


def _score(weight: float, topic: Topic) -> float:
    return round(min(1.0, weight / (2 * topic.min_score)), 3)


def _problem_report(decisions: Sequence[tuple[Decision, float]], headline: Decision | None) -> bool:
    """A headline that reports a problem without taking a side, and no side taken in the lead."""
    return headline is not None and headline.stance == "neutral" and headline.assessment == "negative" \
        and not any(d.stance == "pro" and w >= LEAD_WEIGHT for d, w in decisions)


def _vote(decisions: Sequence[tuple[Decision, float]], quote_decisions: Sequence[Decision],
          headline: Decision | None = None) -> Decision:
    """Article labels: narrative sentences (weighted) and quote labels vote; an article whose
    headline is not against the goal is called contra only when its contra cues outweigh the headline.
    Likewise an article whose headline reports a problem without taking a side (no stance cue, a
    negative assessment) and whose lead paragraph takes none either is a problem report: it is called
    pro only when its pro cues outweigh the headline (a call to act running through the body), not on
    one official's "perlu" or "harus"."""
    tally: dict[str, float] = {}
    for d, w in list(decisions) + [(q, 1.0) for q in quote_decisions]:
        tally[d.stance] = tally.get(d.stance, 0.0) + w
        tally[d.assessment + "_a"] = tally.get(d.assessment + "_a", 0.0) + w
    pro, contra = tally.get("pro", 0.0), tally.get("contra", 0.0)
    floor = HEADLINE_WEIGHT if headline is not None and headline.stance != "contra" else 1.0
    pro_floor = HEADLINE_WEIGHT if _problem_report(decisions, headline) else 1.0
    if contra >= floor and contra >= 0.5 * pro:
        stance = "contra"
    elif pro >= pro_floor and pro >= PRO_SHARE * tally.get("neutral", 0.0):
        stance = "pro"
    else:
        stance = "neutral"
    pos, neg = tally.get("positive_a", 0.0), tally.get("negative_a", 0.0)
    if pos >= 1.0 and pos >= 1.5 * neg:
        assessment = "positive"
    elif neg >= 1.0 and neg >= 1.5 * pos:
        assessment = "negative"
    else:
        assessment = "neutral"
    return Decision(stance, assessment)


def _headline_case(title: str) -> str:
    """Headlines capitalise Every Word, which the cue reader takes for names: read them in lower case
    (acronyms such as KUR or QRIS stay)."""
    return " ".join(w if w.isupper() or not w[:1].isupper() else w.lower() for w in title.split())


def _reading(memo: dict[str, Reading], text: str) -> Reading:
    """The lexicon's reading of `text`, read once per article (`memo` is the article's)."""
    if text not in memo:
        memo[text] = read(text)
    return memo[text]


def headline_clauses(headline: str) -> list[str]:
    """The clauses of a headline of two or more words each ("penyaluran KUR naik", "kredit macet masih
    membayangi"): a headline that reports progress in one and a problem in another judges the state as
    mixed, which no label of the whole headline says (among the labelled articles, 24 of 45 such
    headlines carry a neutral assessment against 18 % of all)."""
    return [c.strip() for c in CLAUSE_BREAK.split(headline) if len(c.split()) >= 2]


class StanceClassifier:
    """Topics, stance and assessment for a doc, per article and per quote."""

    def __init__(self, topics: Sequence[Topic], backend: Backend | None = None,
                 model: UnitModel | None = None, context: ContextModel | bool = True,
                 article: ArticleModel | bool = True):
        """`context`: the quote context model, `article` the article model (True: the shipped one, if any;
        False: none). The article model reads the quotes in context, so it needs the context model, and
        it is fitted for the topics it names (another topics file keeps the rule vote)."""
        self.topics = tuple(topics)
        self.backend = backend
        self.model = model if model is not None else load_model()
        self.context = (load_context_model() if context is True else context or None) if backend is None else None
        article = (load_article_model() if article is True else article or None) if self.context is not None else None
        self.article = article if article is not None and article.features == tuple(
            feature_names([t.id for t in self.topics])) else None

    def _decide(self, units: Sequence[Unit], topic: Topic, memo: dict[str, Reading],
                use_model: bool = True) -> tuple[list[Decision], list[Decision]]:
        """Per unit, the lexicon's labels (what the article vote counts: explicit cues only; feeding
        the model's labels into the vote made it worse) and the labels shown (the trained model's, or
        the lexicon's again with use_model False). With a backend, its labels are both.
        `memo` holds the article's readings, so a sentence is read once, not once per topic."""
        if self.backend is not None and units:
            d = self.backend.decide([u.text for u in units], topic)
            return d, d
        readings = [_reading(memo, u.text) for u in units]
        lex = [decide(r) for r in readings]
        if not use_model:
            return lex, lex
        return lex, [classify(u.text, r, d, self.model) for u, r, d in zip(units, readings, lex)]

    def _topics(self, text: str, quotes: Sequence[Unit], title: str, features: bool) -> Iterator[_TopicParts]:
        """Per touched topic, what the labels are made of (quotes' and sentences' labels, the vote)."""
        sents = split_sentences(text)
        mentions = _mentions(self.topics, sents)
        lead_para = sents[0].paragraph if sents else 0
        head = Unit(-1, -1, _headline_case(title), -1) if title and title.strip() else None
        touched: dict[str, float] = {}
        for t in self.topics:
            w = sum(LEAD_WEIGHT if sents[i].paragraph == lead_para else 1.0 for i in mentions[t.id])
            in_title = head is not None and bool(t.matches(head.text))
            if (mentions[t.id] or in_title) and w + (LEAD_WEIGHT if in_title else 0.0) >= t.min_score:
                touched[t.id] = w + (LEAD_WEIGHT if in_title else 0.0)
        topics = [t for t in self.topics if t.id in touched]
        quote_topics = [self._quote_topics(q, sents, mentions, topics) for q in quotes]
        memo: dict[str, Reading] = {}
        for t in topics:
            idx = [k for k, ts in enumerate(quote_topics) if t.id in ts]
            q_dec, q_shown = self._decide([quotes[k] for k in idx], t, memo)
            narrative = self._narrative(sents, quotes, mentions[t.id])
            if head is not None:
                narrative = [(head, HEADLINE_WEIGHT)] + narrative
            n_dec, _ = self._decide([u for u, _ in narrative], t, memo, use_model=False)
            headline = n_dec[0] if head is not None and n_dec else None
            verdict = _vote(_weighted(n_dec, narrative), q_dec, headline)
            feats = quote_features([(d.stance, d.assessment) for d in q_shown],
                                   [(d.stance, d.assessment) for d in q_dec],
                                   [quotes[k].speaker for k in idx], [quotes[k].kind for k in idx],
                                   [quotes[k].who for k in idx], (verdict.stance, verdict.assessment),
                                   (headline.stance, headline.assessment) if headline else None,
                                   [cue_class(quotes[k].cue) for k in idx]
                                   ) if features else []
            yield _TopicParts(t, touched[t.id], idx, [quote_topics[k][t.id] for k in idx], q_dec, q_shown, feats,
                              narrative, n_dec, verdict, memo, headline, lead_para)

    def context_features(self, text: str, quotes: Sequence[Unit] = (), title: str = "") -> dict[str, dict[int, list[str]]]:
        """Per topic, the context model's features of each quote (by index into `quotes`): its training rows."""
        return {p.topic.id: dict(zip(p.idx, p.feats)) for p in self._topics(text, quotes, title, True)}

    def __call__(self, text: str, quotes: Sequence[Unit] = (), title: str = "") -> StanceResult:
        quote_labels: list[list[TopicLabel]] = [[] for _ in quotes]
        article: list[TopicLabel] = []
        for p in self._topics(text, quotes, title, self.context is not None):
            t, shown, verdict, q_votes = p.topic, p.q_shown, p.verdict, p.q_dec
            if self.context is not None:  # the article's stance counts its quotes' stances in context
                read, q_votes, verdict, shown = self._contextual(p, quotes)
                if self.article is not None and p.idx:  # fitted on articles with quotes (344 of its 346 rows)
                    verdict = Decision(verdict.stance, self.article.decide(self._article_vector(p, read, verdict)))
            for k, score, d in zip(p.idx, p.q_scores, shown):
                evidence = d.evidence or tuple(dict.fromkeys(quotes[k].text[a:b] for a, b in t.matches(quotes[k].text)))
                quote_labels[k].append(TopicLabel(t.id, score, d.stance, d.assessment, evidence))
            evidence = self._evidence(verdict, p.narrative, p.n_dec, [quotes[k] for k in p.idx], q_votes)
            article.append(TopicLabel(t.id, _score(p.touched, t), verdict.stance, verdict.assessment, evidence))
        return StanceResult(tuple(article), tuple(tuple(q) for q in quote_labels))

    def article_features(self, text: str, quotes: Sequence[Unit] = (),
                         title: str = "") -> dict[str, tuple[list[float], Decision]]:
        """Per topic, the article model's features and the rule vote (its training rows; needs the
        context model)."""
        out = {}
        for p in self._topics(text, quotes, title, True):
            read, _, vote, _ = self._contextual(p, quotes)
            out[p.topic.id] = (self._article_vector(p, read, vote), vote)
        return out

    def _contextual(self, p: _TopicParts,
                    quotes: Sequence[Unit]) -> tuple[list[Decision], list[Decision], Decision, list[Decision]]:
        """The quotes' labels in context as the article model reads them (uncalibrated, as it was fitted),
        what the vote counts of them (stance in context, the lexicon's assessment), the vote (its stance over
        those, its assessment the lexicon vote's) and the labels the quotes show (calibrated)."""
        both = [self._in_context(d, f, p.readings[quotes[k].text], quotes[k].embedding)
                for k, d, f in zip(p.idx, p.q_shown, p.feats)]
        read, shown = [r for r, _ in both], [s for _, s in both]
        q_votes = [Decision(c.stance, q.assessment) for q, c in zip(p.q_dec, read)]
        return read, q_votes, Decision(_vote(p.weighted, q_votes, p.headline).stance, p.verdict.assessment), shown

    def _article_vector(self, p: _TopicParts, shown: Sequence[Decision], vote: Decision) -> list[float]:
        """stance_article.article_features of one topic: the narrative (headline first, if any) read by
        the lexicon and by the unit model, the quotes by the lexicon and in context."""
        units = [u for u, _ in p.narrative]
        unit_labels = [classify(u.text, p.readings[u.text], d, self.model) for u, d in zip(units, p.n_dec)]
        head = (p.n_dec[0], unit_labels[0]) if p.headline is not None else None
        body = [(u, d, m, w) for (u, w), d, m in zip(p.narrative, p.n_dec, unit_labels) if u.start >= 0]
        lead = [(d, m) for u, d, m, _ in body if u.paragraph == p.lead]
        clauses = headline_clauses(units[0].text) if p.headline is not None else []
        readings = [_reading(p.readings, c) for c in clauses]
        judged = {classify(c, r, decide(r), self.model).assessment for c, r in zip(clauses, readings)}
        return article_features(vote, head, [b[1:] for b in body], lead, p.q_dec, shown, p.topic.id,
                                [t.id for t in self.topics], {"positive", "negative"} <= judged)

    def _in_context(self, shown: Decision, feats: list[str], reading: Reading,
                    embedding=None) -> tuple[Decision, Decision]:
        """A quote's stance (and, with its embedding, assessment) re-decided by the context model, read once:
        uncalibrated for the article's vote and model (fitted so), and calibrated for what the quote shows;
        the evidence keeps the cues that agree."""
        stance = self.context.quote(feats)
        raw, calibrated = self.context.assessments(feats, embedding) or (shown.assessment, shown.assessment)

        def decided(assessment: str) -> Decision:
            if (stance, assessment) == (shown.stance, shown.assessment):
                return shown
            return Decision(stance, assessment, agreeing_cues(reading, stance, assessment))
        read = decided(raw)
        return read, read if calibrated == raw else decided(calibrated)

    def _quote_topics(self, quote: Unit, sents: Sequence[Unit], mentions: dict[str, list[int]],
                      topics: Sequence[Topic]) -> dict[str, float]:
        """Topics a quote names; else those of its sentence, its paragraph, or the nearest mention."""
        named = {t.id: 1.0 for t in topics if t.matches(quote.text)}
        if named or not topics:
            return named
        around = [i for i, s in enumerate(sents) if s.start < quote.end and quote.start < s.end]
        near = {t.id: 0.8 for t in topics if any(i in mentions[t.id] for i in around)}
        if near:
            return near
        para = {t.id: 0.6 for t in topics if any(sents[i].paragraph == quote.paragraph for i in mentions[t.id])}
        if para:
            return para
        def distance(t: Topic) -> int:
            return min(abs(sents[i].start - quote.start) for i in mentions[t.id]) if mentions[t.id] else 10**9
        best = min(topics, key=distance)
        return {best.id: 0.4}

    @staticmethod
    def _narrative(sents: Sequence[Unit], quotes: Sequence[Unit], mentioned: Sequence[int]) -> list[tuple[Unit, float]]:
        """The article's own sentences about a topic (outside quotes), with weights."""
        paras = {sents[i].paragraph for i in mentioned}
        lead = sents[0].paragraph if sents else 0
        out = []
        for i, s in enumerate(sents):
            inside = sum(max(0, min(s.end, q.end) - max(s.start, q.start)) for q in quotes)
            if inside * 2 > len(s.text):
                continue
            if i in mentioned:
                w = 1.0
            elif s.paragraph in paras:
                w = CONTEXT_WEIGHT
            else:
                continue
            out.append((s, w * (LEAD_WEIGHT if s.paragraph == lead else 1.0)))
        return out

    @staticmethod
    def _evidence(verdict: Decision, narrative, n_dec, quotes, q_dec, limit: int = 3) -> tuple[str, ...]:
        """The sentences/quotes whose labels agree with the verdict, the heaviest first."""
        scored = []
        for (unit, w), d in zip(narrative, n_dec):
            hits = (d.stance == verdict.stance != "neutral") + (d.assessment == verdict.assessment != "neutral")
            if hits:
                scored.append((hits * w, -unit.start, unit.text))
        for unit, d in zip(quotes, q_dec):
            hits = (d.stance == verdict.stance != "neutral") + (d.assessment == verdict.assessment != "neutral")
            if hits:
                scored.append((hits * 1.0, -unit.start, unit.text))
        if not scored:  # a neutral verdict: show where the topic is named
            scored = [(w, -u.start, u.text) for u, w in narrative if w >= 1.0]
        return tuple(t for _, _, t in sorted(scored, reverse=True)[:limit])


@Language.factory("monitor_stance", assigns=["doc.cats"],
                  default_config={"topics_file": None, "transformers_model": None})
def make_stance(nlp: Language, name: str, topics_file: str | None, transformers_model: str | None = None):
    backend = None
    if transformers_model:
        from monitor.nlp.hf import NLIBackend  # lazy: torch only when asked for

        backend = NLIBackend(transformers_model)
    return StanceComponent(StanceClassifier(load_topics(topics_file), backend))


def _pack(labels: Sequence[TopicLabel]) -> list:
    """Plain lists in doc.user_data, so docs still serialise (msgpack) across processes."""
    return [[t.topic, t.score, t.stance, t.assessment, list(t.evidence)] for t in labels]


def _unpack(rows: Sequence) -> tuple[TopicLabel, ...]:
    return tuple(TopicLabel(r[0], float(r[1]), r[2], r[3], tuple(r[4])) for r in rows)


class StanceComponent:
    def __init__(self, classifier: StanceClassifier):
        self.classifier = classifier
        backend = classifier.backend
        if backend is not None:
            self.version = getattr(backend, "version", "hf")
        else:  # the trained model's file digest, so re-analysis tells rows of another model apart
            self.version = "lexicon" if classifier.model is None else f"lexicon+unit-{model_digest()}"
            if classifier.context is not None:
                self.version += f"+context-{model_digest(CONTEXT_FILE)}"
            if classifier.article is not None:
                self.version += f"+article-{model_digest(ARTICLE_FILE)}"

    def __call__(self, doc: Doc) -> Doc:
        states = pop_word_states(doc, EMBEDDING_LAYERS)
        result = self.classifier(text_of(doc), _quote_units(doc, states), doc.user_data.get(TITLE_KEY) or "")
        doc.user_data[USER_KEY] = {"article": _pack(result.article), "quotes": [_pack(q) for q in result.quotes]}
        for t in self.classifier.topics:
            doc.cats[t.id] = 0.0
        for label in result.article:
            doc.cats[label.topic] = label.score
            doc.cats[f"{label.topic}:stance:{label.stance}"] = 1.0
            doc.cats[f"{label.topic}:assessment:{label.assessment}"] = 1.0
        return doc


def _result(doc: Doc) -> StanceResult:
    packed = doc.user_data.get(USER_KEY)
    if packed is None:  # the component did not run (e.g. a bare pipeline): use the packaged topics
        return StanceClassifier(load_topics())(text_of(doc), _quote_units(doc), doc.user_data.get(TITLE_KEY) or "")
    return StanceResult(_unpack(packed["article"]), tuple(_unpack(q) for q in packed["quotes"]))


def records(doc: Doc) -> list[TopicLabel]:
    """Article-level labels, one per touched topic."""
    return list(_result(doc).article)


def quote_records(doc: Doc) -> list[list[TopicLabel]]:
    """Topic labels per quote, in the order of quotes.records(doc) (spans sorted by start)."""
    return [list(q) for q in _result(doc).quotes]
