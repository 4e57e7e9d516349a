"""Records of every benchmark corpus, to show that a restructuring changed none of them.

    .venv/bin/python benchmarks/identical.py dump before.jsonl.gz [--data DIR] [--limit N]
    ... change the code ...
    .venv/bin/python benchmarks/identical.py dump after.jsonl.gz
    .venv/bin/python benchmarks/identical.py compare before.jsonl.gz after.jsonl.gz

`dump` runs the extractor over the texts the quality benchmarks read (quotes-dev, the
FactRuEval devset, BSNLP, NEREL train and dev) and writes one line per document: its
record (`to_dict()`), a digest of its tokens with their tags and lemmas, and, for the
FactRuEval and BSNLP documents, what `benchmarks/entities.py` scores on gold spans (normal
forms and person clusters). `compare` prints the documents whose lines differ and exits
1 if any does. DATA defaults to ../shared/data.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def texts(data: Path, limit: int | None) -> list[tuple[str, str, str]]:
    """(corpus, id, text) of every document the benchmarks read, in a fixed order."""
    out: list[tuple[str, str, str]] = []
    for path in sorted((data / "quotes-dev").glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            out.extend(("quotes-dev", doc["id"], doc["text"])
                       for doc in map(json.loads, handle) if doc)
    for corpus, pattern in (("factru", "factru/devset/*.txt"), ("bsnlp", "bsnlp/raw/*/ru/*.txt"),
                            ("nerel", "nerel/*/*/*.txt")):
        for path in sorted(data.glob(pattern)):
            out.append((corpus, str(path.relative_to(data)), path.read_text(encoding="utf-8")))
    if limit:
        out = out[:limit]
    return out


def token_digest(doc) -> str:
    digest = hashlib.sha1()
    for token in doc.tokens:
        digest.update(json.dumps([token.start, token.stop, token.text, token.pos,
                                  sorted(token.feats.items()), token.lemma, token.sentence],
                                 ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def oracle_lines(data: Path, limit: int | None) -> list[dict]:
    """What entities.py scores on gold spans, per document, as plain data."""
    from entities import load_bsnlp, load_factru, run_ours

    docs = load_factru(data / "factru" / "devset", limit) + load_bsnlp(data / "bsnlp", limit)
    lines = []
    for doc, output in zip(docs, run_ours(docs), strict=True):
        lines.append({
            "corpus": "oracle-" + doc.corpus, "id": doc.id,
            "spans": sorted(output.spans),
            "normals": sorted([list(k), v] for k, v in output.normals.items()),
            "clusters": sorted([list(k), str(v)] for k, v in output.clusters.items()),
            "own_normals": sorted([list(k), v] for k, v in output.own_normals.items()),
            "roles": sorted([[list(map(list, m)), list(r)] for m, r in output.own_roles]),
        })
    return lines


def dump(args: argparse.Namespace) -> int:
    from extractor import Extractor

    data = Path(args.data)
    items = texts(data, args.limit)
    model = Extractor()
    with gzip.open(args.path, "wt", encoding="utf-8") as out:
        results = model.pipe(((f"{c}\t{i}", t) for c, i, t in items), batch_size=32)
        for (corpus, id, _), doc in zip(items, results, strict=True):
            line = {"corpus": corpus, "id": id, "record": doc.to_dict(),
                    "tokens": token_digest(doc)}
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        if not args.no_oracle:
            for line in oracle_lines(data, args.limit):
                out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(items)} documents -> {args.path}", file=sys.stderr)
    return 0


def _read(path: str) -> dict[tuple[str, str], str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = [json.loads(line) for line in handle]
    return {(line["corpus"], line["id"]): json.dumps(line, ensure_ascii=False, sort_keys=True)
            for line in lines}


def compare(args: argparse.Namespace) -> int:
    before, after = _read(args.before), _read(args.after)
    differ = [key for key in before if key in after and before[key] != after[key]]
    missing = sorted(set(before) ^ set(after))
    for corpus, id in differ[:args.show]:
        print(f"differs: {corpus} {id}")
    for corpus, id in missing[:args.show]:
        print(f"only in one: {corpus} {id}")
    print(f"{len(before)} / {len(after)} lines; {len(differ)} differ, {len(missing)} in one only")
    return 1 if differ or missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("dump", help="write the records of every benchmark corpus")
    one.add_argument("path")
    one.add_argument("--data", default=str(DEFAULT_DATA))
    one.add_argument("--limit", type=int, default=None, help="first N documents of each kind")
    one.add_argument("--no-oracle", action="store_true", help="skip the gold-span pass")
    two = sub.add_parser("compare", help="list the documents whose lines differ")
    two.add_argument("before")
    two.add_argument("after")
    two.add_argument("--show", type=int, default=20, help="print at most this many ids")
    args = parser.parse_args(argv)
    return dump(args) if args.command == "dump" else compare(args)


if __name__ == "__main__":
    sys.exit(main())
