"""The documentation builds offline: the contract, the CLI reference, the API, the notebooks."""

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pdoc")
pytest.importorskip("nbconvert")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    done = subprocess.run([sys.executable, str(ROOT / "docs" / "build.py"), str(out),
                           "--no-execute"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out


def test_every_page_is_built(built):
    for page in ("index.html", "records.html", "cli.html", "api/extractor.html",
                 "api/extractor/tables.html", "notebooks/01-quickstart.html",
                 "notebooks/02-corpus.html"):
        assert (built / page).stat().st_size > 0, page


def test_the_cli_page_lists_every_option_of_the_parser(built):
    from extractor import cli

    page = (built / "cli.html").read_text(encoding="utf-8")
    extract = cli.parser()._subparsers._group_actions[0].choices["extract"]
    for action in extract._actions:
        for flag in action.option_strings:
            assert flag in page, flag


def test_links_between_pages_point_to_html(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="records.html"' in index and ".md\"" not in index
    assert "records.html#the-tables" in (built / "cli.html").read_text(encoding="utf-8")


def test_the_api_reference_comes_from_the_docstrings(built):
    frames = (built / "api" / "extractor" / "frames.html").read_text(encoding="utf-8")
    assert "meta" in frames and "to_frame" in frames
