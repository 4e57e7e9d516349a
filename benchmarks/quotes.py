"""Quote detection and attribution on quotes-dev (scoring as its README says).

    .venv/bin/python benchmarks/quotes.py [DATA] [--limit N] [--doc ID] [--misses] [--no-syntax]
                                          [--sets ann5,ann6] [--sources NEREL,BSNLP-2021]
    .venv/bin/python benchmarks/quotes.py [DATA] --check [--develop SETS] [--confirm SETS]

DATA defaults to ../shared/data/quotes-dev (relative to the repo root); every
*.jsonl in it is read. Predicted and gold quotes of a document are paired
one-to-one by the largest character Jaccard (≥ 0.5); detection counts pairs,
attribution counts pairs whose speaker names agree, exact bounds compares pairs
after trimming spaces, punctuation and quote marks.

Besides the totals it prints one row per slice: the sets the rules were first tuned on
(ann1, ann2) apart from those added later (ann5-ann8), each by source, and each source
over both. A rule is checked on a slice it was not written from before it is trusted
(`--sets`/`--sources` run one slice alone).

`--check` is the cross-source check of the quote helpers' protocol: it scores the sets a
change was developed on (`--develop`, default ann1,ann2,ann5,ann7) and the sets that confirm
it (`--confirm`, default ann6,ann8) in one run and prints them side by side, per source too.
With `--misses` it prints the misses of the development sets only: the confirming sets stand
in for unseen text, so only their totals are shown.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `../shared` beside the checkout, or beside the folder of worktrees it sits in
DEFAULT = next((p for p in (ROOT.parent / "shared" / "data" / "quotes-dev",
                            ROOT.parent.parent / "shared" / "data" / "quotes-dev") if p.exists()),
               ROOT.parent / "shared" / "data" / "quotes-dev")
DEVELOP = ("ann1", "ann2", "ann5", "ann7")  # read their misses freely
CONFIRM = ("ann6", "ann8")  # totals only: the stand-in for unseen text
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


TUNED = ("ann1", "ann2")  # the sets the rules were first tuned on; the rest came later


@dataclass
class Tally:
    """Counts for one slice of the documents (a set, a source, or all)."""

    pred: int = 0
    gold: int = 0
    pairs: int = 0
    agree: int = 0
    exact: int = 0
    kinds: Counter = field(default_factory=Counter)
    kinds_hit: Counter = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        for name in ("pred", "gold", "pairs", "agree", "exact"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.kinds.update(other.kinds)
        self.kinds_hit.update(other.kinds_hit)

    def row(self, label: str, docs: int) -> str:
        _, _, df = prf(self.pairs, self.pred, self.pairs, self.gold)
        _, _, af = prf(self.agree, self.pred, self.agree, self.gold)
        recalls = " ".join(f"{self.kinds_hit[k] / self.kinds[k]:.3f}" if self.kinds[k] else "  -  "
                           for k in KINDS)
        return f"{label:34}{docs:5}{self.gold:6}{df:7.3f}{af:7.3f}   {recalls}"


KINDS = ("direct", "indirect", "mixed")


def load(folder: Path) -> list[dict]:
    """Every gold document of the folder, each with `set` (its file's name) added."""
    docs = []
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    doc = json.loads(line)
                    doc["set"] = path.stem
                    docs.append(doc)
    return docs


def score(doc: dict, predicted: list[dict], misses: list[str]) -> Tally:
    """Pair one document's quotes with its gold and count; explain the differences in `misses`."""
    text, gold = doc["text"], doc["quotes"]
    tally = Tally(pred=len(predicted), gold=len(gold))
    pairs = pair(predicted, gold)
    tally.pairs = len(pairs)
    for g in gold:
        tally.kinds[g["kind"]] += 1
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    for i, j in pairs:
        p, g = predicted[i], gold[j]
        tally.kinds_hit[g["kind"]] += 1
        gs, ps = g.get("speaker") or {}, p.get("speaker") or {}
        agree = names_agree(ps.get("name"), gs.get("name"), gs.get("type"))
        tally.agree += agree
        exact = trimmed(p["text"]) == trimmed(g["text"])
        tally.exact += exact
        if not agree:
            misses.append(f"  SPEAKER  pred={ps.get('mention')!r}->{ps.get('name')!r} "
                          f"gold={gs.get('mention')!r}->{gs.get('name')!r} "
                          f"[{p['rule']}] {g['text'][:70]!r}")
        if not exact:
            misses.append(f"  BOUNDS   [{p['rule']}]\n     pred={p['text'][:300]!r}\n"
                          f"     gold={g['text'][:300]!r}")
    for j, g in enumerate(gold):
        if j not in matched_g:
            gs = g.get("speaker") or {}
            context = text[max(0, g["start"] - 80):g["start"]]
            misses.append(f"  MISSED   {g['kind']} cue={g['cue']!r} "
                          f"speaker={gs.get('mention')!r}\n     ...{context!r}"
                          f"[[{g['text'][:200]!r}]]")
    for i, p in enumerate(predicted):
        if i not in matched_p:
            ps = p.get("speaker") or {}
            misses.append(f"  EXTRA    {p['kind']} [{p['rule']}] cue={p['cue']!r} "
                          f"speaker={ps.get('name')!r}: {p['text'][:200]!r}")
    return tally


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=None, help="first N documents")
    parser.add_argument("--doc", default=None, help="only documents whose id contains this")
    parser.add_argument("--sets", default=None,
                        help="only these gold files, comma-separated (e.g. ann5,ann6)")
    parser.add_argument("--sources", default=None,
                        help="only these sources, comma-separated "
                             "(FactRuEval-2016,BSNLP-2021,NEREL,seed)")
    parser.add_argument("--misses", action="store_true", help="print misses and false alarms")
    parser.add_argument("--rules", action="store_true",
                        help="per speaker rule (extractor.explain): how many matched quotes "
                             "it decided and how many of those it got right")
    parser.add_argument("--no-syntax", action="store_true",
                        help="rules only: no syntax parse of the cue sentences")
    parser.add_argument("--check", action="store_true",
                        help="develop and confirm sets side by side (the cross-source check)")
    parser.add_argument("--develop", default=",".join(DEVELOP),
                        help="with --check: the sets the change was developed on")
    parser.add_argument("--confirm", default=",".join(CONFIRM),
                        help="with --check: the sets that confirm it (totals only)")
    return parser.parse_args(argv)


def _select(docs: list[dict], args: argparse.Namespace) -> list[dict]:
    if args.check:
        wanted = set(args.develop.split(",")) | set(args.confirm.split(","))
        docs = [d for d in docs if d["set"] in wanted]
    if args.sets:
        docs = [d for d in docs if d["set"] in args.sets.split(",")]
    if args.sources:
        docs = [d for d in docs if d["source"] in args.sources.split(",")]
    if args.doc:
        docs = [d for d in docs if args.doc in d["id"]]
    return docs[:args.limit] if args.limit else docs


def _run(docs: list[dict], syntax: bool) -> tuple[list[list[dict]], float, float]:
    """The predicted quotes of each document, wall and CPU seconds."""
    import extractor.quotes
    from extractor import Extractor

    extractor.quotes.SYNTAX = syntax
    model = Extractor()
    started, cpu = time.perf_counter(), time.process_time()
    results = list(model.pipe((d["id"], d["text"]) for d in docs))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return [[q.to_dict() for q in r.quotes] for r in results], elapsed, cpu


def _totals(total: Tally) -> None:
    dp, dr, df = prf(total.pairs, total.pred, total.pairs, total.gold)
    ap, ar, af = prf(total.agree, total.pred, total.agree, total.gold)
    print(f"{'':14}{'P':>7}{'R':>7}{'F1':>7}")
    print(f"{'detection':14}{dp:7.3f}{dr:7.3f}{df:7.3f}")
    print(f"{'attribution':14}{ap:7.3f}{ar:7.3f}{af:7.3f}")
    print(f"{'exact bounds':14}{(total.exact / total.pairs if total.pairs else 0):7.3f}  "
          "of matched pairs")
    for kind in sorted(total.kinds):
        print(f"recall {kind:8}{total.kinds_hit[kind] / total.kinds[kind]:7.3f}  "
              f"({total.kinds_hit[kind]}/{total.kinds[kind]})")


def _side(tally: Tally, docs: int) -> str:
    """One side of the check table: docs, gold, detection P/R/F1, attribution F1, recalls."""
    dp, dr, df = prf(tally.pairs, tally.pred, tally.pairs, tally.gold)
    _, _, af = prf(tally.agree, tally.pred, tally.agree, tally.gold)
    recalls = "/".join(f"{tally.kinds_hit[k] / tally.kinds[k]:.2f}" if tally.kinds[k] else "-"
                       for k in KINDS)
    return f"{docs:4}{tally.gold:5}{dp:6.3f}{dr:6.3f}{df:6.3f}{af:6.3f} {recalls:14}"


def _check(docs: list[dict], tallies: list[Tally], args: argparse.Namespace) -> None:
    """Develop and confirm sets side by side, in total and per source."""
    sides = {"develop": set(args.develop.split(",")), "confirm": set(args.confirm.split(","))}
    rows: dict[str, dict[str, tuple[Tally, list[int]]]] = {}
    for doc, tally in zip(docs, tallies, strict=True):
        side = "develop" if doc["set"] in sides["develop"] else "confirm"
        for key in ("all", f"source {doc['source']}"):
            entry = rows.setdefault(key, {}).setdefault(side, (Tally(), [0]))
            entry[0].add(tally)
            entry[1][0] += 1
    head = f"{'docs':>4}{'gold':>5}{'P':>6}{'R':>6}{'detF1':>6}{'attF1':>6} {'rec d/i/m':14}"
    print(f"\n{'cross-source check':24}develop {args.develop:<37}confirm {args.confirm}")
    print(f"{'':24}{head}  {head}")
    blank = " " * len(head)
    for key in sorted(rows, key=lambda k: (k != "all", k)):
        cells = [_side(*rows[key][s][:1], rows[key][s][1][0]) if s in rows[key] else blank
                 for s in ("develop", "confirm")]
        print(f"{key:24}{cells[0]}  {cells[1]}")


def _last_rule(steps: tuple[str, ...]) -> str:
    """The resolver rule that decided: the last step that is not a rejection."""
    decided = [s for s in steps if not s.startswith(("phrase:", "rejected "))]
    return decided[-1] if decided else "(none)"


def _rules(docs: list[dict], args: argparse.Namespace) -> None:
    """Each speaker rule's record on the matched quotes: decided, right, precision."""
    from collections import Counter

    import extractor.quotes
    from extractor import Extractor, explain

    extractor.quotes.SYNTAX = not args.no_syntax
    model = Extractor()
    confirm = set(args.confirm.split(",")) if args.check else set()
    decided: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for doc in docs:
        if doc["set"] in confirm:
            continue  # the confirm sets stay totals only
        kept = [e for e in explain(doc["text"], model) if not e.dropped]
        predicted = [{"start": e.start, "stop": e.stop, "kind": e.kind} for e in kept]
        for i, j in pair(predicted, doc["quotes"]):
            rule = _last_rule(kept[i].steps)
            gold = doc["quotes"][j].get("speaker") or {}
            speaker = kept[i].speaker
            decided[rule] += 1
            right[rule] += names_agree(speaker.name if speaker else None, gold.get("name"),
                                       gold.get("type"))
    print(f"\n{'speaker rule':34}{'decided':>8}{'right':>7}{'P':>7}")
    for rule, count in decided.most_common():
        print(f"{rule:34}{count:8}{right[rule]:7}{right[rule] / count:7.2f}")


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    docs = _select(load(Path(args.data)), args)
    if not docs:
        print("no documents", file=sys.stderr)
        return 1
    predicted, elapsed, cpu = _run(docs, not args.no_syntax)

    total = Tally()
    tallies: list[Tally] = []
    slices: dict[str, tuple[Tally, list[int]]] = {}
    confirm = set(args.confirm.split(",")) if args.check else set()
    for doc, quotes in zip(docs, predicted, strict=True):
        misses: list[str] = []
        tally = score(doc, quotes, misses)
        tallies.append(tally)
        total.add(tally)
        group = "ann1+ann2 (tuned)" if doc["set"] in TUNED else "ann5-ann8 (later)"
        for key in (f"{group}", f"{group} {doc['source']}", f"source {doc['source']}"):
            entry = slices.setdefault(key, (Tally(), [0]))
            entry[0].add(tally)
            entry[1][0] += 1
        if args.misses and misses and doc["set"] not in confirm:
            print(f"## {doc['id']}")
            print("\n".join(misses))

    print(f"\ndocuments {len(docs)}  gold {total.gold}  predicted {total.pred}  "
          f"pairs {total.pairs}  "
          f"({elapsed:.1f} s, CPU {cpu:.2f} s, syntax {'off' if args.no_syntax else 'on'})")
    if args.rules:
        _rules(docs, args)
    if args.check:
        _check(docs, tallies, args)
        return 0
    _totals(total)
    print(f"\n{'slice':34}{'docs':>5}{'gold':>6}{'det F1':>7}{'att F1':>7}   "
          "recall direct/indirect/mixed")
    for key in sorted(slices):
        tally, count = slices[key]
        print(tally.row(key, count[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
