"""Cross-document linking on BSNLP: ours (`extractor.corpus.link`) vs same-name clusters.

BSNLP gives every mention a cross-document entity id (the last column of
`bsnlp/ner/<topic>/ru/*.tsv`, e.g. `PER-Theresa-May`). For each topic, the PER and ORG gold
mentions are scored with B-cubed and pairwise precision, recall and F1:
- ours: each gold mention takes the corpus id of the document cluster holding it, after
  `extractor.corpus.link` over the topic's records;
- baseline, what a user can do today: mentions whose document clusters have the same name
  (case and `ё` aside) are one entity.
A gold mention no cluster holds is an entity of its own in both.

Records: by default the pipeline runs on the gold spans (every PER/ORG/LOC span handed to
the normalizer and the document linker as the NER would, as `entities.py` does for
clustering), so the scores measure linking, not NER recall; `--own-ner` runs the whole
extractor instead (a gold mention then takes the cluster of the entity overlapping it).
`--records FILE` reads records written earlier (ids `<topic>/<file stem>`).

Development topics: asia_bibi, brexit, ryanair (read their errors with `--errors N`);
nord_stream confirms (scores only).

    .venv/bin/python benchmarks/corpus.py                  # all four topics (~1 min)
    .venv/bin/python benchmarks/corpus.py --errors 20 --topics brexit
    .venv/bin/python benchmarks/corpus.py --scale          # 50K / 100K / 200K records
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
TOPICS = ("asia_bibi", "brexit", "ryanair", "nord_stream")
DEVELOPMENT = ("asia_bibi", "brexit", "ryanair")
SCORED = ("PER", "ORG")
SPANS = ("PER", "ORG", "LOC")


@dataclass
class Gold:
    doc: str
    start: int
    stop: int
    type: str
    id: str


def load(data: Path, topic: str) -> tuple[dict[str, str], list[Gold]]:
    """A topic's texts by document id, and its gold PER/ORG/LOC mentions."""
    texts, gold = {}, []
    for tsv in sorted((data / "bsnlp" / "ner" / topic / "ru").glob("*.tsv")):
        raw = data / "bsnlp" / "raw" / topic / "ru" / (tsv.stem + ".txt")
        if not raw.exists():
            continue
        doc = f"{topic}/{tsv.stem}"
        texts[doc] = raw.read_text(encoding="utf-8")
        for line in tsv.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")  # no CSV reader: surface forms hold bare quotes
            if len(fields) >= 6 and fields[4] in SPANS:
                gold.append(Gold(doc, int(fields[0]), int(fields[1]), fields[4], fields[5]))
    return texts, gold


# ---- records ------------------------------------------------------------------------------

def oracle_records(texts: dict[str, str], gold: list[Gold]) -> list[dict]:
    """Records whose entities are the gold spans, normalized and linked by our pipeline."""
    from extractor import Extractor, segment
    from extractor import pipeline as pl
    from extractor.ner import Span
    from extractor.records import Document, Entity

    extractor = Extractor(quotes=False)
    spans: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
    for g in gold:
        spans[g.doc].add((g.start, g.stop, g.type))
    records = []
    for doc, text in texts.items():
        sentences, tokens = segment.segment(text)
        parsed = pl.Parsed(doc, text, sentences, list(tokens), [])
        extractor._tag([parsed])
        mentions = []
        for start, stop, type_ in sorted(spans[doc]):
            first = next((i for i, t in enumerate(parsed.tokens) if t.stop > start), None)
            if first is None:
                continue
            last = first
            while last < len(parsed.tokens) and parsed.tokens[last].start < stop:
                last += 1
            if last > first:
                extractor.tag_tokens(parsed, first, last)
                mentions.append(pl._mention(parsed, Span(first, last, type_)))
        clusters = pl.link.link(parsed.tokens, mentions)
        entities = tuple(Entity(m.text, m.start, m.stop, m.type, m.normal, m.cluster)
                         for m in mentions)
        records.append(Document(text, doc, entities, tuple(clusters)).to_dict())
    return records


def own_records(texts: dict[str, str]) -> list[dict]:
    from extractor import Extractor

    extractor = Extractor(quotes=False)
    return [doc.to_dict() for doc in extractor.pipe(texts.items())]


# ---- scoring ------------------------------------------------------------------------------

def bcubed(pairs: list[tuple[str, object]]) -> tuple[float, float, float]:
    """B-cubed P, R, F1 of (gold id, predicted id) per mention."""
    gold, pred, cell = Counter(), Counter(), Counter()
    for g, p in pairs:
        gold[g] += 1
        pred[p] += 1
        cell[(g, p)] += 1
    n = len(pairs)
    precision = sum(c * c / pred[p] for (_, p), c in cell.items()) / n
    recall = sum(c * c / gold[g] for (g, _), c in cell.items()) / n
    return precision, recall, _f1(precision, recall)


def pairwise(pairs: list[tuple[str, object]]) -> tuple[float, float, float]:
    """Pairwise P, R, F1 over all pairs of mentions."""
    def links(counts: Iterable[int]) -> int:
        return sum(c * (c - 1) // 2 for c in counts)

    both = links(Counter(pairs).values())
    said = links(Counter(p for _, p in pairs).values())
    true = links(Counter(g for g, _ in pairs).values())
    precision = both / said if said else 1.0
    recall = both / true if true else 1.0
    return precision, recall, _f1(precision, recall)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _holder(record: dict, g: Gold, exact: bool) -> dict | None:
    """The record entity standing for a gold mention: the same span, else (own NER) the
    first overlapping one of the same type."""
    found = [e for e in record["entities"] if (e["start"], e["stop"]) == (g.start, g.stop)]
    if not found and not exact:
        found = [e for e in record["entities"]
                 if e["start"] < g.stop and g.start < e["stop"] and e["type"] == g.type]
    return found[0] if found else None


def predictions(records: list[dict], gold: list[Gold], exact: bool
                ) -> dict[str, dict[str, list[tuple[str, object]]]]:
    """system → type → (gold id, predicted id) per gold mention."""
    from extractor.corpus import fold, link

    by_id = {r["id"]: r for r in records}
    corpus = link(records)
    out: dict[str, dict[str, list]] = {"ours": defaultdict(list), "same name": defaultdict(list)}
    labels = {r["id"]: corpus.labels.clusters(r) for r in records}
    for g in gold:
        if g.type not in SCORED:
            continue
        record = by_id[g.doc]
        entity = _holder(record, g, exact)
        cluster = entity and next((c for c in record["clusters"]
                                   if c["id"] == entity["cluster"]), None)
        alone = ("alone", g.doc, g.start)
        if cluster is None:
            out["ours"][g.type].append((g.id, alone))
            out["same name"][g.type].append((g.id, alone))
            continue
        out["ours"][g.type].append((g.id, labels[g.doc].get(cluster["id"], alone)))
        out["same name"][g.type].append((g.id, (cluster["type"], fold(cluster["name"]))))
    return out


def errors(pairs: list[tuple[str, object]], names: dict[object, str], limit: int) -> list[str]:
    """The biggest splits (a gold entity over several predicted ones) and merges."""
    by_gold, by_pred = defaultdict(Counter), defaultdict(Counter)
    for g, p in pairs:
        by_gold[g][p] += 1
        by_pred[p][g] += 1
    lines = []
    for g, found in sorted(by_gold.items(), key=lambda kv: -sum(kv[1].values())):
        if len(found) > 1:
            parts = ", ".join(f"{names.get(p, p)} {n}" for p, n in found.most_common(6))
            lines.append(f"split {g}: {parts}")
    for p, found in sorted(by_pred.items(), key=lambda kv: -sum(kv[1].values())):
        if len(found) > 1:
            lines.append(f"merged {names.get(p, p)}: {dict(found.most_common(5))}")
    return lines[:limit]


def quality(args: argparse.Namespace) -> int:
    data = Path(args.data)
    stored = None
    if args.records:
        from extractor.corpus import read_records

        stored = {r["id"]: r for r in read_records(args.records) if r}
    rows = []
    pooled: dict[tuple[str, str], list] = defaultdict(list)
    for topic in args.topics.split(","):
        texts, gold = load(data, topic)
        if stored is not None:
            records = [stored[d] for d in texts]
        else:
            records = own_records(texts) if args.own_ner else oracle_records(texts, gold)
        if args.save:
            with open(f"{args.save}.{topic}.jsonl", "w", encoding="utf-8") as out:
                out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        found = predictions(records, gold, exact=not args.own_ner)
        for system, by_type in found.items():
            for type_ in SCORED:
                pairs = by_type[type_]
                pooled[(system, type_)] += [((topic, g), (topic, p)) for g, p in pairs]
                rows.append((topic, type_, system, len(pairs), bcubed(pairs), pairwise(pairs)))
        if args.errors and topic in DEVELOPMENT:
            from extractor.corpus import link

            corpus = link(records)
            names = {e.id: f"{e.name}[{e.id[-4:]}]" for e in corpus.entities}
            for type_ in SCORED:
                print(f"\n{topic} {type_} errors (ours):")
                for line in errors(found["ours"][type_], names, args.errors):
                    print("  " + line)
    for (system, type_), pairs in sorted(pooled.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        rows.append(("all", type_, system, len(pairs), bcubed(pairs), pairwise(pairs)))
    print("topic | type | system | mentions | B3 P | B3 R | B3 F1 | pair P | pair R | pair F1")
    print(" | ".join(["---"] * 10))
    for topic, type_, system, n, b3, pw in rows:
        mark = "" if topic in DEVELOPMENT or topic == "all" else " (confirm)"
        print(f"{topic}{mark} | {type_} | {system} | {n} | "
              + " | ".join(f"{v:.3f}" for v in (*b3, *pw)))
    return 0


# ---- scale --------------------------------------------------------------------------------

def _varied(record: dict, copy: int, variants: int) -> dict:
    """A record under a new id, every name given the copy's variant (`Лавров` → `Лавров 7`)."""
    v = copy % variants
    if not v:
        return {**record, "id": f"{record['id']}#{copy}"}
    suffix = f" {v}"
    clusters = []
    for c in record["clusters"]:
        c = dict(c, name=c["name"] + suffix)
        if c.get("last"):
            c["last"] += suffix
        clusters.append(c)
    entities = [dict(e, normal=(e["normal"] or "") + suffix) for e in record["entities"]]
    return {**record, "id": f"{record['id']}#{copy}", "clusters": clusters,
            "entities": entities}


def _stream(base: list[dict], size: int, variants: int) -> Iterable[dict]:
    for n in range(size):
        yield _varied(base[n % len(base)], n // len(base), variants)


def scale_child(args: argparse.Namespace) -> int:
    """One size in a fresh process: link `size` records streamed twice; CPU s and peak RSS."""
    import resource
    import time

    from extractor.corpus import Corpus, summarize_all

    base = [json.loads(line) for line in open(args.records, encoding="utf-8")]
    size = args.scale_child
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    summary = summarize_all(_stream(base, size, args.variants))
    corpus = Corpus.build(summary, lambda: _stream(base, size, args.variants))
    seconds = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"records": size, "cpu_s": round(seconds, 1), "peak_mib": peak // 1024,
                      "base_mib": before // 1024, "keys": len(summary.keys),
                      "entities": len(corpus.entities)}))
    return 0


def scale(args: argparse.Namespace) -> int:
    """Each size in its own process over records of real documents (BSNLP, our NER)."""
    import subprocess

    path = args.records
    if not path:
        path = "/tmp/extractor-corpus-scale.jsonl"
        data = Path(args.data)
        texts = {}
        for topic in TOPICS:
            texts.update(load(data, topic)[0])
        with open(path, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in own_records(texts))
    print("records | CPU s | µs/record | peak RSS MiB (of which start-up) | name keys | entities")
    print("--- | --- | --- | --- | --- | ---")
    for size in map(int, args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--scale-child", str(size),
                              "--records", path, "--variants", str(args.variants)],
                             check=True, capture_output=True, text=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        print(f"{size:,} | {row['cpu_s']} | {1e6 * row['cpu_s'] / size:.0f} | "
              f"{row['peak_mib']} ({row['base_mib']}) | {row['keys']:,} | {row['entities']:,}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="DATA_DIR")
    parser.add_argument("--topics", default=",".join(TOPICS))
    parser.add_argument("--own-ner", action="store_true",
                        help="run the whole extractor, not the pipeline on gold spans")
    parser.add_argument("--records", help="records written earlier (ids <topic>/<stem>)")
    parser.add_argument("--save", help="write each topic's records to SAVE.<topic>.jsonl")
    parser.add_argument("--errors", type=int, default=0,
                        help="print N splits and merges per development topic")
    parser.add_argument("--scale", action="store_true", help="time and memory at 50K-200K")
    parser.add_argument("--sizes", default="50000,100000,200000", help="records for --scale")
    parser.add_argument("--variants", type=int, default=20,
                        help="--scale: spellings of each name (the distinct entities)")
    parser.add_argument("--scale-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale_child:
        return scale_child(args)
    if args.scale:
        return scale(args)
    return quality(args)


if __name__ == "__main__":
    sys.exit(main())
