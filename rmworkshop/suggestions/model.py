"""The embedding model: WordLlama's ``l2_supercat`` static token embeddings (MIT licence),
256 dimensions, shipped inside the ``wordllama`` wheel.

Only its two files are read, by explicit path inside the installed package, with `tokenizers`
and `safetensors`; the ``wordllama`` package itself is never imported, because its loader
falls back to downloading from the Hugging Face hub when a file is missing, and importing it
costs a third of a second and configures logging. A missing or damaged file is
`ModelUnavailable`, never a download.

A card's vector is the average of its tokens' vectors (lower-cased text), each weighted by how
rare the token is among the cards compared (inverse document frequency), so that the words
every card shares count less; the vectors are then centred on their mean and scaled to unit
length.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rmworkshop.suggestions import ModelUnavailable

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from tokenizers import Tokenizer

PACKAGE = "wordllama"
WEIGHTS = ("weights", "l2_supercat_256.safetensors")
TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")
TENSOR = "embedding.weight"
UNAVAILABLE = "Merge suggestions are unavailable: their model could not be loaded."


def model_files() -> tuple[Path, Path]:
    """The installed weights and tokenizer files, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(UNAVAILABLE)
    root = Path(next(iter(spec.submodule_search_locations)))
    return root.joinpath(*WEIGHTS), root.joinpath(*TOKENIZER)


class Embedder:
    def __init__(self, table: npt.NDArray[np.float16], tokenizer: Tokenizer) -> None:
        self._table = table
        self._tokenizer = tokenizer

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One unit vector per text (a zero vector for a text with no tokens)."""
        import numpy as np

        encoded = self._tokenizer.encode_batch(
            [text.lower() for text in texts], add_special_tokens=False
        )
        ids = [[i for i in e.ids if 0 <= i < self._table.shape[0]] for e in encoded]
        documents: dict[int, int] = {}
        for row in ids:
            for token in set(row):
                documents[token] = documents.get(token, 0) + 1
        count = len(texts)
        out = np.zeros((count, self._table.shape[1]), dtype=np.float32)
        for index, row in enumerate(ids):
            if not row:
                continue
            weights = np.array(
                [math.log((count + 1) / (documents[token] + 0.5)) for token in row],
                dtype=np.float32,
            )
            total = float(weights.sum())
            if total <= 0:
                weights, total = np.ones(len(row), dtype=np.float32), float(len(row))
            out[index] = (self._table[row].astype(np.float32) * weights[:, None]).sum(0) / total
        out = _unit(out)
        present = np.linalg.norm(out, axis=1) > 0
        if present.any():
            out[present] = _unit(out[present] - out[present].mean(axis=0))
        return out


def _unit(vectors: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    import numpy as np

    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    scaled: npt.NDArray[np.float32] = vectors / norms
    return scaled


@functools.cache
def embedder() -> Embedder:
    """The model, loaded once per process from the installed files only."""
    weights, tokenizer_file = model_files()
    try:
        from safetensors import safe_open
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        with safe_open(str(weights), framework="np") as tensors:
            table = tensors.get_tensor(TENSOR)
    except Exception:  # a missing, damaged or incompatible file: the same one line
        raise ModelUnavailable(UNAVAILABLE) from None
    if getattr(table, "ndim", 0) != 2:
        raise ModelUnavailable(UNAVAILABLE)
    return Embedder(table, tokenizer)
