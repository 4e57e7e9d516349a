"""Clusters and roles: one line per case."""

import pytest

from extractor.link import _abbreviation, _compatible, _stem


def person(doc, name):
    found = [c for c in doc.clusters if c.type == "PER" and c.name == name]
    assert len(found) == 1, [(c.name, c.type) for c in doc.clusters]
    return found[0]


@pytest.mark.parametrize("text, name, mentions", [
    ("Сергей Лавров прибыл в Сочи. Лавров заявил, что встреча с С. Лавровым не планировалась.",
     "Сергей Лавров", 3),
    ("Екатерина Павлова выступила первой. Павловой долго аплодировали.", "Екатерина Павлова", 2),
    ("Тереза Мэй выступила в парламенте. Мэй заявила, что не уйдет.", "Тереза Мэй", 2),
    ("Асия Биби вышла на свободу. Асия уехала из страны, Биби ничего не сказала.",
     "Асия Биби", 3),
    # a second given name is no surname-first order; an initial stands before a surname
    ("Лидер партии Хадим Хусейн Ризви выступил. Сторонники Ризви вышли на улицы.",
     "Хадим Хусейн Ризви", 2),
    ("Премьер Т. Мэй выступила. Мэй заявила, что уйдет.", "Т. Мэй", 2),
    # an apostrophe inside a surname is no initial
    ("Ведущий Фил О’Рейли заявил об этом. О’Рейли ушел из эфира.", "Фил О’Рейли", 2),
    # an indeclinable lone name the tagger takes for a plural
    ("Асия Биби вышла на свободу. Семья Биби ранее говорила, что им придется уехать.",
     "Асия Биби", 2),
])
def test_one_person_one_cluster(extractor, text, name, mentions):
    assert len(person(extractor(text), name).mentions) == mentions


def test_namesakes_stay_apart(extractor):
    doc = extractor("Рамзан Кадыров вспомнил отца, Ахмата Кадырова. Рамзан Кадыров выступил.")
    assert {c.name for c in doc.clusters if c.type == "PER"} == {"Рамзан Кадыров",
                                                                 "Ахмат Кадыров"}


def test_cluster_gender_settles_a_mention(extractor):
    doc = extractor("Мария Захарова провела брифинг. Захаровой задали вопрос о выборах.")
    assert [e.normal for e in doc.entities if e.type == "PER"] == ["Мария Захарова", "Захарова"]


def test_a_repeated_form_is_read_again_with_the_clusters_gender(extractor):
    # alone `Иванову` reads as the masculine `Иванов`; the document's readings are kept per
    # form, and the cluster's gender asks anew
    doc = extractor("Анна Иванова выступила. Анна Иванова ушла. Иванову задали вопрос. "
                    "Иванову аплодировали.")
    assert [e.normal for e in doc.entities if e.type == "PER"] == [
        "Анна Иванова", "Анна Иванова", "Иванова", "Иванова"]


@pytest.mark.parametrize("text, name, role", [
    ("Об этом рассказал замминистра иностранных дел Сергей Рябков.", "Сергей Рябков",
     "замминистра иностранных дел"),
    ("Лавров провел переговоры с госсекретарем США Майком Помпео.", "Майк Помпео",
     "госсекретарь США"),
    ("Обсуждалась встреча президентов Владимира Путина и Дональда Трампа.", "Дональд Трамп",
     "президент"),
    ("Обсуждалась встреча президентов Владимира Путина и Дональда Трампа.", "Владимир Путин",
     "президент"),
    # set off after the name by commas, a dash or brackets; adjectives may lead
    ("Сергей Рябков, замминистра иностранных дел России, заявил об этом.", "Сергей Рябков",
     "замминистра иностранных дел России"),
    ("Выступит Светлана Яковлева - директор Global Cultural Project.", "Светлана Яковлева",
     "директор Global Cultural Project"),
    ("Так сказал Скотт Хоровитц (Scott Horowitz), бывший астронавт.", "Скотт Хоровитц",
     "бывший астронавт"),
    # or set off after its role
    ("Насир молчал, а его адвокат, Стивен Брунстайн, отказался отвечать.", "Стивен Брунстайн",
     "адвокат"),
])
def test_role_from_apposition(extractor, text, name, role):
    assert person(extractor(text), name).roles == (role,)


@pytest.mark.parametrize("text", [
    "Иван Петров, министр которого уехал, молчал.",  # a clause, not an apposition
    "Иван Петров, известный всем, пришел.",  # no role noun
    "Встретились Иван Петров, министры и депутаты.",  # a list, not an apposition
    "Приехал министр, Иван Петров встретил его.",  # a new clause, not an apposition
])
def test_no_role(extractor, text):
    assert person(extractor(text), "Иван Петров").roles == ()


def test_original_spelling_in_brackets_is_the_same_person(extractor):
    doc = extractor("Так сказал Скотт Хоровитц (Scott Horowitz). Хоровитц улетел.")
    assert [(c.name, len(c.mentions)) for c in doc.clusters if c.type == "PER"] == [
        ("Скотт Хоровитц", 3)]


def test_organization_abbreviation_joins_full_name(extractor):
    doc = extractor("Всемирная организация здравоохранения объявила пандемию. "
                    "Глава ВОЗ выступил с обращением.")
    orgs = [c for c in doc.clusters if c.type == "ORG"]
    assert [(c.name, len(c.mentions)) for c in orgs] == [
        ("Всемирная организация здравоохранения", 2)]


@pytest.mark.parametrize("a, b, same", [
    ("Павлов", "Павлова", True),
    ("Луговой", "Луговая", True),
    ("Римский-Корсаков", "Римская-Корсакова", False),  # hyphenated: whole words compared
    ("Лавров", "Павлов", False),
])
def test_surname_stem(a, b, same):
    assert (_stem(a) == _stem(b)) is same


@pytest.mark.parametrize("a, b, ok", [
    ("Сергей", "С", True), ("Сергей", "Сергей", True), ("Сергей", "Андрей", False),
    (None, "Андрей", True),
])
def test_first_names_compatible(a, b, ok):
    assert _compatible(a, b) is ok


def test_abbreviation_of_a_name():
    assert _abbreviation("Министерство по чрезвычайным ситуациям") == "МЧС"


def test_lone_surname_goes_to_the_person_the_document_is_about(extractor):
    doc = extractor("Серена Уильямс родила дочь. Серена Уильямс вернётся на корт в январе. "
                    "Её поздравила сестра Винус Уильямс. Уильямс-младшая поблагодарила всех.")
    serena, venus = [c for c in doc.clusters if c.type == "PER"][:2]
    texts = [doc.text[a:b] for a, b in serena.mentions]
    assert serena.name == "Серена Уильямс" and "Уильямс-младшая" in texts
    assert [doc.text[a:b] for a, b in venus.mentions] == ["Винус Уильямс"]


def test_lone_surname_of_two_as_salient_bearers_goes_to_the_last_named(extractor):
    doc = extractor("Иван Петров и Олег Петров приехали в Тверь. Олег Петров выступил первым. "
                    "Иван Петров выступил вторым. Петров ушёл рано.")
    ivan = next(c for c in doc.clusters if c.name == "Иван Петров")
    assert "Петров ушёл" in " ".join(doc.text[a:b + 5] for a, b in ivan.mentions)
