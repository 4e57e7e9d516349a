"""Entity quality: NER spans, normal forms and person clusters, ours vs plain natasha.

Corpora (DATA_DIR defaults to ../shared/data):
- FactRuEval devset: Person/Org/Location/LocOrg objects → PER/ORG/LOC; a mention is the
  union of its spans. Gold person normal form: each name span of the mention replaced by
  the entity's nominative part from `.coref` (firstname/patronymic/lastname, any variant),
  in the mention's own order; initials and nicknames stay as written. Org and place
  normal forms are entity-level in FactRuEval, so only persons are scored there.
- BSNLP (ru): PER/ORG/LOC rows (PRO/EVT ignored); the lemma column is the gold normal form,
  the cross-lingual id gives gold person clusters within a document.

How each number is computed (same for both systems):
- NER: exact (start, stop, type) match, micro P/R/F1 per type and overall.
- Normalization: ORACLE spans — every gold mention is handed to the system as a span
  (our pipeline: gold spans replace the tagger's, then `link` runs as usual, so context
  from the other gold mentions counts; natasha: a DocSpan over its own tokens, then
  `span.normalize(morph_vocab)`), and its normal form is compared exactly
  (case-sensitive, ё = е, whitespace collapsed). This isolates normalization from NER
  recall. `norm@ner` also reports accuracy over the gold mentions whose span the
  system's own NER found exactly (type must match).
- Person clustering: pairwise F1 over pairs of gold PER mentions in the same document
  (oracle spans): a pair is positive when the gold ids are equal; predicted positive
  when the system puts both in one cluster (natasha: equal normal form, ё = е, case-folded).

    .venv/bin/python benchmarks/entities.py                 # everything (~3 min)
    .venv/bin/python benchmarks/entities.py --limit 40      # first 40 docs per corpus
    .venv/bin/python benchmarks/entities.py --errors 30     # also print normalization errors
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
TYPES = ("PER", "ORG", "LOC")
FACTRU_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
PART_KEYS = {"name": ("firstname", "firstname1", "firstname2"),
             "surname": ("lastname", "lastname1"), "patronymic": ("patronymic",)}


@dataclass
class Gold:
    """One gold mention: its span, type, normal forms accepted, and person id."""

    start: int
    stop: int
    type: str
    normals: tuple[str, ...] = ()  # empty: not scored for normalization
    person: str | None = None
    as_written: bool = False  # the surface itself was added to `normals` (see _factru_person)


@dataclass
class Doc:
    id: str
    corpus: str
    text: str
    gold: list[Gold] = field(default_factory=list)
    # FactRuEval Occupation facts: (person entity id, head lemmas of its Position spans)
    occupations: list[tuple[str, frozenset[str]]] = field(default_factory=list)


# ---- corpora ------------------------------------------------------------------------------

def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("ё", "е").replace("Ё", "Е")).strip()


def spread(items: list, limit: int | None) -> list:
    """At most `limit` items evenly spaced over the list (every topic gets its share)."""
    if not limit or limit >= len(items):
        return items
    return [items[i * len(items) // limit] for i in range(limit)]


def load_factru(folder: Path, limit: int | None) -> list[Doc]:
    """FactRuEval documents with PER/ORG/LOC gold mentions (person normals from .coref)."""
    docs = []
    for path in spread(sorted(folder.glob("*.txt"), key=lambda p: int(p.stem.split("_")[1])),
                       limit):
        text = path.read_text(encoding="utf-8")
        base = path.with_suffix("")
        spans = {}
        for line in base.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            head = line.split("#")[0].split()
            if len(head) >= 4:
                spans[head[0]] = (head[1], int(head[2]), int(head[2]) + int(head[3]))
        parts_of: dict[str, dict[str, list[str]]] = {}
        owner: dict[str, str] = {}
        for record in base.with_suffix(".coref").read_text(encoding="utf-8").split("\n\n"):
            lines = [x for x in record.strip().splitlines() if x.strip()]
            if not lines:
                continue
            ids = lines[0].split()
            values: dict[str, list[str]] = defaultdict(list)
            for line in lines[1:]:
                key, _, value = line.partition(" ")
                values[key].append(value.strip())
            for mention_id in ids[1:]:
                parts_of[mention_id] = values
                owner[mention_id] = ids[0]
        doc = Doc(path.stem, "factru", text)
        for line in base.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            head = line.split("#")[0].split()
            if len(head) < 3 or head[1] not in FACTRU_TYPES:
                continue
            mention_id, type_ = head[0], FACTRU_TYPES[head[1]]
            # A span inside another (`Ахмат` within `Ахмат-Хаджи`) comes after it.
            own = sorted((spans[s] for s in head[2:] if s in spans), key=lambda s: (s[1], -s[2]))
            if not own:
                continue
            start, stop = own[0][1], max(s[2] for s in own)
            normals: tuple[str, ...] = ()
            as_written = False
            if type_ == "PER":
                values = parts_of.get(mention_id, {})
                normals = _factru_person(text, start, stop, own, values)
                surface = _key(text[start:stop])
                if normals and surface not in normals and _written_nominative(surface, values):
                    normals, as_written = (*normals, surface), True
            doc.gold.append(Gold(start, stop, type_, normals, owner.get(mention_id), as_written))
        doc.occupations = _occupations(base.with_suffix(".facts"), text, spans)
        docs.append(doc)
    return docs


def _factru_person(text, start, stop, spans, values) -> tuple[str, ...]:
    """Gold normal forms of a person mention: each name span replaced by its coref part."""
    options = [""]
    cursor = start
    for kind, s, e in spans:
        if s < cursor:
            continue  # a span inside one already used (`Ахмат` within `Ахмат-Хаджи`)
        surface = text[s:e]
        gap = text[cursor:s] if s >= cursor else ""
        keys = PART_KEYS.get(kind)
        choices = [surface]
        initial = len(surface.rstrip(".")) == 1
        if keys and not initial:
            choices = [v for k in keys for v in values.get(k, []) if v] or []
            if not choices:
                return ()  # a part the entity record lacks: not scored
        options = [o + gap + c for o in options for c in choices][:16]
        cursor = max(cursor, e)
    return tuple(_key(o) for o in options)


def _head(phrase: str) -> str:
    """The dictionary form of a role phrase's first noun (`первому президенту` → президент)."""
    from extractor.tag import parses

    words = [w for w in phrase.lower().split() if any(c.isalpha() for c in w)]
    for word in words:
        options = parses(word)
        if options and options[0].tag.POS == "NOUN":
            return options[0].normal_form.replace("ё", "е")
    options = parses(words[0]) if words else []
    return options[0].normal_form.replace("ё", "е") if options else ""


def _occupations(path: Path, text: str, spans: dict) -> list[tuple[str, frozenset[str]]]:
    """Occupation facts: who (a coref entity id) and the head lemmas of the positions."""
    found = []
    for record in path.read_text(encoding="utf-8").split("\n\n") if path.exists() else []:
        lines = record.strip().splitlines()
        if not lines or not lines[0].endswith("Occupation"):
            continue
        who, heads = None, set()
        for line in lines[1:]:
            key, _, value = line.partition(" ")
            if key == "Who" and value.startswith("obj"):
                who = value.split()[0][3:]
            elif key == "Position":
                for ref in value.split("|"):
                    span = spans.get(ref.strip().split(" ")[0].removeprefix("span"))
                    if span:
                        heads.add(_head(text[span[1]:span[2]]))
        if who and heads:
            found.append((who, frozenset(heads)))
    return found


def _written_nominative(surface: str, values: dict[str, list[str]]) -> bool:
    """The mention is already a nominative, written as the text has it: Latin script (the
    gold gives a Cyrillic transliteration, `Joel Simon` → `Джоэл Саймон`, which no case
    normalization produces), or every word one of the entity's own nominative name parts
    in another order than the span types say (`Ху Цзиньтао` typed as first name + surname,
    gold `Цзиньтао Ху`)."""
    if not re.search("[а-яА-ЯёЁ]", surface):
        return True
    parts = {w for k in ("firstname", "firstname1", "firstname2", "patronymic", "lastname",
                         "lastname1", "nickname") for v in values.get(k, [])
             for w in re.split(r"[\s-]+", _key(v)) if w}
    words = [w for w in re.split(r"[\s-]+", surface) if w]
    return bool(words) and all(w in parts or len(w.rstrip(".")) == 1 for w in words)


def load_bsnlp(folder: Path, limit: int | None) -> list[Doc]:
    """BSNLP Russian documents with PER/ORG/LOC gold mentions, lemmas and person ids."""
    docs = []
    for tsv in spread(sorted(folder.glob("ner/*/ru/*.tsv")), limit):
        raw = folder / "raw" / tsv.parent.parent.name / "ru" / (tsv.stem + ".txt")
        if not raw.exists():
            continue
        text = raw.read_text(encoding="utf-8")
        doc = Doc(tsv.stem, "bsnlp", text)
        for line in tsv.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) < 6 or fields[4] not in TYPES:
                continue
            start, stop = int(fields[0]), int(fields[1])
            doc.gold.append(Gold(start, stop, fields[4], (_key(fields[3]),),
                                 fields[5] if fields[4] == "PER" else None))
        docs.append(doc)
    return docs


# ---- systems ------------------------------------------------------------------------------

@dataclass
class Output:
    """What a system said about one document."""

    spans: set[tuple[int, int, str]]  # its own NER
    normals: dict[tuple[int, int], str]  # oracle spans → normal form
    clusters: dict[tuple[int, int], object]  # oracle PER spans → cluster key
    own_normals: dict[tuple[int, int, str], str] = field(default_factory=dict)
    # the system's own person clusters: (mention spans, roles)
    own_roles: list[tuple[tuple[tuple[int, int], ...], tuple[str, ...]]] = \
        field(default_factory=list)


def run_ours(docs: list[Doc]) -> list[Output]:
    from extractor import Extractor, segment
    from extractor import pipeline as pl
    from extractor.ner import Span

    extractor = Extractor(quotes=False)
    outputs = []
    for doc in docs:
        record = extractor(doc.text)
        spans = {(e.start, e.stop, e.type) for e in record.entities}
        own = {(e.start, e.stop, e.type): e.normal or "" for e in record.entities}
        sentences, tokens = segment.segment(doc.text)
        parsed = pl.Parsed(doc.id, doc.text, sentences, list(tokens), [])
        extractor._tag([parsed])
        mentions = []
        for gold in doc.gold:
            first = next((i for i, t in enumerate(parsed.tokens) if t.stop > gold.start), None)
            if first is None:
                continue
            last = first
            while last < len(parsed.tokens) and parsed.tokens[last].start < gold.stop:
                last += 1
            if last == first:
                continue
            extractor.tag_tokens(parsed, first, last)  # morphology runs only around found names
            mentions.append((gold, pl._mention(parsed, Span(first, last, gold.type))))
        parsed.mentions = [m for _, m in mentions]
        pl.link.link(parsed.tokens, parsed.mentions)
        normals, clusters = {}, {}
        for gold, mention in mentions:
            normals[(gold.start, gold.stop)] = mention.normal
            clusters[(gold.start, gold.stop)] = mention.cluster
        roles = [(c.mentions, c.roles) for c in record.clusters if c.type == "PER"]
        outputs.append(Output(spans, normals, clusters, own, roles))
    return outputs


def run_natasha(docs: list[Doc]) -> list[Output]:
    from natasha.doc import DocSpan
    from natasha_baseline import Natasha

    natasha = Natasha()
    vocab = natasha.vocab
    outputs = []
    for doc in docs:
        ndoc = natasha(doc.text)
        own = {(span.start, span.stop, span.type): span.normal or "" for span in ndoc.spans}
        normals, clusters = {}, {}
        for gold in doc.gold:
            tokens = [t for t in ndoc.tokens if t.stop > gold.start and t.start < gold.stop]
            if not tokens:
                continue
            span = DocSpan(gold.start, gold.stop, gold.type, doc.text[gold.start:gold.stop],
                           tokens=tokens)
            span.normalize(vocab)
            normals[(gold.start, gold.stop)] = span.normal or ""
            clusters[(gold.start, gold.stop)] = _key(span.normal or "").lower()
        outputs.append(Output(set(own), normals, clusters, own))
    return outputs


# ---- scores -------------------------------------------------------------------------------

def ner_scores(docs, outputs) -> dict[str, float]:
    """Exact-span F1 per type and overall."""
    result = {}
    for type_ in (*TYPES, "all"):
        tp = fp = fn = 0
        for doc, out in zip(docs, outputs, strict=False):
            gold = {(g.start, g.stop, g.type) for g in doc.gold if type_ in ("all", g.type)}
            pred = {s for s in out.spans if type_ in ("all", s[2])}
            tp += len(gold & pred)
            fp += len(pred - gold)
            fn += len(gold - pred)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        result[type_] = 2 * p * r / (p + r) if p + r else 0.0
    return result


def norm_scores(docs, outputs, errors: list | None = None, strict: bool = False
                ) -> dict[str, tuple[float, int]]:
    """Oracle-span normalization accuracy per type and overall (accuracy, count); `strict`
    does not accept mentions as written (see _written_nominative)."""
    counts = defaultdict(lambda: [0, 0])
    for doc, out in zip(docs, outputs, strict=False):
        for gold in doc.gold:
            if not gold.normals:
                continue
            predicted = _key(out.normals.get((gold.start, gold.stop), ""))
            normals = gold.normals[:-1] if strict and gold.as_written else gold.normals
            ok = predicted in normals
            for type_ in (gold.type, "all"):
                counts[type_][0] += ok
                counts[type_][1] += 1
            if not ok and errors is not None:
                errors.append((doc.id, gold.type, doc.text[gold.start:gold.stop], predicted,
                               gold.normals[0]))
    return {t: (c[0] / c[1] if c[1] else 0.0, c[1]) for t, c in counts.items()}


def norm_at_ner(docs, outputs) -> float:
    """Normalization accuracy over gold mentions the system's own NER found exactly."""
    ok = total = 0
    for doc, out in zip(docs, outputs, strict=False):
        for gold in doc.gold:
            key = (gold.start, gold.stop, gold.type)
            if gold.normals and key in out.own_normals:
                total += 1
                ok += _key(out.own_normals[key]) in gold.normals
    return ok / total if total else 0.0


def role_scores(docs, outputs) -> tuple[float, float, int, int] | None:
    """Roles against FactRuEval Occupation facts: precision over the roles of our person
    clusters that overlap a gold person with such facts (role head lemma among that person's
    position heads), recall over the facts (some role of an overlapping cluster has a head
    among the fact's). Facts whose position is far from any name count as misses."""
    tp_p = n_p = tp_r = n_r = 0
    for doc, out in zip(docs, outputs, strict=False):
        if not doc.occupations:
            continue
        spans_of = defaultdict(list)
        for g in doc.gold:
            if g.type == "PER" and g.person:
                spans_of[g.person].append((g.start, g.stop))
        heads_of = defaultdict(set)
        for who, heads in doc.occupations:
            heads_of[who] |= heads

        ours = {who: {_head(role) for mentions, roles in out.own_roles
                      if any(s < e2 and s2 < e for s, e in mentions for s2, e2 in spans)
                      for role in roles} for who, spans in spans_of.items()}
        for who, heads in doc.occupations:
            n_r += 1
            tp_r += bool(ours.get(who, set()) & heads)
        for who, heads in heads_of.items():
            found = ours.get(who, set())
            n_p += len(found)
            tp_p += len(found & heads)
    if not n_r:
        return None
    return (tp_p / n_p if n_p else 0.0), tp_r / n_r, n_p, n_r


def cluster_errors(docs, outputs) -> list[str]:
    """Gold persons split over system clusters, and system clusters merging gold persons."""
    lines = []
    for doc, out in zip(docs, outputs, strict=False):
        persons = [g for g in doc.gold if g.type == "PER" and g.person]
        by_gold, by_pred = defaultdict(set), defaultdict(set)
        for g in persons:
            surface = doc.text[g.start:g.stop]
            by_gold[g.person].add((out.clusters.get((g.start, g.stop)), surface))
            by_pred[out.clusters.get((g.start, g.stop))].add((g.person, surface))
        for person, found in by_gold.items():
            if len({c for c, _ in found}) > 1:
                lines.append(f"{doc.id} split {person}: {sorted(found, key=str)}")
        for cluster, found in by_pred.items():
            if cluster is not None and len({p for p, _ in found}) > 1:
                lines.append(f"{doc.id} merged: {sorted(found)}")
    return lines


def cluster_f1(docs, outputs) -> float:
    """Pairwise F1 of person clusters over gold PER mentions within each document."""
    tp = fp = fn = 0
    for doc, out in zip(docs, outputs, strict=False):
        persons = [g for g in doc.gold if g.type == "PER" and g.person]
        for i, a in enumerate(persons):
            for b in persons[i + 1:]:
                gold_same = a.person == b.person
                ca = out.clusters.get((a.start, a.stop))
                cb = out.clusters.get((b.start, b.stop))
                pred_same = ca is not None and ca == cb
                tp += gold_same and pred_same
                fp += pred_same and not gold_same
                fn += gold_same and not pred_same
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


# ---- main ---------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="DATA_DIR")
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus")
    parser.add_argument("--errors", type=int, default=0, help="print N normalization errors")
    parser.add_argument("--no-natasha", action="store_true", help="skip the natasha baseline")
    parser.add_argument("--natasha-cache", default=None,
                        help="pickle file to reuse natasha's outputs between runs")
    args = parser.parse_args(argv)
    data = Path(args.data)
    corpora = {"factru": load_factru(data / "factru" / "devset", args.limit),
               "bsnlp": load_bsnlp(data / "bsnlp", args.limit)}
    systems = {"ours": run_ours}
    if not args.no_natasha:
        systems["natasha"] = run_natasha
    rows = []
    all_errors: list = []
    cluster_lines: list[str] = []
    strict_lines: list[str] = []
    role_lines: list[str] = []
    for corpus, docs in corpora.items():
        for name, run in systems.items():
            started = time.perf_counter()
            cache = Path(f"{args.natasha_cache}.{corpus}.{args.limit}") \
                if name == "natasha" and args.natasha_cache else None
            if cache and cache.exists():
                outputs = pickle.loads(cache.read_bytes())
            else:
                outputs = run(docs)
                if cache:
                    cache.write_bytes(pickle.dumps(outputs))
            seconds = time.perf_counter() - started
            ner = ner_scores(docs, outputs)
            errors = [] if name == "ours" else None
            norm = norm_scores(docs, outputs, errors)
            roles = role_scores(docs, outputs) if name == "ours" else None
            if roles:
                role_lines.append(
                    f"{corpus} {name}: person roles vs Occupation facts: precision "
                    f"{roles[0]:.3f} ({roles[2]} roles), recall {roles[1]:.3f} ({roles[3]} facts)")
            written = sum(g.as_written for d in docs for g in d.gold)
            if written:
                strict = norm_scores(docs, outputs, strict=True)["PER"][0]
                strict_lines.append(
                    f"{corpus} {name}: norm PER {strict:.3f} strict ({written} mentions in "
                    "Latin script or in the entity's own nominative parts not accepted as "
                    "written)")
            if errors:
                all_errors.extend((corpus, *e) for e in errors)
            if name == "ours" and args.errors:
                cluster_lines += [f"{corpus} {line}" for line in cluster_errors(docs, outputs)]
            rows.append((corpus, name, ner, norm, norm_at_ner(docs, outputs),
                         cluster_f1(docs, outputs), seconds))
    print_table(rows)
    for line in strict_lines:
        print(line)
    for line in role_lines:
        print(line)
    if args.errors:
        print(f"\nperson clustering errors (ours), {len(cluster_lines)}; "
              f"first {args.errors}:")
        for line in cluster_lines[:args.errors]:
            print("  " + line)
    if args.errors:
        print(f"\nnormalization errors (ours), {len(all_errors)} in all; first {args.errors}:")
        for error in all_errors[:args.errors]:
            print("  " + " | ".join(map(str, error)))
    return 0


def print_table(rows) -> None:
    head = ("corpus", "system", "NER F1 PER", "ORG", "LOC", "all", "norm PER", "ORG", "LOC",
            "all", "norm@ner", "clust F1", "sec")
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    for corpus, name, ner, norm, at_ner, clusters, seconds in rows:
        cells = [corpus, name] + [f"{ner[t]:.3f}" for t in (*TYPES, "all")]
        cells += [f"{norm[t][0]:.3f}" if t in norm else "-" for t in (*TYPES, "all")]
        cells += [f"{at_ner:.3f}", f"{clusters:.3f}", f"{seconds:.0f}"]
        print(" | ".join(cells))
    counts = {corpus: {t: n for t, (_, n) in norm.items()} for corpus, _, _, norm, *_ in rows}
    print("scored normal forms: " + "; ".join(
        f"{c}: " + ", ".join(f"{t} {n}" for t, n in v.items()) for c, v in counts.items()))


if __name__ == "__main__":
    sys.exit(main())
