"""Person names in carrier sentences: exact nominatives by case, gender and name shape.

Every name of `benchmarks/names.tsv` is declined into all six cases, and each form is put
into a sentence whose preposition or verb governs that case (`Суд арестовал имущество
{gen}`, `Встреча с {ins} прошла …`, `Суд оправдал {acc}`). One sentence is one document.
A name counts as right only when the extractor returns exactly one PER entity with exactly
the name's span and the gold nominative as its `normal` (ё = е). Misses are told apart:
`normal` (span right, normal form wrong), `fragments` (the name cut into several PER
entities), `span` (one PER entity, but not the name's span), `type` (found as LOC/ORG only),
`missed` (no entity).

    .venv/bin/python benchmarks/names.py                 # score the list (~2 min)
    .venv/bin/python benchmarks/names.py --misses 40     # also print 40 misses
    .venv/bin/python benchmarks/names.py --shapes foreign,hyphenated --cases gen,ins
    .venv/bin/python benchmarks/names.py build           # rebuild names.tsv (see below)

## The list and where it comes from

`build` writes `names.tsv` from public sources only; rerunning it gives the same file.
- Given names, patronymics and surnames: the frequency lists of the `russiannames` package
  (PyPI, BSD-3-Clause, Ivan Begtin): real names of people with their gender, and each
  masculine surname with its feminine form. Surnames with the same form for both genders
  (`Шевченко`, `Ковальчук`) are its `u` gender.
- Foreign and news names: the nominatives of persons in our own dev corpora (BSNLP `lemma`
  column, FactRuEval devset `.coref` first and last names); the gender from the first name.
- The case forms: where pymorphy3's OpenCorpora dictionary knows the word in that role and
  gender (`Name`, `Patr`, `Surn`), its paradigm (`source` = `dict`); otherwise the
  rule-based inflector `pytrovich` (PyPI, MIT; the petrovich rules, not petrovich's
  evaluation tables, which we never use) (`source` = `rules`; `corpus` for the corpus
  names). Where both exist they are compared: `build` prints how often they agree.

How independent each part is from our normalizer: the `dict` part is declined by the very
dictionary our normalizer reads, so it tests little beyond NER, name assembly and case
agreement; the `rules` part is declined by an inflector our code never reads, for names the
dictionary does not know as such: it is the honest part; the `corpus` part names real
people of the news (many foreign: `Тереза Мэй`, `Борис Джонсон`), declined by the same
inflector, and those names also occur in the dev corpora our rules were written on.

`build` needs `pip install pytrovich` and `pip install --no-deps russiannames` (its
parquet files are read with pyarrow; DuckDB is not needed), and the corpora (DATA_DIR,
default ../shared/data).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
LIST = Path(__file__).resolve().parent / "names.tsv"
CASES = ("nom", "gen", "dat", "acc", "ins", "loc")
SHAPES = ("first-last", "first-patronymic-last", "last-first-patronymic", "initials",
          "hyphenated", "indeclinable", "foreign")
FIELDS = ("shape", "gender", "source", "classes", *CASES)

# Carrier sentences, several per case; `{}` is the name, `{a}` the past-tense gender ending.
# The governing word is right before the name (a preposition or a verb) or the name is the
# subject. Templates rotate over the names so no one sentence decides a case.
TEMPLATES = {
    "nom": ("{} заявил{a} журналистам, что решение будет обжаловано.",
            "На открытии выставки выступает {}.",
            "Вчера в Казань прилетел{a} {}.",
            "Как сообщает пресс-служба, {} покинул{a} пост по собственному желанию."),
    "gen": ("Суд арестовал имущество {}.",
            "В квартире {} прошли обыски.",
            "Следователи допросили родственников {}.",
            "Жалоба от {} поступила в прокуратуру."),
    "dat": ("Письмо {} доставили утром.",
            "Премию вручили {} в Кремле.",
            "Губернатор позвонил {} вечером.",
            "Иск к {} отклонили."),
    "acc": ("Суд оправдал {}.",
            "Полиция задержала {} в аэропорту.",
            "Журналисты видели {} на вокзале.",
            "Жалобу на {} подали соседи."),
    "ins": ("Встреча с {} прошла в Кремле.",
            "Интервью с {} вышло в субботу.",
            "Министр остался доволен {}.",
            "Договор подписан {} в пятницу."),
    "loc": ("В фильме о {} снялись известные актёры.",
            "Книга о {} вышла в прошлом году.",
            "При {} компания выросла вдвое.",
            "Газета написала о {} на первой полосе."),
}


@dataclass(frozen=True)
class Item:
    """One name with its six case forms (whole-name strings) and what kind of name it is."""

    shape: str
    gender: str  # "masc" or "femn"
    source: str  # dict, rules or corpus (see the module docstring)
    classes: str  # the declension classes of its parts, e.g. `first:ija last:ova`
    forms: tuple[str, ...]  # in CASES order; forms[0] is the gold nominative

    def sentence(self, case: str, index: int) -> tuple[str, int, int]:
        """The carrier sentence for one case and where the name stands in it."""
        options = TEMPLATES[case]
        template = options[index % len(options)]
        form = self.forms[CASES.index(case)]
        before, after = template.split("{}")
        ending = "а" if self.gender == "femn" else ""
        before, after = before.replace("{a}", ending), after.replace("{a}", ending)
        if form.endswith(".") and after.startswith("."):
            after = after[1:]  # an initial's dot ends the sentence too
        return before + form + after, len(before), len(before) + len(form)


def read_list(path: Path = LIST) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if fields[0] == "shape":
            continue
        shape, gender, source, classes, *forms = fields
        items.append(Item(shape, gender, source, classes, tuple(forms)))
    return items


# ---- scoring ------------------------------------------------------------------------------

def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("ё", "е").replace("Ё", "Е")).strip()


def judge(record, start: int, stop: int, gold: str) -> tuple[str, str]:
    """(outcome, what the extractor said) for the name at [start, stop) of one record."""
    overlapping = [e for e in record.entities if e.start < stop and start < e.stop]
    persons = [e for e in overlapping if e.type == "PER"]
    said = " | ".join(f"{e.type}:{e.text}→{e.normal}" for e in overlapping) or "-"
    if not persons:
        return ("type" if overlapping else "missed"), said
    if len(persons) > 1:
        return "fragments", said
    person = persons[0]
    # The corpora disagree on a final initial's dot (FactRuEval leaves it out of the span,
    # BSNLP keeps it): either span is right, the normal form keeps the dot.
    dot = stop - 1 if stop - start > 2 and record.text[stop - 1] == "." and \
        record.text[stop - 2].isupper() and record.text[stop - 3] in " ." else None
    if (person.start, person.stop) not in ((start, stop), (start, dot)):
        return "span", said
    return ("ok" if _key(person.normal or "") == _key(gold) else "normal"), said


def score(items: list[Item], cases: tuple[str, ...], misses: int) -> int:
    from extractor import Extractor

    extractor = Extractor(quotes=False)
    jobs = []
    for index, item in enumerate(items):
        for case in cases:
            text, start, stop = item.sentence(case, index)
            jobs.append((item, case, text, start, stop))
    started, cpu = time.perf_counter(), time.process_time()
    records = list(extractor.pipe(text for _, _, text, _, _ in jobs))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    tallies: dict[tuple[str, str], Counter] = defaultdict(Counter)
    wrong = []
    for (item, case, text, start, stop), record in zip(jobs, records, strict=True):
        outcome, said = judge(record, start, stop, item.forms[0])
        rows = [("all", "all"), ("case", case), ("gender", item.gender),
                ("shape", item.shape), ("source", item.source)]
        rows += [("class", c) for c in item.classes.split()]
        for row in rows:
            tallies[row][outcome] += 1
        if outcome != "ok":
            wrong.append((item.shape, case, outcome, text, item.forms[0], said))
    print(f"{len(jobs)} sentences, {len(items)} names; {seconds:.0f} s ({cpu:.0f} s CPU)\n")
    outcomes = ("normal", "fragments", "span", "type", "missed")
    print("| slice | value | n | exact | " + " | ".join(outcomes) + " |")
    print("|---|---|---|---|" + "---|" * len(outcomes))
    order = {"all": 0, "case": 1, "gender": 2, "shape": 3, "source": 4, "class": 5}
    for (kind, value), counts in sorted(tallies.items(), key=lambda kv: (
            order[kv[0][0]], CASES.index(kv[0][1]) if kv[0][0] == "case" else 0, kv[0][1])):
        total = sum(counts.values())
        if kind == "class" and total < 30:
            continue  # too few to read
        print(f"| {kind} | {value} | {total} | {counts['ok'] / total:.3f} | " +
              " | ".join(str(counts[o]) for o in outcomes) + " |")
    if misses:
        print(f"\nmisses, {len(wrong)} in all; {misses} spread over them:")
        step = max(1, len(wrong) // misses)
        for shape, case, outcome, text, gold, said in wrong[::step][:misses]:
            print(f"  {shape} {case} {outcome}: {text}  gold {gold}  said {said}")
    return 0


# ---- building the list --------------------------------------------------------------------

OC_CASE = {"gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "loc": "loct"}
ROLE_GRAMMEME = {"first": "Name", "middle": "Patr", "last": "Surn"}
WORD = re.compile(r"^[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?$")


class Decliner:
    """Case forms of one name word: OpenCorpora's paradigm where it knows the word in that
    role and gender, else pytrovich's rules."""

    def __init__(self) -> None:
        import pymorphy3
        from pytrovich import Case, Gender, NamePart, PetrovichDeclinationMaker

        self.morph = pymorphy3.MorphAnalyzer()
        self.maker = PetrovichDeclinationMaker()
        self.part = {"first": NamePart.FIRSTNAME, "middle": NamePart.MIDDLENAME,
                     "last": NamePart.LASTNAME}
        self.gender = {"masc": Gender.MALE, "femn": Gender.FEMALE}
        self.case = {"gen": Case.GENITIVE, "dat": Case.DATIVE, "acc": Case.ACCUSATIVE,
                     "ins": Case.INSTRUMENTAL, "loc": Case.PREPOSITIONAL}
        self.compared = Counter()

    def rules(self, word: str, role: str, gender: str) -> tuple[str, ...]:
        return (word, *(self.maker.make(self.part[role], self.gender[gender], self.case[c], word)
                        for c in CASES[1:]))

    def dictionary(self, word: str, role: str, gender: str) -> tuple[str, ...] | None:
        grammeme = ROLE_GRAMMEME[role]
        for parse in self.morph.parse(word.lower()):
            tag = parse.tag
            if not parse.is_known or grammeme not in tag or "nomn" not in tag or \
                    "sing" not in tag or not ({gender, "ms-f"} & tag.grammemes):
                continue
            if parse.word != word.lower().replace("ё", "е") and parse.word != word.lower():
                continue
            forms = [word]
            for case in CASES[1:]:
                inflected = parse.inflect({OC_CASE[case], "sing"})
                if inflected is None:
                    return None
                forms.append(_shape(inflected.word, word))
            return tuple(forms)
        return None

    def forms(self, word: str, role: str, gender: str) -> tuple[tuple[str, ...], str]:
        """(case forms, source) of one word; hyphenated words decline part by part."""
        ruled = self.rules(word, role, gender)
        known = None if "-" in word else self.dictionary(word, role, gender)
        if known is None:
            return ruled, "rules"
        self.compared[(role, _fold(known) == _fold(ruled))] += 1
        return known, "dict"


def plausible(forms: tuple[str, ...]) -> bool:
    """The inflector's forms keep two rules of Russian declension it breaks on some foreign
    names: -ия names have -ии in the dative and locative (`Асии`, not `Асие`), and only
    -ов/-ин and adjective stems take -ым (`Гоувом`, not `Гоувым`)."""
    nominative, _, dative, _, instrumental, locative = (f.lower() for f in forms)
    if nominative.endswith("ия") and not (dative.endswith("ии") and locative.endswith("ии")):
        return False
    return not instrumental.endswith("ым") or nominative.endswith(
        ("ов", "ев", "ёв", "ин", "ын", "ый", "ой", "ий"))


def _fold(forms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f.replace("ё", "е") for f in forms)


def _shape(word: str, like: str) -> str:
    """A lowercase form spelled like the nominative (capitals, ё only where it had one)."""
    if "ё" not in like.lower():
        word = word.replace("ё", "е")
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


ENDINGS = {
    "first": (("ий", "ij"), ("ей", "j"), ("ай", "j"), ("й", "j"), ("ия", "ija"), ("ья", "ja"),
              ("йя", "ja"), ("я", "ja"), ("а", "a"), ("ь", "soft")),
    "middle": (("ич", "ovich"), ("на", "ovna")),
    "last": (("ских", "ih"), ("ых", "ih"), ("их", "ih"), ("ко", "ko"), ("ский", "sky"),
             ("цкий", "sky"), ("ская", "skaya"), ("цкая", "skaya"), ("ний", "soft-adj"),
             ("ый", "adj"), ("ой", "adj"), ("ий", "adj"), ("ая", "adja"), ("яя", "adja"),
             ("ова", "ova"), ("ева", "ova"), ("ёва", "ova"), ("ина", "ova"), ("ына", "ova"),
             ("ов", "ov"), ("ев", "ov"), ("ёв", "ov"), ("ин", "ov"), ("ын", "ov"), ("ец", "ec"),
             ("ич", "ich"), ("ия", "ija"), ("я", "ja"), ("а", "a"), ("ь", "soft"), ("й", "j")),
}


def declension_class(word: str, role: str) -> str:
    """The declension class of a name word by its ending, for the per-class rows."""
    w = word.lower()
    if "-" in w:
        return f"{role}:hyphen"
    name = next((name for ending, name in ENDINGS[role] if w.endswith(ending)), None)
    if name is None:
        name = "vowel" if w[-1] in "еиоуыэю" else "cons"
    return f"{role}:{name}"


def _parquet(package_dir: Path, name: str):
    import pyarrow.parquet as pq

    return pq.read_table(package_dir / "data" / f"{name}.parquet").to_pylist()


def _russiannames_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("russiannames")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("build needs `pip install --no-deps russiannames`")
    return Path(list(spec.submodule_search_locations)[0])


def _corpus_names(data: Path) -> list[tuple[str, str]]:
    """(first, last) nominatives of persons in BSNLP and FactRuEval dev, in file order."""
    found: list[tuple[str, str]] = []
    for tsv in sorted((data / "bsnlp" / "ner").glob("*/ru/*.tsv")):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) >= 5 and fields[4] == "PER":
                words = fields[3].split()
                if len(words) == 2:
                    found.append((words[0], words[1]))
    for coref in sorted((data / "factru" / "devset").glob("*.coref")):
        for record in coref.read_text(encoding="utf-8").split("\n\n"):
            values = dict(line.partition(" ")[::2] for line in record.splitlines()[1:])
            if "firstname" in values and "lastname" in values and "patronymic" not in values:
                found.append((values["firstname"].strip(), values["lastname"].strip()))
    return found


def build(data: Path, out: Path) -> int:
    """Write the name list (see the module docstring)."""
    decliner = Decliner()
    morph = decliner.morph
    rng = random.Random(13)
    package = _russiannames_dir()
    gender_of = {"m": "masc", "f": "femn"}

    def real(rows, least: int) -> list[dict]:
        return [r for r in rows if r["text"] and WORD.match(r["text"]) and
                (r["count"] or 0) >= least]

    def gender(row: dict) -> str | None:
        """The list's gender, unless the dictionary knows the name with the other one."""
        listed, known = gender_of.get(row["gender"]), _first_gender(morph, row["text"])
        return listed if known in (None, listed) else None

    names = [(r, gender(r)) for r in real(_parquet(package, "names"), 2)]
    frequent = [(r, g) for r, g in names if r["count"] >= 20 and "-" not in r["text"]]
    slavic = {g: [r["text"] for r, rg in frequent if rg == g and "slav" in (r["ethnic"] or [])]
              for g in ("masc", "femn")}
    other = {g: [r["text"] for r, rg in frequent if rg == g and
                 "slav" not in (r["ethnic"] or [])][:400] for g in ("masc", "femn")}
    hyphen_first = {g: [r["text"] for r, rg in names if rg == g and "-" in r["text"] and
                        r["count"] >= 3]
                    for g in ("masc", "femn")}
    patronymics = {g: [r["text"] for r in real(_parquet(package, "midnames"), 50)
                       if gender_of.get(r["gender"]) == g] for g in ("masc", "femn")}
    surnames = real(_parquet(package, "surnames"), 5)
    # (masculine, feminine) surname pairs, and the ones with one form for both.
    pairs = [(r["text"], r["f_form"]) for r in surnames if r["gender"] == "m" and r["f_form"]
             and WORD.match(r["f_form"]) and "-" not in r["text"]]
    same = [r["text"] for r in surnames if r["gender"] == "u" and "-" not in r["text"]]
    # Indeclinable for both genders (`Шевченко`, `Черных`, `Гюго`); a consonant stem is
    # indeclinable for women only (`Ковальчук`, `Станкевич`).
    vowel_or_ih = [w for w in same if w[-1] in "еиоуыэю" or w.endswith(("их", "ых"))]

    def known_surname(word: str) -> bool:
        return any(p.is_known and "Surn" in p.tag for p in morph.parse(word.lower()))

    # Half the surnames the dictionary knows, half it does not (those matter most).
    known_pairs = [p for p in pairs[:6000] if known_surname(p[0])]
    unknown_pairs = [p for p in pairs if not known_surname(p[0])]

    def surname(gender: str, pool: list[tuple[str, str]]) -> str:
        masc, femn = rng.choice(pool)
        return masc if gender == "masc" else femn

    def given(gender: str, pool: dict[str, list[str]], top: int = 150) -> str:
        return rng.choice(pool[gender][:top])

    rows: list[tuple[str, str, list[tuple[str, str]]]] = []  # shape, gender, [(word, role)]
    for index in range(700):
        gender = ("masc", "femn")[index % 2]
        pool = known_pairs if index % 4 < 2 else unknown_pairs
        first = given(gender, slavic) if index % 10 else given(gender, other, 400)
        if index < 260:
            rows.append(("first-last", gender, [(first, "first"), (surname(gender, pool),
                                                                   "last")]))
        elif index < 480:
            rows.append(("first-patronymic-last", gender, [
                (first, "first"), (given(gender, patronymics, 300), "middle"),
                (surname(gender, pool), "last")]))
        elif index < 530:
            rows.append(("last-first-patronymic", gender, [
                (surname(gender, pool), "last"), (first, "first"),
                (given(gender, patronymics, 300), "middle")]))
        elif index < 600:
            last = surname(gender, pool)
            initial = first[0] + "."
            middle = given(gender, patronymics, 300)[0] + "."
            layout = index % 3
            words = [(initial, "initial"), (middle, "initial"), (last, "last")] \
                if layout == 0 else [(initial, "initial"), (last, "last")] \
                if layout == 1 else [(last, "last"), (initial, "initial"), (middle, "initial")]
            rows.append(("initials", gender, words))
        else:
            # Indeclinable surnames: one form for both genders (`Шевченко`, `Черных`), and a
            # woman's consonant surname (`Ковальчук`, `Станкевич`).
            last = rng.choice(vowel_or_ih[:2000] if gender == "masc" else same[:3000])
            rows.append(("indeclinable", gender, [(first, "first"), (last, "last")]))
    for index in range(60):
        gender = ("masc", "femn")[index % 2]
        if index % 4 in (0, 1) and hyphen_first[gender]:
            words = [(rng.choice(hyphen_first[gender]), "first"),
                     (surname(gender, unknown_pairs), "last")]
        else:  # a double surname joined from two (`Петров-Водкин`)
            a, b = rng.choice(pairs[:3000]), rng.choice(pairs[:3000])
            words = [(given(gender, slavic), "first"),
                     ((a[0] + "-" + b[0]) if gender == "masc" else (a[1] + "-" + b[1]), "last")]
        rows.append(("hyphenated", gender, words))
    seen: set[tuple[str, str]] = set()
    corpus = []
    slavic_all = set(slavic["masc"] + slavic["femn"])
    genders_of_first = {r["text"]: g for r, g in names}
    for first, last in _corpus_names(data):
        if (first, last) in seen or not (WORD.match(first) and WORD.match(last)) or \
                first in slavic_all:
            continue
        seen.add((first, last))
        gender = genders_of_first.get(first) or _first_gender(morph, first)
        if gender:
            corpus.append(("foreign", gender, [(first, "first"), (last, "last")]))
    rng.shuffle(corpus)
    rows += sorted(corpus[:150], key=lambda r: r[1])

    lines = ["\t".join(FIELDS)]
    dropped = []
    for shape, gender, words in rows:
        parts, sources, classes = [], set(), []
        for word, role in words:
            if role == "initial":
                parts.append((word,) * 6)
                continue
            forms, source = decliner.forms(word, role, gender)
            parts.append(forms)
            sources.add(source)
            classes.append(declension_class(word, role))
        if not all(plausible(p) for p in parts):
            dropped.append(parts[-1][0])
            continue
        source = "corpus" if shape == "foreign" else "rules" if "rules" in sources else "dict"
        forms = [" ".join(p[i] for p in parts) for i in range(6)]
        lines.append("\t".join((shape, gender, source, " ".join(classes), *forms)))
    out.write_text("# Built by `benchmarks/names.py build`; see its docstring for sources.\n"
                   + "\n".join(lines) + "\n", encoding="utf-8")
    agree = {role: (decliner.compared[(role, True)],
                    decliner.compared[(role, True)] + decliner.compared[(role, False)])
             for role in ("first", "middle", "last")}
    print(f"{len(lines) - 1} names → {out}; dropped as implausible: {', '.join(dropped)}")
    print("dictionary vs rules, words declined alike: " + ", ".join(
        f"{role} {a}/{n}" for role, (a, n) in agree.items()))
    return 0


def _first_gender(morph, word: str) -> str | None:
    genders = {g for p in morph.parse(word.lower()) if p.is_known and "Name" in p.tag
               and "nomn" in p.tag for g in ("masc", "femn") if g in p.tag}
    return genders.pop() if len(genders) == 1 else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", default="score", choices=("score", "build"))
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="DATA_DIR (build only)")
    parser.add_argument("--list", default=str(LIST), help="the name list")
    parser.add_argument("--misses", type=int, default=0, help="print N misses")
    parser.add_argument("--shapes", default="", help="comma-separated shapes to score")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated cases")
    parser.add_argument("--sources", default="", help="comma-separated sources to score")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(Path(args.data), Path(args.list))
    items = read_list(Path(args.list))
    if args.shapes:
        items = [i for i in items if i.shape in args.shapes.split(",")]
    if args.sources:
        items = [i for i in items if i.source in args.sources.split(",")]
    return score(items, tuple(c for c in CASES if c in args.cases.split(",")), args.misses)


if __name__ == "__main__":
    sys.exit(main())
