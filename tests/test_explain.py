"""`extractor.explain`: each record with the rules that found it and named its speaker."""

from extractor import explain, extract


def test_a_named_speaker_is_decided_by_the_mention_rule():
    (step,) = explain("«Мы готовы», — сказал министр Сергей Лавров.")
    assert (step.rule, step.cue, step.text) == ("direct-after", "сказал", "Мы готовы")
    assert step.speaker.name == "Сергей Лавров"
    assert step.steps == ("phrase: mention «Сергей Лавров»", "mention")
    assert not step.dropped


def test_a_role_noun_resolves_through_the_role_the_document_gave():
    text = ("Министр финансов Антон Силуанов приехал в Казань. "
            "Министр заявил, что бюджет сбалансирован.")
    (step,) = explain(text)
    assert step.speaker.name == "Антон Силуанов"
    assert step.steps == ("phrase: role «Министр»", "role:table")


def test_a_dropped_record_says_why_and_the_output_does_not_change():
    text = "Тренер отметил, что считает судейство предвзятым."
    steps = explain(text)
    assert [(s.rule, s.text, bool(s.dropped)) for s in steps] == [
        ("that", "считает судейство предвзятым", False),
        ("evaluation", "судейство предвзятым", True),
    ]
    assert "own report" in steps[1].dropped
    kept = [(s.start, s.stop, s.kind) for s in steps if not s.dropped]
    assert kept == [(q.start, q.stop, q.kind) for q in extract(text).quotes]


def test_the_printout_names_the_rules():
    (step,) = explain("«Мы готовы», — сказал министр Сергей Лавров.")
    printed = str(step)
    assert "direct-after" in printed and "phrase: mention «Сергей Лавров»" in printed
    assert "speaker: Сергей Лавров (PER)" in printed
