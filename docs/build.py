"""Build the documentation into one folder of HTML pages, offline.

    python docs/build.py [OUT] [--no-execute]

Pages: the Markdown files of docs/ (the record contract, the command line with the full
`--help` of each command, generated), the Python API reference from the docstrings (pdoc),
and the notebooks rendered (nbconvert), executed first unless `--no-execute`. Needs the
`docs` extra: `pip install 'extractor-ru[docs]'`.
"""

from __future__ import annotations

import argparse
import html
import io
import os
import re
import sys
from contextlib import redirect_stdout
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
PAGES = ("index", "records", "cli")
STYLE = ("body{max-width:52rem;margin:2rem auto;padding:0 1rem;font:16px/1.5 system-ui,sans-serif}"
         "pre,code{background:#f5f5f5}pre{padding:.6rem;overflow-x:auto}"
         "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem}")


def page(title: str, body: str) -> str:
    return (f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style><nav><a href='index.html'>extractor</a> · "
            "<a href='records.html'>records</a> · <a href='cli.html'>command line</a> · "
            "<a href='api/extractor.html'>Python API</a> · "
            "<a href='notebooks/01-quickstart.html'>notebooks</a></nav>" + body)


def cli_help() -> str:
    """The `--help` of the command and of each subcommand, as Markdown."""
    from extractor import cli

    parser = cli.parser()
    parts = [("extractor", parser)]
    for action in parser._subparsers._group_actions:  # argparse keeps subcommands here only
        parts += [(f"extractor {name}", sub) for name, sub in action.choices.items()]
    out = ["\n## Every option\n"]
    for name, sub in parts:
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            sub.print_help()
        out.append(f"\n### `{name}`\n\n```text\n{buffer.getvalue()}```\n")
    return "".join(out)


def markdown_pages(out: Path) -> None:
    import markdown2  # pdoc's own Markdown renderer

    for name in PAGES:
        text = (DOCS / f"{name}.md").read_text(encoding="utf-8")
        if name == "cli":
            text += cli_help()
        text = re.sub(r"\.md(#|\))", r".html\1", text)  # links between the pages
        body = markdown2.markdown(text, extras=["fenced-code-blocks", "tables",
                                                "header-ids", "code-friendly"])
        title = text.splitlines()[0].lstrip("# ")
        (out / f"{name}.html").write_text(page(title, body), encoding="utf-8")


def api(out: Path) -> None:
    import pdoc

    pdoc.render.configure(docformat="markdown", footer_text="extractor")
    modules = ["extractor", "extractor.tables", "extractor.frames", "extractor.records",
               "extractor.pipeline", "extractor.corpus", "extractor.spacy", "extractor.dask",
               "extractor.display", "extractor.io.readers", "extractor.io.writers",
               "extractor.io.run", "extractor.cli"]
    pdoc.pdoc(*modules, output_directory=out / "api")


def notebooks(out: Path, execute: bool) -> None:
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import ExecutePreprocessor

    target = out / "notebooks"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if execute:
            ExecutePreprocessor(timeout=600, kernel_name="python3").preprocess(
                nb, {"metadata": {"path": str(path.parent)}})
        body, _ = HTMLExporter().from_notebook_node(nb)
        (target / f"{path.stem}.html").write_text(body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("out", nargs="?", default=str(DOCS / "_build"))
    options.add_argument("--no-execute", action="store_true",
                         help="render the notebooks as stored (no outputs)")
    args = options.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ["COLUMNS"] = "100"  # argparse wraps the help to this width
    markdown_pages(out)
    api(out)
    notebooks(out, not args.no_execute)
    print(f"docs: {out / 'index.html'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
