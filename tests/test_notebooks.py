"""Both notebooks run top to bottom in a kernel of this interpreter, and are stored clean."""

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
KERNEL = "extractor-tests"
PAGES = sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory):
    """A kernel spec for this very interpreter, found first through JUPYTER_PATH."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "extractor tests", "language": "python",
    }))
    return root


def _outputs(nb, tag: str) -> str:
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    return json.dumps([c.get("outputs", []) for c in cells], ensure_ascii=False)


def test_both_notebooks_are_there():
    assert [p.name for p in PAGES] == ["01-quickstart.ipynb", "02-corpus.ipynb"]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_notebook_executes(path, kernel_dir, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_dir))
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, kernel_name=KERNEL, timeout=600,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError naming the failing cell
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    if path.stem.startswith("01"):
        html = json.dumps([o.get("data", {}).get("text/html", "")
                           for c in nb.cells for o in c.get("outputs", [])], ensure_ascii=False)
        assert "ex-doc" in html and "ex-quote" in html  # the HTML view, with quotes
        # The seed's two main speakers are listed with their quotes.
        speakers = _outputs(nb, "speakers")
        assert "Сергей Рябков (" in speakers and "Майк Помпео (" in speakers
    else:
        assert "image/png" in _outputs(nb, "chart")  # who is quoted most, as a bar chart
        assert "speaker: None" not in _outputs(nb, "person")
