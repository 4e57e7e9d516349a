"""Indirect and mixed quotes: the clause a verb of communication reports, source frames.

Frames read off the tagged tokens of one sentence: `заявил, что …`, `заявил об …`,
`призвал … сделать …`, the inverted `…, рассказал X`, `по словам X, …`,
`как сообщил X, …`, `Об этом заявил X`, and headline `Имя: …` / `… - Издание`.
"""

from __future__ import annotations

import re

from .. import chars
from ..lexicons import lexicon
from ..tag import parses
from .cues import (
    ABOUT,
    DASH_CHARS,
    DASHES,
    MARKS,
    PERSON_GENDER,
    THAT,
    Context,
    Record,
    headline_source,
    such_statement,
)

FORWARD_REACH = 12  # tokens between a verb and its `, что`
COORDINATORS = {",", "и", "но", "а", "однако", "также"}
# Conjunctions opening a clause of time, place, condition or cause inside the content.
SUBORDINATORS = {"когда", "где", "куда", "откуда", "если", "пока", "хотя", "поскольку",
                 "потому"}


def find(ctx: Context, taken: set[int]) -> list[Record]:
    """Indirect records for every sentence; `taken` holds cue tokens already used by direct
    quotes (and is extended)."""
    records: list[Record] = []
    for number, sentence in enumerate(ctx.sentences):
        lo, hi = sentence.tokens
        if hi <= lo:
            continue
        found = _sentence(ctx, number, lo, hi, taken)
        records.extend(found)
        records.extend(_block_after(ctx, number, lo, hi, found) if found
                       else _speaker_line(ctx, number, lo, hi))
    return records


SPEAKER_LINE_WORDS = 8  # words of a `Роль Имя Фамилия:` line over a block


def _speaker_line(ctx: Context, number: int, lo: int, hi: int) -> list[Record]:
    """`Директор фермы Олег Тамарин:⏎Урожай вдвое меньше …`: a line that is only a person,
    with their role, and a colon (an interview's or transcript's layout whose marks were
    lost) is followed by their words, as after `сказал:` (shared/spec/quotes.md §6)."""
    colon = hi - 1
    if ctx.word(colon) != ":" or colon - lo > SPEAKER_LINE_WORDS + 4:
        return []
    mention = ctx.mention_of.get(colon - 1)
    if mention is None or mention.type != "PER" or mention.last != colon:
        return []
    if lo > 0 and "\n" not in ctx.text[ctx.tokens[lo - 1].stop:ctx.tokens[lo].start]:
        return []  # the line's own sentence, not the end of one
    if _words(ctx, lo, colon) > SPEAKER_LINE_WORDS or any(
            ctx.tokens[k].pos in ("VERB", "AUX") for k in range(lo, colon)):
        return []  # `… поддерживал её Брэд Питт:` is another sentence's end
    block = _line_block(ctx, colon)
    if block is None:
        return []
    record = _record(ctx, block[0], block[1], "colon-block", 0.5, (colon, colon + 1, ":"),
                     ("at-mention", mention.first), number)
    return [record] if record else []


def _block_after(ctx: Context, number: int, lo: int, hi: int,
                 found: list[Record]) -> list[Record]:
    """A report whose sentence ends in a colon goes on in the block on the next line (`Она
    добавила, что решение далось непросто:⏎Мы долго спорили …`, `По словам X:⏎…`): the
    block is a second record of the same cue and speaker."""
    colon = hi - 1
    while colon > lo and ctx.tokens[colon].text.isspace():
        colon -= 1
    if ctx.word(colon) != ":" or not found:
        return []
    last = max(found, key=lambda r: r.stop)
    if last.stop > ctx.tokens[colon].start or last.rule == "colon-block":
        return []
    block = _line_block(ctx, colon)
    if block is None:
        return []
    start, stop = ctx.tokens[block[0]].start, ctx.tokens[block[1] - 1].stop
    return [Record(start, stop, "indirect", "colon-block", 0.5, last.cue, last.cue_lemma,
                   last.cue_at, last.speaker, number)]


def _cues(ctx: Context, lo: int, hi: int, taken: set[int]) -> list[tuple[int, int, str]]:
    """(first token, last token exclusive, lemma) of each cue outside quotation marks."""
    cues = []
    i = lo
    while i < hi:
        if ctx.inside[i] >= 0:
            # a report inside a quotation counts when someone else speaks
            # (`«Вчера адвокат проинформировала меня, что …»`), not `я считаю`
            token = ctx.tokens[i]
            if ctx.quoted(i) and i not in taken and token.feats.get("Person") != "1" \
                    and ctx.word(i - 1) not in ("я", "мы") and ctx.finite(i):
                value = ctx.speech(i)
                if value:
                    cues.append((i, i + 1, value))
            i += 1
            continue
        size = ctx.frame_at(i)
        if not size and ctx.word(i) == "согласно" and i + 1 < hi and (
                ctx.mention_of.get(i + 1) is not None
                and ctx.mention_of[i + 1].type in ("PER", "ORG")
                or ctx.tokens[i + 1].text[:1].isascii() and ctx.tokens[i + 1].text[:1].isalpha()):
            size = 1  # `Согласно Марку, …`, `Согласно eMarketer, …`: a source named right after
        if size and i + size < hi:
            cues.append((i, i + size, " ".join(ctx.word(k) for k in range(i, i + size))))
            i += size
            continue
        if i not in taken:
            light = ctx.light_at(i)
            if light:
                cues.append((i, light[0], light[1]))
                i = light[0]
                continue
            value = ctx.speech(i) or _with_words(ctx, lo, i)
            if value and ctx.word(i - 1) == "не" and ctx.finite(i) \
                    and value not in lexicon("speech_negated"):
                value = None  # `Мэрия не сообщает о причинах`: nothing was said
            elif value and ctx.word(i - 1) == "не" and value in lexicon("speech_negated") \
                    and ctx.feat(i, "Variant") == "Short":
                value = None  # `Не исключено, что …`: the author's hedge, nobody's words
            elif value and ctx.word(i + 1) == "ли":
                value = None  # `непонятно, продолжит ли министр …`: a question's predicate
            if value:
                cues.append((i, i + 1, value))
        i += 1
    return cues


def _with_words(ctx: Context, lo: int, i: int) -> str | None:
    """`словами:` ending a clause (`поблагодарила труппу такими словами:`, `обратился к
    залу со словами:`) makes whatever the clause's verb does an act of speech: the verb's
    lemma, the words after the colon its content."""
    if ctx.word(i) != "словами" or ctx.word(i + 1) != ":":
        return None
    verb = next((k for k in range(i - 1, lo - 1, -1) if ctx.finite(k)), None)
    return ctx.lemma(verb) if verb is not None else None


# Parts of speech that open a sentence capitalized but never stand capitalized inside one.
FUNCTION_POS = ("ADV", "ADP", "SCONJ", "CCONJ", "PRON", "PART", "VERB", "AUX", "DET")


def _unmarked_sentence(ctx: Context, j: int) -> bool:
    """A capitalized function word or verb after a space, past a word or a closing mark,
    opens a sentence whose full stop was lost (`…«Северного потока-2» Ранее сообщалось`,
    a headline glued on by scraping); a title's first word follows its opening mark."""
    token, before = ctx.tokens[j], ctx.tokens[j - 1]
    return token.text[:1].isupper() and token.pos in FUNCTION_POS \
        and j not in ctx.mention_of and before.stop < token.start \
        and (before.text[-1:].isalnum() or before.text in ("»", "\"", "”")) \
        and not (len(token.text) > 1 and token.text.isupper()) \
        and ctx.lemma(j) not in ("вы", "ваш")  # the polite `Вы` is capitalized anywhere


def _content_end(ctx: Context, start: int, hi: int, cue_starts: set[int]) -> int:
    """Token index where reported content starting at `start` stops: before the next
    coordinated report (`, но подчеркнул`), a trailing channel (`, сообщает X`), a glued
    rubric, or the sentence end; closing punctuation excluded."""
    end = hi
    aside = start  # `, как сообщалось ранее,`: an aside of the author's, the claim goes on
    for j in range(start + 1, hi):
        if j in cue_starts and ctx.inside[j] >= 0 \
                and ctx.spans[ctx.inside[j]][0] >= ctx.tokens[start].start:
            continue  # a verb inside a quotation the content holds (`он «не первый, кто это
            # говорит»`) reports nothing of the author's
        if j in cue_starts and j > aside:
            aside = max(_sourceless_as(ctx, j, hi), _enclosed_frame(ctx, j, hi))
        if j in cue_starts and j > aside:
            # walk back over the next report's subject (`, а глава МИДа Маэхара отметил`)
            k = j - 1
            while k > start and j - k <= SUBJECT_REACH + 2 and not (
                    ctx.word(k) in COORDINATORS or ctx.tokens[k].text in DASHES) \
                    and not ctx.finite(k) and ctx.word(k) not in ("что", "чтобы", "ли"):
                k -= 1
            if any(ctx.lemma(m) == "который" or ctx.word(m) in SUBORDINATORS
                   for m in range(k, j)):
                # `Москва, которая предлагала Петербург, согласилась`: a relative; `в
                # субботу, когда артист отмечал юбилей`: a clause of the content's own
                continue
            if k > start and (ctx.word(k) in COORDINATORS or ctx.tokens[k].text in DASHES):
                while k > start and (ctx.word(k - 1) in COORDINATORS
                                     or ctx.tokens[k - 1].text in DASHES):
                    k -= 1
                end = k
                break
        if ctx.word(j) == "," and ctx.word(j + 1) == "что" and _bare_predicate(ctx, j + 2, hi) \
                and _of_a_clause(ctx, j + 2, hi) and ctx.lemma(j - 1) not in ("то", "тот", "так"):
            # (not a correlative's clause: `вызванного тем, что произошло`)
            end = j  # `…, что вызвало панику`: a relative on the whole report
            break
        if ctx.word(j) == "," and ctx.word(j + 1) == "и" and _bare_predicate(ctx, j + 2, hi):
            end = j  # `заявил, что бюджет сбалансирован, и покинул зал`: the comma closed
            break    # the clause, and `и` adds a predicate of the speaker's
        token, before = ctx.tokens[j], ctx.tokens[j - 1]
        if (token.start == before.stop and token.text[:1].isupper()
                and before.text[-1:].islower() and before.text[-1:].isalpha()):
            end = j  # `ЗападеПолитика`: a rubric glued on by scraping
            break
        if _unmarked_sentence(ctx, j):
            end = j
            break
    while end > start and ctx.is_punct(end - 1) and ctx.tokens[end - 1].text not in (
            "»", "\"", "”", "“", ")"):
        end -= 1
    # An unbalanced closing bracket or mark at the end belongs to the frame around us.
    while end > start and ctx.tokens[end - 1].text in (")", "»", "\"", "”", "“"):
        inner = ctx.text[ctx.tokens[start].start:ctx.tokens[end - 1].start]
        mark = ctx.tokens[end - 1].text
        opening = {")": "(", "»": "«", "”": "“", "“": "„", "\"": "\""}[mark]
        count = inner.count(opening) - (inner.count(mark) if mark != "\"" else 0)
        if mark == "\"":
            if inner.count("\"") % 2 == 1:
                break
        elif count > 0:
            break
        end -= 1
        while end > start and ctx.is_punct(end - 1) and ctx.tokens[end - 1].text not in (
                "»", "\"", "”", "“", ")"):
            end -= 1
    return end


def _phrase_end(ctx: Context, start: int, end: int) -> int:
    """An infinitive or о-phrase of content ends where a clause with its own subject
    begins after a comma (`обещает отремонтировать мост, | на месте работают строители`,
    `объявлено о продаже завода, | но сделку отменили`)."""
    for j in range(start + 1, end):
        if ctx.finite(j):
            return end  # a clause of the content's own (`о том, что …`)
        if ctx.word(j) == "," and _own_clause(ctx, j + 1, end):
            return j
    return end


def _own_clause(ctx: Context, k: int, hi: int) -> bool:
    """A clause with its own nominative subject and finite verb from token k to the next
    comma (`на месте уже работают строители`, `но сделку отменили`: an impersonal plural
    counts), not a relative's, a participle's or a converb's."""
    if ctx.word(k) in ("но", "а", "однако"):
        k += 1
    if ctx.tokens[k].pos == "ADP" and ctx.word(k + 1) in ("что", "чем", "чему", "чего"):
        return True  # `уехать, | на что она ответила отказом`: a relative of the whole clause
    stop = next((m for m in range(k, hi) if ctx.is_punct(m)), hi)
    if stop == k or ctx.lemma(k) in ("кто", "что", "чтобы", "как", "где", "куда", "когда",
                                     "если", "чей") \
            or any(ctx.lemma(m) == "который" for m in range(k, stop)):
        return False  # (a relative's: `всех, кто посмеет`, `в результате которой …`)
    verb = next((m for m in range(k, stop) if ctx.finite(m)), None)
    if verb is None:
        return False
    if ctx.feat(verb, "Number") == "Plur" and ctx.feat(verb, "Person") in (None, "3"):
        return True  # `сделку отменили`, `работают строители`
    return any(ctx.feat(m, "Case") == "Nom" and ctx.tokens[m].pos in ("NOUN", "PROPN", "PRON")
               for m in range(k, stop) if m != verb)


# Prepositions that make `то, что` a clause of cause, concession, time or purpose
# (`из-за того, что`, `несмотря на то, что`, `после того, как`), never of content.
ADVERBIAL_PREPOSITIONS = {"из-за", "благодаря", "вследствие", "ввиду", "несмотря", "вопреки",
                          "кроме", "помимо", "после", "до", "перед", "вместо", "ради", "связи"}


def _adverbial_clause(ctx: Context, comma: int) -> bool:
    """`, что` at comma+1 closes a correlative `то` governed by an adverbial preposition."""
    k = comma - 1
    if ctx.lemma(k) not in ("то", "тот"):
        return False
    k -= 1
    if ctx.word(k) in ("на", "с") and ctx.word(k - 1) in ("несмотря", "связи"):
        k -= 1  # `несмотря на то`, `в связи с тем`
    return ctx.word(k) in ADVERBIAL_PREPOSITIONS


def _past_adverbs(ctx: Context, k: int, hi: int) -> int:
    while k < hi and ctx.tokens[k].pos in ("ADV", "PART"):
        k += 1
    return k


def _bare_predicate(ctx: Context, k: int, hi: int) -> bool:
    """A finite verb at k, past adverbs and particles, with no subject of its own."""
    k = _past_adverbs(ctx, k, hi)
    return k < hi and ctx.finite(k) and ctx.tokens[k].pos == "VERB"


def _of_a_clause(ctx: Context, k: int, hi: int) -> bool:
    """The verb at k (past adverbs) is a neuter singular past, with `что` standing for a
    whole clause as its subject: the author narrating what the report led to (a present or
    future one, `что приведёт к инфляции`, may well be the speaker's own)."""
    k = _past_adverbs(ctx, k, hi)
    feats = ctx.tokens[k].feats if k < hi else {}
    return (feats.get("Number"), feats.get("Tense"), feats.get("Gender")) \
        == ("Sing", "Past", "Neut")


def _sourceless_as(ctx: Context, kak: int, hi: int) -> int:
    """`как сообщалось (ранее)`, `как выяснилось` set off by commas inside a clause: an
    as-frame that names no source, so it opens no report of its own. The comma closing
    it, else `kak - 1` (not such an aside)."""
    if ctx.word(kak) != "как" or ctx.word(kak - 1) != ",":
        return kak - 1
    k = kak + 1
    while k < hi and ctx.word(k) != ",":
        if ctx.tokens[k].pos in ("NOUN", "PROPN", "PRON") or k in ctx.mention_of:
            return kak - 1
        k += 1
    return k if kak + 1 < k < hi else kak - 1


def _enclosed_frame(ctx: Context, j: int, hi: int) -> int:
    """`, по его словам,` or `, по данным Росстата,` set off by commas inside a clause that
    goes on after it (`сообщил, что завод, по его словам, будет закрыт`): the clause holds
    the frame. The comma closing it, else `j - 1` (not such a frame)."""
    size = ctx.frame_at(j)
    if ctx.word(j - 1) != "," or not size:
        return j - 1
    end = _np_end(ctx, j + size, hi, paren=True)
    if end + 1 < hi and ctx.word(end) == "," and not ctx.is_punct(end + 1):
        return end
    return j - 1


def _own_aside(ctx: Context, k: int, hi: int) -> int:
    """The comma closing an aside at token k that names no source but the reporter
    (`по его мнению,`, `как сообщалось ранее,`), else `k - 1`."""
    frame = _enclosed_frame(ctx, k, hi)
    size = ctx.frame_at(k)
    if frame > k and (frame == k + size or any(
            ctx.word(j) in ("его", "ее", "её", "их") for j in range(k, k + size))):
        return frame
    return max(k - 1, _sourceless_as(ctx, k, hi))


def _in_clause(ctx: Context, lo: int, first: int, cue_starts: set[int]) -> bool:
    """Token `first` stands in the `что`-clause of a report made earlier in its sentence
    (`Министр заявил, что, по его мнению, …`)."""
    for k in range(first - 1, lo, -1):
        if ctx.word(k) in THAT and (ctx.word(k - 1) == "," or k - 1 in cue_starts):
            return any(lo <= c < k for c in cue_starts)
        if ctx.word(k) in (";", ":") or ctx.tokens[k].text in DASHES:
            return False
    return False


def _record(ctx: Context, first: int, end: int, rule: str, confidence: float,
            cue: tuple[int, int, str], speaker, number: int, prefix: int | None = None,
            least: int = 2) -> Record | None:
    """`prefix`: the token a cue opens with before its verb (`как` of `как сообщил`)."""
    if end <= first:
        return None
    end = _through_mark(ctx, first, end)
    start, stop = ctx.tokens[first].start, ctx.tokens[end - 1].stop
    if sum(1 for k in range(first, end) if not ctx.is_punct(k)) < least:
        return None
    kind = "mixed" if _has_fragment(ctx, first, end) else "indirect"
    mark = ctx.inside[first + 1] if first + 1 < end else -1
    if kind == "mixed" and ctx.is_punct(first) and ctx.is_punct(end - 1) and all(
            ctx.inside[k] == mark for k in range(first + 1, end - 1)):
        kind = "direct"  # `заявил, что "…"`: the whole clause is verbatim, marks excluded
        start, stop = ctx.tokens[first + 1].start, ctx.tokens[end - 2].stop
    text = ctx.text[ctx.tokens[cue[0]].start:ctx.tokens[cue[1] - 1].stop]
    if prefix is not None:
        text = ctx.text[ctx.tokens[prefix].start:ctx.tokens[cue[1] - 1].stop]
    return Record(start, stop, kind, rule, confidence, text,
                  (ctx.word(prefix) + " " + cue[2]) if prefix is not None else cue[2],
                  ctx.tokens[cue[0]].start, speaker, number)


def _through_mark(ctx: Context, first: int, end: int) -> int:
    """Content that opens a quotation runs to its closing mark, in its sentence (`назвав его
    «смелым для всех, кто приходит в театр»`: a comma inside the marks ends nothing)."""
    span = ctx.inside[end - 1]
    if span < 0 or ctx.spans[span][0] < ctx.tokens[first].start:
        return end
    close = ctx.spans[span][1]
    _, hi = ctx.sentence_range(end - 1)
    k = end
    while k < hi and ctx.tokens[k].start < close:
        k += 1
    if k < hi and ctx.tokens[k].start == close:
        return k + 1  # the closing mark itself
    return end


def _has_fragment(ctx: Context, first: int, end: int) -> bool:
    """A verbatim fragment in marks (lowercase or several words), not a title (`«Орешник»`)."""
    spans = {ctx.inside[k] for k in range(first, end) if ctx.inside[k] >= 0}
    for span in spans:
        tokens = [k for k in range(first, end) if ctx.inside[k] == span]
        words = [ctx.tokens[k].text for k in tokens if not ctx.is_punct(k)]
        if words and (words[0][:1].islower() or len(words) >= 4):
            return True
    return False


def _sentence(ctx: Context, number: int, lo: int, hi: int, taken: set[int]) -> list[Record]:
    such = _such_this(ctx, number, lo, hi)
    if such is not None:
        return [such]
    cues = _cues(ctx, lo, hi, taken)
    headline = _headline(ctx, number, lo, hi)
    if not cues or headline:
        # a headline's statement is one record, whatever verbs it holds (`МИД: Москва
        # ответит на высылку`)
        return headline + _requests(ctx, number, lo, hi, set())
    cue_starts = {c[0] for c in cues}
    # `как сообщил`: the word before a frame verb belongs to it
    cue_starts |= {k for k in (_as_at(ctx, c[0]) for c in cues) if k is not None}
    out: list[Record] = _requests(ctx, number, lo, hi, cue_starts)
    for cue in cues:
        first, last, value = cue
        if value in INDICATING and (ctx.word(last) in ABOUT or (
                ctx.word(last) == "," and ctx.word(last + 1) in THAT) or (
                ctx.word(last) == "на" and ctx.word(last + 1) == "то")) \
                and _thing_subject(ctx, first, lo):
            # `Отставка Джонсона говорит о кризисе`, `Данные опроса подтверждают, что …`:
            # a sign, not a speaker
            continue
        if value in ctx.comparison:
            found = _comparison(ctx, number, lo, hi, cue, cue_starts)
            out.extend([found] if found is not None else [])
            continue
        if (" " in value and value not in ctx.light) or value == "согласно":
            out.extend(_frame(ctx, number, lo, hi, cue, cue_starts))
            continue
        kak = _as_at(ctx, first)
        if kak is not None and ctx.word(kak - 1) not in ("так",) and not _since(ctx, kak):
            out.extend(_as_frame(ctx, number, lo, hi, cue, cue_starts, kak))
            continue
        if ctx.inside[first] >= 0:
            record = _forward(ctx, number, lo, hi, cue, cue_starts)
            if record is not None and record.rule == "that" and \
                    ctx.inside[ctx.token_at(record.start)] == ctx.inside[first]:
                record.speaker = ("inner", first)
                record.rule = "inner-that"
                record.kind = "indirect"
                # the report ends where the quotation does, or where an attribution
                # interrupts it (`«Утверждают, что …, — пояснила она, — но …»`)
                close = ctx.spans[ctx.inside[first]][1]
                k = ctx.token_at(record.start)
                while k < len(ctx.tokens) and ctx.tokens[k].start < close:
                    if ctx.inside[k] != ctx.inside[first]:
                        close = ctx.tokens[k - 1].stop
                        break
                    k += 1
                if record.stop > close:
                    record.stop = close
                    while record.stop > record.start and \
                            (ctx.text[record.stop - 1] in " \t\n.,;:!?…"
                             or ctx.text[record.stop - 1] in DASH_CHARS):
                        record.stop -= 1
                out.append(record)
            continue
        record = _forward(ctx, number, lo, hi, cue, cue_starts)
        if record is not None and value in ctx.relay:
            record.speaker = ctx.relayed(last)  # `привели слова Рухани о том, что …`
        if record is None or record.rule == "evaluation":
            fronted = _fronted(ctx, number, lo, hi, cue, cue_starts)
            if fronted:
                out.extend(fronted)
                continue
        if record is None:
            record = _about_this(ctx, number, lo, hi, cue)
        if record is None:
            record = _about_before(ctx, number, lo, cue) or _about_that_before(ctx, number, lo,
                                                                                cue)
        if record is None:
            record = _fronted_infinitive(ctx, number, lo, cue)
        if record is not None:
            out.append(record)
        else:
            out.extend(_inverted(ctx, number, lo, hi, cue, cue_starts))
    return out


def _fronted_infinitive(ctx: Context, number: int, lo: int, cue) -> Record | None:
    """`Снизить налоги призывали профсоюзы`: an infinitive clause opening the sentence, with
    no comma before the verb of request after it, is what was asked (set off by commas it is
    `_inverted`'s); the source follows the verb."""
    first, last, value = cue
    start = _opening(ctx, lo, first)
    if value not in ctx.infinitive or start >= first - 1 or not ctx.finite(first) \
            or ctx.tokens[start].feats.get("VerbForm") != "Inf" \
            or ctx.tokens[first - 1].text in (",", *DASHES) \
            or any(ctx.finite(k) for k in range(start, first)):
        return None
    if not (last < len(ctx.tokens) and (last in ctx.mention_of or ctx.tokens[last].pos in (
            "NOUN", "PROPN", "ADJ", "DET") and ctx.feat(last, "Case") in ("Nom", None))):
        return None  # the subject follows the verb (`призывали профсоюзы`)
    return _record(ctx, start, first, "infinitive-fronted", 0.6, cue, ("right", last - 1),
                   number)


# Verbs that also mean "to be a sign of" when a thing is their subject.
# Verbs a thing can be the subject of: a sign (`Отставка говорит о кризисе`), a plan (`План
# предполагает, что …`) or a work telling its plot (`Фильм рассказывает о мальчике`), not a
# speaker
INDICATING = {"говорить", "свидетельствовать", "указывать", "указать", "означать",
              "подтверждать", "подтвердить", "рассказывать", "повествовать", "предполагать"}


# Inanimate in grammar, people in fact: they speak (`семья говорит о …`).
COLLECTIVE = lexicon("speaker_collective")


SUBJECT_REACH = 10  # tokens back from the verb to its subject


def _thing_subject(ctx: Context, verb: int, lo: int) -> bool:
    """The verb's subject, right before it in its clause, is an inanimate common noun (a
    document is not: `Доклад подтверждает, что …` reports its author)."""
    from .attribute import noun_kind as _noun_kind

    for k in range(verb - 1, max(lo, verb - SUBJECT_REACH) - 1, -1):
        if ctx.is_punct(k) or ctx.word(k) in THAT:
            return False
        if ctx.feat(k, "Case") not in (None, "Nom"):
            continue  # `Отставка Бориса Джонсона говорит`: past the genitive
        if ctx.word(k) in ("это", "все", "всё") and (
                ctx.feat(verb, "Gender") == "Neut" or ctx.feat(verb, "Tense") != "Past") \
                and ctx.feat(verb, "Number") != "Plur":
            return True  # `Это подтверждает, что …`, `Всё указывает на то, что`: a fact
        if ctx.tokens[k].pos in ("PRON", "PROPN") or k in ctx.mention_of:
            return False
        if ctx.tokens[k].pos == "NOUN":
            return ctx.feat(k, "Animacy") == "Inan" and _noun_kind(ctx, k) is None \
                and ctx.lemma(k) not in COLLECTIVE \
                and ctx.lemma(k) not in lexicon("speaker_documents")
    return False


def _named_span(ctx: Context, j: int, span: int) -> bool:
    """The words of the quotation at `j` are one name the tagger found (`«Новый Город —
    Томск»`): a title, whatever its length."""
    k = j
    while k < len(ctx.tokens) and ctx.inside[k] == span and ctx.is_punct(k):
        k += 1
    mention = ctx.mention_of.get(k)
    if mention is None:
        return False
    end = mention.last
    while end < len(ctx.tokens) and ctx.inside[end] == span:
        if not ctx.is_punct(end):
            return False
        end += 1
    return True


def _forward(ctx: Context, number: int, lo: int, hi: int, cue, cue_starts) -> Record | None:
    """Content after the verb: `, что …`, `о/об …`, an infinitive, `: …`, an evaluation."""
    first, last, value = cue
    i = last
    # `об этом` points back, handled by _about_this
    if ctx.word(i) in ABOUT and (ctx.word(i + 1) == "этом" or ctx.word(i + 1) == "том"
                                 and ctx.word(i + 2) != ","):
        return None  # (`о том, что …` opens a clause; `об этом,` still points back)
    left = ("left", first)
    for j in range(i, min(hi, i + FORWARD_REACH)):
        word = ctx.word(j)
        if ctx.inside[j] >= 0 and ctx.inside[j] != ctx.inside[first]:
            if j - i > 3 and ctx.span_words.get(ctx.inside[j], 0) < 3 \
                    and value not in ctx.channels:
                continue  # a title further on: `заявил в эфире телеканала «Россия 24», что`
            if value in ctx.opinion:
                # `назвал реформу «убийцей рабочих мест»`, `назвал отношения с ней «главной
                # составляющей …»`: an evaluation, below
                break
            if j - i > 3 or value in ctx.channels:
                return None
            span = ctx.inside[j]
            if ctx.span_words.get(span, 0) < 3 and _infinitive_after_span(ctx, j, span):
                continue  # `призвал «Нефтетранс» погасить долг`: the addressee, a name
            if _named_span(ctx, j, span):
                continue  # `сообщает «Новый Город — Томск»,`: a name in marks, a title
            if value in ctx.infinitive or ctx.span_words.get(span, 0) >= 3:
                # `призвал ООН «ответить …»`: the quotation is the content
                end = _content_end(ctx, j, hi, cue_starts)
                return _record(ctx, j, end, "object-quote", 0.6, cue, left, number)
            if ctx.span_words.get(span, 0) >= 3:
                return None
            continue  # a title: `передал «Газпрому»`
        found = _that_at(ctx, number, lo, hi, cue, cue_starts, j)
        if found is UNDECIDED:
            found = _phrase_at(ctx, number, lo, hi, cue, cue_starts, j)
        if found is not UNDECIDED:
            return found
        if word in (".", "!", "?", ";") or (word == "," and j == i and ctx.word(j + 1) not in
                                               THAT):
            break
        if j > i and (ctx.finite(j) or j in cue_starts):
            break
    return _evaluated(ctx, number, hi, cue, cue_starts)


def _infinitive_after_span(ctx: Context, j: int, span: int) -> bool:
    """An infinitive right after the quotation `span` that token j is in (past its mark)."""
    k = j
    while k < len(ctx.tokens) and ctx.inside[k] == span:
        k += 1
    while k < len(ctx.tokens) and ctx.tokens[k].text in chars.QUOTE_MARKS:
        k += 1
    return k < len(ctx.tokens) and ctx.tokens[k].feats.get("VerbForm") == "Inf"


ADDRESSEE_MAX = 4  # words of a dative addressee between a verb and its question clause


def _addressee_only(ctx: Context, i: int, j: int) -> bool:
    """Nothing, or only a dative addressee, between the verb's end `i` and token j
    (`объяснил журналистам, почему …`, `рассказал радио, как …`)."""
    return j - i <= ADDRESSEE_MAX and all(
        ctx.feat(k, "Case") == "Dat" and ctx.tokens[k].pos in ("NOUN", "PROPN", "PRON", "ADJ",
                                                                "DET")
        for k in range(i, j))


MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
          "октябрь", "ноябрь", "декабрь")


def _date_end(ctx: Context, k: int, hi: int) -> int | None:
    """Past a date set off by commas from token k (`, 3 апреля,`, `, 5 мая 2020 года,`),
    the closing comma included, else None."""
    if ctx.word(k) != "," or k + 2 >= hi or not ctx.tokens[k + 1].text.isdigit() \
            or ctx.lemma(k + 2) not in MONTHS:
        return None
    j = k + 3
    while j < hi and (ctx.tokens[j].text.isdigit() or ctx.lemma(j) == "год"):
        j += 1
    return j + 1 if j < hi and ctx.word(j) == "," else None


def _subject_after(ctx: Context, k: int, hi: int) -> bool:
    """A nominative (a noun, a pronoun, a name) after token k, before the clause's next
    punctuation (past a date set off by commas): the subject an inverted report puts after
    its verb."""
    j = k
    while j < hi:
        date = _date_end(ctx, j, hi)
        if date is not None:
            j = date  # `заявил в пятницу, 3 апреля, мэр Олег Жуков`
            continue
        if ctx.is_punct(j) and ctx.tokens[j].text not in chars.QUOTE_MARKS:
            return False
        if j in ctx.mention_of or ctx.tokens[j].pos in ("NOUN", "PROPN", "PRON") \
                and ctx.feat(j, "Case") in (None, "Nom"):
            return True
        j += 1
    return False


def _relative_verb(ctx: Context, verb: int) -> bool:
    """The verb is a relative clause's (`союзники, часть которых считает её слабой:`): the
    block after the colon is not its content."""
    for k in range(verb - 1, max(-1, verb - 6), -1):
        if ctx.lemma(k) == "который":
            return True
        if ctx.is_punct(k):
            return False
    return False


def _object_between(ctx: Context, i: int, j: int) -> bool:
    """A noun object in the accusative or genitive, outside any prepositional phrase,
    between a verb's end `i` and token j."""
    return any(ctx.tokens[k].pos == "NOUN" and ctx.feat(k, "Case") in ("Acc", "Gen")
               and not any(ctx.tokens[m].pos == "ADP" for m in range(max(i, k - 2), k))
               for k in range(i, j))


class _Undecided:
    """What a token says that opens no content: the scan goes on."""


UNDECIDED = _Undecided()


def _that_at(ctx: Context, number: int, lo: int, hi: int, cue, cue_starts, j: int
             ) -> Record | None | _Undecided:
    """A subordinate clause opening at `j` (`, что …`, `на то, что …`, `, ли …`, `, как …`),
    or None where it shows the verb has no content after it."""
    first, last, value = cue
    i = last
    left = ("left", first)
    word = ctx.word(j)
    if word == "на" and ctx.word(j + 1) == "то" and ctx.word(j + 2) == "," \
            and ctx.word(j + 3) in THAT:
        begin = j + 4 + (1 if ctx.word(j + 4) == "," else 0)  # `на то, что, если …`
        end = _content_end(ctx, begin, hi, cue_starts)  # `попенял … на то, что …`
        return _record(ctx, begin, end, "that", 0.7, cue, left, number)
    if word == "," and ctx.word(j + 1) in THAT and _adverbial_clause(ctx, j):
        return None  # `допустил из-за того, что …`: a cause, not what was said
    if word == "," and ctx.word(j + 1) == "чтобы" and (
            value not in ctx.infinitive or _object_between(ctx, i, j)) \
            and ctx.tokens[j + 2:j + 3] and ctx.tokens[j + 2].feats.get("VerbForm") == "Inf":
        # `высказываются в поддержку реформы, чтобы привлечь избирателей`: a purpose; a
        # reported command takes a past verb (`сказал, чтобы все ушли`); a request that
        # already has its object asks for that (`требуют ясного плана, чтобы подготовиться`)
        return None
    if word == "," and ctx.word(j + 1) in THAT:
        begin = j + 2
        if ctx.word(begin) == ",":
            # `заявил, что, по его мнению, кризис позади`, `что, как сообщалось, …`: an
            # aside naming no other source is not content; another source's frame
            # stays in it (`что, по данным Росстата, …`)
            begin = _own_aside(ctx, begin + 1, hi) + 1
        end = _subordinate_end(ctx, lo, first, begin, _content_end(ctx, begin, hi, cue_starts))
        # a predicate alone is a clause too (`утверждала, что невиновна`)
        alone = end == begin + 1 and (ctx.finite(begin)
                                      or ctx.tokens[begin].feats.get("Variant") == "Short")
        return _record(ctx, begin, end, "that", 0.85, cue, left, number,
                       least=1 if alone else 2)
    if j == i and word in THAT:
        end = _content_end(ctx, j + 1, hi, cue_starts)
        return _record(ctx, j + 1, end, "that", 0.75, cue, left, number)
    if word == "," and ctx.word(j + 2) == "ли" and value not in ctx.characterizing:
        # (`Комиссия оценивает, могут ли …`: weighing a question is not reporting it)
        end = _content_end(ctx, j + 1, hi, cue_starts)
        return _record(ctx, j + 1, end, "whether", 0.7, cue, left, number)
    if word == "," and ctx.word(j + 1) in ("как", "почему", "зачем", "где", "когда",
                                            "сколько", "кто") and _addressee_only(ctx, i, j):
        if value in lexicon("speech_questions"):
            end = _content_end(ctx, j + 1, hi, cue_starts)
            return _record(ctx, j + 1, end, "how", 0.6, cue, left, number)
        return None
    return UNDECIDED


def _phrase_at(ctx: Context, number: int, lo: int, hi: int, cue, cue_starts, j: int
               ) -> Record | None | _Undecided:
    """Content opening at `j` (`о/об …`, `: …`, an infinitive), or None where it shows the
    verb has no content after it."""
    first, last, value = cue
    i = last
    left = ("left", first)
    word = ctx.word(j)
    token = ctx.tokens[j]
    addressee = value in lexicon("speech_addressee")  # `предупредил Минск о …`
    if word in ABOUT and j > i and ctx.tokens[j - 1].pos == "NOUN" \
            and ctx.feat(j - 1, "Case") == "Ins" and ctx.tokens[j - 2].pos != "ADP":
        return None  # `объяснив это заботой о безопасности`: the noun's, not the verb's
    if word in ABOUT and value not in ctx.channels and j - i <= (10 if addressee else 4) \
            and (addressee or not any(
                ctx.feat(k, "Case") == "Acc" and ctx.tokens[k].pos in ("NOUN", "PROPN")
                and ctx.tokens[k - 1].pos != "ADP" for k in range(i, j))):
        k = j + 1
        phrase = True  # `о своей отставке`, not `о том, что …`
        if ctx.word(k) in ("том", "то") and ctx.word(k + 1) == ",":
            phrase = False
            k += 2
            if ctx.word(k) in THAT:
                k += 1
        end = _content_end(ctx, k, hi, cue_starts)
        if phrase:
            end = _time_adverbial(ctx, k, _phrase_end(ctx, k, end))
        # one noun is content here too once its adverbials are cut (`объявил о банкротстве
        # на пресс-конференции`)
        noun = phrase and end == k + 1 and (ctx.tokens[k].pos in ("NOUN", "PROPN") or (
            ctx.tokens[k].pos == "PRON" and ctx.word(k) not in ("этом", "том", "чем")))
        return _record(ctx, k, end, "about", 0.7, cue, left, number, least=1 if noun else 2)
    if word == ":" and j - i <= 3 and _relative_verb(ctx, first):
        return None  # (the block after the colon goes with the sentence's own report)
    if word == ":" and j - i <= 3:
        block = _line_block(ctx, j)
        if block is not None:
            return _record(ctx, block[0], block[1], "colon-block", 0.5, cue, left, number)
        end = _content_end(ctx, j + 1, hi, cue_starts)
        # a clause of three words or more (`подчеркнул: никаких переговоров не будет`)
        if _words(ctx, j + 1, end) >= 3 and any(ctx.finite(k) for k in range(j + 1, end)):
            return _record(ctx, j + 1, end, "colon", 0.5, cue, left, number)
        return None
    if token.pos == "VERB" and token.feats.get("VerbForm") == "Inf" and j - i <= 5:
        if value in ctx.infinitive:
            # (a report in a subordinate clause ends with it: `Когда те посоветовали ей
            # уехать, | Анна отказалась`)
            end = _subordinate_end(ctx, lo, first, j, _phrase_end(
                ctx, j, _content_end(ctx, j, hi, cue_starts)))
            # `пообещал с 21 июня ограничить`: an adverbial before the verb belongs to it
            # (not the addressee of a demand: `требуют от руководства повысить зарплаты`)
            begin = i if j > i and ctx.tokens[i].pos in ("ADP", "ADV") \
                and ctx.word(i) not in ("от", "у") else j
            if begin == j:
                # `рекомендовал не отвечать`, `призвал власти как можно скорее решить`
                while begin > i and (ctx.tokens[begin - 1].pos in ("ADV", "PART")
                                     or ctx.word(begin - 1) == "как"):
                    begin -= 1
            # an infinitive alone is content too (`посоветовали уехать`)
            return _record(ctx, begin, end, "infinitive", 0.65, cue, left, number, least=1)
        # `подтвердил готовность Москвы выстраивать диалог`: a noun with an infinitive
        nouns = [k for k in range(i, j) if ctx.tokens[k].pos == "NOUN"
                 and ctx.feat(k, "Case") == "Acc"]
        # (the infinitive is the noun's only with no comma between: `заметили ошибку,
        # выделите её` is two clauses)
        if nouns and all(ctx.word(k) != "," for k in range(nouns[0], j)) \
                and value not in lexicon("speech_topic_verbs"):
            # (`прокомментировал решение мэра закрыть рынок`: the mayor's decision, a topic)
            end = _content_end(ctx, nouns[0], hi, cue_starts)
            return _record(ctx, nouns[0], end, "noun-infinitive", 0.5, cue, left, number)
    return UNDECIDED


def _evaluated(ctx: Context, number: int, hi: int, cue, cue_starts) -> Record | None:
    """The object of an estimating or evaluating verb: `оценила X в …`, `назвал X Y`."""
    first, last, value = cue
    left = ("left", first)
    if ctx.tokens[first].feats.get("Voice") == "Pass":
        return None  # `признан «Изобретателем года»`, `был назван лучшим`: a title, no source
    if value in ESTIMATE_VERBS and last < hi:
        end = _evaluation_end(ctx, last, hi, cue_starts)
        # `оценила капитализацию Facebook в 19,2 млрд долларов`: the object and its figure
        span = range(last, end)
        if ctx.feat(last, "Case") == "Acc" and not any(ctx.finite(k) for k in span) and any(
                ctx.word(k) == "в" and ctx.tokens[k + 1].pos == "NUM" for k in span[1:-1]):
            return _record(ctx, last, end, "estimate", 0.45, cue, left, number)
    if value in ctx.opinion or value in CAUSE_VERBS or value in ctx.characterizing:
        end = _evaluation_end(ctx, last, hi, cue_starts)
        span = range(last, end)
        # `рассматривает заявку с комиссией`: only `как` makes these verbs evaluate
        evaluative = _evaluative(ctx, span) if value in ctx.opinion \
            or value in CAUSE_VERBS else []
        if value in ctx.characterizing and any(ctx.word(k) == "как" and ctx.word(k - 1) != ","
                                               for k in span[1:]):
            evaluative = evaluative or [last]  # `охарактеризовал сделку как выгодную`
        own = range(last, _relative_at(ctx, last, end))  # the clause without its relatives
        if evaluative and not _naming(ctx, evaluative) and not any(ctx.finite(k) for k in own) \
                and not _relative_object(ctx, first, span):
            return _record(ctx, last, end, "evaluation", 0.45, cue, left, number)
    return None


# `связывать надежды/ожидания с X` is hoping for X, not relating two things.
HOPES = {"надежда", "ожидание", "упование"}


def _comparison(ctx: Context, number: int, lo: int, hi: int, cue, cue_starts
                ) -> Record | None:
    """`сравнивают X с Y`, `связывает X с Y`: the object and its с-phrase, as far as the
    clause goes (`…, а композиции «Телевизора» — с Depeche Mode`)."""
    first, last, _ = cue
    if last >= hi or ctx.feat(last, "Case") not in ("Acc", "Nom") \
            or ctx.tokens[last].pos not in ("NOUN", "PROPN", "PRON", "ADJ", "DET") \
            or _thing_subject(ctx, first, lo):
        return None
    head = next((k for k in range(last, min(hi, last + 4)) if ctx.tokens[k].pos == "NOUN"),
                last)
    if ctx.lemma(last) == "свой" or ctx.lemma(head) in HOPES:
        return None  # `связал свои слова с …`, `связывают надежды с …`: about themselves
    end = _content_end(ctx, last, hi, cue_starts)
    end = _relative_at(ctx, last, end)  # `с ФГУП …, который …`: the relative describes it
    if not any(ctx.word(k) in ("с", "со") and ctx.feat(k + 1, "Case") == "Ins"
               or ctx.word(k) in ("с", "со") and ctx.tokens[k + 1].pos in ("ADJ", "DET")
               or ctx.word(k) in ("с", "со") and k + 1 in ctx.mention_of
               for k in range(last + 1, end)):
        return None
    return _record(ctx, last, end, "comparison", 0.45, cue, ("left", first), number)


def _relative_object(ctx: Context, verb: int, span: range) -> bool:
    """The thing evaluated stands before the verb, with no subject between (`форум,
    который часто называют «газовой ОПЕК»`, `Хотя ФСЭГ и называют «газовой ОПЕК»`): a
    description, not anyone's evaluation (a fronted object with its speaker is `_fronted`'s)."""
    # the nominative too: inanimate, it is the accusative's form (`назвав Vestas «…»`)
    return not any(ctx.feat(k, "Case") in ("Acc", "Nom", None) and ctx.tokens[k].pos in (
        "NOUN", "PROPN", "PRON", "DET", "X") or _substantivized(ctx, k) for k in span)


def _substantivized(ctx: Context, k: int) -> bool:
    """A neuter participle or adjective standing as a noun (`назвали происходящее «…»`,
    `случившееся`): in the accusative, with no noun of its case after it."""
    token = ctx.tokens[k]
    return token.pos in ("ADJ", "VERB") and token.feats.get("Gender") == "Neut" \
        and ctx.feat(k, "Case") == "Acc" and not (
            k + 1 < len(ctx.tokens) and ctx.tokens[k + 1].pos == "NOUN"
            and ctx.feat(k + 1, "Case") == "Acc")


# Verbs that put a figure on their object (`оценил ущерб в 2 млрд рублей`).
ESTIMATE_VERBS = {"оценить", "оценивать"}


# Verbs whose object's cause or motive is an instrumental (`объяснил рост цен слабым
# урожаем`): an evaluation like `назвал X Y`.
CAUSE_VERBS = {"объяснить", "объяснять", "мотивировать", "обосновать", "обосновывать",
               "аргументировать"}


# Conjunctions that open a subordinate clause before the main one (`Поскольку ведомство
# заявило, что …, сделка состоится`).
SUBORDINATORS = {"поскольку", "хотя", "если", "когда", "пока", "раз", "ибо"}


def _subordinate_end(ctx: Context, lo: int, verb: int, start: int, end: int) -> int:
    """A report inside a subordinate clause that opens the sentence, or inside a relative
    clause, ends where the main clause goes on: at the last comma before a clause with a
    verb of its own (`Дёмушкин, который успел заявить, что …, | был задержан`)."""
    opener = _opening(ctx, lo, verb)
    comma = next((k for k in range(verb - 1, max(lo, verb - 6) - 1, -1) if ctx.word(k) == ","),
                 None)
    # `X, который заявил, что …, |`, `X, заявивший, что …, |`
    relative = comma is not None and (ctx.lemma(comma + 1) == "который" or (
        comma == verb - 1 and ctx.tokens[verb].feats.get("VerbForm") == "Part"))
    # `Отметив, что …, | министр покинул зал`: a converb opening the sentence is a clause too
    converb = opener == verb and ctx.tokens[verb].feats.get("VerbForm") == "Conv"
    if not relative and not converb and (ctx.word(opener) not in SUBORDINATORS
                                         or opener >= verb):
        return end
    commas = [k for k in range(start + 1, end) if ctx.word(k) == ","]
    for k in reversed(commas):
        nxt = next((m for m in range(k + 1, end) if ctx.word(m) == ","), end)
        # a short participle is a predicate too (`…, в его отношении составлен протокол`)
        predicate = next((m for m in range(k + 1, nxt) if ctx.finite(m) or (
            ctx.tokens[m].feats.get("VerbForm") == "Part"
            and ctx.tokens[m].feats.get("Variant") == "Short")), None)
        opens = ctx.word(k + 1) not in COORDINATORS and ctx.word(k + 1) not in THAT
        if k + 1 < end and opens and ctx.lemma(k + 1) != "который" and predicate is not None \
                and (not relative or _agrees(ctx, comma - 1, predicate)):
            return _trim(ctx, start, k)
    return end


def _agrees(ctx: Context, noun: int, verb: int) -> bool:
    """The verb could have the noun for its subject: number, and gender in the past."""
    feats = ctx.tokens[noun].feats
    said = ctx.verb_gender(verb)
    if feats.get("Number") == "Plur":
        return said == "plur"
    if said == "plur":
        return False
    gender = PERSON_GENDER.get(feats.get("Gender", ""))
    return said is None or gender is None or said == gender


def _evaluation_end(ctx: Context, last: int, hi: int, cue_starts) -> int:
    """Where an evaluation after its verb ends: at a comma (a participle's aside runs on)
    or a coordinated predicate (`назвал ФРГ «заложницей» России и связал …`)."""
    if last >= hi or (ctx.is_punct(last) and not (
            ctx.tokens[last].text in MARKS and last + 1 < hi
            and ctx.inside[last + 1] >= 0)):  # `назвал «…»`
        return last
    end = _content_end(ctx, last, hi, cue_starts)
    relative = _relative_at(ctx, last, end)  # goes with its noun (`заговоре, целью которого`)
    comma = next((k for k in range(last, end) if ctx.word(k) == "," and k != relative and not (
        k + 1 < end and (_participle(ctx, k + 1) or _apposition(ctx, last, k + 1)))), end)
    comma = next((k for k in range(last, comma) if ctx.word(k) in ("и", "а", "но")
                  and k + 1 < comma and ctx.finite(k + 1)), comma)
    return _trim(ctx, last, comma)


def _relative_at(ctx: Context, start: int, end: int) -> int:
    """The comma that opens a relative clause (`…, целью которого была …`), else end."""
    return next((k for k in range(start, end) if ctx.word(k) == "," and any(
        ctx.lemma(m) == "который" for m in range(k + 1, min(end, k + 4)))), end)


def _apposition(ctx: Context, head: int, k: int) -> bool:
    """After a comma, a noun in the case of the object the evaluation opened with
    (`признал уроженца Дагестана, чемпиона мира …, виновным`): the object goes on."""
    # an animate's accusative is its genitive: the tagger reads either
    return ctx.feat(head, "Case") in ("Acc", "Gen") and ctx.feat(k, "Case") in ("Acc", "Gen") \
        and ctx.tokens[k].pos == "NOUN" and ctx.tokens[head].pos in ("NOUN", "PROPN")


def _evaluative(ctx: Context, span: range) -> list[int]:
    """The instrumental adjectives and nouns of a span, not in a prepositional phrase, and
    `одним из` + a plural (`назвала его одним из лучших дипломатов`: a class it is put in)."""
    return [k for k in span if ctx.feat(k, "Case") == "Ins"
            and (ctx.tokens[k].pos in ("ADJ", "NOUN")
                 or ctx.word(k) in ("одним", "одной") and ctx.word(k + 1) == "из")
            and ctx.tokens[k - 1].pos != "ADP" and ctx.tokens[k - 2].pos != "ADP"]


def _naming(ctx: Context, evaluative: list[int]) -> bool:
    """A role names or appoints (`назвал Лемана первым вратарём`), unless in quotation
    marks (`назвал Vestas «мировым лидером»`)."""
    roles = lexicon("roles")
    return any(ctx.lemma(k) in roles and ctx.inside[k] < 0 for k in evaluative)


FRONTED_MAX = 8  # words of a phrase put before the speaker


def _fronted(ctx: Context, number: int, lo: int, hi: int, cue, cue_starts) -> list[Record]:
    """An evaluation with one of its two parts put before the speaker: the evaluation
    (`Своим главным соперником спортсменка назвала прошлогоднюю чемпионку`) or the object
    (`Рост цен министр объяснил слабым урожаем`). Two records split around the speaker, as
    for a frame inside a clause."""
    first, last, value = cue
    if value not in ctx.opinion and value not in CAUSE_VERBS or value in ctx.characterizing:
        return []
    subject = _subject_start(ctx, lo, first)
    begin = lo
    while begin < subject and ctx.tokens[begin].pos in ("CCONJ", "PART"):
        begin += 1  # `И своим преемником он назвал …`
    front = range(begin, subject)
    if not front or subject == first or _words(ctx, begin, subject) > FRONTED_MAX or \
            ctx.tokens[begin].pos == "ADP" or any(ctx.is_punct(k) or ctx.finite(k)
                                                   for k in front):
        return []
    end = _evaluation_end(ctx, last, hi, cue_starts)
    after = range(last, end)
    if not after or any(ctx.finite(k) for k in after):
        return []

    def objects(span: range) -> bool:
        return any(ctx.feat(k, "Case") == "Acc" and ctx.tokens[k].pos in ("NOUN", "PROPN")
                   and ctx.tokens[k - 1].pos != "ADP" for k in span)

    in_front, in_after = _evaluative(ctx, front), _evaluative(ctx, after)
    if in_front and not in_after and objects(after) and value in ctx.opinion:
        evaluative = in_front
    elif in_after and not in_front and objects(front):
        evaluative = in_after
    else:
        return []
    if _naming(ctx, evaluative):
        return []
    records = [_record(ctx, begin, subject, "evaluation-fronted", 0.4, cue, ("left", first),
                       number, least=1),
               _record(ctx, last, end, "evaluation", 0.45, cue, ("left", first), number,
                       least=1)]
    return [r for r in records if r is not None]


def _subject_start(ctx: Context, lo: int, verb: int) -> int:
    """The first token of the nominative phrase right before a verb (`Лидер партии Олег Ким
    назвал`); its genitive dependents after the head count, a genitive before it does not
    (`Главной причиной аварии эксперты назвали`)."""
    k, start = verb, verb
    while k > lo:
        token = ctx.tokens[k - 1]
        case = token.feats.get("Case")
        if case == "Nom" and token.pos in ("NOUN", "PROPN", "ADJ", "DET", "NUM", "PRON"):
            start = k - 1
        elif not (case == "Gen" and token.pos in ("NOUN", "PROPN", "ADJ", "DET")):
            break
        k -= 1
    return start


def _line_block(ctx: Context, colon: int) -> tuple[int, int] | None:
    """Speech set off on its own line after a colon with no marks (`Губернатор сказал:⏎Мост
    откроем к осени.`, layouts whose quotation marks were lost): the tokens from the next
    line to the end of that paragraph, closing punctuation excluded."""
    first = colon + 1
    if first >= len(ctx.tokens):
        return None
    gap = ctx.text[ctx.tokens[colon].stop:ctx.tokens[first].start]
    token = ctx.tokens[first]
    if "\n" not in gap or token.text in MARKS or token.text in DASHES or ctx.inside[first] >= 0:
        return None  # marked speech is the direct rules' business
    if gap.count("\n") >= 3 or ctx.frame_at(first):
        # an empty paragraph where the block was lost in scraping; a block that opens with
        # its own frame (`По его словам, …`) is that frame's record
        return None
    stop = ctx.text.find("\n", token.start)
    stop = len(ctx.text) if stop < 0 else stop
    end = first
    while end < len(ctx.tokens) and ctx.tokens[end].stop <= stop:
        end += 1
    end = _trim(ctx, first, end)
    if _words(ctx, first, end) < 3:
        return None
    return first, end


TIME_NOUNS = {"час", "минута", "день", "неделя", "месяц", "год", "сутки", "секунда"}


# Venues that are a medium, said with `в` (`в интервью`, `в эфире`): with `в`, the other
# venues name a topic as often (`о прогрессе в переговорах`).
IN_VENUES = {"интервью", "эфир", "блог", "подкаст", "колонка", "передача", "выступление"}


def _venue_at(ctx: Context, k: int, end: int) -> bool:
    """`на брифинге`, `в ходе встречи`, `во время визита`, `в интервью газете` at k: where
    the speaker spoke."""
    if ctx.word(k) == "на":
        j = k + 1
    elif ctx.word(k) in ("в", "во") and k + 1 < end and ctx.lemma(k + 1) in IN_VENUES:
        return True
    elif (ctx.word(k), ctx.word(k + 1)) in (("в", "ходе"), ("во", "время"), ("в", "рамках")):
        j = k + 2
    else:
        return False
    while j < end and ctx.tokens[j].pos == "ADJ":
        j += 1  # `на итоговой пресс-конференции`
    return j < end and ctx.lemma(j) in lexicon("speech_venues")


def _time_adverbial(ctx: Context, start: int, end: int) -> int:
    """An о/об phrase ends where the verb's time adverbial starts: `сообщил о своей отставке
    | почти сразу после увольнения …`, `объявил об отставке | за несколько часов до того,
    как …`."""
    for k in range(start + 1, end):
        if ctx.word(k) == ",":
            if ctx.tokens[k + 1].pos == "PRON" and ctx.feat(k + 1, "Case") == "Nom" \
                    and ctx.lemma(k + 1) != "который":
                return _trim(ctx, start, k)  # `Когда ей сообщили о решении, она …`
            break  # a clause inside the phrase (`задолженности, которая составляет уже …`)
        if ctx.tokens[k].pos == "ADV" and ctx.tokens[k + 1].pos in ("ADV", "ADP") \
                and k + 1 < end:
            return _trim(ctx, start, k)
        if _venue_at(ctx, k, end):
            return _trim(ctx, start, k)  # `объявил о банкротстве | на пресс-конференции`
        if ctx.word(k) in ("за", "через", "спустя") and any(
                ctx.lemma(j) in TIME_NOUNS for j in range(k + 1, min(end, k + 4))):
            return _trim(ctx, start, k)
        if ctx.word(k) in ("до", "после", "перед") and ctx.word(k + 1) in ("того", "тем") \
                and ctx.word(k + 2) == ",":
            return _trim(ctx, start, k)
    return end


def _inverted(ctx: Context, number: int, lo: int, hi: int, cue,
              cue_starts=frozenset()) -> list[Record]:
    """`…, рассказал X.`: the content is the sentence before the comma (or dash); when the
    sentence goes on after the source (`Сейчас, продолжал он, правительство …`), that part
    is a second record."""
    first, last, value = cue
    token = ctx.tokens[first]
    if token.pos == "VERB" and token.feats.get("VerbForm") != "Fin":
        return []  # participles and converbs are not inverted reports
    if token.pos == "VERB" and ctx.verb_gender(first) in ("masc", "femn", "neut") \
            and not _subject_after(ctx, last, hi):
        return []  # `на что она, по утверждению обвинения, ответила угрозами`: no subject after
    k = first - 1
    if k <= lo or ctx.tokens[k].text not in (",", *DASHES):
        return []
    if any(_date_end(ctx, j, first) == first for j in range(max(lo, first - 7), first)):
        return []  # `Сенат в среду, 5 мая 2020 года, выразил`: a date set off, no clause
    while k > lo and (ctx.tokens[k].text in (",", *DASHES)):
        k -= 1
    end = k + 1
    start = _opening(ctx, lo, end)
    if ctx.inside[start] >= 0 and ctx.inside[end - 1] == ctx.inside[start]:
        return []  # a quotation attributed after: a direct quote
    if _same_subject(ctx, start, end, first, hi):
        return []  # `Фишер снялась в фильмах, выступала продюсером, написала книги`
    if _set_off_modifier(ctx, start, end):
        return []  # `Боец Олег Лисин, снявшийся в ролике, угрожает соседям`: the subject
    speaker = ("right", last - 1)
    out = []
    source_end = _np_end(ctx, last, hi)
    date = _date_end(ctx, source_end, hi)
    if date is not None:  # `заявил в пятницу, 3 апреля, мэр Олег Жуков`: the source goes on
        source_end = _np_end(ctx, date, hi)
    # `…, заявил X, сообщает Y`: a channel follows, not a second part of the content
    channel = source_end + 1 < hi and ctx.word(source_end) == "," \
        and ctx.speech(source_end + 1) is not None
    # `…, заявил X, и добавил, что …`: the speaker's next report, a record of its own
    channel = channel or source_end + 2 < hi and ctx.word(source_end) == "," \
        and ctx.word(source_end + 1) in ("и", "а") and source_end + 2 in cue_starts
    after_end = _content_end(ctx, source_end + 1, hi, cue_starts) \
        if source_end < hi and ctx.word(source_end) == "," else None
    aside = after_end is not None and not any(
        ctx.finite(k) or ctx.tokens[k].feats.get("Variant") == "Short"
        or ctx.tokens[k].pos in ("NOUN", "PRON") and ctx.feat(k, "Case") == "Nom"
        for k in range(source_end + 1, after_end))
    # (`…, отметил Ломов в понедельник, 3 марта, комментируя слухи`: a date and a converb
    # after the source, neither predicate nor subject of a clause of its own)
    if after_end is not None and (ctx.word(source_end + 1), ctx.word(source_end + 2)) in (
            ("но", "и"), ("а", "также")) and not any(
                ctx.finite(k) for k in range(source_end + 1, after_end)):
        aside = True  # `призывали не только юристы, но и депутаты`: the source goes on
    if source_end < hi and ctx.word(source_end) == "," and _words(ctx, source_end + 1, hi) >= 2 \
            and not channel and not aside:
        record = _record(ctx, source_end + 1, after_end, "inverted-split", 0.65, cue, speaker,
                         number)
        if record:
            out.append(record)
        if not _has_subject(ctx, start, end):
            return out
    elif source_end < hi and ctx.word(source_end) not in (".", "!", "?", "…", ";", ")", ":") \
            and not channel and not aside:
        # (`…, сказал Резниченко:` and his words after the colon: the part before is his too)
        return []
    # split by the inserted source, one word before it is a record too (`Тарифы, считает
    # министр, это не самоцель`), as around a frame
    record = _record(ctx, start, _trim(ctx, start, end), "inverted", 0.75, cue, speaker,
                     number, least=1 if out else 2)
    # three words, or two that make a clause (`Мы уехали, сказали они`)
    if record is not None and (_words(ctx, start, end) >= 3 or out or (
            _words(ctx, start, end) == 2 and any(ctx.finite(k) for k in range(start, end)))):
        out.insert(0, record)
    return out


def _set_off_modifier(ctx: Context, start: int, end: int) -> bool:
    """The part before the comma is a nominative noun phrase with a participle phrase or
    relative clause set off after it, and no predicate of its own: it is the verb's
    subject with its modifier, not a report (a clause with a modifier inside, `мы довольны
    экспериментами, которые …, — сказал он`, still is)."""
    comma = next((k for k in range(end - 1, start, -1) if ctx.word(k) == ","), None)
    if comma is None or comma + 1 >= end:
        return False
    nxt = ctx.tokens[comma + 1]
    # an apposition is a modifier too (`Инна Рожкова, известная певица, написала письмо`)
    apposition = all(ctx.tokens[k].pos in ("ADJ", "NOUN", "DET", "PROPN", "CCONJ")
                     and ctx.feat(k, "Case") in ("Nom", None) for k in range(comma + 1, end)) \
        and any(ctx.tokens[k].pos == "NOUN" for k in range(comma + 1, end)) \
        and ctx.mention_of.get(comma - 1) is not None
    if not (ctx.lemma(comma + 1) == "который" or nxt.feats.get("VerbForm") == "Part"
            and nxt.feats.get("Variant") != "Short" or apposition
            or nxt.feats.get("VerbForm") == "Conv"):
        return False
    # (a noun of the subject in the nominative, before the comma or further left with a
    # phrase of its own: `Профессор Иван Лапин из МГУ в докладе, посвящённом юбилею,`)
    if not any(ctx.tokens[k].pos in ("NOUN", "PROPN") and ctx.feat(k, "Case") in (None, "Nom")
               and ctx.tokens[k - 1].pos != "ADP" for k in range(start, comma)):
        return False
    return not any(ctx.finite(k) or ctx.tokens[k].feats.get("Variant") == "Short"
                   for k in range(start, comma))


def _same_subject(ctx: Context, start: int, end: int, verb: int, hi: int) -> bool:
    """The verb goes on a list of predicates of one subject: the last finite verb before
    the comma agrees with it in form and tense, and no subject or `в`-source follows it
    (`Завод закроют, сообщили в мэрии` is a report)."""
    before = next((k for k in range(end - 1, start - 1, -1) if ctx.finite(k)), None)
    said = ctx.verb_gender(verb)
    if before is None or said is None or ctx.verb_gender(before) != said \
            or ctx.feat(before, "Tense") != ctx.feat(verb, "Tense") \
            or ctx.word(verb + 1) in ("в", "во"):
        return False
    return not any(k in ctx.mention_of or ctx.tokens[k].pos in ("NOUN", "PROPN", "PRON")
                   and ctx.feat(k, "Case") in ("Nom", None)
                   for k in range(verb + 1, min(hi, verb + 5)))


DATELINE = re.compile(r"\d{1,2}:\d{2}\s+[A-ZА-ЯЁ][A-ZА-ЯЁ-]+\s+")


def _opening(ctx: Context, start: int, end: int) -> int:
    """Where a sentence's content opens: past punctuation and dashes, and past a newswire's
    time stamp glued to it (`07:18 REGNUM В Пакистане …`)."""
    while start < end and (ctx.tokens[start].text in DASHES or ctx.is_punct(start)):
        close = ctx.closing.get(ctx.tokens[start].start)
        if close is not None and close < ctx.tokens[end - 1].start:
            break  # `«Вектор» снизил цены`: the name's marks open the content with it
        start += 1
    if start < end:
        stamp = DATELINE.match(ctx.text, ctx.tokens[start].start)
        if stamp is not None:
            after = ctx.token_at(stamp.end())
            if start < after < end and ctx.tokens[after].start == stamp.end():
                start = after
    return start


def _participle(ctx: Context, k: int) -> bool:
    """A participle (`разославшего`), also where the tagger read it as an adjective."""
    if ctx.tokens[k].feats.get("VerbForm") == "Part":
        return True
    return ctx.tokens[k].pos == "ADJ" and any(
        "PRTF" in p.tag for p in parses(ctx.tokens[k].text.lower())[:1])


# First- and second-person possessives: a frame with one is the speaker's own opinion
# (the author's, or the quoted speaker's inside the quotation), never a reported source.
SPEAKERS_OWN = {"моему", "моей", "моим", "нашему", "нашей", "нашим", "вашему", "вашей",
                "вашим", "твоему", "твоей", "твоим"}
RELATIVE = {"где", "куда", "откуда", "чей", "чья", "чье", "чьё", "чьи"}


def _relative_before(ctx: Context, end: int) -> bool:
    """The frame sits in a relative clause (`Гусева, который, по словам соседей, торговал
    оружием`): what stands before it is the author's main clause and the relative word,
    no report; the content is the clause's rest."""
    k = end - 1
    while k >= 0 and ctx.is_punct(k):
        k -= 1
    return k >= 0 and (ctx.lemma(k) == "который" or ctx.word(k) in RELATIVE)


# The nouns of fixed instrumental adverbials (`таким образом`, `тем временем`, `другими
# словами`, `таким путём`): a connective, not a constituent of the reported clause.
IDIOM_NOUNS = {"образом", "временем", "словами", "путем", "путём"}


def _has_subject(ctx: Context, first: int, end: int) -> bool:
    """A split-off part (`Санкции, по словам политика, …`) holds a noun outside a
    prepositional phrase; `Вместе с тем`, `В настоящий момент` or `Таким образом` is only
    an adverbial, and a part ending in a conjunction (`Она не
    пришла, но, как сообщается, …`) is a clause of the author's before the one reported."""
    if ctx.tokens[end - 1:end] and ctx.tokens[end - 1].pos == "CCONJ":
        return False
    for k in range(first, end):
        if ctx.tokens[k].pos in ("NOUN", "PROPN", "PRON") and ctx.word(k) not in IDIOM_NOUNS \
                and not any(ctx.tokens[j].pos == "ADP" for j in range(max(first, k - 3), k)):
            return True
    return False


def _words(ctx: Context, first: int, end: int) -> int:
    return sum(1 for k in range(first, end) if not ctx.is_punct(k))


def _trim(ctx: Context, start: int, end: int) -> int:
    while end > start and ctx.is_punct(end - 1) and ctx.tokens[end - 1].text not in (
            "»", "\"", "”", ")"):
        end -= 1
    return end


def _this_first(ctx: Context, lo: int, first: int) -> bool:
    """`Это подтвердил министр …`: a sentence opened by `это` as the object of the verb
    right after it, whose subject follows: it points back like `Об этом`."""
    k = lo
    while k < first and (ctx.is_punct(k) or ctx.tokens[k].text in DASHES):
        k += 1
    if not (k == first - 1 and ctx.word(k) == "это" and ctx.finite(first)
            and ctx.feat(first, "Tense") == "Past" and ctx.feat(first, "Gender") != "Neut"):
        return False  # not `Это стало известно`, nor `Это подтверждает, что`: `это` speaks
    nxt = first + 1
    return nxt < len(ctx.tokens) and (ctx.word(nxt) in ("в", "во") or (
        ctx.tokens[nxt].pos in ("NOUN", "PROPN") and ctx.feat(nxt, "Case") in ("Nom", None)))


def _inserted_frame(ctx: Context, lo: int, first: int) -> int:
    """Where a `, как передает X,` set off right before the verb at `first` opens (the
    frame is the outlet's, the verb still has its own `об этом`); `first` when none is."""
    if ctx.word(first - 1) != ",":
        return first
    for k in range(first - 2, max(lo, first - 10), -1):
        if ctx.word(k) == "," and ctx.word(k + 1) == "как":
            return k
    return first


def _thing_after(ctx: Context, this: int) -> bool:
    """`этом` determines a noun that names no event or proposition (`об этом мосте`)."""
    k = this + 1
    while k < len(ctx.tokens) and ctx.tokens[k].pos == "ADJ":
        k += 1
    return k < len(ctx.tokens) and ctx.tokens[k].pos == "NOUN" \
        and ctx.feat(k, "Case") == "Loc" and ctx.lemma(k) not in lexicon("pointer_nouns")


def _about_this(ctx: Context, number: int, lo: int, hi: int, cue) -> Record | None:
    """`Об этом заявил X.` / `X сообщил об этом.`: the previous sentence is the content."""
    first, last, value = cue
    near = [ctx.word(k) for k in (first - 2, first - 1, last, last + 1)]
    # `Об этом (журналистам) рассказали …` / `… сообщил об этом`
    before = _inserted_frame(ctx, lo, first)  # `Об этом, как передает ТАСС, сообщил X`
    back = next((k for k in range(before - 1, max(lo, before - 4) - 1, -1)
                 if ctx.word(k) == "этом" and ctx.word(k - 1) in ("об", "о")), None)
    opening = _opening(ctx, lo, first)
    if back is None and ctx.word(opening) in ("об", "о") and ctx.word(opening + 1) == "этом" \
            and not any(ctx.finite(k) for k in range(opening + 2, first)):
        back = opening + 1  # `Об этом он вчера, 3 мая, заявил`: the pointer opens the sentence
    if back is not None or _this_first(ctx, lo, first):
        near[0], near[1] = "об", "этом"  # (`Это подтвердил министр`: the same pointer)
    if not ((near[0] in ("об", "о") and near[1] == "этом") or
            (near[2] in ("об", "о") and near[3] == "этом")):
        return None
    this = back if back is not None else last + 1 if near[3] == "этом" else None
    if this is not None and _thing_after(ctx, this):
        return None  # `Об этом мосте рассказывают легенды`: a thing, not what was said
    if number == 0 or any(ctx.lemma(k) == "который" and ctx.word(k - 1) in (",", "в", "о", "об")
                          for k in range(lo, first)):
        return None  # `Документы, в которых Ким рассказал об этом, …`: a relative's `этом`
    back_to = number - 1
    while back_to > 0 and _authors_aside(ctx, back_to):
        back_to -= 1  # `… ушёл в отставку. Отметим, что …. Об этом сообщает X`: the report
    plo, phi = ctx.sentences[back_to].tokens
    if ctx.text[ctx.tokens[plo].start:ctx.tokens[first].start].count("\n\n") > 0 and not (
            ctx.word(phi - 1) in (".", "!", "?", "»", "\"")
            and any(ctx.finite(k) for k in range(plo, phi))):
        # a paragraph of its own (`Об этом сообщил X:` in Wikinews) points back to the
        # paragraph before when that is a sentence, not a headline
        return None
    start = _opening(ctx, plo, phi)
    end = _trim(ctx, start, phi)
    side = ("right", last - 1) if near[1] == "этом" else ("left", first)
    record = _record(ctx, start, end, "about-this", 0.6, cue, side, number)
    if record is not None:
        record.rule = "about-this"
    return record


def _authors_aside(ctx: Context, number: int) -> bool:
    """The sentence opens with the author's `Отметим`, `Напомним`, `Добавим`: a remark of
    the text's own, which `Об этом` after it does not point at."""
    plo, phi = ctx.sentences[number].tokens
    k = _opening(ctx, plo, phi)
    token = ctx.tokens[k] if k < phi else None
    return token is not None and token.pos == "VERB" and token.feats.get("Person") == "1" \
        and token.feats.get("Number") == "Plur" and ctx.word(k).endswith("м")


def _such_this(ctx: Context, number: int, lo: int, hi: int) -> Record | None:
    """`Такое мнение высказал X.`, `С таким заявлением выступил X.`: as `Об этом заявил
    X`, the previous sentence is the content."""
    verb = such_statement(ctx, lo, hi)
    if verb is None or number == 0:
        return None
    plo, phi = ctx.sentences[number - 1].tokens
    if ctx.text[ctx.tokens[plo].start:ctx.tokens[lo].start].count("\n\n") > 0:
        return None  # a statement points back within its paragraph
    start = _opening(ctx, plo, phi)
    cue = (verb, verb + 1, ctx.speech(verb) or ctx.lemma(verb))
    record = _record(ctx, start, _trim(ctx, start, phi), "about-this", 0.55, cue,
                     ("right", verb), number)
    if record is not None:
        record.rule = "such-this"
    return record


ABOUT_BEFORE_REACH = 8  # tokens of an о/об phrase standing before its verb


def _about_before(ctx: Context, number: int, lo: int, cue) -> Record | None:
    """`следом об отставке заявил Борис Джонсон`, `о «преступлении» Асии Биби доложили`:
    the о/об phrase of a verb of communication put before it."""
    first, last, value = cue
    short = ctx.tokens[first].feats.get("Variant") == "Short"  # `было объявлено`
    if not (ctx.finite(first) or short) or value in ctx.channels:
        return None
    verb = first - 1 if short and ctx.lemma(first - 1) == "быть" else first
    k = verb - 1
    while k >= max(lo, first - ABOUT_BEFORE_REACH):
        if ctx.word(k) in ABOUT:
            break
        # the phrase's own dependents with their prepositions (`о встрече с Ивановым`)
        if not (ctx.tokens[k].pos in ("NOUN", "ADJ", "PROPN", "DET", "NUM", "ADP")
                or ctx.tokens[k].text in ("«", "»", "\"", "„", "“", "”")):
            return None
        k -= 1
    else:
        return None
    if ctx.word(k) not in ABOUT or ctx.word(k + 1) in ("этом", "том", "чем") \
            or _topic_of_noun(ctx, k, lo):
        return None
    end = _about_subject(ctx, k + 1, verb)
    while end > k + 2 and ctx.lemma(end - 1) in ("первый", "последний") \
            and ctx.feat(end - 1, "Case") == "Ins":
        end -= 1  # `Об уходе тренера первым сообщил`: who told it first, not what
    if not any(ctx.tokens[j].pos in ("NOUN", "PROPN") for j in range(k + 1, end)):
        return None
    # one noun is content here (`об отставке заявил`)
    return _record(ctx, k + 1, end, "about-before", 0.55, cue, ("right", first), number,
                   least=1)


def _about_that_before(ctx: Context, number: int, lo: int, cue) -> Record | None:
    """`О том, что завод закроют, мэр заявлял ещё в мае`: a clause fronted with `о том,
    что`, its verb and subject after it; the content runs to the comma before the
    subject."""
    first, last, value = cue
    k = _opening(ctx, lo, first)
    if not (ctx.word(k) in ABOUT and ctx.word(k + 1) == "том" and ctx.word(k + 2) == ","
            and ctx.word(k + 3) in THAT) or not ctx.finite(first) or value in ctx.channels:
        return None
    close = next((j for j in range(first - 1, k + 3, -1) if ctx.word(j) == ","), None)
    if close is None or any(ctx.finite(j) and ctx.speech(j) for j in range(close + 1, first)):
        return None
    return _record(ctx, k + 4, close, "about-before", 0.55, cue, ("left", first), number,
                   least=1)


def _topic_of_noun(ctx: Context, about: int, lo: int) -> bool:
    """An о/об phrase right after a common noun that names no speaker is that noun's topic
    (`Информацию о задержании подтвердили`, `Данные о потерях уточняют`), not the
    verb's content; after a speaker noun it is the verb's (`Министр о своём решении
    сообщил`)."""
    from .attribute import noun_kind

    k = about - 1
    return k >= lo and ctx.tokens[k].pos == "NOUN" and k not in ctx.mention_of \
        and ctx.feat(k, "Animacy") != "Anim" and noun_kind(ctx, k) is None \
        and ctx.lemma(k) not in COLLECTIVE and not _adverbial(ctx, k)


def _adverbial(ctx: Context, k: int) -> bool:
    """An instrumental noun that is also an adverb (`Утром о своём уходе заявил министр`,
    `летом`): when the verb's, not a head the о/об phrase depends on."""
    return ctx.feat(k, "Case") == "Ins" and any(
        "ADVB" in p.tag for p in parses(ctx.tokens[k].word))


def _about_subject(ctx: Context, start: int, verb: int) -> int:
    """Where an о/об phrase before its verb ends: at the verb, or at the verb's subject
    standing between them (`О своём решении министр сообщил`): the first nominative word
    past the phrase's prepositional and genitive ones."""
    j = start
    while j < verb:
        mention = ctx.mention_of.get(j)
        if mention is not None:
            if ctx.feat(mention.first, "Case") == "Nom":
                return mention.first
            j = mention.last
            continue
        if ctx.tokens[j].pos in ("NOUN", "ADJ", "DET") and ctx.feat(j, "Case") == "Nom":
            return j
        j += 1
    return verb


def _np_end(ctx: Context, start: int, hi: int, paren: bool = False) -> int:
    """End of the source noun phrase after a frame: up to the next comma (or, with
    `paren`, an opening parenthesis)."""
    k = start
    while k < hi and (ctx.word(k) not in (",", ".", "!", "?", ":", ";") or _glued_dot(ctx, k)) \
            and (ctx.tokens[k].text not in DASHES or k in ctx.mention_of) \
            and not (paren and ctx.word(k) == "("):
        k += 1  # (a dash inside a name runs on: `«Новый Город — Томск»`)
    return k


def _glued_dot(ctx: Context, k: int) -> bool:
    """A period inside a name: with a word glued on both sides, in a web name
    (`Lenta.ru`, `vc.ru`: razdel cuts such names into three tokens), or after an initial
    (`По словам И. Белых`, `С.Собянин`); the source runs on through it."""
    if ctx.word(k) != "." or not 0 < k < len(ctx.tokens) - 1 \
            or ctx.tokens[k - 1].stop != ctx.tokens[k].start:
        return False
    before = ctx.tokens[k - 1].text
    if len(before) == 1 and before.isupper() and ctx.tokens[k + 1].text[:1].isupper():
        return True
    return ctx.tokens[k].stop == ctx.tokens[k + 1].start and ctx.tokens[k + 1].text[:1].isalpha()


def _frame(ctx: Context, number: int, lo: int, hi: int, cue, cue_starts) -> list[Record]:
    """`по словам X, …` (content after), `…, по словам X.` (before), or both around it."""
    first, last, value = cue
    if any(ctx.word(k) in SPEAKERS_OWN for k in range(first, last)):
        return []  # `по нашему мнению`, `с моей точки зрения`: whoever speaks, not a source
    if value == "по версии" and first > lo and ctx.tokens[first - 1].pos in ("NOUN", "ADJ") \
            and ctx.word(first - 1) != ",":
        return []  # `чемпион мира по версии WBC`: a ranking's title, nobody's report
    source_end, speaker = _frame_source(ctx, first, last, hi)
    out: list[Record] = []
    if source_end < len(ctx.tokens) and ctx.word(source_end) == ":":
        block = _line_block(ctx, source_end)  # `По словам главы МЧС:⏎Пожар локализован …`
        if block is not None:
            record = _record(ctx, block[0], block[1], "colon-block", 0.5, cue, speaker, number)
            return [record] if record else []
    source_end, after, speaker = _frame_after(ctx, lo, hi, first, last, source_end, speaker)
    if any(ctx.lemma(k) in lexicon("speech_rumours") for k in range(first, last)):
        speaker = ("anonymous", first)  # `Согласно слухам в Сети`: where, not who
    if after is not None and after < hi and ctx.speech(after) and ctx.finite(after):
        # `Полиция, по данным СМИ, отметила, что …`: the verb's own report, not a split
        return []
    if _in_clause(ctx, lo, first, cue_starts):
        # inside a reported clause the frame splits nothing: the clause is one record, and
        # the frame is a record of its own only for a source other than the reporter's
        # (`Петров сказал, что, по данным Росстата, цены растут`), not `по его мнению`
        if after is None or speaker[0] != "region":
            return []
        record = _record(ctx, after, _content_end(ctx, after, hi, cue_starts), "frame", 0.8,
                         cue, speaker, number)
        return [record] if record else []
    before_end = first
    while before_end > lo and ctx.tokens[before_end - 1].text in (",", *DASHES, "("):
        before_end -= 1
    start = _opening(ctx, lo, before_end)
    if after is None and number > 0 and ctx.word(start) in ("об", "о") \
            and ctx.word(start + 1) == "этом" and not _thing_after(ctx, start + 1):
        # `Об этом стало известно ТАСС по заявлению представителя мэрии`: the pointer's
        # sentence before is what the source said
        plo, phi = ctx.sentences[number - 1].tokens
        begin = _opening(ctx, plo, phi)
        record = _record(ctx, begin, _trim(ctx, begin, phi), "about-this", 0.6, cue, speaker,
                         number)
        return [record] if record else []
    if before_end > start and (after is None or _has_subject(ctx, start, before_end)) \
            and not _relative_before(ctx, before_end) \
            and (before_end < first or after is not None
                 or not any(ctx.tokens[k].pos == "ADJ" for k in range(first, last))):
        # (with nothing after it, a frame built with an adjective reports what comes before
        # only when set off: `Его работа запомнилась по громким заявлениям` is no frame)
        # split off by a frame, one word is a record too (`Санкции, по словам политика,
        # будут поддержаны`: shared/spec/quotes.md §6)
        record = _record(ctx, start, _trim(ctx, start, before_end), "frame-before", 0.7, cue,
                         speaker, number, least=1 if after is not None else 2)
        if record:
            out.append(record)
    if after is not None:
        end = _content_end(ctx, after, hi, cue_starts)
        opened = next((j for j in range(first - 1, lo - 1, -1)
                       if ctx.word(j) in ("(", ")")), None)
        if opened is not None and ctx.word(opened) == "(":
            # a frame inside a parenthesis reports up to its closing bracket
            end = next((j for j in range(after, end) if ctx.word(j) == ")"), end)
        # split around the frame, one word after it is a record too (`Снос, по мнению
        # юристов, незаконен`)
        record = _record(ctx, after, end, "frame", 0.8, cue, speaker, number,
                         least=1 if out else 2)
        if record:
            out.append(record)
    return out


def _frame_source(ctx: Context, first: int, last: int, hi: int) -> tuple[int, tuple]:
    """Where a frame's source phrase ends, and the speaker hint it gives."""
    source_end = _np_end(ctx, last, hi, paren=True)
    if last < hi and ctx.feat(last, "Case") == "Nom" and last not in ctx.mention_of \
            and ctx.word(last - 1) != "," \
            and ctx.tokens[last].pos in ("NOUN", "PRON", "DET", "ADJ"):
        source_end = last  # `По предварительным данным пожар начался …`: the clause's subject
    speaker = ("region", last, source_end)
    if source_end < hi and ctx.word(source_end) == "(":
        # `По словам главы банка (по оценке аналитиков, …), ставки снизятся`: the
        # parenthesis is a record of its own; the frame's content comes after it
        close = next((j for j in range(source_end + 1, hi) if ctx.word(j) == ")"), None)
        if close is not None:
            source_end = close + 1
    if source_end == last:
        speaker = ("anonymous", first)  # `По последним опросам, …`: nobody is named
    for k in range(first, last):
        if ctx.word(k) in ("его", "ее", "их"):
            speaker = ("at", k)  # `по его словам`
    return source_end, speaker


def _frame_after(ctx: Context, lo: int, hi: int, first: int, last: int, source_end: int,
                 speaker: tuple) -> tuple[int, int | None, tuple]:
    """Where the content after a frame opens (None when none does), with the source's end
    and the speaker hint adjusted to what follows the frame."""
    if source_end + 1 < hi and ctx.word(source_end) == "," and \
            ctx.tokens[source_end + 1].feats.get("VerbForm") == "Part" \
            and ctx.tokens[source_end + 1].feats.get("Variant") != "Short":
        # `Согласно данным, опубликованным в «Ведомостях», …`: the participle clause says
        # whose the data are; the content follows it
        k = source_end + 1
        while k < hi and ctx.word(k) != ",":
            k += 1
        if k < hi:
            if speaker[0] == "anonymous":
                speaker = ("region", source_end + 1, k)
            source_end = k
    if source_end + 1 < hi and ctx.word(source_end) == "," and \
            ctx.lemma(source_end + 1) == "который":
        # `По данным опросов, которые проводились до выборов (…), лидировал …`: the relative
        # clause describes the source; the content follows it
        depth, k = 0, source_end + 1
        while k < hi and not (depth == 0 and ctx.word(k) == ","):
            depth += (ctx.word(k) == "(") - (ctx.word(k) == ")")
            k += 1
        if k < hi:
            source_end = k  # the speaker keeps the source before the clause
    if source_end + 2 < hi and ctx.word(source_end) == "," and (
            ctx.word(source_end + 1) == "включая"
            or ctx.word(source_end + 1) == "в" and ctx.word(source_end + 2) == "том"
            and ctx.word(source_end + 3) == "числе"):
        # `По мнению Орлова и его сторонников, включая Лапина, …`: more of the source
        k = next((j for j in range(source_end + 2, hi) if ctx.word(j) == ","), hi)
        if k < hi:
            source_end = k
    # a comma after the frame, or a dash (`По мнению автора — это классика`)
    after = source_end + 1 if source_end < hi and (
        ctx.word(source_end) == "," or ctx.tokens[source_end].text in DASHES
        and source_end + 1 < hi and not ctx.is_punct(source_end + 1)) else None
    if after is None and _clause_first(ctx, lo, first):
        # the comma lost (`По информации агентства AP причиной отставки стали …`): the
        # source is the genitive phrase and names after the frame, the clause follows
        tight = last
        while tight < hi and ctx.inside[tight] < 0 and (
                tight in ctx.mention_of or ctx.tokens[tight].pos in ("NOUN", "PROPN", "ADJ", "DET")
                and ctx.feat(tight, "Case") in ("Gen", None) and not ctx.is_punct(tight)
                or ctx.word(tight) in POSSESSIVES and tight + 1 < hi
                and ctx.tokens[tight + 1].pos in ("NOUN", "ADJ")):
            tight += 1  # (`По словам его жены Анны он …`: a possessive inside the source)
        # (`По предварительным данным пожар начался …`: no source at all, the clause's
        # nominative subject right after the frame)
        sourceless = last == tight and ctx.feat(last, "Case") == "Nom" \
            and last not in ctx.mention_of
        if (last < tight or speaker[0] == "at" or sourceless) and tight < hi \
                and not ctx.is_punct(tight) and any(
                    ctx.finite(k) or ctx.tokens[k].feats.get("Variant") == "Short"
                    for k in range(tight, hi)):  # (`он доволен`: a short predicate)
            source_end, after = tight, tight
            speaker = ("anonymous", first) if sourceless and speaker[0] != "at" else \
                ("region", last, source_end) if speaker[0] == "region" else speaker
    return source_end, after, speaker


POSSESSIVES = ("его", "её", "ее", "их")
CONNECTIVE_MAX = 4  # tokens of a connective before a frame (`Кроме того,`, `Однако`)


def _clause_first(ctx: Context, lo: int, first: int) -> bool:
    """The frame opens its sentence, or follows only a connective (`Кроме того, по словам
    врача пациент …`, `Однако по словам врача …`, `При этом по данным …`)."""
    start = _opening(ctx, lo, first)
    if first - start > CONNECTIVE_MAX:
        return False
    return all(ctx.is_punct(k) or ctx.tokens[k].pos in ("ADV", "CCONJ", "PART", "ADP")
               or ctx.tokens[k].pos == "PRON" and ctx.feat(k, "Case") not in (None, "Nom")
               for k in range(start, first))


# Words a frame verb takes between itself and `как` (`как в свою очередь сообщил`, `как
# ранее уже писал`): adverbs and particles, and the inserted phrase `в свою очередь`.
INSERTED = ("в", "свою", "очередь")


def _since(ctx: Context, kak: int) -> bool:
    """`как` of a conjunction of time (`после того, как суд признал`, `до того как`,
    `с тех пор, как`), not of a frame (`Кроме того, как считает эксперт, …`)."""
    k = kak - 1 - (ctx.word(kak - 1) == ",")
    return (ctx.word(k) == "того" and ctx.word(k - 1) in ("после", "до", "перед")) or \
        (ctx.word(k) == "пор" and ctx.word(k - 1) == "тех")


def _as_at(ctx: Context, first: int) -> int | None:
    """The `как` of `как сообщил`, across inserted adverbs and `в свою очередь`."""
    k = first - 1
    while k >= 0 and first - k <= 4 and ctx.word(k) != "как":
        if ctx.tokens[k].pos not in ("ADV", "PART") and ctx.word(k) not in INSERTED \
                or ctx.word(k) in ("не", "так"):
            return None
        k -= 1
    return k if k >= 0 and ctx.word(k) == "как" else None


def _as_frame(ctx: Context, number: int, lo: int, hi: int, cue, cue_starts,
              kak: int) -> list[Record]:
    """`Как сообщил X, …` / `…, как пишет X.` / `Кроме того, как считает X, …`."""
    first, last, value = cue
    source_end = _np_end(ctx, last, hi)
    noun = last + 1
    while noun < hi and ctx.tokens[noun].pos == "ADJ":
        noun += 1  # `как говорится в совместном заявлении`
    in_document = ctx.word(last) in ("в", "во") \
        and ctx.lemma(noun) in lexicon("speaker_documents")
    if (value == "говориться" and not in_document) or (value == "говорить"
                                                        and source_end == last):
        # `как говорится`, `как говорят, …`: idioms; `как говорит его брат` and `как
        # говорится в сообщении ведомства` are not
        return []
    # a participle clause after the source (`источники РБК, присутствовавшие на встрече, …`)
    after = source_end + 1
    if after < hi and ctx.tokens[after].feats.get("VerbForm") == "Part" \
            and ctx.word(source_end) == ",":
        nxt = _np_end(ctx, after, hi)
        if nxt < hi and ctx.word(nxt) == ",":
            after = nxt + 1
    # `как сообщается`, `как стало известно`: no source named, nobody to attribute
    speaker = ("right", last - 1) if source_end > last else ("anonymous", first)
    # `не скончалась, как сообщалось, а/но получила ранения`: the frame is the claim's
    # before it; what the contrast brings is the author's correction
    follows = source_end < hi and ctx.word(source_end) == "," and _words(ctx, after, hi) >= 2 \
        and ctx.word(after) not in ("но", "а", "однако") \
        and not (ctx.word(after) in ABOUT and ctx.word(after + 1) in ("этом", "том"))
    # (`Как информирует ZN.UA об этом в понедельник`: the report is the one before)
    out: list[Record] = []
    if follows:
        end = _content_end(ctx, after, hi, cue_starts)
        verb = end + (1 if end < hi and ctx.word(end) == "," else 0)
        if verb < hi and verb in cue_starts and _has_subject(ctx, after, end) \
                and not any(ctx.finite(k) for k in range(after, end)):
            # `Как передаёт ТАСС, Олег Сомов, задержанный в Омске, заявил, что …`: the frame
            # relays the report its clause makes, which is the record
            return []
        record = _record(ctx, after, end, "as-frame", 0.75, cue, speaker, number, prefix=kak)
        if record:
            record.cue_lemma = "как " + value
            out.append(record)
    if kak > lo and ctx.word(kak - 1) in (",", "—", "–", "-", "("):
        # before the frame: the whole report, or, with content after it too, the part
        # split off like an interrupted quote (`Участники встречи, как сообщается,
        # утвердят бюджет`: two records, shared/spec/quotes.md §6)
        end = kak - 1
        start = _opening(ctx, lo, end)
        if out and not _has_subject(ctx, start, end) or _relative_before(ctx, end):
            return out
        if _sourceless_as(ctx, kak, hi) > kak \
                and any(k in cue_starts for k in range(start, kak - 1)):
            return out  # an aside inside another's report (`Власти отметили, что …`)
        record = _record(ctx, start, _trim(ctx, start, end + 1), "as-before", 0.7, cue,
                         speaker, number, prefix=kak, least=1 if out else 2)
        if record:
            record.cue_lemma = "как " + value
            out.append(record)
    return out


# Words before a negated predicate that go with it: `так и не выполнено`, `до сих пор не`.
PREDICATE_LEAD = {"так", "и", "пока", "уже", "еще", "ещё", "все", "всё", "до", "сих", "пор",
                  "тоже", "также", "вовсе", "совсем"}


SPEECH_NOUNS = lexicon("speech_requests") | lexicon("speech_clause_nouns")


def _requests(ctx: Context, number: int, lo: int, hi: int, cue_starts) -> list[Record]:
    """A noun of request, promise or rumour with its clause: `обратился к властям с просьбой
    предоставить убежище` (the speaker is the verb's subject), `обещание мэра отремонтировать
    школу` (the source in the genitive after the noun), `появились слухи, что …`."""
    out = []
    nouns = SPEECH_NOUNS
    for k in range(lo, hi - 2):
        if ctx.tokens[k].pos != "NOUN" or ctx.lemma(k) not in nouns or ctx.inside[k] >= 0:
            continue
        after_with = ctx.word(k - 1) == "с"
        j = k + 1
        source = j  # `обещание мэра`, `призыв главы МИД Германии`
        while source < hi and source - j < 4 and ctx.feat(source, "Case") == "Gen" \
                and ctx.tokens[source].pos in ("NOUN", "PROPN", "ADJ"):
            source += 1
        if after_with:
            while j < hi and j - k <= 5 and ctx.tokens[j].feats.get("VerbForm") != "Inf" \
                    and ctx.word(j) not in THAT and not ctx.is_punct(j):
                j += 1
        else:
            j = source + (1 if ctx.word(source) == "," and ctx.word(source + 1) in THAT else 0)
            if ctx.word(j) in ABOUT and ctx.word(j + 1) in ("том", "то") \
                    and ctx.word(j + 2) == "," and ctx.word(j + 3) in THAT:
                j += 3  # `заявление мэра о том, что …`
            if j < hi and ctx.lemma(j) in ("заключаться", "состоять") and \
                    ctx.word(j + 1) == "в" and ctx.word(j + 2) == "том" and ctx.word(j + 3) == ",":
                j += 4  # `Требования ЕС заключаются в том, чтобы …`
        about = not after_with and source == k + 1 and ctx.word(j) in ABOUT \
            and ctx.lemma(k) in lexicon("speech_about_nouns") \
            and ctx.word(j + 1) not in ("том", "то")
        if after_with and ctx.word(k + 1) in ABOUT \
                and ctx.word(k + 2) not in ("том", "то", "этом") \
                and ctx.lemma(k) in lexicon("speech_asking_about"):
            j, about = k + 1, True  # `обратился с просьбой о помиловании`: what was asked
        if j < hi and (ctx.word(j) in THAT or about):
            j += 1  # `слухи, что …`, `слухи о закрытии завода`
        elif ctx.word(j) == "не" and ctx.tokens[j + 1:j + 2] \
                and ctx.tokens[j + 1].feats.get("VerbForm") == "Inf" \
                and ctx.lemma(k) not in lexicon("speech_clause_nouns"):
            j += 1  # `обещание мэра не повышать налоги`
        elif not (j < hi and ctx.tokens[j].feats.get("VerbForm") == "Inf") \
                or ctx.lemma(k) in lexicon("speech_clause_nouns"):
            continue
        if j >= hi:
            continue  # `Обещание Ивана, что` and the sentence ends
        # `с просьбой не выходить`: the negation is the request's own (content starts there)
        negated = ctx.word(j - 1) == "не" and j - 1 > k \
            and ctx.tokens[j].feats.get("VerbForm") == "Inf"
        if ctx.lemma(k) in lexicon("speech_rumours") and source == k + 1:
            speaker = ("anonymous", k)  # `в местной прессе появились слухи`: nobody's
        elif after_with or source == k + 1:
            speaker = ("left", k - 1 if after_with else k)
        else:
            speaker = ("region", k + 1, source)
        end, speaker = _request_end(ctx, lo, hi, k, j, after_with, about, speaker, cue_starts)
        cue = (k - 1, k + 1, ctx.lemma(k)) if after_with else (k, k + 1, ctx.lemma(k))
        record = _record(ctx, j - negated, end, "request", 0.55, cue, speaker, number)
        if record:
            out.append(record)
    return out


def _request_end(ctx: Context, lo: int, hi: int, k: int, j: int, after_with: bool,
                 about: bool, speaker: tuple, cue_starts) -> tuple[int, tuple]:
    """Where the content a speech noun at k opens at j ends, and the speaker hint as the
    sentence's order revises it."""
    end = _content_end(ctx, j, hi, cue_starts)
    if ctx.feat(k, "Case") == "Nom" and not after_with:
        end = _subject_clause_end(ctx, k, j, end)
    if about:  # the phrase ends at the sentence's predicate, or its time adverbial
        end = _predicate_after(ctx, j, end)
        while end - 1 > j and ctx.word(end - 1) in ("не", *PREDICATE_LEAD):
            end -= 1  # `Слухи о закрытии | так и не подтвердились`
        end = _time_adverbial(ctx, j, end)
        end = _trim(ctx, j, end)
    if ctx.tokens[j].feats.get("VerbForm") == "Inf":
        # `Обещание … отремонтировать школу | не выполнено`: the noun's own clause ends
        # at the predicate of the sentence
        end = next((m for m in range(j + 1, end) if ctx.finite(m)
                    or ctx.tokens[m].feats.get("Variant") == "Short"), end)
        if after_with and k - 1 == _opening(ctx, lo, k) and end < hi and ctx.finite(end):
            # `С призывом отменить концерт к мэрии обращался депутат`: the noun opens
            # the sentence, the subject follows the predicate, and a `к` phrase just
            # before the predicate is whom it addressed
            speaker = ("right", end)
            to = next((m for m in range(j + 1, end) if ctx.word(m) in ("к", "ко") and all(
                ctx.feat(n, "Case") == "Dat" for n in range(m + 1, end))), None)
            end = to if to is not None else end
        if ctx.word(end - 1) == "не" and end < hi and end - 1 > j:
            end -= 1  # `… | не выполнено`
            # and the words that lead the predicate's negation (`так и не`, `до сих пор не`)
            while end - 1 > j and ctx.word(end - 1) in PREDICATE_LEAD:
                end -= 1
        end = _trim(ctx, j, end)
    return end, speaker


def _subject_clause_end(ctx: Context, noun: int, j: int, end: int) -> int:
    """A subject noun's clause ends before the sentence's own predicate, which agrees with
    the noun (`Заявление мэра о том, что мост откроют, | удивило всех`)."""
    number, gender = ctx.feat(noun, "Number"), ctx.feat(noun, "Gender")
    for m in range(j + 1, end - 1):
        if ctx.word(m) != ",":
            continue
        verb = m + 1 + (ctx.tokens[m + 1].pos == "ADV")
        if verb < end and ctx.finite(verb) and ctx.feat(verb, "Number") == number and (
                number == "Plur" or ctx.feat(verb, "Gender") in (None, gender)):
            return _trim(ctx, j, m)
    return end


def _predicate_after(ctx: Context, j: int, end: int) -> int:
    """The first verb after token j that is no relative clause's (`слухи о тарифах, которые
    вырастут весной, | не подтвердились`), or `end`."""
    relative = False
    for m in range(j + 1, end):
        if ctx.word(m) == ",":
            relative = ctx.lemma(m + 1) == "который"
        elif not relative and (ctx.finite(m) or ctx.tokens[m].pos == "VERB" and not (
                ctx.tokens[m].feats.get("VerbForm") == "Part"
                and ctx.tokens[m].feats.get("Variant") != "Short")):
            return m  # (a participle qualifies a noun: `о помиловании осуждённой`)
    return end


def _topic(ctx: Context, k: int, lo: int) -> bool:
    """A name after a preposition names a topic, not a speaker (`Забастовка в Ryanair: …`)."""
    from .attribute import noun_kind

    mention = ctx.mention_of.get(k)
    if mention is not None and mention.first > lo \
            and ctx.tokens[mention.first - 1].pos == "ADP":
        return True
    # `Годовщина смерти Виктора Цоя: …`: a genitive name under a headline headed by a
    # noun of no speaker names what the headline is about
    head = lo
    while head < k and (ctx.is_punct(head) or ctx.tokens[head].pos in ("ADJ", "NUM")):
        head += 1
    return mention is not None and head < mention.first \
        and ctx.feat(mention.first, "Case") == "Gen" and ctx.tokens[head].pos == "NOUN" \
        and head not in ctx.mention_of and ctx.feat(head, "Animacy") != "Anim" \
        and ctx.lemma(head) not in lexicon("speaker_groups") | lexicon("roles") \
        and noun_kind(ctx, head) is None


def _headline(ctx: Context, number: int, lo: int, hi: int) -> list[Record]:
    """A line without final punctuation: `Имя: …` or `… - Bloomberg`."""
    sentence = ctx.sentences[number]
    text = sentence.text.rstrip()
    if text[-1:] in ".!?…" or hi - lo < 4:
        return []
    if ctx.text[sentence.stop:sentence.stop + 1] not in ("\n", ""):
        return []
    # `Имя: …`
    for k in range(lo + 1, min(hi - 2, lo + 8)):
        source = headline_source(ctx, k, lo) if ctx.word(k) == ":" else None
        if source is not None and not _topic(ctx, source, lo):
            mark = ctx.inside[k + 2] if k + 2 < hi else -1
            if mark >= 0 and all(ctx.inside[j] == mark or ctx.is_punct(j)
                                 for j in range(k + 2, hi)):
                return []  # a quotation: direct
            end = _trim(ctx, k + 1, hi)
            if sum(1 for j in range(k + 1, end) if ctx.tokens[j].text.isalpha()) < 2 or not any(
                    ctx.tokens[j].pos in ("VERB", "AUX") for j in range(k + 1, end)):
                return []  # `EUR ЦБ: 110,49`, `Фото: GLOBAL LOOK press` are not statements
            record = _record(ctx, k + 1, end, "headline-colon", 0.55, (k, k + 1, ":"),
                             ("left", source + 1), number)
            return [record] if record else []
    # `… - Bloomberg`
    for k in range(hi - 2, max(lo + 3, hi - 5), -1):
        if ctx.tokens[k].text in DASHES and all(j in ctx.mention_of for j in range(k + 1, hi)):
            if ctx.tokens[k - 1].pos == "NOUN" and ctx.feat(k - 1, "Animacy") == "Anim" \
                    and ctx.feat(k - 1, "Case") in ("Nom", "Acc"):
                return []  # `Сборную впервые возглавил иностранец — Марко Ферри`: who he is
            end = _trim(ctx, lo, k)
            record = _record(ctx, lo, end, "headline-dash", 0.5, (k, k + 1, "-"),
                             ("right", k), number)
            return [record] if record else []
    return []
