"""Normal forms by phenomenon: one line per case (sentence, mention as written, normal form)."""

import pytest

from extractor.normalize import PARADIGM_BY_NAME, candidates, forms


def normal_of(extractor, text: str, surface: str, type_: str = "PER") -> str:
    """The normal form of `surface` taken as an entity span (whatever the tagger found)."""
    from extractor import link, pipeline, segment
    from extractor.ner import Span

    sentences, tokens = segment.segment(text)
    doc = pipeline.Parsed(None, text, sentences, list(tokens), [])
    extractor._tag([doc])
    start = text.index(surface)
    first = next(i for i, t in enumerate(doc.tokens) if t.start == start)
    last = next(i for i, t in enumerate(doc.tokens) if t.stop == start + len(surface)) + 1
    extractor.tag_tokens(doc, first, last)
    mention = pipeline._mention(doc, Span(first, last, type_))
    link.link(doc.tokens, [mention])
    return mention.normal


PERSONS = [
    # feminine names and surnames
    ("Об этом сообщила представитель МИД Марии Захаровой.", "Марии Захаровой", "Мария Захарова"),
    ("Об этом рассказала Екатерина Павлова, затем слово дали Павловой.", "Павловой", "Павлова"),
    # adjectival surnames
    ("Лондон требует выдать Андрея Лугового.", "Андрея Лугового", "Андрей Луговой"),
    ("Концерт памяти Николая Римского-Корсакова прошел в Москве.", "Николая Римского-Корсакова",
     "Николай Римский-Корсаков"),
    # masculine surnames of the a-declension
    ("Санкции ударили по Олегу Дерипаске.", "Олегу Дерипаске", "Олег Дерипаска"),
    ("Письмо направили Бараку Обаме.", "Бараку Обаме", "Барак Обама"),
    # й-stems and consonant stems the dictionary does not know
    ("Переговоры с Хамидом Карзаем прошли в Кабуле.", "Хамидом Карзаем", "Хамид Карзай"),
    ("Состояние Джеффа Безоса выросло.", "Джеффа Безоса", "Джефф Безос"),
    ("Госсекретарь встретился с Майком Помпео.", "Майком Помпео", "Майк Помпео"),
    ("Соглашение подготовили при Мишеле Барнье.", "Мишеле Барнье", "Мишель Барнье"),
    # indeclinable surnames stay as written
    ("Премьер-министр Тереза Мэй выступила в парламенте.", "Тереза Мэй", "Тереза Мэй"),
    ("Переговоры с Терезой Мэй продолжатся.", "Терезой Мэй", "Тереза Мэй"),
    # initials
    ("Об этом писал М. С. Горбачев в мемуарах.", "М. С. Горбачев", "М. С. Горбачев"),
    ("Встреча с Сергеем Лавровым состоялась в Сочи.", "Сергеем Лавровым", "Сергей Лавров"),
    # irregular names the dictionary proposes (fleeting vowels, -ос)
    ("Лавров встретился с Павлом Климкиным.", "Павлом Климкиным", "Павел Климкин"),
    ("Он верит в Иисуса Христа.", "Иисуса Христа", "Иисус Христос"),
    # oblique endings are never indeclinable
    ("Переговоры с Линасом Линкявичюсом прошли в Вильнюсе.", "Линасом Линкявичюсом",
     "Линас Линкявичюс"),
    ("Встреча с Вольфганом Соботкой прошла в Вене.", "Вольфганом Соботкой", "Вольфган Соботка"),
    # the parts of a name share one case: an indeclinable first name keeps its surname whole
    ("Сборную тренирует Андреас Кёпке.", "Андреас Кёпке", "Андреас Кёпке"),
    ("Министр Тору Камикава прибыл в Токио.", "Тору Камикава", "Тору Камикава"),
    ("Матч Веселина Топалова закончился вничью.", "Веселина Топалова", "Веселин Топалов"),
    ("Я написал Ангеле Меркель.", "Ангеле Меркель", "Ангела Меркель"),
    # ...except the leading one-syllable parts of Chinese and Korean names
    ("Ракеты Ким Чен Ына упали в море.", "Ким Чен Ына", "Ким Чен Ын"),
    # lowercase particles and nicknames inside a hyphenated name stay as written
    ("Памятник Туркмен-баши снесли.", "Туркмен-баши", "Туркмен-баши"),
    ("Сын Джона Хантсмена-старшего приехал.", "Джона Хантсмена-старшего",
     "Джон Хантсмен-старший"),
    # families and common nouns: a plural phrase, not a name
    ("Дело об отравлении Скрипалей расследуют.", "Скрипалей", "Скрипали"),
    # Latin script stays as written
    ("Об этом написал Alexey_Pushkov в твиттере.", "Alexey_Pushkov", "Alexey_Pushkov"),
]


@pytest.mark.parametrize("text, surface, expected", PERSONS)
def test_person_normal(extractor, text, surface, expected):
    assert normal_of(extractor, text, surface) == expected


PHRASES = [
    ("Законопроект одобрен Палатой представителей.", "Палатой представителей",
     "Палата представителей"),
    ("Заседание Коллегии выборщиков прошло в декабре.", "Коллегии выборщиков",
     "Коллегия выборщиков"),
    ("Доклад Всемирной организации здравоохранения опубликован.",
     "Всемирной организации здравоохранения", "Всемирная организация здравоохранения"),
    ("Пожар произошел в Челябинской области.", "Челябинской области", "Челябинская область"),
    ("Акции Уральской стали выросли.", "Уральской стали", "Уральская сталь"),
    ("Самолет Королевских ВВС упал.", "Королевских ВВС", "Королевские ВВС"),
    ("Сообщили в Вооруженных силах Украины.", "Вооруженных силах", "Вооруженные силы"),
    ("Об этом сообщили в пресс-службе МИДа.", "МИДа", "МИД"),
    ("Представитель Минобороны отказался от комментариев.", "Минобороны", "Минобороны"),
    ("МОРОЗЫ В БАШКИРИИ", "БАШКИРИИ", "Башкирия"),
    ("КИЕВ, 5 мая. Власти сообщили о решении.", "КИЕВ", "КИЕВ"),
    ("Офис открыт во Франкфурте-на-Майне.", "Франкфурте-на-Майне", "Франкфурт-на-Майне"),
    ("Лагеря в Синьцзян-Уйгурском автономном районе.", "Синьцзян-Уйгурском автономном районе",
     "Синьцзян-Уйгурский автономный район"),
    ("Протест у резиденции на Даунинг-стрит.", "Даунинг-стрит", "Даунинг-стрит"),
    ("Акции easyJet подешевели.", "easyJet", "easyJet"),
    ("Заявление российского МИДа опубликовано.", "российского МИДа", "российский МИД"),
    ("Позиция британской стороны не изменилась.", "британской", "британский"),
]


@pytest.mark.parametrize("text, surface, expected", PHRASES)
def test_phrase_normal(extractor, text, surface, expected):
    assert normal_of(extractor, text, surface, "ORG") == expected


@pytest.mark.parametrize("word, lemma, paradigm", [
    ("безоса", "безос", "cons"),
    ("карзаем", "карзай", "j"),
    ("обаме", "обама", "a"),
    ("лугового", "луговой", "adj"),
    ("захаровой", "захарова", "ova"),
    ("асии", "асия", "ija"),
    ("помпео", "помпео", "fixed"),
])
def test_reverse_declension_proposes(word, lemma, paradigm):
    assert any(c.lemma == lemma and c.paradigm == paradigm for c in candidates(word))


@pytest.fixture
def surname_list(monkeypatch):
    """natasha's surname list replaced by the given lowercase words."""
    from extractor import normalize

    def use(*words):
        first, _ = normalize.name_lists()
        monkeypatch.setattr(normalize, "name_lists", lambda: (first, frozenset(words)))

    yield use
    monkeypatch.undo()


@pytest.mark.parametrize("lemma, paradigm, vouched", [
    # an oblique form left in the list vouches for no reading it would be a nominative of
    ("бласса", "a", False),  # Бласс's genitive: English and German surnames end in -сс
    ("бласса", "fixed", False),
    ("торка", "fixed", False),  # an undeclined surname in a consonant and -а is rare
    ("торка", "a", True),  # one consonant and -а: a noun's nominative, as `Обама`
    ("бристь", "soft", False),  # Брист's locative `Бристе` read back
    ("сарифя", "ja", False),
    ("мазоя", "ja", True),  # a vowel before -я is the nominative's own
    ("бласс", "cons", True),
])
def test_surname_list_artifacts(surname_list, lemma, paradigm, vouched):
    from extractor.normalize import in_lists

    surname_list(lemma)
    assert in_lists(lemma, paradigm, "last") is vouched


def test_no_one_letter_stems():
    assert not any(c.lemma == "мая" for c in candidates("мей"))


def test_forms_cover_every_case():
    assert forms(PARADIGM_BY_NAME["ov"], "лавров") == {
        "лавров", "лаврова", "лаврову", "лавровым", "лаврове"}


@pytest.mark.parametrize("words, layout", [
    ("тимура власовича грачёва", ("first", "middle", "last")),
    ("грачёву тимуру власовичу", ("last", "first", "middle")),
    ("мирославе тихоновне", ("first", "middle")),
    ("мирославой ковальчук", ("first", "last")),
    ("л. р. грачёвым", ("initial", "initial", "last")),
    ("грачёву л. р.", ("last", "initial", "initial")),
    ("тимур мирон", None),  # two given names
    ("грачёв ковальчук", None),  # two surnames
    ("тимур грачёв мирон", None),
    ("л. власовичу", None),  # an initial before a patronymic alone
])
def test_name_layout(words, layout):
    from extractor.normalize import name_layout

    assert name_layout(words.split()) == layout


@pytest.mark.parametrize("text, cases, prefer, expected", [
    # after initials the first initial's oblique case is the name's (the surname's tag less
    # sure); its nominative is the tagger's default and tells nothing
    ("В. Ф. Грачикова", {"В": "Gen", "Ф": "Gen", "Грачикова": "Nom"}, (), "В. Ф. Грачиков"),
    ("Л. Грачикову", {"Л": "Dat", "Грачикову": "Acc"}, (), "Л. Грачиков"),
    ("А. Грачикова", {"А": "Nom", "Грачикова": "Gen"}, (), "А. Грачиков"),
    # ...unless the surname's form rules that case out
    ("Е. Грачиковым", {"Е": "Gen", "Грачиковым": "Ins"}, (), "Е. Грачиков"),
    # ...or the surname's own case is the one the governing word takes (`видели А. ...`)
    ("А. Грачикову", {"А": "Dat", "Грачикову": "Acc"}, ("Acc",), "А. Грачикова"),
])
def test_initials_lead_the_case(text, cases, prefer, expected):
    import dataclasses

    from extractor import segment
    from extractor.normalize import Government, normalize_person

    _, tokens = segment.segment(text)
    tokens = [dataclasses.replace(t, pos="PROPN", feats={"Case": cases[t.text]})
              if t.text in cases else t for t in tokens]
    assert normalize_person(tokens, government=Government(prefer=frozenset(prefer))
                            ).normal == expected


LOC = ("Loc",)


@pytest.mark.parametrize("text, feats, allowed, expected", [
    # a given name the dictionary knows as a woman's only (`Гаяна`) is no man's, whatever
    # the genderless first-name list says: beside a man's patronymic it is Гаян
    ("Гаяне Тимуровиче Грачикове", {}, LOC, "Гаян Тимурович Грачиков"),
    # the gender of a word the tagger read as an adjective is that reading's, not the name's
    ("А. Грачине", {"Грачине": ("ADJ", {"Case": "Loc", "Gender": "Fem"})}, LOC, "А. Грачин"),
    ("А. Грачиной", {"Грачиной": ("PROPN", {"Case": "Loc", "Gender": "Fem"})}, LOC,
     "А. Грачина"),
])
def test_person_gender_evidence(text, feats, allowed, expected):
    import dataclasses

    from extractor import segment
    from extractor.normalize import Government, normalize_person

    _, tokens = segment.segment(text)
    tokens = [dataclasses.replace(t, pos=feats[t.text][0], feats=feats[t.text][1])
              if t.text in feats else t for t in tokens]
    government = Government(frozenset(allowed), allowed[0], frozenset(allowed))
    assert normalize_person(tokens, government=government).normal == expected
