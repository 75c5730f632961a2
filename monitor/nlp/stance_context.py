"""Second-stage stance: a quote's stance given who says it and the article around it.

News quotes often carry no stance word; their label comes from who speaks (an official describing the
programme is pushing it; a supplier in an article about a squeezing scheme is against it) and from the
article's own position. The per-unit model (stance_model) reads only the quote's words, so this stage
re-decides each quote from a few context features: the unit model's and the lexicon's labels of the
quote, the article's rule vote and its headline's labels, the quote's kind (direct/indirect) and the
speaker's class (official, economist/researcher, grassroots, unnamed) from the role and organisation
the quote layer found, the labels of the quotes around it and of the same speaker's other quotes, and
since the thirteenth pass the class of the verb that reports it (cue_class: "meminta" calls, "mengaku"
tells an experience, "menilai" judges). A
softmax regression (stance_model.Head) fitted on labelled articles (`python -m monitor.nlp.stance_train
--context-model`); with no model file the unit model's labels stand.

A quote's **assessment** is re-decided the same way, with one more reading: what the quote is about, from
the NER's e5 word states pooled over the quote (no extra encoder pass) and read by a linear head. That
reading alone is weak (bare facts need more than a bag of states), but beside the unit model's label and
the context it tells "kandangnya kini kosong" from "pesanan datang tiap minggu" where no cue word does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from monitor.nlp.stance_model import LABELS, STANCES, Head, read_model_file
from monitor.text import stem

CONTEXT_FILE = Path(__file__).parent / "data" / "stance" / "context_model.json"

# Role words by speaker class, checked in this order on "role speaker" (an economist at a ministry is an
# economist; a head of a farmers' group is grassroots only when no office word comes first).
_CLASSES = (
    ("analyst", r"ekonom|peneliti|pengamat|dosen|guru besar|analis|akademisi|profesor|direktur eksekutif|"
                r"kepala (?:pusat|lembaga) (?:kajian|studi|penelitian)"),
    ("grassroots", r"pedagang|petani|nelayan|pelaku usaha|pelaku umkm|pemilik|perajin|pengrajin|warga|nasabah|"
                   r"peternak|penjual|pembudidaya|ibu rumah|buruh|sopir|pengemudi|anggota"),
    ("official", r"menteri|menko|kepala|direktur|dirut|ketua|gubernur|bupati|wali ?kota|deputi|asisten|"
                 r"sekretaris|presiden|wakil|komisaris|camat|lurah|pemimpin|pimpinan|manajer|manager|"
                 r"corporate|juru bicara|jubir|kabid|kadis|kasi|staf ahli|anggota dprd?|senior vice"),
)
_CLASS_RE = tuple((name, re.compile(rf"\b(?:{pat})\b", re.I)) for name, pat in _CLASSES)


def speaker_class(role: str | None, speaker: str | None, org: str | None) -> str:
    """official / analyst / grassroots / org (an organisation's spokesman with no role word) / unnamed."""
    words = " ".join(x for x in (role, speaker) if x)
    for name, pattern in _CLASS_RE:
        if pattern.search(words):
            return name
    if org:
        return "org"
    return "named" if speaker else "unnamed"


# Reporting verbs by what they make of a quote, by root (monitor.text.stem: "menargetkan" → "target",
# "ujarnya" → "ujar"); any other verb just says.
_CUE_CLASSES = {
    "call": {"minta", "harap", "dorong", "imbau", "ajak", "ingat", "saran", "usul", "desak", "pesan", "tuntut",
             "mohon"},
    "plan": {"target", "rencana", "janji", "pasti", "jadwal", "siap"},
    "experience": {"aku", "cerita", "keluh", "kenang", "curhat", "rasa"},
    "judge": {"nilai", "dapat", "kira", "prediksi", "anggap", "sayang", "kritik", "sorot", "khawatir", "waspada",
              "yakin", "duga", "prakira", "proyeksi", "pandang"},
    "data": {"catat", "sebut", "tunjuk", "lapor", "rinci", "papar", "temu", "jelas"},
}
_CUE_CLASS = {root: name for name, roots in _CUE_CLASSES.items() for root in roots}


def cue_class(cue: str) -> str:
    """What a quote's reporting verb makes of it: call ("meminta", "berharap", "mengingatkan"), plan
    ("menargetkan", "berjanji"), experience ("mengaku", "bercerita"), judge ("menilai",
    "memperkirakan"), data ("menyebutkan", "mencatat"), say (any other verb) or none. A call or a plan
    judges no present state; "mengaku" tells what happened to the speaker rather than argues."""
    verb = cue.split()[:1]
    return _CUE_CLASS.get(stem(verb[0]), "say") if verb else "none"


def quote_features(shown: Sequence[tuple[str, str]], lexicon: Sequence[tuple[str, str]],
                   speakers: Sequence[str], kinds: Sequence[str], whos: Sequence[str],
                   article: tuple[str, str], headline: tuple[str, str] | None,
                   cues: Sequence[str] | None = None) -> list[list[str]]:
    """Features of each quote of one topic, in text order: the (stance, assessment) of the unit model
    and of the lexicon; the article's rule vote and its headline's labels (None without a headline);
    the quote's kind and speaker class (crossed with the unit model's stance); the unit-model labels of
    the quotes before and after it, and those of the same speaker's other quotes (a speaker keeps a
    position through an article); and the class of its reporting verb (`cues`, cue_class)."""
    out = []
    n = len(shown)
    for k in range(n):
        (st, asm), (lst, lasm), who = shown[k], lexicon[k], whos[k]
        f = ["U:" + st, "UA:" + asm, "D:" + lst, "DA:" + lasm, "R:" + article[0], "RA:" + article[1],
             "K:" + (kinds[k] or "none"), "S:" + who, "SU:" + who + "_" + st]
        if cues is not None:
            f.append("C:" + cues[k])
        if headline is not None:
            f += ["H:" + headline[0], "HA:" + headline[1]]
        f += ["N:" + shown[k - 1][0], "NA:" + shown[k - 1][1]] if k else ["N:start", "NA:start"]
        f += ["NX:" + shown[k + 1][0], "NXA:" + shown[k + 1][1]] if k + 1 < n else ["NX:end", "NXA:end"]
        same = [shown[j] for j in range(n) if j != k and speakers[k] and speakers[j] == speakers[k]]
        f += sorted({"SP:" + s for s, _ in same if s != "neutral"} | {"SPA:" + a for _, a in same if a != "neutral"})
        if not same:
            f.append("SP:alone")
        out.append(f)
    return out


# the context features the assessment head reads beside the quote's own labels (by feature prefix)
_ASSESSMENT_CONTEXT = ("RA", "HA", "S", "K", "NA", "NXA", "C")
EMBEDDING_LAYERS = 9  # the NER's e5 layer (id_monitor_ner-0.2.0): its states are pooled over each quote
EMBEDDING_DIM = 384


def feature_label(feats: Sequence[str], prefix: str) -> str:
    """The label a feature list carries under `prefix` ("U:" → the unit model's stance), neutral if none."""
    return next((f[len(prefix):] for f in feats if f.startswith(prefix)), "neutral")


def assessment_features(feats: Sequence[str], embedded: str) -> list[str]:
    """The assessment head's features: the unit model's and the lexicon's assessment of the quote, the
    embedding head's label (alone and crossed with the unit model's), the article's and the headline's
    assessment, the speaker's class, the quote's kind and its neighbours' assessments."""
    unit = feature_label(feats, "UA:")
    return (["UA:" + unit, "DA:" + feature_label(feats, "DA:"), "E:" + embedded, "EU:" + embedded + "_" + unit]
            + [f for f in feats if f.split(":", 1)[0] in _ASSESSMENT_CONTEXT])


@dataclass(frozen=True)
class DenseHead:
    """A softmax regression over a dense vector, L2-normalised and multiplied by `scale` first."""
    labels: tuple[str, ...]
    weights: np.ndarray  # (dim, labels)
    bias: np.ndarray
    scale: float

    def predict(self, vec: np.ndarray) -> str:
        x = np.asarray(vec, dtype=np.float64)
        x = x * (self.scale / max(float(np.linalg.norm(x)), 1e-9))
        return self.labels[int(np.argmax(x @ self.weights + self.bias))]

    def to_json(self) -> dict:
        return {"labels": list(self.labels), "scale": self.scale, "bias": [round(float(b), 5) for b in self.bias],
                "weights": [[round(float(v), 5) for v in row] for row in self.weights]}

    @classmethod
    def from_json(cls, data: dict) -> "DenseHead":
        w, b = np.asarray(data["weights"], dtype=np.float64), np.asarray(data["bias"], dtype=np.float64)
        labels = tuple(data["labels"])
        if w.ndim != 2 or w.shape[1] != len(labels) or b.shape != (len(labels),):
            raise ValueError(f"weights {w.shape} and bias {b.shape} do not fit {len(labels)} labels")
        return cls(labels, w, b, float(data["scale"]))


@dataclass(frozen=True)
class ContextModel:
    """Softmax regressions for a quote's stance and assessment in context. Without the assessment heads,
    or for a quote with no embedding, assessment stays the unit model's. (The article's stance is the rule
    vote over the quotes' stances in context; its assessment the article model's, stance_article, which
    reads them too.)"""
    quote_stance: Head
    quote_assessment: Head | None = None
    embedding: DenseHead | None = None
    neutral_prior: float = 0.0  # added to the neutral score of a quote's shown assessment (NEUTRAL_PRIOR)

    def quote(self, feats: list[str]) -> str:
        """The quote's stance in context. A stance cue the lexicon found (D:pro, D:contra) is one feature
        among the others, not a veto: "bunganya mencekik" from a borrower is a report of trouble
        (neutral, negative) unless the context makes it a case against the scheme."""
        return self.quote_stance.predict(feats)[0]

    def assessment(self, feats: list[str], embedding: np.ndarray | None, calibrated: bool = True) -> str | None:
        """The quote's assessment in context, or None (keep the unit model's) without the heads or the
        quote's embedding. An assessment cue the lexicon found (DA:) is a feature, not a veto, as for stance.
        `calibrated`: with the neutral prior, as a quote's assessment is shown; without it, as the article
        model was fitted to read its quotes."""
        both = self.assessments(feats, embedding)
        return None if both is None else both[calibrated]

    def assessments(self, feats: list[str], embedding: np.ndarray | None) -> tuple[str, str] | None:
        """The quote's assessment in context without and with the neutral prior, from one reading (None as
        for `assessment`)."""
        if self.quote_assessment is None or self.embedding is None or embedding is None:
            return None
        head = self.quote_assessment
        z = head.scores(assessment_features(feats, self.embedding.predict(embedding)))
        raw = head.labels[max(range(len(z)), key=z.__getitem__)]
        if not self.neutral_prior:
            return raw, raw
        z[head.labels.index("neutral")] += self.neutral_prior
        return raw, head.labels[max(range(len(z)), key=z.__getitem__)]

    def to_json(self) -> dict:
        out = {"quote_stance": self.quote_stance.to_json()}
        if self.quote_assessment is not None and self.embedding is not None:
            out.update(quote_assessment=self.quote_assessment.to_json(), embedding=self.embedding.to_json(),
                       neutral_prior=self.neutral_prior)
        return out


@lru_cache(maxsize=2)
def load_context_model(path: str | Path | None = None) -> ContextModel | None:
    """The shipped context model, or None when the file is absent (the unit model's labels stand)."""
    path = Path(path or CONTEXT_FILE)
    model = read_model_file(path, "context", lambda data: ContextModel(
        Head.from_json(data["quote_stance"]),
        Head.from_json(data["quote_assessment"]) if "quote_assessment" in data else None,
        DenseHead.from_json(data["embedding"]) if "embedding" in data else None,
        float(data.get("neutral_prior", 0.0))))
    if model is None:
        return None
    if model.quote_stance.labels != STANCES:
        raise ValueError(f"{path}: labels {model.quote_stance.labels} are not {STANCES}")
    if (model.quote_assessment is None) != (model.embedding is None) or (
            model.quote_assessment is not None and not (model.quote_assessment.labels == model.embedding.labels == LABELS
                                                        and model.embedding.weights.shape[0] == EMBEDDING_DIM)):
        raise ValueError(f"{path}: the quote assessment heads are incomplete, not labelled {LABELS} or not "
                         f"for {EMBEDDING_DIM}-d states; retrain with python -m monitor.nlp.stance_train --context-model")
    return model
