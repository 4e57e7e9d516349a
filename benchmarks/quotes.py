"""Quote detection and attribution on quotes-dev (scoring as its README says).

    .venv/bin/python benchmarks/quotes.py [DATA] [--limit N] [--doc ID] [--misses] [--no-syntax]

DATA defaults to ../shared/data/quotes-dev (relative to the repo root); every
*.jsonl in it is read. Predicted and gold quotes of a document are paired
one-to-one by the largest character Jaccard (≥ 0.5); detection counts pairs,
attribution counts pairs whose speaker names agree, exact bounds compares pairs
after trimming spaces, punctuation and quote marks.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "quotes-dev"
TRIM = " \t\n\r\u00a0.,;:!?…—–-«»„“”\"'()[]"


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def pair(predicted: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), largest overlap first, overlap ≥ 0.5."""
    scored = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            score = jaccard((p["start"], p["stop"]), (g["start"], g["stop"]))
            if score >= 0.5:
                scored.append((score, i, j))
    scored.sort(key=lambda item: -item[0])
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in scored:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _key(word: str) -> str:
    return word.lower().replace("ё", "е").strip(".")


def _person_agrees(pred: str, gold: str) -> bool:
    p, g = pred.split(), gold.split()
    if not p or not g or _key(p[-1]) != _key(g[-1]):
        return False
    if len(p) > 1 and len(g) > 1:
        a, b = _key(p[0]), _key(g[0])
        return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))
    return True


def names_agree(pred: str | None, gold: str | None, gold_type: str | None) -> bool:
    """Speaker names agree by the README's rules (persons by surname, others by words)."""
    if pred is None or gold is None:
        return pred is None and gold is None
    for one in gold.split(" и "):
        one = one.strip()
        if gold_type == "PER":
            if _person_agrees(pred, one):
                return True
            continue
        a, b = {_key(w) for w in pred.split()}, {_key(w) for w in one.split()}
        if a and b and (a <= b or b <= a):
            return True
    return False


def trimmed(text: str) -> str:
    return text.strip(TRIM)


def prf(hit_p: int, n_pred: int, hit_g: int, n_gold: int) -> tuple[float, float, float]:
    p = hit_p / n_pred if n_pred else 0.0
    r = hit_g / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=None, help="first N documents")
    parser.add_argument("--doc", default=None, help="only documents whose id contains this")
    parser.add_argument("--misses", action="store_true", help="print misses and false alarms")
    parser.add_argument("--no-syntax", action="store_true",
                        help="rules only: no syntax parse of the cue sentences")
    args = parser.parse_args(argv)

    docs = []
    for path in sorted(Path(args.data).glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            docs.extend(json.loads(line) for line in handle if line.strip())
    if args.doc:
        docs = [d for d in docs if args.doc in d["id"]]
    if args.limit:
        docs = docs[:args.limit]
    if not docs:
        print("no documents", file=sys.stderr)
        return 1

    import extractor.quotes
    from extractor import Extractor

    extractor.quotes.SYNTAX = not args.no_syntax
    model = Extractor()
    started, cpu = time.perf_counter(), time.process_time()
    results = list(model.pipe((d["id"], d["text"]) for d in docs))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu

    n_pred = n_gold = n_pairs = n_agree = n_exact = 0
    by_kind, by_kind_hit = Counter(), Counter()
    for doc, result in zip(docs, results, strict=True):
        text = doc["text"]
        gold = doc["quotes"]
        predicted = [q.to_dict() for q in result.quotes]
        pairs = pair(predicted, gold)
        n_pred += len(predicted)
        n_gold += len(gold)
        n_pairs += len(pairs)
        for g in gold:
            by_kind[g["kind"]] += 1
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        lines = []
        for i, j in pairs:
            p, g = predicted[i], gold[j]
            by_kind_hit[g["kind"]] += 1
            gs, ps = g.get("speaker") or {}, p.get("speaker") or {}
            agree = names_agree(ps.get("name"), gs.get("name"), gs.get("type"))
            n_agree += agree
            exact = trimmed(p["text"]) == trimmed(g["text"])
            n_exact += exact
            if not agree:
                lines.append(f"  SPEAKER  pred={ps.get('mention')!r}->{ps.get('name')!r} "
                             f"gold={gs.get('mention')!r}->{gs.get('name')!r} "
                             f"[{p['rule']}] {g['text'][:70]!r}")
            if not exact:
                lines.append(f"  BOUNDS   [{p['rule']}]\n     pred={p['text'][:300]!r}\n"
                             f"     gold={g['text'][:300]!r}")
        for j, g in enumerate(gold):
            if j not in matched_g:
                gs = g.get("speaker") or {}
                context = text[max(0, g["start"] - 80):g["start"]]
                lines.append(f"  MISSED   {g['kind']} cue={g['cue']!r} "
                             f"speaker={gs.get('mention')!r}\n     ...{context!r}"
                             f"[[{g['text'][:200]!r}]]")
        for i, p in enumerate(predicted):
            if i not in matched_p:
                ps = p.get("speaker") or {}
                lines.append(f"  EXTRA    {p['kind']} [{p['rule']}] cue={p['cue']!r} "
                             f"speaker={ps.get('name')!r}: {p['text'][:200]!r}")
        if args.misses and lines:
            print(f"## {doc['id']}")
            print("\n".join(lines))

    dp, dr, df = prf(n_pairs, n_pred, n_pairs, n_gold)
    ap, ar, af = prf(n_agree, n_pred, n_agree, n_gold)
    print(f"\ndocuments {len(docs)}  gold {n_gold}  predicted {n_pred}  pairs {n_pairs}  "
          f"({elapsed:.1f} s, CPU {cpu:.2f} s, syntax {'off' if args.no_syntax else 'on'})")
    print(f"{'':14}{'P':>7}{'R':>7}{'F1':>7}")
    print(f"{'detection':14}{dp:7.3f}{dr:7.3f}{df:7.3f}")
    print(f"{'attribution':14}{ap:7.3f}{ar:7.3f}{af:7.3f}")
    print(f"{'exact bounds':14}{(n_exact / n_pairs if n_pairs else 0):7.3f}  of matched pairs")
    for kind in sorted(by_kind):
        print(f"recall {kind:8}{by_kind_hit[kind] / by_kind[kind]:7.3f}  "
              f"({by_kind_hit[kind]}/{by_kind[kind]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
