"""The embedding model: loaded from the installed package's files only, never the network,
never at console start-up; its failure is one line; hostile text goes through it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bench.suggestions import DEV_SET, TARGETS, quality
from rmworkshop.core.errors import Refused
from rmworkshop.suggestions import ModelUnavailable, model
from tests.helpers import hostile_inputs

NO_NETWORK = """
import socket, sys

class Cut(OSError):
    pass

def refuse(*args, **kwargs):
    raise Cut("the network is cut off in this test")

class NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        refuse()

socket.socket = NoSocket
socket.create_connection = refuse
socket.getaddrinfo = refuse
socket.socketpair = refuse
"""

PROBE = (
    NO_NETWORK
    + """
from rmworkshop.suggestions.model import embedder
vectors = embedder().embed(["Publish pay bands for every role", "publish salary bands", ""])
assert vectors.shape == (3, 256), vectors.shape
assert abs(float(vectors[0] @ vectors[0]) - 1) < 1e-4
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] in {"wordllama", "requests", "huggingface_hub", "urllib3", "httpx"}
)
print(",".join(loaded))
"""
)


def _fresh(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    """A new interpreter with an empty home (no model cache to fall back on) and no hub
    settings from this machine."""
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


def test_the_model_loads_and_embeds_with_every_socket_refused(tmp_path: Path) -> None:
    result = _fresh(PROBE, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"network-capable modules loaded: {result.stdout}"
    assert not any(tmp_path.iterdir()), "nothing is cached or written in the home folder"


def test_the_cut_network_is_really_cut(tmp_path: Path) -> None:
    """The probe above would notice a connection attempt."""
    code = NO_NETWORK + "socket.create_connection(('127.0.0.1', 9))\n"
    result = _fresh(code, tmp_path)
    assert result.returncode != 0
    assert "the network is cut off" in result.stderr


def test_a_missing_model_is_one_line_and_never_a_download(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        model, "model_files", lambda: (tmp_path / "none.safetensors", tmp_path / "none.json")
    )
    model.embedder.cache_clear()
    try:
        with pytest.raises(ModelUnavailable) as caught:
            model.embedder()
    finally:
        model.embedder.cache_clear()
    assert isinstance(caught.value, Refused)
    assert str(caught.value) == model.UNAVAILABLE
    assert list(tmp_path.iterdir()) == []


def test_the_installed_package_holds_the_model_files() -> None:
    weights, tokenizer = model.model_files()
    assert weights.is_file() and tokenizer.is_file()


def test_hostile_cards_embed_without_error() -> None:
    texts = hostile_inputs()
    vectors = model.embedder().embed(texts)
    assert vectors.shape == (len(texts), 256)
    assert np.isfinite(vectors).all()


def test_quality_on_the_development_set() -> None:
    assert DEV_SET.is_file()
    measured = quality()
    found, baseline = measured.model, measured.baseline
    assert found.precision >= TARGETS["precision"], found
    assert found.f1 >= TARGETS["f1 ratio"] * baseline.f1, (found, baseline)
    assert found.top_ten >= TARGETS["top ten"], found
    # Words and vectors together do no worse than the vectors alone did.
    assert found.f1 >= measured.embedding_alone.f1, measured
