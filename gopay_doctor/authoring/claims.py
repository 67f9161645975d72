"""Does a text state what GoPay or Gojek does, offers, requires or provides? The rule
behind ``flows check`` [unsourced-claim]; its words are data in
:mod:`gopay_doctor.authoring.claim_words`.

:func:`claim` returns the words that make a text such a statement: a name from
:data:`~gopay_doctor.authoring.claim_words.NAMES` ("GoPayLater", "Logged In Devices",
“帮助”), or GoPay or Gojek followed closely, in the same clause, by one of the
language's :data:`~gopay_doctor.authoring.claim_words.ACTS` ("Gojek and GoPay never
ask", "GoPay membatasi", "GoPay 客服绝不会索要"). An entry whose text makes one must list
the official page that says so under ``sources:``.
"""

from __future__ import annotations

import re
from functools import cache

from gopay_doctor.authoring.claim_words import (
    ACTORS,
    ACTS,
    CJK_GAP,
    INSIDE_A_SENTENCE,
    LATIN_GAP,
    NAMES,
)

_LATIN = "A-Za-z0-9_"
_SENTENCE_STARTS = r"(?<!^)(?<![.!?:;。！？：；]\s)(?<![.!?:;。！？：；])"
_CLAUSE_ENDS = r".,;:!?()\[\]\"“”。，；：！？、（）"


def claim(text: str, lang: str | None = None) -> str | None:
    """The words of ``text`` that state a fact about GoPay or Gojek, else None.

    ``lang`` picks the verbs (None, or a language without its own list: every list)::

        claim("GoPay sends an OTP when you log in", "en")  # 'GoPay sends'
        claim("Look for the notice on GoPay's side", "en")  # None
    """
    found = _names().search(text) or _acts(lang if lang in ACTS else None).search(text)
    return found.group() if found else None


def _edge(name: str, at: int) -> str:
    """A word boundary on the side ``at`` (0: before, -1: after) of a Latin name."""
    if not re.match(f"[{_LATIN}]", name[at]):
        return ""
    return f"(?<![{_LATIN}])" if at == 0 else f"(?![{_LATIN}])"


@cache
def _names() -> re.Pattern[str]:
    names = sorted(NAMES, key=len, reverse=True)  # the longest first: "GoPay PIN" before "PIN"
    return re.compile(
        "|".join(
            (_SENTENCE_STARTS if n in INSIDE_A_SENTENCE else "")
            + _edge(n, 0)
            + re.escape(n)
            + _edge(n, -1)
            for n in names
        )
    )


@cache
def _acts(lang: str | None) -> re.Pattern[str]:
    langs = [lang] if lang is not None else list(ACTS)
    actor = f"(?<![{_LATIN}])(?:{'|'.join(map(re.escape, ACTORS))})(?:['’]s)?(?![{_LATIN}])"
    parts = []
    latin = sorted({v for code in langs if code != "zh" for v in ACTS[code]}, key=len)
    if latin:
        word = rf"[^\s{_CLAUSE_ENDS}]+"
        verbs = "|".join(map(re.escape, reversed(latin)))
        parts.append(rf"{actor}(?:\s+{word}){{0,{LATIN_GAP}}}?\s+(?:{verbs})(?![{_LATIN}])")
    if "zh" in langs:
        verbs = "|".join(map(re.escape, sorted(ACTS["zh"], key=len, reverse=True)))
        parts.append(rf"{actor}[^{_CLAUSE_ENDS}\n]{{0,{CJK_GAP}}}?(?:{verbs})")
    return re.compile("|".join(parts))
