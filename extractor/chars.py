"""Characters and scripts, one copy each: what counts as a Russian letter, a quote mark, a
dash, a lone surrogate, and the letters the two scripts share in shape."""

from __future__ import annotations

import re

# A letter of the Russian alphabet (not the whole Cyrillic block: Ukrainian `і`, Serbian
# `ђ` are left out), for "is this word Russian-spelled".
RUSSIAN_LETTER = re.compile(r"[а-яёА-ЯЁ]")
# The Unicode Cyrillic block, for character classes (`f"[{CYRILLIC_BLOCK}]"`).
CYRILLIC_BLOCK = "\u0400-\u04ff"
# A lone surrogate: bytes that failed to decode, or a JSON escape of half a pair.
SURROGATE = re.compile("[\ud800-\udfff]")

# Latin letters drawn like Cyrillic ones, each above the Cyrillic letter it looks like
# (`Лaвров` typed with a Latin `a`); after the first LOOKALIKES pairs, accented Latin vowels
# that are stress marks typed the quick way (`Сергéй`), mapped one way only.
LATIN_LOOKALIKES = "aAeEoOpPcCxXyKkMHTBáÁéÉóÓýÝàèòëË"
CYRILLIC_LOOKALIKES = "аАеЕоОрРсСхХуКкМНТВаАеЕоОуУаеоёЁ"
LOOKALIKES = 19

# The double quote marks of Russian text: guillemets, German-style „…“, English-style “…”
# and the straight mark.
QUOTE_MARKS = "«»„“”\""
# The last part of a web address's host, as news text writes outlets (`Lenta.ru`,
# `NEWSru.com`, `Фонтанка.рф`): a Latin top-level domain or `рф`.
TOP_DOMAIN = r"(?:[a-z]{2,6}|рф)"
# Dash characters (em, en, horizontal bar); a hyphen or two stand for one in typed text.
DASHES = "—–―"
