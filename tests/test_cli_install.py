"""A broken or shadowed installation: one clear message at start-up, never one error a document."""

import json
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import Extractor, errors, lexicons
from extractor.quotes import cues

ROOT = Path(__file__).resolve().parent.parent


def clone(tmp_path: Path, models: bool = True) -> Path:
    """A source checkout: extractor/ and (optionally) models/ side by side, nothing installed."""
    root = tmp_path / "clone"
    shutil.copytree(ROOT / "extractor", root / "extractor",
                    ignore=shutil.ignore_patterns("__pycache__"))
    if models:
        shutil.copytree(ROOT / "models", root / "models")
    (root / "in.jsonl").write_text(json.dumps({"id": "a", "text": "Путин приехал в Казань."})
                                   + "\n", encoding="utf-8")
    return root


def run_from(root: Path, *argv: str) -> subprocess.CompletedProcess:
    """`python -m extractor …` run from the checkout's root, the dependencies importable but no
    editable install mapping `extractor.models` (as after a plain `pip install .`)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(site.getsitepackages())}
    return subprocess.run([sys.executable, "-S", "-m", "extractor", *argv], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_extractor_construction_raises_with_an_install_hint(monkeypatch, tmp_path):
    monkeypatch.setattr(lexicons, "SOURCE_MODELS", tmp_path / "nowhere")
    monkeypatch.setattr(lexicons, "files", _no_package)
    lexicons.directory.cache_clear()
    try:
        with pytest.raises(errors.BrokenInstall, match="pip install -e"):
            Extractor()
    finally:
        lexicons.directory.cache_clear()


def _no_package(name):
    raise ModuleNotFoundError(f"No module named {name!r}")


def test_a_lexicon_missing_mid_run_raises_instead_of_failing_each_document(
        extractor, monkeypatch):
    real = lexicons.lines.__wrapped__

    def lines(name):
        return real("no_such_lexicon") if name == "speech_verbs" else real(name)

    # (every cache built from the lexicons, so that the next document reads them again)
    caches = (lexicons.lines, lexicons.lexicon, lexicons.table, cues._cue_lexicons)
    for function in caches:
        function.cache_clear()
    monkeypatch.setattr(lexicons, "lines", lines)
    try:
        with pytest.raises(errors.BrokenInstall, match="no_such_lexicon"):
            extractor.process([("a", "«Мы готовы», — заявил Сергей Лавров.")])
    finally:
        monkeypatch.undo()
        for function in caches:
            function.cache_clear()


def test_a_missing_syntax_model_raises_at_construction_when_quotes_need_it(monkeypatch):
    from extractor import tag

    def missing():
        raise OSError("no slovnet_syntax_news_v1.tar")

    monkeypatch.setattr(tag, "load_syntax", missing)
    with pytest.raises(errors.BrokenInstall, match="slovnet_syntax"):
        Extractor()
    assert Extractor(quotes=False)("Путин приехал в Казань.").entities  # no parser wanted
