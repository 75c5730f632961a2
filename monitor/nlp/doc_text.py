"""A doc's text and token words, built once per doc.

spaCy rebuilds Doc.text from the tokens on every access (one Python Token object per token), and every
claim-layer component reads the text: it is kept beside the doc under a weak reference, so it goes
with the doc. The components only label spans after the tokenizer, never change the text; the cached
entry is still checked against the doc's length."""
from __future__ import annotations

import weakref

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc

_TEXT: weakref.WeakKeyDictionary[Doc, tuple[int, str]] = weakref.WeakKeyDictionary()


def text_of(doc: Doc) -> str:
    """doc.text, computed once per doc."""
    hit = _TEXT.get(doc)
    if hit is not None and hit[0] == len(doc):
        return hit[1]
    strings = doc.vocab.strings  # from the ORTH and SPACY arrays: no Token objects (Doc.text makes one a token)
    text = "".join(strings[o] + " " if sp else strings[o] for o, sp in doc.to_array([ORTH, SPACY]).tolist())
    _TEXT[doc] = (len(doc), text)
    return text


def remember_text(doc: Doc, text: str) -> None:
    """The text a doc was made from, so text_of need not rebuild it (the tokenizer keeps every character)."""
    _TEXT[doc] = (len(doc), text)


def words_of(doc: Doc) -> list[str]:
    """Token texts in order, read from the ORTH array (no Token objects)."""
    strings = doc.vocab.strings
    return [strings[o] for o in doc.to_array(ORTH).tolist()]
