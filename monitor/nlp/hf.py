"""Optional transformers backend for stance and assessment (extra `transformers`).

Loads a local model directory (Settings.transformers_model, never a hub
download) with the ordinary transformers Auto classes and decides each
sentence or quote the lexicon would have decided, so topics, evidence and the
article vote stay the same. Two kinds of model work:

- an NLI model (labels entailment/neutral/contradiction, e.g. a multilingual
  XNLI model): zero-shot, each label's hypothesis from topics.yaml
  (`hypotheses`) is scored and the most entailed stance and assessment win;
- a fine-tuned classifier whose labels are "stance/assessment"
  ("pro/negative", "neutral/neutral", …).

torch and transformers are imported here only, so the base install never
loads them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from monitor.nlp.stance import Decision
from monitor.nlp.stance_topics import Topic

STANCES = ("pro", "contra", "neutral")
ASSESSMENTS = ("positive", "negative", "neutral")
DEFAULT_HYPOTHESES = {
    "pro": "Teks ini mendukung {name}.",
    "contra": "Teks ini menentang {name} atau memperingatkan bahwa {name} merugikan.",
    "neutral": "Teks ini hanya melaporkan {name} tanpa sikap.",
    "positive": "{name} digambarkan berkembang baik.",
    "negative": "{name} digambarkan masih kurang atau bermasalah.",
}


class NLIBackend:
    """Stance/assessment from a local transformers sequence classifier."""

    def __init__(self, model_dir: str | Path, batch_size: int = 16, max_length: int = 256):
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        path = Path(model_dir)
        if not path.is_dir():
            raise FileNotFoundError(f"transformers model directory not found: {path}")
        self._torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=True).eval()
        self.batch_size, self.max_length = batch_size, max_length
        labels = {int(i): str(l).lower() for i, l in self.model.config.id2label.items()}
        self.entail = next((i for i, l in labels.items() if l.startswith("entail")), None)
        self.contradict = next((i for i, l in labels.items() if l.startswith("contradict")), None)
        self.pairs = {i: tuple(l.split("/")) for i, l in labels.items() if l.count("/") == 1}
        if self.entail is None and not self.pairs:
            raise ValueError(f"{path}: labels {sorted(labels.values())} are neither NLI nor stance/assessment")
        self.version = f"hf:{path.name}"

    def _logits(self, first: list[str], second: list[str] | None = None):
        out = []
        for k in range(0, len(first), self.batch_size):
            a = first[k:k + self.batch_size]
            b = second[k:k + self.batch_size] if second is not None else None
            enc = self.tokenizer(a, b, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")
            with self._torch.no_grad():
                out.append(self.model(**enc).logits)
        return self._torch.cat(out) if out else self._torch.empty(0)

    def decide(self, texts: Sequence[str], topic: Topic) -> list[Decision]:
        texts = list(texts)
        if not texts:
            return []
        if self.entail is None:
            return self._classify(texts)
        return self._zero_shot(texts, topic)

    def _classify(self, texts: list[str]) -> list[Decision]:
        probs = self._logits(texts).softmax(-1)
        out = []
        for text, row in zip(texts, probs):
            best = max(self.pairs, key=lambda i: float(row[i]))
            stance, assessment = self.pairs[best]
            out.append(Decision(stance if stance in STANCES else "neutral",
                                assessment if assessment in ASSESSMENTS else "neutral", (text,)))
        return out

    def _zero_shot(self, texts: list[str], topic: Topic) -> list[Decision]:
        labels = STANCES + ASSESSMENTS[:2]
        hyps = [(topic.hypotheses.get(l) or DEFAULT_HYPOTHESES[l]).format(name=topic.name) for l in labels]
        premises = [t for t in texts for _ in hyps]
        logits = self._logits(premises, hyps * len(texts))
        cols = [self.entail] + ([self.contradict] if self.contradict is not None else [])
        entail = logits[:, cols].softmax(-1)[:, 0].reshape(len(texts), len(labels))
        out = []
        for text, row in zip(texts, entail):
            scores = dict(zip(labels, (float(x) for x in row)))
            stance = max(STANCES, key=scores.get)
            pos, neg = scores["positive"], scores["negative"]
            assessment = "neutral" if max(pos, neg) < 0.5 or abs(pos - neg) < 0.1 else ("positive" if pos > neg else "negative")
            out.append(Decision(stance, assessment, (text,)))
        return out
