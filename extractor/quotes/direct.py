"""Direct quotes: quotation marks (nested, straight, unbalanced) and dialogue dashes.

Marks are paired in one pass with a small bounded stack, so the work is linear
in the number of marks whatever the input; an opener left open never runs past
its paragraph.
"""

from __future__ import annotations

import re

from ..lexicons import lexicon
from .cues import DASH_CHARS, DASHES, Context, Record, headline_source, such_statement

MAX_DEPTH = 16
# A paragraph that opens a quotation and never closes it is one quote only when short
# (longer, it is a stray mark: the rest of a scraped page is not a quotation).
MAX_UNCLOSED = 1500
MARK = re.compile("[«»„“”\"\n]")
OPENERS_BEFORE = set(" \t\u00a0(\n[«„“/:" + DASH_CHARS)
# An attribution dash: a dash character (the minus sign too) or one or two hyphens.
DASH = f"(?:--|[{re.escape(DASH_CHARS)}])"
# `, — сказал он` / `— говорится` / `, сказал он` after a closing mark.
AFTER_CLOSE = re.compile(r"\s*([,.!?…]?\s*" + DASH + r"\s*|,\s*)")
SENTENCE_END = re.compile(r"[.!?…][»\"”]?\s+(?=[«\"„A-ZА-ЯЁ0-9—–-])")
NEXT_LINE_VERB = re.compile(r"[.,]?[ \t\u00a0]*\n\s*(?=[а-яё])")
# (a dash proper may touch the comma before it: `весной,— написал он.— Потом`)
DIALOGUE_SPLIT = re.compile(r"([,.!?…])(?:\s+" + DASH + r"|\s*[—–])\s+")


# A closing mark followed by an attribution dash (`», — написала она`).
DASH_AFTER = re.compile(r"(?:[,.!?…][ \t\u00a0]*|[ \t\u00a0]+)" + DASH + r"\s+[а-яё]")


def _close_paragraph(text, stack, spans, paragraph, end, dashed) -> None:
    """An opener still open at a paragraph's end closes there if it opened the paragraph;
    else at the first inner closing mark an attribution dash follows (`«Вспомнились строки
    «не вынесла душа поэта», которые … на слове «позора», — написала она`: the outer mark
    was never closed), the rest of the paragraph paired anew. That quotation opens at its
    own mark when a sentence starts there (the unclosed one was stray), else at the
    unclosed one."""
    if stack:
        first = stack[0][1]
        if not text[paragraph:first].strip(" \t\u00a0" + DASH_CHARS):
            stop = end
            while stop > first + 1 and text[stop - 1].isspace():
                stop -= 1
            if 1 < stop - first <= MAX_UNCLOSED:
                spans.append((first, stop))
        else:
            opener, close = next(((a, b) for a, b in dashed if a > first), (None, None))
            if opener is not None and close is not None:
                spans.append((opener if _sentence_start_before(text, opener) else first,
                              close))
                spans.extend((close + 1 + a, close + 1 + b)
                             for a, b in pair_marks(text[close + 1:end]))
        stack.clear()
    dashed.clear()


def pair_marks(text: str) -> list[tuple[int, int]]:
    """(opening offset, closing offset) of each top-level quoted span (closing may be the
    paragraph end when the mark was never closed)."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    dashed: list[tuple[int, int]] = []  # inner pairs an attribution dash follows
    paragraph = 0
    for match in MARK.finditer(text):
        char, at = match.group(), match.start()
        if char == "\n":
            _close_paragraph(text, stack, spans, paragraph, at, dashed)
            paragraph = at + 1
            continue
        prev = text[at - 1] if at > 0 else "\n"
        nxt = text[at + 1] if at + 1 < len(text) else "\n"
        if char in "«„":
            opener = True
        elif char in "»”":
            opener = False
        elif char == "“":
            opener = not any(c == "„" for c, _ in stack[-3:])
        else:  # straight quote: opening or closing by its neighbours
            if prev in OPENERS_BEFORE and not nxt.isspace():
                opener = True
            elif any(c == '"' for c, _ in stack[-3:]):
                opener = False
            else:
                opener = nxt.isalnum() or nxt in "«„.…"
        if opener:
            if len(stack) < MAX_DEPTH:
                stack.append((char, at))
            continue
        want = {"»": "«", "”": "“„", "“": "„", '"': '"'}[char]
        if not stack and char == "»" and DASH_AFTER.match(text, at + 1) \
                and not (spans and spans[-1][1] >= paragraph):
            # `Мэр выступил. Мы начнём весной, это решено», — заявил он`: the opening mark
            # was lost; the attributed quotation is the sentence the mark closes (the span
            # opens on the character before it, as it would on the lost mark)
            ends = list(SENTENCE_END.finditer(text, paragraph, at))
            first = ends[-1].end() if ends else paragraph
            first += len(text[first:at]) - len(text[first:at].lstrip(" \t\u00a0" + DASH_CHARS))
            if first > 0 and 1 < at - first <= MAX_UNCLOSED:
                spans.append((first - 1, at))
            continue
        for depth in range(len(stack) - 1, max(-1, len(stack) - 4), -1):
            if stack[depth][0] in want:
                first, opened = stack[0][1], stack[depth][1]
                del stack[depth:]
                if char == '"' and stack and stack[-1][0] == '"' \
                        and DASH_AFTER.match(text, at + 1):
                    # `"Он сказал: "Я не виноват!" - цитирует газета …`: one straight
                    # mark closes both, and the attribution follows
                    stack.clear()
                if not stack:
                    spans.append((first, at))
                elif DASH_AFTER.match(text, at + 1):
                    dashed.append((opened, at))
                break
    _close_paragraph(text, stack, spans, paragraph, len(text), dashed)
    spans.sort()
    return spans


def words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


def _sentence_start_before(text: str, at: int) -> bool:
    """Only a sentence end, a dash, a paragraph start or a colon precedes the opening mark."""
    k = at - 1
    while k >= 0 and text[k] in " \t\u00a0" or text[k] in DASH_CHARS:
        k -= 1
    return k < 0 or text[k] in "\n.!?…»\"”“:"


def _sentence_end_after(text: str, close: int, inner: str) -> bool:
    k = close + 1
    while k < len(text) and text[k] in " \t\u00a0":
        k += 1
    return k >= len(text) or text[k] in "\n.!?…" or inner.rstrip()[-1:] in ".!?…"


def find(ctx: Context, spans: list[tuple[int, int]]) -> list[Record]:
    """Direct quotes in marks: attributed after (`», — сказал он`), before (`сказал: «`),
    or standing alone as whole sentences; plus dialogue-dash paragraphs."""
    text = ctx.text
    records: list[Record] = []
    ctx.spans = spans
    ctx.closing = dict(spans)
    for number, (open_at, close_at) in enumerate(spans):
        inner_start, inner_stop = open_at + 1, close_at
        inner = text[inner_start:inner_stop]
        ctx.span_words[number] = words(inner)
        for i in range(ctx.token_at(inner_start), len(ctx.tokens)):
            if ctx.tokens[i].start >= inner_stop:
                break
            if ctx.tokens[i].start >= inner_start:
                ctx.inside[i] = number
        pieces = _split_inner(ctx, inner_start, inner_stop)
        after = _attribution_after(ctx, close_at + 1)
        if after is not None and not _sentence_start_before(text, open_at) \
                and not any(c in text[close_at + 1:ctx.tokens[after[0]].start]
                            for c in DASH_CHARS):
            # `газопровода «Северный поток — 2», передает РИА Новости`: with no dash, only a
            # quotation that opens its sentence is attributed by the verb after it; a name
            # in marks inside the author's sentence is not
            after = None
        before = _attribution_before(ctx, open_at)
        if after is not None:
            verb, lemma_ = after
            for piece in pieces[:-1]:
                records.append(piece)
            if lemma_ == ":":
                records.append(Record(pieces[-1].start, pieces[-1].stop, "direct",
                                      "direct-headline", 0.6, ":", ":", ctx.tokens[verb].start,
                                      ("at-mention", verb)))
                continue
            records.append(Record(pieces[-1].start, pieces[-1].stop, "direct", "direct-after",
                                  0.9, ctx.tokens[verb].text, lemma_,
                                  ctx.tokens[verb].start, _source_hint(ctx, verb, lemma_)))
        elif before is not None:
            verb, lemma_, rule = before
            cue = ctx.tokens[verb].text if verb is not None else ":"
            cue_at = ctx.tokens[verb].start if verb is not None else open_at
            records.extend(pieces[:-1])
            hint = ("left", verb if verb is not None else ctx.token_at(open_at))
            if verb is not None and (ctx.tokens[verb - 1].text in (",", *DASHES)
                                     and ctx.tokens[verb + 1].start < open_at - 1
                                     or lemma_ in ctx.relay):
                # `…, сказал Резниченко: «…»`, `цитирует слова министра: «…»`: the source
                # follows its verb
                hint = _source_hint(ctx, verb, lemma_)
            records.append(Record(pieces[-1].start, pieces[-1].stop, "direct", rule, 0.85,
                                  cue, lemma_, cue_at, hint))
        elif pieces[:-1]:
            # `«…, — сказал он, — …»`: the part after the attribution shares it
            head = pieces[-2]
            records.extend(pieces[:-1])
            records.append(Record(pieces[-1].start, pieces[-1].stop, "direct",
                                  "direct-interrupted", head.confidence, head.cue,
                                  head.cue_lemma, head.cue_at, head.speaker))
        elif (words(inner) >= 4 and _sentence_start_before(text, open_at)
              and _sentence_end_after(text, close_at, inner)):
            records.extend(pieces[:-1])
            signed = _signed(ctx, close_at)
            hint = ("at-mention", signed) if signed is not None else _colon_subject(ctx, open_at)
            records.append(Record(pieces[-1].start, pieces[-1].stop, "direct", "direct-alone",
                                  0.55, "", "", open_at, hint))
    return records


def _colon_subject(ctx: Context, at: int) -> tuple:
    """A quotation with no cue right after a colon in the same paragraph belongs to the
    subject of the clause the colon ends (`Решение уйти Ирина Белых приняла сама: «…»`);
    any other stands for itself (the context decides)."""
    k = at - 1
    while k >= 0 and (ctx.text[k] in " \t\u00a0" or ctx.text[k] in DASH_CHARS):
        k -= 1
    if k <= 0 or ctx.text[k] != ":":
        return ("context", None)
    return ("left", ctx.token_at(k))


def _split_inner(ctx: Context, start: int, stop: int) -> list[Record]:
    """`«Мы готовы, — сказал он, — к переговорам»`: the pieces either side of an inner
    attribution (the last piece is returned unattributed for the caller to complete)."""
    text = ctx.text
    pieces: list[Record] = []
    cursor = start
    for match in DIALOGUE_SPLIT.finditer(text, start, stop):
        head = match.end()
        verb = ctx.token_at(head)
        if ctx.tokens[verb].start != head:
            continue
        cue = _inner_cue(ctx, verb)
        if cue is None:
            continue
        rest = DIALOGUE_SPLIT.search(text, head, stop)
        if rest is None:
            continue
        for k in range(verb, ctx.token_at(rest.start()) + 1):
            ctx.inside[k] = -1  # the attribution is the author's words, not the quotation
        end = match.start() + (1 if match.group(1) in "!?…" else 0)
        if end > cursor:
            pieces.append(Record(cursor, end, "direct", "direct-interrupted", 0.85,
                                 ctx.tokens[verb].text, cue, ctx.tokens[verb].start,
                                 _source_hint(ctx, verb, cue)))
        cursor = rest.end()
    pieces.append(Record(cursor, stop, "direct", "", 0.0))
    return pieces


def _inner_cue(ctx: Context, verb: int) -> str | None:
    """The cue lemma of an attribution inside one pair of marks (`«…, — сказал он. — …»`):
    a verb of speech, a relaying cue (`— приводит его слова газета. —`), or any finite verb
    with its subject after it (`— возмутился депутат. —`: a dash-set inversion between two
    pieces of one quotation is an attribution whatever the verb)."""
    light = ctx.light_at(verb)
    if light is not None and light[1] in ctx.relay:
        return light[1]
    lemma_ = ctx.speech(verb)
    if lemma_:
        return lemma_
    if ctx.word(verb + 1) in ("я", "мы", "ты", "вы"):
        return None  # `— продолжили мы путь. —`: the speaker narrating, no attribution
    return ctx.lemma(verb) if _inverted_verb(ctx, verb) else None


def _attribution_after(ctx: Context, at: int) -> tuple[int, str] | None:
    """A cue verb right after a closing mark (`», — заявил`, `", - сказал`, `», сказал`)."""
    below = NEXT_LINE_VERB.match(ctx.text, at)
    if below is not None:
        # `«…».⏎⏎заявил после присяги мэр`: the attribution opens the next paragraph in
        # lowercase, a layout of scraped pages
        verb = ctx.token_at(below.end())
        lemma_ = ctx.speech(verb) if ctx.tokens[verb].start == below.end() else None
        if lemma_ and ctx.finite(verb):
            return verb, lemma_
    match = AFTER_CLOSE.match(ctx.text, at)
    if not match or not match.group(1).strip():
        colon = re.match(r"\s*:\s*", ctx.text[at:at + 8])
        if colon and at > 1 and _line_start(ctx.text, at):
            # headline `«…»: Захарова прокомментировала …`
            first = ctx.token_at(at + colon.end())
            _, hi = ctx.sentence_range(first)
            for i in range(first, min(first + 5, hi)):
                lemma_ = ctx.speech(i)
                if lemma_:
                    return i, lemma_
            if first in ctx.mention_of:
                return first, ":"  # `"…": МИД России о …`
        return None
    head = match.end()
    if head >= len(ctx.text) or ctx.text[head] in "«\"„\n":
        return None
    first = ctx.token_at(head)
    if ctx.tokens[first].start < head:
        return None
    for i in range(first, min(first + 2, len(ctx.tokens))):
        light = ctx.light_at(i)
        if light is not None and light[1] in ctx.relay:
            return i, light[1]  # `«…», — приводит слова министра РИА Новости`
        lemma_ = ctx.speech(i)
        if lemma_ and ctx.tokens[i].feats.get("VerbForm") in ("Conv", "Part") \
                and ctx.tokens[i].feats.get("Variant") != "Short":
            # `…штраф за нарушение «режима самоизоляции», признав, что …`: a converb goes on
            # the sentence's own report; it attributes no quotation (a short participle is
            # a predicate: `», — сказано в сообщении`)
            return None
        if lemma_:
            return i, lemma_
        if ctx.is_punct(i) or ctx.tokens[i].pos in ("CCONJ", "SCONJ"):
            break  # `", и отметив, что "…"`: a new clause, not this quote's attribution
    fronted = _after_adverbial(ctx, first)
    if fronted is not None:
        return fronted
    dashed = any(c in match.group(1) for c in DASH_CHARS)
    verb = such_statement(ctx, first, len(ctx.tokens)) if dashed else None
    if verb is not None:  # `«…» — такое заявление сделал министр`
        return verb, ctx.speech(verb) or ctx.lemma(verb)
    if dashed and _inverted_verb(ctx, first) and ctx.tokens[first].text[:1].islower() \
            and ctx.lemma(first) != "быть":
        # `«Это провокация», — возмутился депутат`: after a dash, a verb with its subject
        # after it attributes the quotation, whatever the verb (a lexicon is never whole);
        # a capital opens a sentence of its own (`«Северного потока-2» — Будет ответ`)
        return first, ctx.lemma(first)
    return None


ADVERBIAL_REACH = 5  # words of a prepositional phrase before the cue verb


def _after_adverbial(ctx: Context, first: int) -> tuple[int, str] | None:
    """`», — в итоге заявил мэр`, `», — на брифинге в Твери сказала министр`: a finite cue
    verb after a prepositional phrase that opens the attribution."""
    if ctx.tokens[first].pos != "ADP":
        return None
    _, hi = ctx.sentence_range(first)
    for i in range(first + 1, min(hi, first + ADVERBIAL_REACH + 1)):
        if ctx.is_punct(i) or ctx.tokens[i].pos in ("CCONJ", "SCONJ", "AUX"):
            return None
        if ctx.tokens[i].pos == "VERB":
            lemma_ = ctx.speech(i)
            return (i, lemma_) if lemma_ and ctx.finite(i) else None
    return None


def _inverted_verb(ctx: Context, k: int) -> bool:
    """A finite third-person verb whose nominative subject follows within three words."""
    token = ctx.tokens[k]
    if token.pos != "VERB" or not ctx.finite(k) or token.feats.get("Person") in ("1", "2"):
        return False
    _, hi = ctx.sentence_range(k)
    for j in range(k + 1, min(hi, k + 4)):
        if ctx.is_punct(j):
            return False
        if (j in ctx.mention_of or ctx.tokens[j].pos in ("NOUN", "PROPN", "PRON")) \
                and ctx.feat(j, "Case") in ("Nom", None):
            return True
    return False


def _source_hint(ctx: Context, verb: int, lemma_: str) -> tuple:
    """The source right of the verb; for a relaying cue (`приводит слова`), the genitive
    after its noun, whose words they are."""
    light = ctx.light_at(verb) if lemma_ in ctx.relay else None
    return ctx.relayed(light[0]) if light is not None else ("right", verb)


def _line_start(text: str, close: int) -> bool:
    """The quotation that ends at `close` opened a line."""
    line = text.rfind("\n", 0, close) + 1
    return text[line:line + 1] in "«\"„“'"


def _with_noun(ctx: Context, k: int) -> int | None:
    """`со словами`, `с громкими криками`, `под лозунгом` ending at token k: a noun of
    utterance that introduces the quotation after it (models/speech_with_nouns.txt)."""
    if k < 1 or ctx.tokens[k].pos != "NOUN" or ctx.feat(k, "Case") != "Ins" \
            or ctx.lemma(k) not in lexicon("speech_with_nouns"):
        return None
    j = k - 1
    while j > 0 and ctx.tokens[j].pos in ("ADJ", "DET"):
        j -= 1
    return k if ctx.word(j) in ("с", "со", "под") else None


def _attribution_before(ctx: Context, at: int) -> tuple[int | None, str, str] | None:
    """`сказал он: «` / `написала в Twitter: «` / headline `Имя: «`."""
    k = at - 1
    text = ctx.text
    while k >= 0 and (text[k] in " \t\u00a0\r\n" or text[k] in DASH_CHARS):
        # `заявил:⏎⏎«…»`: a quotation may open the paragraph after its colon, or follow
        # it after a dash (`напомнив: — «…»`)
        k -= 1
    if k >= 0 and text[k] != ":":
        noun = _with_noun(ctx, ctx.token_at(k))  # `вышли с криками «…»`
        return (noun, ctx.lemma(noun), "direct-with") if noun is not None else None
    if k < 0:
        return None  # `призвал ООН «…»` is the verb's content: indirect.py (mixed)
    colon = ctx.token_at(k)
    lo, _ = ctx.sentence_range(colon)
    for i in range(colon - 1, max(lo - 1, colon - 12), -1):
        if ctx.inside[i] >= 0:
            break
        light = ctx.light_at(i)
        if light is not None and (light[1] in ctx.relay or light[0] == colon):
            # `ТАСС цитирует слова министра: «…»`, `выступила со специальным заявлением: «…»`
            return i, light[1], "direct-colon"
        lemma_ = ctx.speech(i)
        if lemma_:
            return i, lemma_, "direct-colon"
    noun = _with_noun(ctx, colon - 1)  # `ушёл со словами: «…»`
    if noun is not None:
        return noun, ctx.lemma(noun), "direct-with"
    close = ctx.closing.get(at)
    source = headline_source(ctx, colon, lo)
    if source is not None and source in ctx.mention_of and close is not None \
            and words(text[at:close]) >= 3 and _sentence_end_after(text, close, ""):
        return None, ":", "direct-headline"
    return None


def dialogue(ctx: Context) -> list[Record]:
    """Paragraphs opening with a dash: `— Мы готовы, — сказал он. — Начнём.`"""
    text = ctx.text
    records: list[Record] = []
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        stripped = line.lstrip(" \t\u00a0")
        if stripped[:1] in DASHES and stripped[1:2] in (" ", "\u00a0"):
            head = start + len(line) - len(stripped) + 1
            while head < end and text[head] in " \u00a0":
                head += 1
            if text[head:head + 1].islower() or _signature(ctx, head, end) is not None:
                # `- субсидии на аренду;`: a list item; `— Ирина Лаптева, пресс-секретарь`
                # under a quotation: its signature; neither is a line of dialogue
                start = end + 1
                continue
            records.extend(_dialogue_line(ctx, head, end))
        start = end + 1
    return records


SIGNATURE_WORDS = 12  # words of a `— Имя, должность` line under a quotation
SIGNATURE_AFTER = re.compile(r"[.!?…]?[ \t\u00a0]*\n\s*" + DASH + r"[ \t\u00a0]+")


def _signature(ctx: Context, head: int, end: int) -> int | None:
    """The first token of a person's name when the line from `head` to `end` is only
    that name with, after a comma, a role: the signature of a quotation above it."""
    first = ctx.token_at(head)
    mention = ctx.mention_of.get(first)
    if mention is None or mention.type != "PER" or ctx.tokens[first].start != head:
        return None
    last = ctx.token_at(end - 1) + 1 if end > head else first
    if words(ctx.text[head:end]) > SIGNATURE_WORDS or any(
            ctx.finite(k) for k in range(first, last)):
        return None
    after = ctx.text[ctx.tokens[mention.last - 1].stop:end].strip(" \t\u00a0.")
    return first if not after or after.startswith(",") else None


def _signed(ctx: Context, close: int) -> int | None:
    """The name of a signature line in the paragraph right after a quotation (`«…».⏎⏎—
    Ирина Лаптева, пресс-секретарь Водоканала`)."""
    match = SIGNATURE_AFTER.match(ctx.text, close + 1)
    if match is None:
        return None
    end = ctx.text.find("\n", match.end())
    return _signature(ctx, match.end(), len(ctx.text) if end < 0 else end)


def _dialogue_line(ctx: Context, head: int, end: int) -> list[Record]:
    text = ctx.text
    out: list[Record] = []
    cursor = head
    pending: list[Record] = []
    speaker = None
    for match in DIALOGUE_SPLIT.finditer(text, head, end):
        after = match.end()
        verb = ctx.token_at(after)
        # `— Ну что ж, — вздохнула она.`: any verb with its subject after it, as after «…», —
        cue = ctx.speech(verb) or (ctx.lemma(verb) if _inverted_verb(ctx, verb) else None)
        if ctx.tokens[verb].start == after and cue:
            stop = match.start() + (1 if match.group(1) in "!?…" else 0)
            if words(text[cursor:stop]) >= 2:
                pending.append(Record(cursor, stop, "direct", "direct-dialogue", 0.85,
                                      ctx.tokens[verb].text, cue,
                                      ctx.tokens[verb].start, ("right", verb)))
            speaker = ("right", verb)
            nxt = DIALOGUE_SPLIT.search(text, after, end)
            cursor = nxt.end() if nxt else end
    if cursor < end and words(text[cursor:end]) >= 2:
        stop = end
        while stop > cursor and text[stop - 1] in " \t\u00a0":
            stop -= 1
        rec = Record(cursor, stop, "direct", "direct-dialogue", 0.6 if speaker else 0.5,
                     "", "", cursor, speaker or ("context", None))
        pending.append(rec)
    if not pending or not any(r.cue for r in pending):
        if words(text[head:end]) < 4:
            return []
    out.extend(pending)
    return out
