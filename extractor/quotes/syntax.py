"""Dependency parses (slovnet syntax) of the sentences that hold a cue or a quote mark.

Only those sentences are parsed, all of a document in one batch; the rules read
two things off the trees — the subject of a cue verb (the speaker of `…, и после
сказал, что …` is the subject of the first verb) and where the clause a verb
reports ends — and fall back to their own reading wherever there is no parse.
"""

from __future__ import annotations

from .cues import Context

# Longer "sentences" (a scraped page without punctuation) stay with the rules: the
# parser's cost grows with the row and its trees there are noise.
MAX_TOKENS = 120
SUBJECTS = ("nsubj", "nsubj:pass")


class Trees:
    """Heads and relations of the parsed tokens (document token indices)."""

    def __init__(self) -> None:
        self.head: dict[int, int] = {}  # token → its head token, -1 for the root
        self.rel: dict[int, str] = {}
        self.children: dict[int, list[int]] = {}

    def parsed(self, i: int) -> bool:
        return i in self.head

    def subject(self, verb: int, converb: bool = False) -> tuple[int | None, bool]:
        """The subject of a verb, and whether it was inherited: of the first verb when this
        one is a conjunct without its own (`Кэмерон ушел и после сказал`), of the verb a
        converb depends on (`X выступила за …, отметив, что …`)."""
        inherited = False
        for _ in range(3):
            for child in self.children.get(verb, ()):
                if self.rel.get(child) in SUBJECTS:
                    return child, inherited
            head = self.head.get(verb, -1)
            follow = ("conj", "advcl") if converb and not inherited else ("conj",)
            if self.rel.get(verb) not in follow or head < 0:
                return None, inherited
            verb, inherited = head, True
        return None, inherited

    def conjuncts(self, first: int) -> list[int]:
        """Tokens coordinated with `first` (`Питер Семнеби и представители ПАСЕ`)."""
        return [c for c in self.children.get(first, ()) if self.rel.get(c) == "conj"]

    def _span(self, head: int) -> tuple[int, int]:
        # the parser picks each head on its own: a "tree" may hold a cycle, so each token
        # is visited once
        first = last = head
        seen, stack = {head}, [head]
        while stack:
            node = stack.pop()
            first, last = min(first, node), max(last, node)
            for child in self.children.get(node, ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return first, last + 1

    def start(self, head: int) -> int:
        """The first token of the subtree under `head`."""
        return self._span(head)[0]

    def end(self, head: int) -> int:
        """One past the last token of the subtree under `head`."""
        return self._span(head)[1]


def parse(ctx: Context, numbers: list[int], parser) -> Trees:
    """Parse the sentences `numbers` of the document in one batch."""
    trees = Trees()
    rows, firsts = [], []
    for number in numbers:
        lo, hi = ctx.sentences[number].tokens
        if 1 < hi - lo <= MAX_TOKENS:
            rows.append([t.word for t in ctx.tokens[lo:hi]])
            firsts.append(lo)
    if not rows:
        return trees
    for lo, markup in zip(firsts, parser.map(rows), strict=True):
        for k, token in enumerate(markup.tokens):
            head = int(token.head_id) - 1
            i = lo + k
            trees.head[i] = lo + head if head >= 0 else -1
            trees.rel[i] = token.rel
            if head >= 0:
                trees.children.setdefault(lo + head, []).append(i)
    return trees
