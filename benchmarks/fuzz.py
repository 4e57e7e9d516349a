"""Extended fuzzing: 100,000+ texts through the extractor, every record checked.

    .venv/bin/python benchmarks/fuzz.py [DATA] [--texts 100000] [--batch 64] [--seed 0]
                                        [--modes generated,mutated]

`generated`: the hypothesis strategies of tests/test_properties.py (any Unicode,
Russian pieces with quote marks, dashes, names, speech verbs and noise, reported
speech shapes), drawn as batches; a failure is shrunk to a minimal example and
reported. `mutated`: paragraphs of the corpora in DATA (FactRuEval, NEREL, BSNLP
raw texts; the bundled seeds without them) damaged the way real input is — stress
marks, look-alike letters, soft hyphens and zero-width characters, controls,
HTML entities, CRLF, cut quotes, runs of marks, truncation anywhere (also inside a
surrogate pair's worth of bytes). Checks are tests/invariants.check_record: no
error, exact offsets, links that resolve, one valid UTF-8 JSON line per record.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "tests"))

from invariants import check_record  # noqa: E402


class Tally:
    """Counts and the first failures of one mode."""

    def __init__(self, name: str) -> None:
        self.name, self.texts, self.chars, self.failures = name, 0, 0, []
        self.began = time.perf_counter()
        self.seconds = 0.0

    def check(self, docs, texts) -> None:
        for doc, text in zip(docs, texts, strict=True):
            self.texts += 1
            self.chars += len(text)
            if self.texts % 10_000 == 0:
                print(self.row(), file=sys.stderr, flush=True)
            try:
                check_record(doc, text)
            except AssertionError as exc:
                self.failures.append((text, str(exc)[:300] or "assertion failed"))

    def row(self) -> str:
        seconds = self.seconds or time.perf_counter() - self.began
        return (f"{self.name:<10}{self.texts:>9}{self.chars:>12}{len(self.failures):>9}"
                f"{seconds:>9.0f}{self.texts / max(seconds, 1e-9):>9.0f}")


# ---- generated ------------------------------------------------------------------------------

def run_generated(extractor, tally: Tally, texts: int, batch: int, seed: int) -> None:
    """Hypothesis batches of the property-test strategies; stops at a (shrunk) failure."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st
    from test_properties import texts as text_strategy

    @hypothesis_seed(seed)
    @settings(max_examples=max(1, -(-texts // batch)), deadline=None, database=None,
              phases=[Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck))
    @given(st.lists(text_strategy, min_size=batch, max_size=batch))
    def fuzz(items):
        docs = extractor.process([(str(i), t) for i, t in enumerate(items)])
        before = len(tally.failures)
        tally.check(docs, items)
        assert len(tally.failures) == before, tally.failures[-1]

    try:
        fuzz()
    except AssertionError as exc:
        print(f"generated: failure (shrunk): {str(exc)[:500]}", file=sys.stderr)


# ---- mutated --------------------------------------------------------------------------------

def paragraphs(data: Path) -> list[str]:
    """Real paragraphs (≤ 3,000 characters) from the corpora, or the seeds."""
    files = (sorted((data / "factru" / "devset").glob("*.txt"))
             + sorted((data / "nerel").rglob("*.txt"))
             + sorted((data / "bsnlp" / "raw").rglob("*.txt")))
    files = files or sorted((ROOT / "seeds").glob("*.txt"))
    result = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        result.extend(p[:3_000] for p in text.split("\n\n") if p.strip())
    return result


LOOKALIKE = str.maketrans("аеорсхуАВЕКМНОРСТХ", "aeopcxyABEKMHOPCTX")
NOISE = ["\u0301", "\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff", "\u202e", "\x00",
         "\x07", "\x1b", "\x85", "\u2028", "&nbsp;", "&laquo;", "&raquo;", "&quot;",
         "&#8212;", "&amp;", "😀", "\ud83d", "\udcff", "\t", "\r", "\r\n"]
MARKS = ["«", "»", "„", "“", "”", "\"", "'"]


def mutate(text: str, rnd: random.Random) -> str:
    """One to four damages of the kinds scraped and hand-typed text carries."""
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.randrange(9)
        at = rnd.randint(0, len(text))
        if kind == 0:  # stress marks after vowels
            text = "".join(c + "\u0301" if c in "аеиоуыэюя" and rnd.random() < 0.3 else c
                           for c in text)
        elif kind == 1:  # look-alike Latin letters in a stretch
            stop = at + rnd.randint(1, 200)
            text = text[:at] + text[at:stop].translate(LOOKALIKE) + text[stop:]
        elif kind == 2:  # invisible, control and entity noise sprinkled
            for _ in range(rnd.randint(1, 20)):
                at = rnd.randint(0, len(text))
                text = text[:at] + rnd.choice(NOISE) + text[at:]
        elif kind == 3:
            text = text.replace("\n", "\r\n")
        elif kind == 4:  # a run of quote marks
            text = text[:at] + rnd.choice(MARKS) * rnd.randint(1, 300) + text[at:]
        elif kind == 5:  # cut anywhere
            text = text[:at] if rnd.random() < 0.5 else text[at:]
        elif kind == 6:  # a quote mark dropped or doubled
            marks = [i for i, c in enumerate(text) if c in "«»„“”\""]
            if marks:
                i = rnd.choice(marks)
                text = text[:i] + (text[i] * 2 if rnd.random() < 0.5 else "") + text[i + 1:]
        elif kind == 7:  # punctuation removed
            text = "".join(c for c in text if c not in ".!?;")
        else:  # nested quote inside quote
            text = text[:at] + "«„" + text[at:at + 80] + "“»" + text[at + 80:]
    return text


def run_mutated(extractor, tally: Tally, texts: int, batch: int, seed: int, data: Path) -> None:
    """Damaged real paragraphs, batch by batch."""
    rnd = random.Random(seed)
    pool = paragraphs(data)
    while tally.texts < texts:
        items = [mutate(rnd.choice(pool), rnd) for _ in range(min(batch, texts - tally.texts))]
        docs = extractor.process([(str(i), t) for i, t in enumerate(items)])
        tally.check(docs, items)


def main(argv: list[str] | None = None) -> int:
    """Fuzz, print the results table and the first failures; exit 1 if any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    parser.add_argument("--texts", type=int, default=100_000, help="texts per mode")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--modes", default="generated,mutated")
    args = parser.parse_args(argv)

    from extractor import Extractor

    extractor = Extractor()
    tallies = []
    for mode in args.modes.split(","):
        tally = Tally(mode)
        tallies.append(tally)
        if mode == "generated":
            run_generated(extractor, tally, args.texts, args.batch, args.seed)
        elif mode == "mutated":
            run_mutated(extractor, tally, args.texts, args.batch, args.seed, Path(args.data))
        else:
            raise SystemExit(f"unknown mode {mode!r}")
        tally.seconds = time.perf_counter() - tally.began
        print(tally.row(), file=sys.stderr, flush=True)
    print(f"{'mode':<10}{'texts':>9}{'chars':>12}{'failed':>9}{'seconds':>9}{'texts/s':>9}")
    for tally in tallies:
        print(tally.row())
    for tally in tallies:
        for text, message in tally.failures[:10]:
            print(f"\n[{tally.name}] {message}\n  text: {text[:300]!r}")
    return 1 if any(t.failures for t in tallies) else 0


if __name__ == "__main__":
    sys.exit(main())
