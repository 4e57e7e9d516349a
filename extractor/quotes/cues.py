"""Cues: verbs of communication and source frames, matched by lemma over tagged tokens."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import chars
from ..lexicons import lexicon, lines
from ..morph import PERSON_GENDER, likeliest_lemma
from ..segment import reading
from ..tag import lemma, parses
from .aspect import with_partners

# Dash tokens, and the dash characters with the hyphen typed for one. Some editors type the
# minus sign for the dash (`"…", − заявил министр`): between words it can be nothing else.
DASHES = {*chars.DASHES, "-", "--", "\u2212"}
DASH_CHARS = chars.DASHES + "-\u2212"
CLOSERS = ".!?…;:,"
# Words that link a reported clause to its verb; they stay outside the content.
# Verbs that lead a speech verb's infinitive and leave the speaking to it (`поспешил
# заявить`, `успел сообщить`, `не преминул напомнить`): not wishes or abilities (`хочет
# заявить`, `может сказать`), which report nothing yet.
LEADING = {"поспешить", "спешить", "успеть", "преминуть", "решить", "решиться"}
THAT = {"что", "будто", "чтобы", "якобы"}
ABOUT = {"о", "об", "обо"}
PRONOUNS = {"он", "она", "они", "мы", "я", "вы"}
# Possessives of the third person: whose words a relaying cue gives (`приводит его слова`).
OWNERS = ("его", "ее", "их")


def _key(word: str) -> str:
    return word.lower().replace("ё", "е")


MARKS = set("«»„“”\"")


@lru_cache(maxsize=100_000)
def _may_cue(word: str) -> bool:
    """Some reading of the word (untagged) is a verb of communication, a conviction
    adjective, a request noun, or the first word of a source frame."""
    key = _key(word)
    if key in _frame_firsts():
        return True
    if not any(c.isalpha() for c in key):
        return False
    wanted = verbs("speech_verbs") | lexicon("speech_adjectives") | lexicon("speech_requests")
    # the -ся form of a cue (`указывается`) is read as the cue's passive
    forms = {_key(p.normal_form) for p in parses(key)}
    return any(f in wanted or (f.endswith("ся") and f[:-2] in wanted) for f in forms)


def verbs(name: str) -> frozenset[str]:
    """A verb lexicon with both aspects: each listed verb and its aspect partners (not
    cached here: the partners are, and the lexicon is, so a cleared lexicon reloads)."""
    return with_partners(lexicon(name))


@lru_cache(maxsize=1)
def _light_lasts() -> dict[str, frozenset[str]]:
    """Light-verb cues by verb lemma: the lemmas of the word that completes each."""
    out: dict[str, set[str]] = {}
    for line in (*lines("speech_light"), *lines("speech_relay")):
        words = [likeliest_lemma(w) for w in line.split()]
        out.setdefault(words[0], set()).add(words[-1])
    return {verb: frozenset(lasts) for verb, lasts in out.items()}


def _light_pair(tokens, lo: int, hi: int) -> bool:
    """Some reading of a word is a light verb whose completing word follows it closely."""
    for k in range(lo, hi):
        for verb in _light_verbs(tokens[k].word):
            wanted = _light_lasts()[verb]
            if any(wanted & _normals(tokens[j].word) for j in range(k + 1, min(hi, k + 5))):
                return True
    return False


@lru_cache(maxsize=100_000)
def _normals(word: str) -> frozenset[str]:
    return frozenset(_key(p.normal_form) for p in parses(word))


@lru_cache(maxsize=100_000)
def _light_verbs(word: str) -> frozenset[str]:
    """The light verbs some reading of the word is a form of (cached: most words none)."""
    return _normals(word) & _light_lasts().keys()


@lru_cache(maxsize=1)
def _frame_firsts() -> frozenset[str]:
    return frozenset(_key(line).split()[0] for line in lines("speech_frames"))


def cue_sentences(doc) -> list[int]:
    """Indices of the sentences the quote rules read closely: a possible speech cue (any
    reading of a word, so untagged tokens will do), a quotation mark, a dash or a colon,
    or a line without final punctuation (a headline `Имя: …`). Needs no tags, so the
    pipeline can tag just these; the syntax parser sees only these."""
    out = []
    for number, sentence in enumerate(doc.sentences):
        lo, hi = sentence.tokens
        if hi <= lo:
            continue
        if sentence.text.rstrip()[-1:] not in ".!?…" or any(
                t.text in MARKS or t.text in DASHES or t.text == ":" or _may_cue(t.word)
                for t in doc.tokens[lo:hi]) or _light_pair(doc.tokens, lo, hi):
            out.append(number)
    return out


# Determiners that point a statement noun back at words already given (`такое мнение`).
POINTING = ("такой", "этот", "подобный", "аналогичный")
SUBJECT_AFTER = 5  # tokens after the verb to its subject in `Такое мнение высказал X`


def such_statement(ctx: Context, k: int, hi: int) -> int | None:
    """The verb of a statement noun that points back at the words before it, opening at
    token k: `Такое мнение высказал министр`, `С таким заявлением выступил X`, `«…» —
    такой прогноз дал X`; its subject follows the verb. None when k opens no such
    phrase (`Это заявление вызвало критику` has no subject after its verb)."""
    if ctx.word(k) in ("с", "со"):
        k += 1
    if k >= hi or ctx.lemma(k) not in POINTING:
        return None
    k += 1
    while k < hi and ctx.tokens[k].pos == "ADJ":
        k += 1
    nouns = lexicon("speech_frame_nouns") | lexicon("speech_requests")
    verb = k + 1
    if verb >= hi or ctx.tokens[k].pos != "NOUN" or ctx.lemma(k) not in nouns \
            or ctx.tokens[verb].pos != "VERB" or not ctx.finite(verb):
        return None
    for j in range(verb + 1, min(hi, verb + 1 + SUBJECT_AFTER)):
        if ctx.is_punct(j):
            return None
        mention = ctx.mention_of.get(j)
        if ctx.feat(mention.first if mention else j, "Case") == "Nom" and (
                mention is not None or ctx.tokens[j].pos in ("NOUN", "PROPN")):
            return verb
    return None


def headline_source(ctx: Context, colon: int, lo: int) -> int | None:
    """The last token of the source before a headline's colon: a name, a group or a role
    (`Лавров: …`), past a topic the headline gives after a dash (`Песков — о санкциях:
    «…»`); None when the colon follows no source."""
    speakers = lexicon("speaker_groups") | lexicon("roles")
    k = colon - 1
    for d in range(k - 1, max(lo, colon - 8), -1):
        if ctx.tokens[d].text in DASHES and ctx.word(d + 1) in (*ABOUT, "про") \
                and d - 1 >= lo:
            k = d - 1
            break
    if k >= lo and (k in ctx.mention_of or ctx.lemma(k) in speakers):
        return k
    return None


@dataclass
class Record:
    """A quote under construction: content and cue as token/char positions, a speaker hint."""

    start: int
    stop: int
    kind: str
    rule: str
    confidence: float
    cue: str = ""
    cue_lemma: str = ""
    cue_at: int | None = None  # char offset of the cue (for speaker resolution order)
    speaker: object = None  # attribute.Candidate, or a resolved Speaker, or None
    sentence: int | None = None
    parsed: str = ""  # what the syntax parse decided (`nsubj`, `ccomp`), appended to the rule


UNIT_SIGNS = "%‰$€£¥₽°№§&"


# The words `Context._frame_template` can open with.
TEMPLATE_FIRSTS = frozenset(("со", "в", "по", "согласно"))
# The parts of speech a cue of `Context.speech` can have (None: a token left untagged).
SPEECH_POS = frozenset(("VERB", "AUX", "ADJ", None))


@cache
def _cue_lexicons() -> tuple:
    """The cue look-ups, which no document changes: built once per process, not per
    document (they were some 3 % of a run)."""
    relay = frozenset(lines("speech_relay"))
    light = frozenset(lines("speech_light")) | relay
    light_words: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for line in light:  # matched by lemma: `пришли к выводу`
        verb, *words = (likeliest_lemma(w) for w in line.split())
        light_words.setdefault(verb, []).append((tuple(words), line))
    frames = sorted((tuple(_key(line).split()) for line in lines("speech_frames")),
                    key=len, reverse=True)
    # only frames starting with a token's word can match there (was 40 % of a run)
    frames_by_first: dict[str, list[tuple[str, ...]]] = {}
    for frame in frames:  # longest first, as sorted
        frames_by_first.setdefault(frame[0], []).append(frame)
    return (verbs("speech_verbs"), lexicon("speech_adjectives"), verbs("speech_infinitive"),
            lexicon("speech_channels"), verbs("speech_opinion"), verbs("speech_comparison"),
            verbs("speech_as"), relay, light, light_words, frames, frames_by_first)


class Context:
    """One document's tokens, mentions and clusters with the look-ups the rules need."""

    def __init__(self, doc, clusters) -> None:
        # Rules scan the segmenter's reading of the text (`&laquo;` as «, NUL as a space);
        # it has the text's length, so offsets are shared and records slice `doc.text`.
        self.text = reading(doc.text)
        self.original = doc.text
        self.tokens = doc.tokens
        self.sentences = doc.sentences
        self.mentions = sorted(doc.mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.mention_of: dict[int, object] = {}
        for mention in self.mentions:
            for index in range(mention.first, mention.last):
                self.mention_of[index] = mention
        self.clusters = {c.id: c for c in clusters}
        # per cluster: its mentions in order (look-ups stay linear on long documents)
        self.by_cluster: dict[int | None, list] = {}
        for mention in self.mentions:
            self.by_cluster.setdefault(mention.cluster, []).append(mention)
        self.role_words: dict[int, list[set[str]]] | None = None
        self.starts = [t.start for t in self.tokens]
        # each token's folded text, read some 1,500 times per document by the rules
        self.words = [_key(t.text) for t in self.tokens]
        self._lemmas: dict[int, str] = {}
        (self.verbs, self.adjectives, self.infinitive, self.channels, self.opinion,
         self.comparison, self.characterizing, self.relay, self.light, self.light_words,
         self.frames, self.frames_by_first) = _cue_lexicons()
        self.inside: list[int] = [-1] * len(self.tokens)  # token → direct/mark span index
        self.span_words: dict[int, int] = {}  # mark span index → words inside
        self.spans: list[tuple[int, int]] = []  # mark spans (opening, closing offsets)
        self.closing: dict[int, int] = {}
        self.trees = None  # syntax.Trees of the cue sentences, when a parser is at hand

    def _as_follows(self, i: int) -> bool:
        """`как` a few words after token i, in its clause (`X как Y`, not `, как …`)."""
        for j in range(i + 2, min(len(self.tokens), i + 10)):
            if self.word(j) in (".", "!", "?", ";", ",", ":"):
                return False
            if self.word(j) == "как":
                return True
        return False

    def quoted(self, i: int) -> bool:
        """Inside a quotation of a few words or more (a title like `«Бавария»` is not)."""
        span = self.inside[i]
        return span >= 0 and self.span_words.get(span, 0) >= 4

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def lemma(self, i: int) -> str:
        """The token's lemma, lowercase, ё as е (cached); "" past either end, as `word`."""
        if not 0 <= i < len(self.tokens):
            return ""
        value = self._lemmas.get(i)
        if value is None:
            token = self.tokens[i]
            value = _key(lemma(token.word, token.pos, token.feats))
            self._lemmas[i] = value
        return value

    def token_at(self, char: int) -> int:
        """Index of the token that contains `char`, or the last one before it."""
        return max(0, bisect_right(self.starts, char) - 1)

    def feat(self, i: int, name: str) -> str | None:
        if not 0 <= i < len(self.tokens):
            return None  # past either end: no token, no feature
        return (self.tokens[i].feats or {}).get(name)

    def is_punct(self, i: int) -> bool:
        # a unit sign reads as a word (`на 9%` is `на 9 процентов`): content keeps it
        return not any(c.isalnum() or c in UNIT_SIGNS for c in self.tokens[i].text)

    def sentence_range(self, i: int) -> tuple[int, int]:
        return self.sentences[self.tokens[i].sentence].tokens

    def speech(self, i: int) -> str | None:
        """The cue lemma when token i is a verb (or short adjective) of communication."""
        token = self.tokens[i]
        if token.pos not in SPEECH_POS or not token.text[:1].isalpha():
            return None  # every reading below is of a verb or an adjective (or untagged)
        word = self.words[i]
        if token.pos in ("ADJ", "VERB") and (word.startswith("убежден") or
                                              word.startswith("уверен")):
            if i + 2 < len(self.words) and self.words[i + 1] in ("в", "во") \
                    and self.words[i + 2] != "том":
                # `уверены в помощи города`: a state with its object, no report (`уверен
                # в том, что …` is one)
                return None
            if token.feats.get("Variant") == "Short" or len(word) <= 9:
                return "уверенный" if word.startswith("уверен") else "убежденный"
            return None
        if token.pos == "ADJ" and token.feats.get("Variant") == "Short" \
                and self.lemma(i) in self.adjectives:
            return self.lemma(i)  # `согласен, что …`, `согласна с тем, что …`
        if token.feats.get("VerbForm") == "Inf" and token.pos == "VERB" and i > 0 \
                and self.lemma(i - 1) in LEADING and self.lemma(i) in self.verbs:
            return self.lemma(i)  # `поспешил заявить, что …`: the leading verb's subject speaks
        if token.pos not in ("VERB", "AUX", None) or token.feats.get("VerbForm") == "Inf":
            return None  # an infinitive has no speaker of its own (`предлагает пообещать`)
        if token.feats.get("VerbForm") == "Part" and token.feats.get("Variant") != "Short" \
                and self._attributive(i):
            return None  # `стихи, рассказывающие о том, …`: a description
        if token.feats.get("Mood") == "Imp":
            return None  # `не обещайте`: an imperative reports nobody
        if token.feats.get("Person") == "1" and word.endswith("м"):
            return None  # `напомним`, `отметим`: the author speaking
        if word in ("говоря", "считая", "включая", "называемый", "называемая", "называемое",
                    "называемые", "называемых", "называемого", "называемой"):
            return None
        value = self.lemma(i)
        if value in ("продолжать", "продолжить") and i + 1 < len(self.tokens) \
                and self.tokens[i + 1].feats.get("VerbForm") == "Inf":
            return None  # `продолжает работать`: a phase verb, not `продолжил он`
        if value in self.verbs or value in self.comparison:
            return value
        if value in self.characterizing and self._as_follows(i):
            return value  # `рассматривают протесты как угрозу`, not `рассматривают вариант`
        if value.endswith("ся") and value[:-2] in self.verbs \
                and value[:-2] not in lexicon("speech_passive_not") and self._impersonal(i):
            return value[:-2]  # `указывается, что`, `подчёркивалось`: the passive of a cue
        if token.pos is None or token.feats.get("VerbForm") == "Part":
            value = _key(lemma(token.word, "VERB", {}))
            if value in self.verbs:
                return value
        return None

    def _attributive(self, i: int) -> bool:
        """A participle after a comma and a noun of a thing, heading its own phrase
        (`стихи, рассказывающие о том, …`): it describes the noun, nobody reports. After a
        person or a body it reports (`Петров, заявивший, что …`)."""
        if i < 2 or self.word(i - 1) != "," or self.tokens[i - 2].pos not in ("NOUN", "PROPN"):
            return False
        mention = self.mention_of.get(i - 2)
        if mention is not None and mention.type in ("PER", "ORG"):
            return False
        return self.tokens[i - 2].feats.get("Animacy") != "Anim"

    def _impersonal(self, i: int) -> bool:
        """A -ся form with no personal subject: third person singular present or future
        (`указывается`), or neuter singular past (`сообщалось`); `признался` is not."""
        feats = self.tokens[i].feats or {}
        if feats.get("Number", "Sing") != "Sing":
            return False
        if feats.get("Tense") == "Past":
            return feats.get("Gender") == "Neut" and self.word(i - 1) != "как"
        return feats.get("Person") == "3" and feats.get("VerbForm", "Fin") == "Fin"

    def frame_at(self, i: int) -> int:
        """Length in tokens of a source frame (`по словам`) starting at token i, else 0."""
        word = self.word(i)
        for frame in self.frames_by_first.get(word, ()):
            if all(self.word(i + k) == w for k, w in enumerate(frame)):
                return len(frame)
        # the template opens with one of a few words; most tokens start nothing
        return self._frame_template(i) if word in TEMPLATE_FIRSTS else 0

    def _frame_template(self, i: int) -> int:
        """`по/согласно` + up to two modifiers + a noun of information in the dative
        (`по неофициальной информации`, `согласно показаниям`, `по последним опросам`),
        `в соответствии с` + one in the instrumental, or `со слов`."""
        if self.word(i) == "со" and self.word(i + 1) == "слов":
            return 2  # `со слов очевидцев`
        if self.word(i) == "в" and self.word(i + 1) == "соответствии" \
                and self.word(i + 2) == "с":
            k, case = i + 3, "Ins"  # `в соответствии с данными Росстата`
        elif self.word(i) in ("по", "согласно"):
            k, case = i + 1, "Dat"
        else:
            return 0
        if self.word(k) in ("итогам", "результатам"):
            k, case = k + 1, "Gen"  # a poll frame: `по итогам опроса`
        while k < len(self.tokens) and k - i <= 4 and (
                self.word(k) in ("его", "ее", "их") or self.tokens[k].pos in ("ADJ", "DET")
                or self.tokens[k].feats.get("VerbForm") == "Part"):
            k += 1
        if k >= len(self.tokens) or self.feat(k, "Case") != case \
                or self.tokens[k].pos != "NOUN":
            return 0
        word = self.word(k)
        nouns = lexicon("speech_frame_nouns")
        if self.lemma(k) in nouns or (word.startswith("данн") and "данные" in nouns):
            return k + 1 - i
        return 0

    def light_at(self, i: int) -> tuple[int, str] | None:
        """(end token, cue) of a light-verb cue at token i (`дал понять`, `сделала жёсткое
        заявление`), the verb finite or a participle or converb; else None."""
        token = self.tokens[i]
        if token.pos not in ("VERB", "AUX") or token.feats.get("VerbForm") == "Inf":
            return None
        for words, line in self.light_words.get(self.lemma(i), ()):
            k = i + 1
            for n, word in enumerate(words):
                if n == len(words) - 1:
                    while self.tokens[k:k + 1] and (self.tokens[k].pos == "ADJ" or self.word(
                            k) in OWNERS) and self.lemma(k) != word:
                        k += 1  # `сделала жёсткое заявление`, `приводит его слова`
                if self.lemma(k) != word:
                    break
                k += 1
            else:
                return k, line
        return None

    def relayed(self, end: int) -> tuple[str, int, int]:
        """The speaker hint of a relaying cue ending at token `end` (`привели слова`): the
        genitive phrase after it, whose words they are (`министра Антона Силуанова`), or
        the possessive before its noun (`приводит его слова газета`: whoever `его` is)."""
        if self.word(end - 2) in OWNERS:
            return ("at", end - 2, end - 1)
        k = end
        while k < len(self.tokens) and not self.is_punct(k) and self.word(k) not in ABOUT \
                and self.inside[k] < 0 and (k in self.mention_of or self.tokens[k].pos in (
                    "NOUN", "PROPN", "ADJ", "DET")) and k - end < 8:
            k += 1
        return ("region", end, k)

    def verb_gender(self, i: int) -> str | None:
        """masc/femn when the verb is a singular past form (`заявила`)."""
        feats = self.tokens[i].feats or {}
        if feats.get("Number") == "Plur":
            return "plur"
        return PERSON_GENDER.get(feats.get("Gender", ""))

    def finite(self, i: int) -> bool:
        token = self.tokens[i]
        return token.pos in ("VERB", "AUX") and token.feats.get("VerbForm") == "Fin"
