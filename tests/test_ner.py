"""NER post-rules on hand-made spans (no model): each rule, one line per case."""

import dataclasses

import pytest

from extractor import segment
from extractor.ner import Span, apply_rules


def spans_after_rules(text: str, marked: list[tuple[str, str]],
                      cases: dict[str, str] | None = None) -> list[str]:
    """Apply the post-rules to spans given as (surface, type); return surviving surfaces.
    `cases` gives the tagger's case of some words."""
    _, tokens = segment.segment(text)
    tokens = [dataclasses.replace(t, feats={"Case": cases[t.text]})
              if cases and t.text in cases else t for t in tokens]
    spans = []
    for surface, type_ in marked:
        start = text.index(surface)
        first = next(i for i, t in enumerate(tokens) if t.start == start)
        last = next(i for i, t in enumerate(tokens) if t.stop == start + len(surface)) + 1
        spans.append(Span(first, last, type_))
    return [text[tokens[s.first].start:tokens[s.last - 1].stop]
            for s in apply_rules(text, tokens, spans)]


@pytest.mark.parametrize("text, marked, kept", [
    # a rubric alone on its line (rubric_alone)
    ("Эксклюзив\nПолитика ,\nРоссия предложила США мир", [("Политика", "PER")], []),
    ("Лента новостей\nКурс евро вырос", [("Лента новостей", "ORG")], []),
    ("Авторы\nТеги\nПрямой эфир", [("Теги", "ORG")], []),
    # a rubric glued to a headline (glued_rubric, trim_rubric_tail)
    ("Киев заявил о планах в ПознаниПолитика, 14:49", [("Политика", "PER")], []),
    ("Захарова заявила о запуске на ЗападеПолитика, 14:17", [("ЗападеПолитика", "LOC")],
     ["Западе"]),
    # a rubric word inside a sentence is left alone
    ("Газета «Политика» вышла в Белграде", [("Политика", "ORG")], ["Политика"]),
    # lowercase persons and punctuation edges
    ("Об этом сказал министр финансов", [("министр", "PER")], []),
    ("Об этом сказал «Сергей Лавров»", [("«Сергей Лавров»", "PER")], ["Сергей Лавров"]),
    # capitalized common words at a sentence start (no_common_words)
    ("Побритый вышел к журналистам", [("Побритый", "PER")], []),
    ("Американцы проголосовали", [("Американцы", "LOC")], []),
    ("Всё-таки Проди победил", [("Всё-таки Проди", "PER")], ["Проди"]),
    ("А. Кудрин ушел", [("А. Кудрин", "PER")], ["А. Кудрин"]),
    ("Поднебесная растет", [("Поднебесная", "LOC")], ["Поднебесная"]),
    ("Мороз сказал", [("Мороз", "PER")], ["Мороз"]),
    # a name and its original spelling in brackets (split_brackets)
    ("Сказал Скотт Хоровитц (Scott Horowitz), астронавт", [("Скотт Хоровитц (Scott Horowitz",
                                                          "PER")],
     ["Скотт Хоровитц", "Scott Horowitz"]),
])
def test_post_rules(text, marked, kept):
    assert spans_after_rules(text, marked) == kept


@pytest.mark.parametrize("text, marked, kept", [
    # first | patronymic surname, first patronymic | surname
    ("Суд арестовал имущество Тимура Власовича Грачёва.",
     [("Тимура", "PER"), ("Власовича Грачёва", "PER")], ["Тимура Власовича Грачёва"]),
    ("Книга о Мирославе Тихоновне Грачёвой вышла.",
     [("Мирославе Тихоновне", "PER"), ("Грачёвой", "PER")], ["Мирославе Тихоновне Грачёвой"]),
    # surname | first patronymic
    ("Письмо Грачёву Тимуру Власовичу доставили.",
     [("Грачёву", "PER"), ("Тимуру Власовичу", "PER")], ["Грачёву Тимуру Власовичу"]),
    # first | surname
    ("Интервью с Мирославой Ковальчук вышло.",
     [("Мирославой", "PER"), ("Ковальчук", "PER")], ["Мирославой Ковальчук"]),
    # initials | surname
    ("Встреча с Л. Р. Грачёвым прошла.", [("Л. Р", "PER"), ("Грачёвым", "PER")],
     ["Л. Р. Грачёвым"]),
    # a given name the model typed LOC
    ("Вчера прилетел Евстафий Власович Грачёв.",
     [("Евстафий", "LOC"), ("Власович Грачёв", "PER")], ["Евстафий Власович Грачёв"]),
    # a place before a name stays a place
    ("Глава МИД Молдавии Тимур Власович заявил.",
     [("Молдавии", "LOC"), ("Тимур Власович", "PER")], ["Молдавии", "Тимур Власович"]),
    # two people side by side, a comma, a role word: no join
    ("Пришли Тимур Грачёв Мирон Ковальчук.",
     [("Тимур Грачёв", "PER"), ("Мирон Ковальчук", "PER")], ["Тимур Грачёв", "Мирон Ковальчук"]),
    ("Пришли Тимур, Ковальчук.", [("Тимур", "PER"), ("Ковальчук", "PER")],
     ["Тимур", "Ковальчук"]),
    ("Адвокат Тимура Грачёва подал жалобу.", [("Адвокат", "PER"), ("Тимура Грачёва", "PER")],
     ["Адвокат", "Тимура Грачёва"]),
    # two given names or two surnames are not one name
    ("Пришли Тимур Мирон.", [("Тимур", "PER"), ("Мирон", "PER")], ["Тимур", "Мирон"]),
])
def test_join_name_fragments(text, marked, kept):
    assert spans_after_rules(text, marked) == kept


# Name assembly with the tagger's cases: the parts of one name the model cut apart or left
# out, and the case agreement that keeps two people apart. Every name here is invented.

@pytest.mark.parametrize("text, marked, cases, kept", [
    # the surname before a given name and patronymic
    ("Письмо Грачёву Тимуру Власовичу доставили.", [("Тимуру Власовичу", "PER")],
     {"Грачёву": "Dat", "Тимуру": "Dat", "Власовичу": "Dat"}, ["Грачёву Тимуру Власовичу"]),
    ("Грачёва Мирослава Тихоновна заявила.", [("Мирослава Тихоновна", "PER")],
     {"Грачёва": "Nom", "Мирослава": "Nom", "Тихоновна": "Nom"},
     ["Грачёва Мирослава Тихоновна"]),
    # the given name before a patronymic and surname
    ("Премию вручили Мирославе Тихоновне Грачёвой.", [("Тихоновне Грачёвой", "PER")],
     {"Мирославе": "Dat", "Тихоновне": "Dat", "Грачёвой": "Dat"},
     ["Мирославе Тихоновне Грачёвой"]),
    # the surname after a given name and patronymic
    ("При Тимуре Власовиче Грачёве завод вырос.", [("Тимуре Власовиче", "PER")],
     {"Тимуре": "Loc", "Власовиче": "Loc", "Грачёве": "Loc"}, ["Тимуре Власовиче Грачёве"]),
    # a common word, a role word, a place, another span, another case: not taken
    ("Вчера Тимур Власович заявил.", [("Тимур Власович", "PER")], {}, ["Тимур Власович"]),
    ("Директор Тимур Власович заявил.", [("Тимур Власович", "PER")], {}, ["Тимур Власович"]),
    ("Мэр Москвы Тимур Власович заявил.", [("Тимур Власович", "PER")], {}, ["Тимур Власович"]),
    ("Вдова Грачёва Мирослава Тихоновна пришла.", [("Мирослава Тихоновна", "PER")],
     {"Грачёва": "Gen", "Мирослава": "Nom", "Тихоновна": "Nom"}, ["Мирослава Тихоновна"]),
    ("Сказал Грачёв. Тимур Власович молчал.", [("Тимур Власович", "PER")], {},
     ["Тимур Власович"]),
])
def test_take_name_parts(text, marked, cases, kept):
    assert spans_after_rules(text, marked, cases) == kept


@pytest.mark.parametrize("text, marked, cases, kept", [
    # a case the form cannot have is the tagger's slip (-овичу is no accusative)
    ("Письмо Грачёву Тимуру Власовичу доставили.",
     [("Грачёву", "PER"), ("Тимуру Власовичу", "PER")],
     {"Грачёву": "Dat", "Тимуру": "Dat", "Власовичу": "Acc"}, ["Грачёву Тимуру Власовичу"]),
    # a woman's -ой read as genitive beside locatives is one paradigm's coinciding forms
    ("Книга о Мирославе Тихоновне Грачёвой вышла.",
     [("Мирославе Тихоновне", "PER"), ("Грачёвой", "PER")],
     {"Мирославе": "Loc", "Тихоновне": "Loc", "Грачёвой": "Gen"},
     ["Мирославе Тихоновне Грачёвой"]),
    # a man's genitive beside a woman's nominative is two people
    ("Вдова Грачёва Мирослава Тихоновна пришла.",
     [("Грачёва", "PER"), ("Мирослава Тихоновна", "PER")],
     {"Грачёва": "Gen", "Мирослава": "Nom", "Тихоновна": "Nom"},
     ["Грачёва", "Мирослава Тихоновна"]),
])
def test_join_agrees_in_case(text, marked, cases, kept):
    assert spans_after_rules(text, marked, cases) == kept


@pytest.mark.parametrize("text, marked, kept, type_", [
    # a person's full name the model typed a place
    ("Обыск в квартире Мирославы Грачёвой.", [("Мирославы Грачёвой", "LOC")],
     ["Мирославы Грачёвой"], "PER"),
    ("Жалобу на Б. Грачёву подали.", [("Б. Грачёву", "LOC")], ["Б. Грачёву"], "PER"),
    ("Приехал Тимур Власович.", [("Тимур Власович", "LOC")], ["Тимур Власович"], "PER"),
    # a given name before a word no surname list declines, or before a place, stays a place
    ("Он прилетел в Эль Пасо.", [("Эль Пасо", "LOC")], ["Эль Пасо"], "LOC"),
    ("Он был в Софии Болгарии.", [("Софии Болгарии", "LOC")], ["Софии Болгарии"], "LOC"),
])
def test_person_typed_place(text, marked, kept, type_):
    _, tokens = segment.segment(text)
    tokens = list(tokens)
    assert spans_after_rules(text, marked) == kept
    start = text.index(kept[0])
    first = next(i for i, t in enumerate(tokens) if t.start == start)
    last = next(i for i, t in enumerate(tokens) if t.stop == start + len(kept[0])) + 1
    assert [s.type for s in apply_rules(text, tokens, [Span(first, last, "LOC")])] == [type_]


@pytest.mark.parametrize("text, kept", [
    # initials with their dots and a surname, before or after it
    ("При Г. Грачёве завод вырос.", ["Г. Грачёве"]),
    ("При Грачёве Г. И. завод вырос.", ["Грачёве Г. И."]),
    # a given name and patronymic, with a surname before or after them
    ("При Тимуре Власовиче Грачёве завод вырос.", ["Тимуре Власовиче Грачёве"]),
    ("Книга о Грачёве Тимуре Власовиче вышла.", ["Грачёве Тимуре Власовиче"]),
    # a capital without a dot, a lone surname, a surname no list declines: nothing
    ("В Грачёве прошёл фестиваль.", []),
    ("Книга о Грачёве вышла.", []),
    ("При Г. Эльпасо завод вырос.", []),
    # parts in different cases are not one name
    ("Вдова Грачёва Мирослава Тихоновна пришла.", ["Мирослава Тихоновна"]),
])
def test_untagged_names(text, kept):
    cases = {"Грачёва": "Gen", "Мирослава": "Nom", "Тихоновна": "Nom"}
    assert spans_after_rules(text, [], cases) == kept


@pytest.mark.parametrize("text, marked, cases, kept", [
    # two people in one span, the first a genitive dependent: cut where the cases part
    ("Адвокат Мирославы Тамби Зариф уль-Барак заявил.",
     [("Мирославы Тамби Зариф уль-Барак", "PER")],
     {"Мирославы": "Gen", "Тамби": "Nom", "Зариф": "Nom", "уль-Барак": "Nom"},
     ["Мирославы Тамби", "Зариф уль-Барак"]),
    # one name in one case, or three words with one mistagged case: whole
    ("Адвокат Зарифа Тамби уль-Барака заявил.", [("Зарифа Тамби уль-Барака", "PER")],
     {"Зарифа": "Gen", "Тамби": "Nom", "уль-Барака": "Gen"}, ["Зарифа Тамби уль-Барака"]),
    ("Дом Тимура Власовича Грачёв сгорел.", [("Тимура Власовича Грачёв", "PER")],
     {"Тимура": "Gen", "Власовича": "Gen", "Грачёв": "Nom"}, ["Тимура Власовича Грачёв"]),
    # one-syllable parts of East Asian names do not decline: their tags tell no boundary
    ("Отец Пака Мун Ира Пак Чон Сун выступил.", [("Пака Мун Ира Пак Чон Сун", "PER")],
     {"Пака": "Gen", "Мун": "Gen", "Ира": "Gen", "Пак": "Gen", "Чон": "Nom", "Сун": "Nom"},
     ["Пака Мун Ира Пак Чон Сун"]),
])
def test_split_case_disagreement(text, marked, cases, kept):
    assert spans_after_rules(text, marked, cases) == kept


@pytest.mark.parametrize("text, marked, kept", [
    # an organization the dictionary knows as one only is cut off the name after it
    ("Лидер ЛДПР Остап Зарецкий выступил.", [("ЛДПР Остап Зарецкий", "PER")],
     [("ЛДПР", "ORG"), ("Остап Зарецкий", "PER")]),
    ("Главарь Аль-Кайды Хамид Зарифи убит.", [("Аль-Кайды Хамид Зарифи", "PER")],
     [("Аль-Кайды", "ORG"), ("Хамид Зарифи", "PER")]),
    # a place, a given name or a common noun leading the span stays (`Азия` is Асия's spelling)
    ("Адвокат Азии Биби заявил.", [("Азии Биби", "PER")], [("Азии Биби", "PER")]),
    ("Лидер Владимир Зарецкий выступил.", [("Владимир Зарецкий", "PER")],
     [("Владимир Зарецкий", "PER")]),
    # an undeclined organization's name may be a given name too
    ("Суд над Челси Зарецкой отложен.", [("Челси Зарецкой", "PER")], [("Челси Зарецкой", "PER")]),
])
def test_split_institution(text, marked, kept):
    _, tokens = segment.segment(text)
    spans = []
    for surface, type_ in marked:
        first = next(i for i, t in enumerate(tokens) if t.start == text.index(surface))
        last = next(i for i, t in enumerate(tokens)
                    if t.stop == text.index(surface) + len(surface)) + 1
        spans.append(Span(first, last, type_))
    assert [(text[tokens[s.first].start:tokens[s.last - 1].stop], s.type)
            for s in apply_rules(text, tokens, spans)] == kept
