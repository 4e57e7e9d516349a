"""Golden entities of the seed article (an RBC page with its rubric and news-feed furniture)."""

import pytest


def persons(doc):
    return {c.name: c for c in doc.clusters if c.type == "PER"}


@pytest.mark.parametrize("name", [
    "Сергей Рябков", "Сергей Лавров", "Майк Помпео", "Владимир Путин", "Дональд Трамп",
])
def test_seed_people(seed_doc, name):
    assert name in persons(seed_doc)


@pytest.mark.parametrize("surface, normal", [
    ("Сергеем Лавровым", "Сергей Лавров"),
    ("Майком Помпео", "Майк Помпео"),
    ("Владимира Путина", "Владимир Путин"),
    ("Дональда Трампа", "Дональд Трамп"),
    ("Лаврова", "Лавров"),
    ("Путиным", "Путин"),
    ("МИДа", "МИД"),
    ("Челябинской области", "Челябинская область"),
])
def test_seed_normal_forms(seed_doc, surface, normal):
    assert {e.normal for e in seed_doc.entities if e.text == surface} == {normal}


def test_seed_lavrov_is_one_cluster_with_a_last_name(seed_doc):
    lavrov = persons(seed_doc)["Сергей Лавров"]
    texts = {seed_doc.text[a:b] for a, b in lavrov.mentions}
    assert texts == {"Сергеем Лавровым", "Лавров", "Сергей Лавров", "Лаврова"}
    assert (lavrov.first, lavrov.last) == ("Сергей", "Лавров")


def test_seed_lone_surname_is_a_last_name(seed_doc):
    assert (persons(seed_doc)["Силуанов"].first, persons(seed_doc)["Силуанов"].last) == (
        None, "Силуанов")


@pytest.mark.parametrize("name, role", [
    ("Сергей Рябков", "замминистра иностранных дел"),
    ("Майк Помпео", "госсекретарь США"),
    ("Дональд Трамп", "президент"),
])
def test_seed_roles(seed_doc, name, role):
    assert persons(seed_doc)[name].roles == (role,)


def test_seed_rubrics_are_not_entities(seed_doc):
    rubrics = {"Политика", "Экономика", "Финансы", "Общество", "Теги", "Лента новостей"}
    assert [e.text for e in seed_doc.entities if e.text in rubrics] == []
