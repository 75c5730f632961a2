"""The spaCy embedding layer with e5 features: hash embeddings ⊕ e5 word states → Maxout.

Registered by entry point (spacy_architectures), so a saved pipeline that names it loads with
only the monitor package installed. The e5 layer is frozen (no gradient): it is a feature
extractor, and fine-tuning a transformer does not fit the CPU budget.
"""
from __future__ import annotations

from typing import Callable

import spacy
from thinc.api import Maxout, Model, chain, concatenate, with_array
from thinc.types import Floats2d
from spacy.tokens import Doc

from monitor.nlp.e5 import features


def e5_word_features(layers: int, window: int, keep: tuple[int, ...] | None = None) -> Model[list[Doc], list[Floats2d]]:
    """Frozen per-word e5 states after `layers` encoder layers, or (`keep`) those after each listed
    layer count side by side (0: the embeddings), from one encoder pass."""
    keep = tuple(sorted(set(keep))) if keep else None

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Floats2d], Callable]:
        keys = [(keep or layers, window, tuple(t.text for t in doc)) for doc in docs]
        states = [features.CACHE.get(key) for key in keys]
        todo = [i for i, st in enumerate(states) if st is None]
        if todo:  # the batch's texts in one engine call: short texts share the encoder's matmuls
            for i, st in zip(todo, features.engine().many([list(keys[i][2]) for i in todo], layers, window, keep)):
                states[i] = st
                features.CACHE.put(keys[i], st)
        if not is_train and keep is None:  # the quote stance stage takes them (features.pop_word_states)
            for doc, st in zip(docs, states):
                doc.user_data[features.STATES_KEY] = (layers, st)
        return [model.ops.asarray2f(st) for st in states], lambda d_out: []

    width = features.DIM * (len(keep) if keep else 1)
    return Model("e5_features", forward, dims={"nO": width}, attrs={"layers": layers, "window": window, "keep": keep})


@spacy.registry.architectures("monitor.E5HashEmbed.v1")
def e5_hash_embed(width: int, attrs: list[str], rows: list[int], include_static_vectors: bool,
                  e5_layers: int = 9, e5_window: int = 254) -> Model[list[Doc], list[Floats2d]]:
    hash_embed = spacy.registry.architectures.get("spacy.MultiHashEmbed.v2")(
        width=width, attrs=attrs, rows=rows, include_static_vectors=include_static_vectors)
    return chain(concatenate(hash_embed, e5_word_features(e5_layers, e5_window)),
                 with_array(Maxout(width, width + features.DIM, nP=3, normalize=True)))


@spacy.registry.architectures("monitor.E5HashEmbed.v2")
def e5_hash_embed_v2(width: int, attrs: list[str], rows: list[int], include_static_vectors: bool,
                     e5_keep: list[int], e5_window: int = 254) -> Model[list[Doc], list[Floats2d]]:
    """As v1, with the states of several (low) encoder layers side by side (`e5_keep`, e.g. [0, 1, 2]):
    the encoder runs only max(e5_keep) layers, and the layers below the last add what it lost."""
    keep = tuple(sorted(set(int(k) for k in e5_keep)))
    from spacy.ml.models.tok2vec import MultiHashEmbed  # spacy.MultiHashEmbed.v2

    hash_embed = MultiHashEmbed(width=width, attrs=attrs, rows=rows, include_static_vectors=include_static_vectors)
    return chain(concatenate(hash_embed, e5_word_features(keep[-1], e5_window, keep)),
                 with_array(Maxout(width, width + features.DIM * len(keep), nP=3, normalize=True)))
