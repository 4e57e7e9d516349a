"""Stage 6: reported speech — direct, indirect and mixed quotes attributed to speakers.

Rules over the tagged tokens (see shared/spec/quotes.md): `direct` pairs
quotation marks and dialogue dashes and finds the verb that attributes them,
`indirect` reads the clause a verb of communication or a source frame reports,
`attribute` resolves the speaker phrase to a cluster; `syntax` parses (slovnet) the few
sentences whose speaker the rules doubt, and the parse's subject decides there.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from contextvars import ContextVar

from .. import chars
from ..records import Quote, Speaker
from . import attribute, direct, indirect, syntax
from .cues import PERSON_GENDER, Context, Record, cue_sentences

__all__ = ["find_quotes", "cue_sentences"]

# Parse the cue sentences with the slovnet syntax model (the rules stand in without it).
SYNTAX = True

# How far (characters) a quote with no attribution looks for a neighbour's speaker.
CONTEXT_REACH = 400
# A quoting outlet (`цитирует издание`) relays the person quoted this close before.
QUOTING = {"цитировать", "процитировать"}
QUOTED_REACH = 600

# While `extractor.explain` runs: one (record, speaker, steps, dropped) entry per record, the
# steps naming the speaker phrase found and the resolver's rules that fired.
TRACE: ContextVar[list | None] = ContextVar("extractor_quotes_trace", default=None)


def find_quotes(doc, clusters, extractor) -> list[Quote]:
    """Quotes of one parsed document (see shared/spec/quotes.md)."""
    if not doc.tokens:
        return []
    if any(t.pos is None for t in doc.tokens) and extractor is not None:
        extractor.tag_tokens(doc, 0, len(doc.tokens))
    ctx = Context(doc, clusters)
    spans = direct.pair_marks(ctx.text)
    records = direct.find(ctx, spans)
    records.extend(direct.dialogue(ctx))
    records = _unique(records)
    taken = {ctx.token_at(r.cue_at) for r in records if r.cue}
    # a direct quote's span blocks indirect readings of itself
    directs = sorted(records, key=lambda r: r.start)
    starts = [r.start for r in directs]
    longest = max((r.stop - r.start for r in directs), default=0)
    # (a report inside a quotation by someone else stays: `«Адвокат сообщила мне, что …»`)
    for r in indirect.find(ctx, taken):
        covered = None if r.rule.startswith("inner") else _covered(r, directs, starts, longest)
        if covered is None and r.rule == "about-this":
            # the pointer's sentence is the last of a quotation of several sentences
            covered = next((d for d in directs[bisect_left(starts, r.start - longest):
                                               bisect_left(starts, r.stop)][-50:]
                            if not d.cue and d.start <= r.start and abs(d.stop - r.stop) <= 1),
                           None)
        if covered is None:
            records.append(r)
        elif r.rule == "about-this" and not covered.cue:
            # `«Мы готовы». Об этом заявил X.`: the pointer attributes the quotation it
            # points at (and adds no record of its own)
            covered.cue, covered.cue_lemma, covered.cue_at = r.cue, r.cue_lemma, r.cue_at
            covered.speaker, covered.rule = r.speaker, "direct-about-this"
    records.extend(_quoted_clauses(ctx, records))
    records = _relayed(_unique(records))
    records.sort(key=lambda r: (r.start, r.stop))
    _passive_lemmas(ctx, records)
    if SYNTAX and extractor is not None:
        # the parse only where the rules' speaker is in doubt: one batch per document
        # (the parser loads on first use; `pipe` loads it before forking its workers)
        wanted = {attribute.doubtful(ctx, r.speaker, attribute.search(ctx, r.speaker,
                                                                      _content(ctx, r)))
                  for r in records}
        wanted.discard(None)
        if wanted:
            ctx.trees = syntax.parse(ctx, sorted(wanted), extractor.syntax)
    trace = TRACE.get()
    steps: list[list[str]] | None = [[] for _ in records] if trace is not None else None
    speakers, borrowed = _speakers(ctx, records, steps)
    own = _own_reports(ctx, records, speakers, borrowed) | _authors_inner(ctx, records, speakers)
    relays = _outlet_relays(ctx, records, speakers)
    quotes = []
    for index, (record, speaker) in enumerate(zip(records, speakers, strict=True)):
        dropped = "its speaker's own report inside their quote" if index in own else \
            "an outlet relaying another's report" if index in relays else \
            "the publishing outlet citing itself" \
            if _self_citation(doc.text, record, speaker) else ""
        if trace is not None and steps is not None:
            trace.append((record, speaker, steps[index], dropped))
        if dropped:
            continue
        text = doc.text[record.start:record.stop]
        number = ctx.tokens[ctx.token_at(record.start)].sentence
        rule = record.rule + (f"+{record.parsed}" if record.parsed else "")
        quotes.append(Quote(text, record.start, record.stop, record.kind, record.cue,
                            record.cue_lemma, speaker, number, record.confidence, rule))
    return quotes


DATELINE = 300  # characters at the top of a text where the publishing outlet signs


OWN = re.compile(r"(?:собственн|наш)\w*\s+(?:корреспондент|собкор)", re.IGNORECASE)


def _self_citation(text: str, record: Record, speaker: Speaker | None) -> bool:
    """`Как сообщало ИА REGNUM` in a text signed `REGNUM` at the top, `передает собственный
    корреспондент`: the outlet reporting for itself is the author speaking
    (shared/spec/quotes.md §6), not a quote."""
    if speaker is not None and speaker.mention and OWN.match(speaker.mention):
        return True
    if record.rule not in CHANNEL_RULES or speaker is None or speaker.type != "ORG" \
            or not speaker.mention or speaker.start is None:
        return False
    if not record.cue.lower().split()[-1].startswith("сообщал"):
        return False  # `как сообщает Reuters` cites another outlet
    words = speaker.mention.split()
    return bool(words) and len(words[-1]) > 2 \
        and words[-1] in text[:min(DATELINE, speaker.start)]


FIRST_PERSON = {"я", "мы", "меня", "мне", "нас", "нам"}


def _own_reports(ctx: Context, records: list[Record], speakers: list[Speaker | None],
                 borrowed: set[int]) -> set[int]:
    """Records made inside another indirect record's content by its own speaker: `Тренер
    отметил, что считает судейство предвзятым` is one record, not a second evaluation
    `судейство предвзятым` (shared/spec/quotes.md §6). The inner speaker is the outer one
    when its subject is elided (no mention, or a speaker `borrowed` from a neighbouring
    record) or first person; an indefinite plural (`Пакистану предложили …` inside a frame)
    is someone else."""
    out: set[int] = set()
    open_: list[int] = []  # indirect records whose content may hold the next ones
    for index, record in enumerate(records):
        open_ = [i for i in open_ if records[i].stop > record.start]
        speaker = speakers[index]
        elided = speaker is None or speaker.mention is None or index in borrowed
        if elided and record.cue_at is not None \
                and ctx.feat(ctx.token_at(record.cue_at), "Number") == "Plur":
            elided = False
        if record.kind != "direct" and record.cue_at is not None and (
                elided or (speaker is not None and (speaker.mention or "").lower()
                           in FIRST_PERSON)):
            for i in open_:
                outer = records[i]
                if outer.start <= record.cue_at < outer.stop and record.stop <= outer.stop:
                    out.add(index)
                    break
        if record.kind != "direct" and record.rule in HOLDERS and index not in out:
            open_.append(index)
    return out


def _authors_inner(ctx: Context, records: list[Record], speakers: list[Speaker | None]
                   ) -> set[int]:
    """A report inside a quotation by the quotation's own authors, named by their common
    noun in its attribution (`«Профсоюзы … считают, что …», — говорится в заявлении профсоюзов`):
    the same speaker, so no record of its own (shared/spec/quotes.md §6)."""
    out: set[int] = set()
    for index, record in enumerate(records):
        speaker = speakers[index]
        if not record.rule.startswith("inner") or speaker is None or speaker.start is None \
                or speaker.name is not None:
            continue
        noun = ctx.lemma(ctx.token_at(speaker.start))
        for j in range(index - 1, max(-1, index - 6), -1):
            outer = records[j]
            if outer.kind != "direct" or not outer.start <= record.start < outer.stop \
                    or outer.cue_at is None or outer.cue_at < outer.stop:
                continue
            # the words of its attribution after the quotation (`говорится в совместном
            # заявлении авиакомпаний`)
            cue = ctx.token_at(outer.cue_at)
            _, hi = ctx.sentence_range(cue)
            owner = {ctx.lemma(k) for k in range(cue, min(hi, cue + 8))}
            if len(noun) > 3 and any(word.endswith(noun) for word in owner):
                out.add(index)  # (`авиакомпаний` are the `Компании` of the statement)
            break
    return out


RELAY_REACH = 8  # tokens between a that-clause's opening and the verb of its own report


def _outlet_relays(ctx: Context, records: list[Record], speakers: list[Speaker | None]
                   ) -> set[int]:
    """An outlet's that-clause or inverted report whose own main verb reports someone else
    (`Портал Kivi.ru сообщил, что мэр назвал проект «пустой тратой денег»`, `Мэр пообещал
    уволить недовольных, сообщила газета «Вечер»`): one record, the innermost
    speaker's, as for `Как сообщает Reuters, она заявила, что …` (shared/spec/quotes.md
    §6, relayed reports)."""
    out: set[int] = set()
    for index, record in enumerate(records):
        speaker = speakers[index]
        if record.rule not in ("that", "inverted") or record.kind == "direct" or speaker is None \
                or speaker.type != "ORG" or not attribute.is_outlet(ctx, speaker):
            continue
        opening = ctx.token_at(record.start)
        for j in range(index + 1, min(len(records), index + 6)):
            inner = records[j]
            if inner.start >= record.stop:
                break
            if inner.stop <= record.stop and inner.cue_at is not None \
                    and ctx.token_at(inner.cue_at) - opening <= RELAY_REACH \
                    and speakers[j] is not speaker:
                out.add(index)
                break
    return out


def _unique(records: list[Record]) -> list[Record]:
    seen, out = set(), []
    for record in records:
        key = (record.start, record.stop)
        if key not in seen and record.stop > record.start:
            seen.add(key)
            out.append(record)
    return out


CHANNEL_RULES = {"as-frame", "as-before"}
# Relaying verbs: when their content holds a report of its own, only that one counts.
CHANNEL_LEMMAS = {"сообщаться", "говориться", "передавать", "передать", "цитировать",
                  "сообщать", "писать", "информировать"}


# Source frames that relay what someone else said, like a channel; the reports they may hold.
CHANNEL_FRAMES = {"по сведениям", "по сообщению", "по информации", "по данным",
                  "согласно сообщению", "согласно информации", "согласно данным"}
REPORTS = {"that", "about", "whether", "how", "inverted", "colon"}
# Reports a channel frame relays (`По данным СМИ, министр пообещал уволить …` too).
RELAYED = REPORTS | {"infinitive"}
# Records whose content is the speaker's own words, so their own `я сказал, что` in it
# adds none: the reports, and a block after a colon (`Врач заявила:⏎Я сообщила …`).
HOLDERS = REPORTS | {"colon-block"}


def _relayed(records: list[Record]) -> list[Record]:
    """Keep the innermost report: `Как сообщает Reuters, она заявила, что …` is one record;
    `Об этом заявил X` adds none for a sentence that already holds a quote."""
    records = sorted(records, key=lambda r: (r.start, -r.stop))
    reported: dict[int | None, int] = {}  # sentence → start of its last report
    for r in records:
        if r.rule in REPORTS:
            reported[r.sentence] = max(reported.get(r.sentence, -1), r.start)
    starts = [r.start for r in records]
    longest = max((r.stop - r.start for r in records), default=0)
    cues = sorted(r.cue_at for r in records if r.cue_at is not None)  # where reports are made
    out = []
    for index, record in enumerate(records):
        later = records[index + 1:bisect_left(starts, record.stop)]
        inner = any(r.stop <= record.stop for r in later[:50])
        if inner and record.kind != "direct" and (
                record.rule in CHANNEL_RULES or record.cue_lemma in CHANNEL_LEMMAS):
            continue
        if (record.rule == "inverted" and record.cue_lemma in CHANNEL_LEMMAS
                or record.rule in CHANNEL_RULES and record.kind != "direct") and \
                bisect_left(cues, record.stop) > bisect_left(cues, record.start):
            # `Об этом сообщил X, пишет Y`, `Об этом, как передает Y, сообщил X`: the
            # channel over a report
            continue
        if record.rule == "frame" and record.cue_lemma in CHANNEL_FRAMES and (
                any(r.stop <= record.stop and r.rule in RELAYED for r in later[:50])
                or reported.get(record.sentence, -1) > record.start):
            # `По сведениям AP, пилот объяснил инцидент тем, что …`, `По сообщению Dawn,
            # на митинге Рехман заявил, что …`: the report relayed, not the relay
            continue
        if record.rule in ("about-this", "such-this"):
            # any record overlapping this one starts before its end and ends after its start
            first = bisect_left(starts, record.start - longest)
            near = records[first:bisect_left(starts, record.stop)]
            if any(r is not record and r.stop > record.start for r in near[-50:]):
                continue
        out.append(record)
    return out


def _covered(record: Record, directs: list[Record], starts: list[int], longest: int
             ) -> Record | None:
    """The direct quote an indirect reading is a reading of (inner reports stay: they are
    smaller), or None."""
    first = bisect_left(starts, record.start - longest)
    for other in directs[first:bisect_left(starts, record.stop)][-50:]:
        inter = min(record.stop, other.stop) - max(record.start, other.start)
        union = max(record.stop, other.stop) - min(record.start, other.start)
        if inter > 0 and inter >= 0.6 * union:
            return other
    return None


def _quoted_clauses(ctx: Context, records: list[Record]) -> list[Record]:
    """`Марк назвал целью захвата «…», поскольку «Vestas не желает сохранить наш завод»`: a
    quoted clause left over in a sentence whose report is attributed is the same speaker's
    direct quote."""
    out: list[Record] = []
    by_sentence: dict[int, Record] = {}
    for record in records:
        if record.cue and record.cue_at is not None and record.kind != "direct":
            by_sentence.setdefault(ctx.tokens[ctx.token_at(record.cue_at)].sentence, record)
    if not by_sentence:
        return out
    starts = sorted(r.start for r in records)
    stops = sorted(r.stop for r in records)
    for number, (open_at, close_at) in enumerate(ctx.spans):
        if ctx.span_words.get(number, 0) < 4:
            continue
        first = ctx.token_at(open_at + 1)
        report = by_sentence.get(ctx.tokens[first].sentence)
        # a record overlaps the span unless it ends before it or starts after it
        overlapping = len(records) - bisect_right(stops, open_at) - (
            len(starts) - bisect_left(starts, close_at))
        if report is None or overlapping > 0:
            continue
        inside = [k for k in range(first, ctx.token_at(close_at)) if ctx.inside[k] == number]
        if not any(ctx.finite(k) for k in inside):
            continue
        out.append(Record(open_at + 1, close_at, "direct", "direct-in-report", 0.5,
                          report.cue, report.cue_lemma, report.cue_at, report.speaker,
                          report.sentence))
    return out


def _content(ctx: Context, record: Record) -> tuple[int, int] | None:
    """The content's tokens (first, last exclusive): the speaker is not inside them."""
    if record.cue_at is None or record.stop <= record.start:
        return None
    return ctx.token_at(record.start), ctx.token_at(record.stop - 1) + 1


THERE = {"там", "здесь"}
THERE_REACH = 600  # characters back to the body `там` stands for


def _there(ctx: Context, record: Record, before: list[Record],
           speakers: list[Speaker | None]) -> Speaker | None:
    """The organization or place that spoke last, for an impersonal plural report whose
    clause opens with `там` (`Там добавили`, `Там же уточнили`)."""
    cue = ctx.token_at(record.cue_at)
    lo, _ = ctx.sentence_range(cue)
    there = next((k for k in range(cue - 1, max(lo, cue - 3) - 1, -1)
                  if ctx.word(k) in THERE), None)
    if there is None:
        return None
    for other, speaker in zip(reversed(before), reversed(speakers), strict=True):
        if record.start - other.stop > THERE_REACH:
            break
        if speaker is not None and speaker.type in ("ORG", "LOC") and speaker.name:
            token = ctx.tokens[there]  # the mention is `там` itself, as written
            return Speaker(speaker.name, speaker.type, speaker.cluster, token.text,
                           token.start, token.stop)
    return None


def _goes_on(ctx: Context, record: Record, before: list[Record],
             speakers: list[Speaker | None]) -> Speaker | None:
    """`Об этом сообщает пресс-служба аэропорта. Отмечается, что …`: a present-tense
    impersonal report opening the sentence right after an attributed one goes on with that
    source's text; a past one (`Сообщалось, что …`) recalls earlier reports, nobody's."""
    cue = ctx.token_at(record.cue_at)
    token = ctx.tokens[cue]
    lo, _ = ctx.sentence_range(cue)
    lo_char = ctx.tokens[lo].start
    if token.feats.get("Tense") != "Pres" or not record.cue_lemma.endswith("ся") or any(
            not ctx.is_punct(k) and ctx.word(k) not in ("также", "кроме", "того", "при", "этом")
            for k in range(lo, cue)):
        return None
    for other, speaker in zip(reversed(before), reversed(speakers), strict=True):
        if other.cue_at is None:
            continue
        sentence = ctx.tokens[ctx.token_at(other.cue_at)].sentence
        if sentence < token.sentence - 1:
            break
        if sentence == token.sentence - 1 and speaker is not None and speaker.name \
                and speaker.type != "PER" and "\n" not in ctx.text[other.stop:lo_char]:
            # (a new paragraph opens a text of its own; a person's words are no text that
            # `отмечается` goes on reading: `— написал он. Отмечается, что …` is the author's)
            return speaker
    return None


def _speakers(ctx: Context, records: list[Record], steps: list[list[str]] | None = None
              ) -> tuple[list[Speaker | None], set[int]]:
    """Each record's speaker, and the records whose speaker is a neighbour's (they named
    none); `steps`, when given, receives per record the rules that decided it
    (`extractor.explain`)."""
    speakers: list[Speaker | None] = []
    recent: list = []
    genders = {m.cluster: attribute.person_gender(ctx, m) for m in ctx.mentions
               if m.type == "PER"}
    for index, record in enumerate(records):
        noted = steps[index] if steps is not None else None
        speaker, candidate = _own(ctx, records, speakers, index, recent, noted)
        speakers.append(speaker)
        _remember(ctx, record, speaker, candidate, recent, genders)
    # No speaker phrase: the nearest attributed neighbour (`… . «…», — добавил он`).
    borrowed: set[int] = set()
    for index, record in enumerate(records):
        if speakers[index] is not None:
            continue
        cue = ctx.token_at(record.cue_at) if record.cue_at is not None else None
        if record.cue and cue is not None and (
                ctx.verb_gender(cue) == "plur" or record.cue_lemma.endswith("ся")
                or ctx.tokens[cue].feats.get("Variant") == "Short"
                and ctx.tokens[cue].feats.get("Gender") == "Neut"):
            # (`Признано, что …`, `Указано, что …`: an agentless passive, like `сообщается`)
            speakers[index], rule = _impersonal(ctx, records, speakers, index)
        else:
            speakers[index], rule = _neighbour(ctx, records, speakers, index)
            if speakers[index] is not None:
                borrowed.add(index)
        if steps is not None:
            steps[index].append(rule)
    return speakers, borrowed


def _own(ctx: Context, records: list[Record], speakers: list[Speaker | None], index: int,
         recent: list, noted: list[str] | None) -> tuple[Speaker | None, object]:
    """The speaker a record's own speaker phrase names, and that phrase."""
    record = records[index]
    candidate = attribute.search(ctx, record.speaker, _content(ctx, record))
    if candidate is not None and candidate.parsed is not None:
        record.parsed = "nsubj"
    at = record.cue_at if record.cue_at is not None else record.start
    if noted is not None:
        noted.append(_phrase(ctx, record, candidate))
    speaker = attribute.resolve(ctx, candidate, at, recent, noted, (record.start, record.stop))
    hint = record.speaker
    if speaker is None and isinstance(hint, tuple) and hint[0] == "region" \
            and hint[2] > hint[1]:
        # `по данным местной прессы`: the frame names a source nobody can identify;
        # it stays unnamed rather than borrowing a neighbour's speaker
        first, last = ctx.tokens[hint[1]], ctx.tokens[hint[2] - 1]
        speaker = Speaker(None, None, None, ctx.original[first.start:last.stop],
                          first.start, last.stop)  # as written, not the reading text
        if noted is not None:
            noted.append("frame:unidentified-source")
    if record.rule.startswith("inner") and speaker is not None and candidate is not None \
            and candidate.kind != "mention" and speaker.cluster is not None and any(
                other.start <= record.start and record.stop <= other.stop
                and said is not None and said.cluster == speaker.cluster
                for other, said in zip(records, speakers, strict=False)):
        # `«Министр сказал мне, что …», — рассказал Гуров`: the one reported inside a
        # quotation is not the one quoting
        speaker = Speaker(None, None, None, speaker.mention, speaker.start, speaker.stop)
        if noted is not None:
            noted.append("inner:not-the-quoting-speaker")
    cited = _cited(ctx, candidate, at, recent, noted)
    if cited is not None:
        speaker = cited
    if record.cue_lemma in QUOTING and speaker is not None and speaker.type != "PER":
        # `«…», — цитирует издание`: the outlet relays the person it quotes
        person = next((sp for offset, sp, _ in reversed(recent)
                       if sp.type == "PER" and at - offset < QUOTED_REACH), None)
        if person is not None:
            speaker = person
            if noted is not None:
                noted.append("quoting:relays-last-person")
    return speaker, candidate


def _cited(ctx: Context, candidate, at: int, recent: list, noted: list[str] | None
           ) -> Speaker | None:
    """`X сообщил со ссылкой на Y`: Y speaks when the document identifies Y (`со ссылкой
    на заявление «Газпрома»`, `на министра Олега Ветрова`), else X does (`на источник`);
    shared/spec/quotes.md §6, relayed reports."""
    if candidate is None:
        return None
    k = candidate.last
    if ctx.tokens[k:k + 1] and ctx.tokens[k].text in chars.QUOTE_MARKS:
        k += 1  # `пишет «Коммерсант» со ссылкой на …`
    if (ctx.word(k), ctx.word(k + 1), ctx.word(k + 2)) != ("со", "ссылкой", "на"):
        return None
    end = k + 3
    _, hi = ctx.sentence_range(k)
    while end < hi and not ctx.is_punct(end) and not ctx.finite(end) or (
            end < hi and ctx.tokens[end].text in chars.QUOTE_MARKS):
        end += 1
    named = ctx.mention_of.get(k + 3)
    # a name right after `на` is the source itself (the region search skips a name after
    # a preposition)
    found = attribute.Candidate("mention", named.first, named.last, named) \
        if named is not None and named.type in ("PER", "ORG") \
        else attribute.search(ctx, ("region", k + 3, end))
    steps: list[str] = []
    speaker = attribute.resolve(ctx, found, at, recent, steps) if found is not None else None
    if speaker is None or speaker.name is None:
        # a generic noun with the name after it (`со ссылкой на профсоюз «Металлист»`,
        # `на пресс-службу компании Vega`): the name is the source
        named = next((m for m in ctx.mentions[bisect_left(ctx.mention_starts,
                                                          ctx.tokens[k + 3].start):]
                      if m.first < end), None) if k + 3 < hi else None
        if named is None or named.type not in ("PER", "ORG"):
            return None
        steps = []
        found = attribute.Candidate("mention", named.first, named.last, named)
        speaker = attribute.resolve(ctx, found, at, recent, steps)
        if speaker is None or speaker.name is None:
            return None
    if noted is not None:
        noted.extend([*steps, "cited:the-source-named"])
    return speaker


def _remember(ctx: Context, record: Record, speaker: Speaker | None, candidate,
              recent: list, genders: dict) -> None:
    """Keep a record's speaker as the one the text goes on quoting (`Он также отметил`)."""
    if speaker is None or record.rule.startswith("inner"):
        return  # a report inside a quotation does not change who the text goes on quoting
    at = record.cue_at if record.cue_at is not None else record.start
    if speaker.type in ("PER", "ORG"):
        recent.append((at, speaker, genders.get(speaker.cluster)))
    elif speaker.name is None and speaker.start is not None \
            and candidate is not None and candidate.kind in ("role", "noun"):
        # an unnamed person (`— сказал нападающий`): `Он также отметил` goes on with
        # them, not with someone named inside their quote
        head = candidate.head if candidate.head is not None else candidate.first
        if ctx.feat(head, "Number") != "Plur":
            gender = PERSON_GENDER.get(ctx.feat(head, "Gender") or "")
            recent.append((at, speaker, gender))


def _passive_lemmas(ctx: Context, records: list[Record]) -> None:
    """`Ранее заявлялось, что …`: a cue read as the passive of a speech verb keeps the
    dictionary form of the word written (`заявляться`), which also marks it impersonal."""
    for record in records:
        if record.cue_at is None or " " in record.cue:
            continue
        written = ctx.lemma(ctx.token_at(record.cue_at))
        if written.endswith("ся") and written[:-2] == record.cue_lemma:
            record.cue_lemma = written


def _impersonal(ctx: Context, records: list[Record], speakers: list[Speaker | None],
                index: int) -> tuple[Speaker | None, str]:
    """`Ее попросили …`, `Ранее сообщалось, что …`: an impersonal report names nobody,
    unless `там` points back to the body that spoke last (`… сообщили в пресс-службе
    «Порта». Там добавили, что …`)."""
    record = records[index]
    speaker = _there(ctx, record, records[:index], speakers[:index])
    if speaker is not None:
        return speaker, "impersonal:there"
    speaker = _goes_on(ctx, record, records[:index], speakers[:index])
    return speaker, "impersonal:goes-on" if speaker is not None else "impersonal:nobody"


def _neighbour(ctx: Context, records: list[Record], speakers: list[Speaker | None],
               index: int) -> tuple[Speaker | None, str]:
    """The speaker of the nearest attributed record around one that names none."""
    record = records[index]
    best, distance = None, CONTEXT_REACH
    for other in range(max(0, index - 3), min(len(records), index + 4)):
        said = speakers[other]
        if other == index or said is None or said.name is None:
            continue
        gap = max(records[other].start - record.stop, record.start - records[other].stop)
        if record.cue and records[other].start > record.stop and records[other].kind != "direct":
            continue  # a report with its own verb continues what came before it, not a later one
        if records[other].kind != "direct":
            if not record.cue and not _report_goes_on(ctx, records[other], record):
                continue  # a quotation standing alone continues a quotation, not a report
            gap += CONTEXT_REACH // 2  # a neighbouring quotation continues more often
        if gap < distance:
            best, distance = said, gap
    if best is not None:
        return best, "neighbour"
    if record.kind == "direct" and not record.cue:
        # `Стивен Бенджамин, адвокат, возглавляет ассоциацию.⏎«…»`, not after a report
        # of theirs (that one continues a quotation only: `X сообщила, что …. «…»`)
        first = ctx.token_at(record.start)
        before = ctx.tokens[first].sentence - 1
        if not any(r.cue_at is not None and r.cue and ctx.tokens[
                ctx.token_at(r.cue_at)].sentence == before for r in records[:index]):
            best = attribute.introduced(ctx, first)
            if best is not None:
                return best, "introduced"
    return None, "nobody"


def _report_goes_on(ctx: Context, report: Record, quotation: Record) -> bool:
    """`Мэй сообщила, что …. «Мы опубликуем книгу в четверг».`: a whole quotation standing
    alone right after a report, in the same paragraph, goes on with the reporter's words."""
    if report.stop > quotation.start or "\n" in ctx.text[report.stop:quotation.start]:
        return False
    if report.cue_at is None:
        return False
    said = ctx.tokens[ctx.token_at(report.cue_at)].sentence
    return ctx.tokens[ctx.token_at(quotation.start)].sentence - 1 <= max(
        said, ctx.tokens[ctx.token_at(max(report.start, report.stop - 1))].sentence)


def _phrase(ctx: Context, record: Record, candidate) -> str:
    """The speaker phrase a record's rule pointed at, for `explain`."""
    if candidate is None:
        return "phrase: none" + (" (the hint names no side)" if record.speaker is None else "")
    words = ctx.original[ctx.tokens[candidate.first].start:
                         ctx.tokens[candidate.last - 1].stop]
    parsed = " (the syntax parse's subject)" if candidate.parsed is not None else ""
    return f"phrase: {candidate.kind} «{words}»{parsed}"
