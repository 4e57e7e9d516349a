"""Adversarial input: every document still yields one sane record, in bounded time."""

import time

import pytest
from invariants import check_record

from extractor import segment

# A catastrophic (quadratic) path takes minutes on these inputs; linear code takes seconds.
# CPU time, not wall time: the budgets must hold on a busy CI machine too.
BUDGET = 60.0

LAVROV = "«Мы готовы», — заявил Сергей Лавров."

HOSTILE = {
    "empty": "",
    "whitespace": " \n\t \r\n \u00a0\u3000 ",
    "opening_marks": "«" * 20_000,
    "mixed_marks": "«„“\"”»" * 3_000,
    "long_token": "а" * 300_000,
    "no_punctuation": " ".join(["слово", "Иванов", "сказал"] * 13_334),
    "nested_quotes": "«" * 30 + "Привет" + "»" * 30 + " — сказал Иван Петров.",
    "unclosed_quote": "«Начало цитаты " + "Текст страницы продолжается. " * 3_000,
    "scripts": "Путин 😀 встретился с نتنياهو и 習近平 в Москве. שלום мир 👍🏽 Ω≈√",
    "rtl_marks": "\u202eСергей Лавров\u202c заявил \u200fвчера\u200e.",
    "invisible": "Сер\u200bгей Лав\u00adров и \u200dМария\u200c Захарова\ufeff сказали",
    "controls": "Сергей\x00Лавров\x00 заявил\x07\x1b[0m \x7f\x85\x9f Москва",
    "crlf": "Сергей Лавров заявил.\r\nМария Захарова сказала.\r\n\r\nВ Москве.",
    "old_mac": "Сергей Лавров заявил\rМария Захарова сказала\r",
    "line_separators": "Сергей Лавров\u2028заявил\u2029Москва\x0b\x0cПариж",
    "surrogates": "Сергей \ud800 Лавров \udcff заявил \udfff",
    "split_pair": "Как сообщили СМИ, в городе вошел му\ud83d\udcffжчина и открыл огонь.",
    "decomposed": "Серги\u0306 Шойгу\u0301 и Петр Ё\u0308лкин",
    "only_marks": "«»„“\"”—–-…!?.,;:()[]{}" * 200,
    "digits": "1" * 50_000,
    "lines": "слово\n" * 30_000,
    "mark_after_cue": "Сергей«считает«",  # an opinion verb, an opening mark, then nothing
    "noun_cue_at_end": "Обещание Ивана что",  # a speech noun's `что` ends the text
    "frame_at_end": "объяснил как объяснил в",  # a `как` frame cut off after its preposition
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_yields_a_sane_record(extractor, name):
    text = HOSTILE[name]
    began = time.process_time()
    doc = extractor(text, id=name)
    assert time.process_time() - began < BUDGET
    assert doc.id == name
    check_record(doc, text)


def test_a_batch_of_hostile_texts_keeps_order_and_count(extractor):
    names = sorted(HOSTILE)
    docs = list(extractor.pipe([(n, HOSTILE[n][:5_000]) for n in names], batch_size=8))
    assert [d.id for d in docs] == names
    for name, doc in zip(names, docs, strict=True):
        check_record(doc, HOSTILE[name][:5_000])


def test_thousands_of_short_quotes_scale_like_one(extractor):
    one = extractor(LAVROV)
    text = " ".join([LAVROV] * 2_000)
    doc = extractor(text)
    check_record(doc, text)
    assert len(doc.quotes) == 2_000 * len(one.quotes)
    assert len(doc.entities) == 2_000 * len(one.entities)
    assert len({c.name for c in doc.clusters}) == len({c.name for c in one.clusters})


def test_a_quote_left_open_does_not_swallow_the_next_pages(extractor):
    text = "«Начало цитаты, — сказал Петров. " + "Текст страницы продолжается. " * 2_000
    doc = extractor(text)
    check_record(doc, text)
    assert all(q.stop - q.start < 2_000 for q in doc.quotes)


# ---- normalization sees through the noise; offsets stay in the original -----------------

def persons(doc):
    return [(e.text, e.normal) for e in doc.entities if e.type == "PER"]


@pytest.mark.parametrize("text, mention, normal", [
    ("Серге́й Лавро́в заявил журналистам.", "Серге́й Лавро́в", "Сергей Лавров"),
    ("Встреча с Серге́ем Лавро́вым прошла.", "Серге́ем Лавро́вым", "Сергей Лавров"),
    ("Сергéй Лаврóв заявил журналистам.", "Сергéй Лаврóв", "Сергей Лавров"),
    ("Сергей Лaвров заявил журналистам.", "Сергей Лaвров", "Сергей Лавров"),
    ("Mария Захарoва заявила журналистам.", "Mария Захарoва", "Мария Захарова"),
    ("Сер\u200bгей Лав\u00adров заявил журналистам.", "Сер\u200bгей Лав\u00adров",
     "Сергей Лавров"),
    ("Сергей\x00Лавров заявил журналистам.", "Сергей\x00Лавров", "Сергей Лавров"),
    ("Заявил Сергей&nbsp;Лавров журналистам.", "Сергей&nbsp;Лавров", "Сергей Лавров"),
    ("Сергей \udcd0 Лавров заявил журналистам.", "Сергей \udcd0 Лавров", "Сергей Лавров"),
    ("Мари\u0301я Захаро\u0301ва заявила.", "Мари\u0301я Захаро\u0301ва", "Мария Захарова"),
])
def test_person_found_and_normalized_through_noise(extractor, text, mention, normal):
    doc = extractor(text)
    check_record(doc, text)
    assert (mention, normal) in persons(doc)


def test_noise_does_not_change_what_is_found(extractor):
    clean = extractor("Сергей Лавров встретился с Марией Захаровой в Москве.")
    noisy_text = "Серге́й Лaвров встре\u00adтился с Мари\u200bей Захарoвой в Москве́."
    noisy = extractor(noisy_text)
    check_record(noisy, noisy_text)
    assert [(e.type, e.normal) for e in noisy.entities] == \
        [(e.type, e.normal) for e in clean.entities]


def test_html_entities_read_as_their_characters(extractor):
    plain = extractor(LAVROV)
    text = "&laquo;Мы готовы&raquo;,&nbsp;&mdash; заявил Сергей Лавров."
    doc = extractor(text)
    check_record(doc, text)
    assert [e.normal for e in doc.entities] == [e.normal for e in plain.entities]
    assert [(q.text, q.speaker and q.speaker.name) for q in doc.quotes] == \
        [(q.text, q.speaker and q.speaker.name) for q in plain.quotes]


# ---- the segmenter alone (no models: fast and exact) --------------------------------------

@pytest.mark.parametrize("word, norm", [
    ("Серге\u0301й", "Сергей"),        # combining acute (stress)
    ("Сергéй", "Сергей"),              # precomposed Latin é as stress
    ("Лaвров", "Лавров"),              # Latin a inside a Cyrillic word
    ("Mария", "Мария"),                # Latin M
    ("Micrоsoft", "Microsoft"),        # Cyrillic о inside a Latin word
    ("Лав\u00adров", "Лавров"),        # soft hyphen
    ("\u200dМария\u200c", "Мария"),    # zero-width joiners
    ("Сергии\u0306", "Сергий"),        # decomposed й
    ("Е\u0308лкин", "Ёлкин"),          # decomposed ё
    ("Лав\udcd0ров", "Лавров"),        # an undecodable byte (surrogateescape)
    ("iPhone", "iPhone"),              # Latin letters that are not look-alikes: left alone
    ("ТАСС-Reuters", "ТАСС-Reuters"),  # each part in its own script
    ("café", "café"),                  # accents on a Latin word are not stress marks
])
def test_clean_word(word, norm):
    assert segment.clean(word) == norm


def tokens_of(text):
    sentences, tokens = segment.segment(text)
    for t in tokens:
        assert text[t.start:t.stop] == t.text
    for s in sentences:
        assert text[s.start:s.stop] == s.text
    return [(t.text, t.word) for t in tokens]


@pytest.mark.parametrize("text, expected", [
    ("&laquo;Да&raquo;", [("&laquo;", "«"), ("Да", "Да"), ("&raquo;", "»")]),
    ("Серге&#769;й", [("Серге&#769;й", "Сергей")]),
    ("caf&eacute;s AT&amp;T", [("caf&eacute;s", "cafés"), ("AT", "AT"), ("&amp;", "&"),
                               ("T", "T")]),
    ("a&nbsp;b &bogus; c", [("a", "a"), ("b", "b"), ("&", "&"), ("bogus", "bogus"),
                            (";", ";"), ("c", "c")]),
    ("да\x00нет", [("да", "да"), ("нет", "нет")]),
    ("да \u200b нет", [("да", "да"), ("нет", "нет")]),
    ("Лавров\u200bЗахарова", [("Лавров", "Лавров"), ("Захарова", "Захарова")]),
    ("Лaвров", [("Лaвров", "Лавров")]),
])
def test_tokens_keep_original_text_and_clean_word(text, expected):
    assert tokens_of(text) == expected


@pytest.mark.parametrize("text, lines", [
    ("один.\r\nдва.\r\n", ["один.", "два."]),
    ("Один\rДва\r", ["Один", "Два"]),
    ("Один\u2028Два\u2029Три", ["Один", "Два", "Три"]),
    ("один\nпродолжение строки", ["один\nпродолжение строки"]),  # hard wrap joins
    ("конец.\nновая", ["конец.", "новая"]),
])
def test_line_breaks_of_every_kind_end_sentences(text, lines):
    sentences, _ = segment.segment(text)
    assert [s.text for s in sentences] == lines


def test_run_on_text_is_cut_and_the_cut_is_logged(caplog):
    text = " ".join(["слово"] * 1_000)
    with caplog.at_level("DEBUG", logger="extractor.segment"):
        sentences, tokens = segment.segment(text)
    assert len(tokens) == 1_000
    assert max(s.tokens[1] - s.tokens[0] for s in sentences) == segment.MAX_SENTENCE_TOKENS
    cuts = [r for r in caplog.records if "run-on" in r.getMessage()]
    assert len(cuts) == len(sentences) - 1


@pytest.mark.parametrize("text", [
    "слово\n" * 40_000,                # hard-wrapped lines joined one by one
    "а" * 300_000,                     # one huge token
    " ".join(["слово"] * 40_000),      # no punctuation at all
    "«" * 40_000,
    "Лaвров " * 20_000,                # look-alikes everywhere
    "&laquo;" * 20_000,
])
def test_segmenting_is_fast_on_pathological_text(text):
    began = time.process_time()
    segment.segment(text)
    assert time.process_time() - began < 10.0


def test_linking_thousands_of_distinct_people_is_not_quadratic():
    from itertools import product

    from extractor.link import Mention, group_persons
    from extractor.normalize import Name

    syllables = ["ба", "ро", "ки", "ну", "ле", "ме", "са", "ту", "фи", "го"]
    surnames = ["".join(p).capitalize() + "ов" for p in product(syllables, repeat=4)]
    mentions = [Mention(i, i + 1, s, "PER", i, i + 1, s, Name(s, "Иван", None, s, "masc"))
                for i, s in enumerate(surnames)]
    began = time.process_time()
    groups = group_persons(mentions + [Mention(0, 1, "Иван", "PER", 0, 1, "Иван",
                                               Name("Иван", "Иван"))])
    assert time.process_time() - began < 5.0  # a scan of every group per mention took minutes
    assert len(groups) == len(surnames)
    assert len(groups[0].mentions) == 2  # the lone first name joins the first Иван


# ---- the batch command line: a broken input is one error record, the batch goes on --------

def test_cli_faults_are_error_records_and_the_batch_goes_on(tmp_path, monkeypatch):
    import gzip
    import json

    from extractor import cli
    from extractor.io import readers

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Сергей Лавров заявил, что всё хорошо.", encoding="utf-8")
    (folder / "b.jsonl").write_text(
        '{"id": "s1", "text": "Сергей \\ud800 Лавров заявил"}\n'  # a lone surrogate escape
        '{"id": "s2", "text": "Мария Захарова сказала."}\n', encoding="utf-8")
    lines = "\n".join(json.dumps({"id": f"g{i}", "text": f"Текст номер {i}."}) for i in range(300))
    packed = gzip.compress(lines.encode("utf-8"))
    (folder / "c.jsonl.gz").write_bytes(packed[: len(packed) // 2])  # truncated archive
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)  # a directory loop
    (folder / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)  # not text
    (folder / "locked.txt").write_text("Мария Захарова сказала.", encoding="utf-8")

    real_open = open

    def unreadable(path, *args, **kwargs):  # tests may run as root: chmod 000 would not bite
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(readers, "open", unreadable, raising=False)
    out = tmp_path / "out.jsonl"
    assert cli.main(["extract", str(folder), "-o", str(out), "--workers", "1", "-q"]) == 1
    lines = out.read_bytes().decode("utf-8").splitlines()  # valid UTF-8 throughout
    records = [json.loads(line) for line in lines]
    by_id = {r["id"]: r for r in records}
    assert len(by_id) == len(records)  # nothing read twice through the loop
    # The truncated archive keeps the documents before its break (#15.8): g0, g1, … in order.
    kept = [id for id in by_id if id.startswith("g")]
    assert kept == [f"g{i}" for i in range(len(kept))] and len(kept) > 50
    assert set(by_id) - set(kept) == {"a.txt", "s1", "s2", "c.jsonl.gz", "bin.txt",
                                      "locked.txt"}
    for id in ("a.txt", "s1", "s2"):
        assert by_id[id]["error"] is None and by_id[id]["entities"], by_id[id]
    assert by_id["s1"]["entities"][0]["text"] == "Сергей \ud800 Лавров"
    assert by_id["c.jsonl.gz"]["error"].startswith("cannot read c.jsonl.gz: EOFError")
    assert by_id["bin.txt"]["error"].startswith("cannot decode bin.txt")
    assert by_id["locked.txt"]["error"] == \
        "cannot read locked.txt: PermissionError: [Errno 13] Permission denied: " \
        f"'{folder / 'locked.txt'}'"


def test_letters_without_a_unicode_name(extractor):
    """pymorphy3 calls unicodedata.name(), which raises for Tangut letters: still a record."""
    text = "\\𗀀 заявил Сергей Лавров"
    doc = extractor(text)
    assert doc.error is None
    assert [e.normal for e in doc.entities if e.type == "PER"] == ["Сергей Лавров"]


def test_an_unnamed_source_is_quoted_as_written(extractor):
    # the frame's source region is sliced from the original text, entities and all
    text = "По данным местной&nbsp;прессы, подрядчик уже вывез технику."
    doc = extractor(text)
    check_record(doc, text)
    (quote,) = doc.quotes
    assert quote.speaker.name is None and quote.speaker.mention == "местной&nbsp;прессы"
