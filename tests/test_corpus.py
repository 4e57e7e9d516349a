"""Cross-document linking: invented records in, corpus entities out."""

from __future__ import annotations

import gzip
import json
import random
import warnings

import pytest

from extractor import corpus as cp
from extractor.cli import main
from extractor.corpus.keys import compound_of, fold, fold_org, script, skeleton
from extractor.corpus.summary import merge, summarize


def cluster(id: int, type: str, name: str, *normals: str, roles=(), lone: str = "last"):
    words = name.split()
    parts = {"first": None, "middle": None, "last": None}
    if type == "PER":
        if len(words) == 1:
            parts[lone] = words[0]
        else:
            parts.update(first=words[0], last=words[-1], middle=" ".join(words[1:-1]) or None)
    mentions = [name, *normals]
    return {"id": id, "type": type, "name": name, **parts, "roles": list(roles),
            "mentions": [[10 * i, 10 * i + 5] for i in range(len(mentions))],
            "_normals": mentions}


def record(id: str, *clusters, quotes=(), date: str | None = None, error=None):
    """A record as the extractor writes it; entities are made from each cluster's normals."""
    entities, out = [], []
    for c in clusters:
        c = dict(c)
        for (start, stop), normal in zip(c["mentions"], c.pop("_normals"), strict=True):
            entities.append({"text": normal, "start": start + 100 * c["id"],
                             "stop": stop + 100 * c["id"], "type": c["type"],
                             "normal": normal, "cluster": c["id"]})
        out.append(c)
    result = {"id": id, "text_length": 1000, "entities": entities, "clusters": out,
              "quotes": [quote(*q) for q in quotes], "error": error}
    if date:
        result["meta"] = {"date": date}
    return result


def quote(text: str, cluster_id: int | None, name: str | None = None, type: str = "PER"):
    speaker = {"name": name, "type": type if name else None, "cluster": cluster_id,
               "mention": name, "start": 0, "stop": 5} if name or cluster_id else None
    return {"text": text, "start": 500, "stop": 500 + len(text), "kind": "direct",
            "cue": "заявил", "cue_lemma": "заявить", "speaker": speaker, "sentence": 0,
            "confidence": 0.9, "rule": "test"}


def names(corpus, type="PER"):
    return sorted(e.name for e in corpus.entities if e.type == type)


def linked(*records):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # good records link without a warning
        return cp.link(list(records))


# ---- persons ------------------------------------------------------------------------------

def test_a_lone_surname_joins_the_only_full_name():
    corpus = linked(record("a", cluster(1, "PER", "Сергей Лавров", "Лавров")),
                    record("b", cluster(1, "PER", "Лавров")))
    (person,) = corpus.people
    assert (person.name, person.documents, person.mentions) == ("Сергей Лавров", 2, 3)
    assert dict(person.variants) == {"Лавров": 2, "Сергей Лавров": 1}


def test_a_lone_surname_of_two_people_stays_apart_and_says_why():
    corpus = linked(record("a", cluster(1, "PER", "Борис Джонсон")),
                    record("b", cluster(1, "PER", "Дуэйн Джонсон")),
                    record("c", cluster(1, "PER", "Джонсон")))
    assert names(corpus) == ["Борис Джонсон", "Джонсон", "Дуэйн Джонсон"]
    lone = corpus.find("Джонсон")
    assert lone.note == "kept apart: could be any of 2 (Борис Джонсон, Дуэйн Джонсон)"


def test_the_surname_the_documents_pair_with_one_full_name_joins_it():
    # Лавров is written beside Сергей Лавров in four documents, never beside Игорь Лавров.
    full = [record(f"s{i}", cluster(1, "PER", "Сергей Лавров", "Лавров")) for i in range(4)]
    corpus = linked(*full, record("i", cluster(1, "PER", "Игорь Лавров")),
                    record("x", cluster(1, "PER", "Лавров")))
    assert names(corpus) == ["Игорь Лавров", "Сергей Лавров"]


@pytest.mark.parametrize("short, full", [
    ("С. Лавров", "Сергей Лавров"),           # an initial
    ("Дж Хант", "Джереми Хант"),              # an initial of letters without a vowel
    ("Тереза Мей", "Тереза Мэй"),             # э/е of a transliteration
    ("Доминик Раб", "Доминик Рааб"),          # a doubled letter
    ("Дональт Туск", "Дональд Туск"),         # a voiced last consonant
    ("Зеленськый", "Владимир Зеленский"),     # a Ukrainian spelling of the surname
    ("Биби Азия", "Асия Биби"),               # the parts in the other order, з/с
    ("Асию Биби", "Асия Биби"),               # a case ending misread
    ("Саиф уль-Малук", "Сайфул Малук"),       # the word break elsewhere
    ("Салман Тасинар", "Салман Тасир"),      # no: two letters apart
])
def test_spellings_of_one_name_join(short, full):
    corpus = linked(record("a", cluster(1, "PER", full)), record("b", cluster(1, "PER", short)))
    expected = 2 if short == "Салман Тасинар" else 1
    assert len(corpus.people) == expected


@pytest.mark.parametrize("one, other", [
    ("Мария Иванова", "Марина Иванова"),     # two dictionary first names
    ("Андрей Сахаров", "Андрей Захаров"),    # two dictionary surnames
    ("Александр Петров", "Александра Петрова"),
    ("Иван Петров", "Иван Петрова"),          # the genders disagree
    ("Асий Биби", "Асия Биби"),               # a man's and a woman's name
])
def test_distinct_names_one_letter_apart_stay_apart(one, other):
    corpus = linked(record("a", cluster(1, "PER", one)), record("b", cluster(1, "PER", other)))
    assert names(corpus) == sorted([one, other])


def test_a_latin_spelling_paired_in_brackets_joins_elsewhere():
    corpus = linked(
        record("a", cluster(1, "PER", "Майк Помпео", "Mike Pompeo")),  # `Майк Помпео (Mike…)`
        record("b", cluster(1, "PER", "Mike Pompeo")))
    (person,) = corpus.people
    assert person.name == "Майк Помпео" and person.documents == 2


def test_a_latin_spelling_with_one_cyrillic_match_joins():
    corpus = linked(record("a", cluster(1, "PER", "Джоэл Саймон")),
                    record("b", cluster(1, "PER", "Joel Simon")))
    assert names(corpus) == ["Джоэл Саймон"]
    assert skeleton("Joel Simon") == skeleton("Джоэл Саймон") == "jl smn"


def test_gender_and_roles_with_counts():
    corpus = linked(
        record("a", cluster(1, "PER", "Мария Захарова", roles=["официальный представитель МИД"])),
        record("b", cluster(1, "PER", "Захарова", roles=["официальный представитель МИД"])),
        record("c", cluster(1, "PER", "Мария Захарова", roles=["дипломат"])))
    (person,) = corpus.people
    assert person.gender == "femn"
    assert person.roles == (("официальный представитель МИД", 2), ("дипломат", 1))
    assert repr(person).startswith("Person('Мария Захарова', per-")
    assert "variants: Мария Захарова ×2, Захарова ×1; roles: официальный" in repr(person)


# ---- organizations and places --------------------------------------------------------------

@pytest.mark.parametrize("short, full", [
    ("МИД России", "Министерство иностранных дел России"),
    ("СК", "Следственный комитет"),
    ("Газпром", "ПАО «Газпром»"),
    ("Ryanair", "Ryanair Holdings Plc"),
    ("Евросоюз", "Европейский союз"),
    ("Кабмин", "кабинет министров"),
    ("Верховный суд", "Верховный суд Пакистана"),
    ("Райанэйр", "Ryanair"),
    # A state as a genitive after the name or an adjective before it.
    ("французское правительство", "правительство Франции"),
    ("МИД Соединенного Королевства", "британский МИД"),
    ("МИД ФРГ", "немецкое Министерство иностранных дел"),
    ("Совет ЕС", "Европейский совет"),
    ("Минфин", "Минфин Казахстана"),  # the one state's Минфин the corpus names
    # Spelling: letter names, web addresses, articles, slips, linking particles.
    ("Си-эн-эн", "CNN"),
    ("MEDUZA.IO", "Meduza"),
    ("The Guardian", "Guardian"),
    ("Либеральная партея", "Либеральная партия"),
    ("Хизб-э-Тахрир", "Хизб-и-Тахрир"),
])
def test_organization_forms_join(short, full):
    corpus = two_organizations(full, short)
    assert len(corpus.organizations) == 1, names(corpus, "ORG")


def two_organizations(one, other):
    """A corpus of two documents, each naming one organization."""
    return linked(record("a", cluster(1, "ORG", one)), record("b", cluster(1, "ORG", other)))


@pytest.mark.parametrize("one, other", [
    ("МИД Франции", "МИД Испании"),
    ("французский парламент", "парламент Италии"),
    ("Европейский совет", "Совет Европы"),  # Europe is no union
    ("Высший совет", "Высшая школа"),
    ("Союз писателей", "Союз читателей"),  # one letter off, both words of the dictionary
])
def test_organizations_alike_stay_apart(one, other):
    corpus = two_organizations(one, other)
    assert len(corpus.organizations) == 2, names(corpus, "ORG")


def test_a_name_without_its_state_stays_apart_when_two_states_fit():
    corpus = linked(record("a", cluster(1, "ORG", "Минфин Казахстана")),
                    record("b", cluster(1, "ORG", "российский Минфин")),
                    record("c", cluster(1, "ORG", "Минфин")))
    assert len(corpus.organizations) == 3
    assert "could be any of 2" in corpus.find("Минфин").note


def test_a_name_without_its_state_joins_the_state_its_documents_name():
    corpus = linked(record("a", cluster(1, "ORG", "МИД Франции")),
                    record("b", cluster(1, "ORG", "МИД Испании")),
                    record("c", cluster(1, "ORG", "МИД"), cluster(2, "LOC", "Франция", "Франция")),
                    record("d", cluster(1, "ORG", "МИД"), cluster(2, "LOC", "Франция")))
    assert sorted((o.name, o.documents) for o in corpus.organizations) == [
        ("МИД Испании", 1), ("МИД Франции", 3)]


def test_an_abbreviation_of_two_full_names_stays_apart():
    corpus = linked(record("a", cluster(1, "ORG", "Следственный комитет")),
                    record("b", cluster(1, "ORG", "Страховая компания")),
                    record("c", cluster(1, "ORG", "СК")))
    assert len(corpus.organizations) == 3
    assert "could be any of 2" in corpus.find("СК").note


def test_the_forms_of_one_document_cluster_link_across_documents():
    corpus = linked(record("a", cluster(1, "ORG", "Всемирная организация здравоохранения", "ВОЗ")),
                    record("b", cluster(1, "ORG", "ВОЗ")))
    (org,) = corpus.organizations
    assert org.name == "Всемирная организация здравоохранения" and org.documents == 2


def test_places_link_by_normal_form():
    corpus = linked(record("a", cluster(1, "LOC", "Москва")),
                    record("b", cluster(1, "LOC", "москва")),
                    record("c", cluster(1, "LOC", "Санкт-Петербург")))
    assert [(p.name, p.documents) for p in corpus.places] == [("Москва", 2), ("Санкт-Петербург", 1)]


def test_name_keys():
    assert fold_org("ООО «Рога и копыта»") == "рога и копыта"
    assert compound_of("еврокомиссия", ["европейская", "комиссия"])
    assert not compound_of("евросовет", ["совет", "европы"])


@pytest.mark.parametrize(("name", "folded"), [
    ("„Газпром“", "газпром"), ("“Лукойл”", "лукойл"), ("‘Ёлки’", "елки"), ("O'Нил", "oнил"),
    ("Ростов-на-Дону", "ростов на дону"), ("Иванов — Петров", "иванов петров"),
    ("Иванов ― Петров", "иванов петров"), ("Лос‑Анджелес", "лос анджелес"),
])
def test_fold_drops_every_quote_mark_and_spaces_dashes(name, folded):
    assert fold(name) == folded


@pytest.mark.parametrize(("name", "found"), [
    ("Лавров", "cyr"), ("ЁЛКИ", "cyr"), ("Lavrov", "lat"), ("Лaвров", None), ("Київ", "cyr"),
    ("2024", None),
])
def test_a_name_is_in_one_script_or_neither(name, found):
    assert script(name) == found


# ---- quotes, dates, tables ------------------------------------------------------------------

def corpus_with_quotes():
    return linked(
        record("a", cluster(1, "PER", "Сергей Лавров"), cluster(2, "ORG", "МИД России"),
               quotes=[("Мы готовы", 1, "Сергей Лавров"), ("Источники молчат", None)],
               date="2019-05-14"),
        record("b", cluster(1, "PER", "Лавров"), quotes=[("Это не так", 1, "Лавров")],
               date="2019-06-01T10:00:00"),
        record("c", cluster(3, "PER", "Мария Захарова"), date="2019-04-30"))


def test_quotes_of_a_person_across_documents():
    corpus = corpus_with_quotes()
    lavrov = corpus.find("Сергей Лавров")
    assert [(q["doc_id"], q["quote"], q["date"]) for q in corpus.quotes_of(lavrov)] == [
        ("a", "Мы готовы", "2019-05-14"), ("b", "Это не так", "2019-06-01")]
    assert (lavrov.quotes, lavrov.first_date, lavrov.last_date) == (2, "2019-05-14", "2019-06-01")
    rows = list(corpus.quote_rows())
    assert len(rows) == 3 and rows[1]["person_id"] is None  # the unnamed source stays


def test_mention_rows_carry_the_corpus_id():
    corpus = corpus_with_quotes()
    rows = list(corpus.mention_rows())
    lavrov = corpus.find("Лавров").id
    assert [(r["doc_id"], r["normal"], r["corpus_id"] == lavrov) for r in rows] == [
        ("a", "Сергей Лавров", True), ("a", "МИД России", False), ("b", "Лавров", True),
        ("c", "Мария Захарова", False)]


def test_to_frame_is_the_people_table():
    pytest.importorskip("pandas")
    frame = corpus_with_quotes().to_frame("people")
    assert list(frame.columns) == list(cp.PEOPLE)
    assert frame.name.tolist() == ["Сергей Лавров", "Мария Захарова", "МИД России"]
    assert frame.documents.tolist() == [2, 1, 1]


# ---- bad input ----------------------------------------------------------------------------

def test_bad_records_are_counted_and_skipped_with_their_quotes_kept():
    good = record("a", cluster(1, "PER", "Сергей Лавров"), quotes=[("Да", 1, "Сергей Лавров")])
    failed = record("e", error="internal error in extractor.ner: ValueError: x")
    no_clusters = {"id": "n", "entities": [], "quotes": [quote("Нет", None, "Иванов")]}
    old = {"id": "o", "clusters": [{"id": 1, "label": "Иванов"}], "quotes": [quote("Ну", 1)]}
    with pytest.warns(UserWarning) as caught:
        corpus = cp.link([good, failed, no_clusters, old, None, "not a record"])
    assert str(caught[0].message) == (
        "5 of 6 records not linked (1 error, 1 no clusters, 3 older or unknown format); their "
        "2 quotes are in the quote table without a person_id")
    assert names(corpus) == ["Сергей Лавров"]
    assert [(q["doc_id"], q["person_id"] is None) for q in corpus.quote_rows()] == [
        ("a", False), ("n", True), ("o", True)]


# ---- one summary, any order ------------------------------------------------------------------

def sample():
    return [
        record("a", cluster(1, "PER", "Сергей Лавров", "Лавров"), cluster(2, "ORG", "МИД России"),
               quotes=[("Да", 1, "Сергей Лавров")], date="2019-01-02"),
        record("b", cluster(1, "PER", "Лавров"),
               cluster(2, "ORG", "Министерство иностранных дел России")),
        record("c", cluster(1, "PER", "Тереза Мэй"), cluster(2, "PER", "Мэй"), date="2018-12-31"),
        record("d", cluster(1, "PER", "Тереза Мей"), cluster(2, "LOC", "Лондон")),
        record("e", cluster(1, "PER", "Theresa May"), cluster(2, "PER", "Борис Джонсон")),
        record("f", cluster(1, "PER", "Джонсон"), cluster(2, "PER", "Дуэйн Джонсон")),
    ] * 3


def table(corpus) -> str:
    return json.dumps(list(corpus.rows("people")), ensure_ascii=False)


def test_shuffled_records_and_any_merge_tree_give_the_same_table():
    records = sample()
    expected = table(cp.link(records))
    for seed in range(5):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        pieces = [summarize(r) for r in shuffled]
        while len(pieces) > 1:  # a random tree of merges
            i = random.Random(seed).randrange(len(pieces) - 1)
            pieces[i:i + 2] = [merge(pieces[i:i + 2])]
        corpus = cp.Corpus.build(pieces[0], lambda shuffled=shuffled: shuffled)
        assert table(corpus) == expected


def test_ids_are_stable_across_corpora():
    small = cp.link(sample()[:2])
    large = cp.link(sample())
    assert small.find("Сергей Лавров").id == large.find("Сергей Лавров").id


def test_link_bag_gives_the_same_table():
    db = pytest.importorskip("dask.bag")
    from extractor.dask import link_bag

    records = sample()
    corpus = link_bag(db.from_sequence(records, npartitions=4), split_every=2, scheduler="sync")
    assert table(corpus) == table(cp.link(records))
    assert len(corpus.quotes_of(corpus.find("Лавров"))) == 3


# ---- the command line ---------------------------------------------------------------------

def test_people_command_writes_the_tables(tmp_path, capsys):
    path = tmp_path / "records.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in sample())
        out.write("{not json\n")
    people, quotes = tmp_path / "people.csv", tmp_path / "quotes.jsonl"
    mentions = tmp_path / "mentions.tsv"
    assert main(["people", str(path), "-o", str(people), "--quotes", str(quotes),
                 "--mentions", str(mentions)]) == 0
    err = capsys.readouterr().err
    assert "1 of 19 records not linked (1 older or unknown format)" in err
    header, *rows = people.read_text(encoding="utf-8").splitlines()
    assert header == ",".join(cp.PEOPLE)
    assert table(cp.link(sample())) == json.dumps(
        [json.loads(line) for line in _as_jsonl(tmp_path, path)], ensure_ascii=False)
    assert len(rows) == len(cp.link(sample()).entities)
    assert len(quotes.read_text(encoding="utf-8").splitlines()) == 3
    assert mentions.read_text(encoding="utf-8").splitlines()[0].split("\t") == list(cp.MENTIONS)


def _as_jsonl(tmp_path, path):
    out = tmp_path / "people.jsonl"
    assert main(["people", str(path), "-o", str(out), "-q"]) == 0
    return out.read_text(encoding="utf-8").splitlines()


def test_people_command_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(sample()[0], ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "people.csv"
    out.write_text("x", encoding="utf-8")
    assert main(["people", str(path), "-o", str(out)]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["people", str(tmp_path / "missing.jsonl"), "-o", "-"]) == 2
