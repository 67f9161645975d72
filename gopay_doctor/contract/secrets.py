"""Does a text ask the user for a secret? The rule behind ``flows check`` [asks-for-secret].

gopay-doctor must never ask for a PIN, OTP, password, CVV or card number, yet its
texts rightly *warn* about them ("never share your PIN"). So the rule does not look
for secret words alone: it looks, clause by clause, for a **request** (enter, send,
tell, *masukkan*, *kirimkan*, 输入, 告诉 ...) close to a **secret word** (PIN, OTP,
*kata sandi*, 验证码 ...), and lets the clause pass when, before the request ends, it
holds an **exemption**: a negation or warning (never, *jangan*, 切勿), or words that
describe someone else asking (scammers, *penipu*, 如果有人). A negation followed by a
**cancel** (forget, hesitate, unless, *lupa*, *ragu*, 忘 ...) before the request no longer
counts: "Don't forget to enter your PIN" and "You cannot continue unless you enter your
PIN" ask.

The words are data (:mod:`gopay_doctor.contract.secret_words`), one
:class:`SecretWords` per language; every text is checked against every language, since
Indonesian and Chinese texts often borrow English words.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from gopay_doctor.contract.secret_words import SEND, WORDS, SecretWords

WORD = r"\w+(?:['-]\w+)*(?!['-]?\w)"
"""A whole word such as "don't" or "one-time": apostrophes and hyphens only inside it."""


@dataclass(frozen=True)
class _Compiled:
    requests: tuple[re.Pattern[str], ...]
    senders: re.Pattern[str] | None


@dataclass(frozen=True)
class _Rules:
    langs: tuple[_Compiled, ...]
    exempt: re.Pattern[str]
    cancels: re.Pattern[str]
    others: re.Pattern[str]
    punctuation: re.Pattern[str]
    splitters: re.Pattern[str]
    sends: re.Pattern[str]
    any_secret: re.Pattern[str]
    """Any secret word of any language: a text without one asks for nothing."""


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(words) + ")"


def _compile(words: SecretWords) -> _Compiled:
    secret = _alt(words.secrets)
    if words.spaced:
        # A word starts and ends with a letter or digit and cannot be cut in two, so a run
        # of separators ("------") can be read in one way only: no backtracking blow-up.
        word = WORD if not words.breakers else rf"(?!{_alt(words.breakers)}\b){WORD}"
        before = rf"\b{_alt(words.before)}\b(?:\W+{word}){{0,5}}?\W+{secret}\b"
        after = rf"\b{secret}\b(?:\W+{word}){{0,4}}?\W+{_alt(words.after)}\b"
    else:
        char = rf"(?!{_alt(words.breakers)})." if words.breakers else "."
        before = rf"{_alt(words.before)}{char}{{0,12}}?{secret}"
        after = rf"{secret}{char}{{0,12}}?{_alt(words.after)}"
    senders = re.compile(rf"(?:^|\W){_alt(words.senders)}\s*$", re.I) if words.senders else None
    return _Compiled((re.compile(before, re.I), re.compile(after, re.I)), senders)


def _words(field: str) -> re.Pattern[str]:
    """One pattern for a field of every language: whole words where words have spaces."""
    spaced = [w for lang in WORDS.values() if lang.spaced for w in getattr(lang, field)]
    unspaced = [w for lang in WORDS.values() if not lang.spaced for w in getattr(lang, field)]
    return re.compile(rf"\b{_alt(spaced)}\b|{_alt(unspaced)}", re.I)


@cache
def _rules() -> _Rules:
    return _Rules(
        langs=tuple(_compile(w) for w in WORDS.values()),
        exempt=_words("exempt"),
        cancels=_words("cancels"),
        others=_words("others"),
        punctuation=re.compile(r"[.!?;:,()\n。！？；：，（）]|\s[-–—]\s"),
        splitters=_words("splitters"),
        sends=re.compile(SEND, re.I),
        any_secret=_words("secrets"),
    )


def clauses(text: str) -> Iterator[tuple[str, int, int]]:
    """The clauses of ``text``: each as (its stretch between punctuation marks, start, end).

    A stretch is cut further at words such as "but" and "and"; start and end give
    where each clause lies within its stretch.
    """
    for stretch, spans in _stretches(_rules(), text):
        for start, end in spans:
            yield stretch, start, end


def _stretches(rules: _Rules, text: str) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    normal = text.replace("\u2019", "'").replace("\u2018", "'")  # curly apostrophes
    for stretch in rules.punctuation.split(normal):
        spans, start = [], 0
        for cut in [*rules.splitters.finditer(stretch), None]:
            end = cut.start() if cut else len(stretch)
            if stretch[start:end].strip():
                spans.append((start, end))
            start = cut.end() if cut else end
        yield stretch, spans


def asks_for_secret(text: str) -> str | None:
    """The words with which ``text`` asks for a PIN, OTP, password, CVV or card number, if any.

    Every word list is searched once per clause, so the time grows with the length of
    the text, not with its square, however many requests it repeats.
    """
    rules = _rules()
    if not rules.any_secret.search(text):
        return None
    for stretch, spans in _stretches(rules, text):
        other = rules.others.search(stretch)
        for start, end in spans:
            if not rules.any_secret.search(stretch, start, end):
                continue
            clause = _Clause.of(rules, stretch, start, end)
            for lang in rules.langs:
                for pattern in lang.requests:
                    for match in pattern.finditer(stretch, start, end):
                        if clause.negated(match) or (other and other.end() <= match.end()):
                            continue
                        if _sent_by_us(rules, lang, stretch, start, match):
                            continue
                        return match.group()
    return None


@dataclass(frozen=True)
class _Clause:
    """Where the negations and cancels of one clause lie."""

    negations: list[tuple[int, int]]
    """(start, end) of each negation, in order."""
    cancels: list[int]
    """The end of each cancel, in order."""

    @classmethod
    def of(cls, rules: _Rules, stretch: str, start: int, end: int) -> _Clause:
        return cls(
            [m.span() for m in rules.exempt.finditer(stretch, start, end)],
            [m.end() for m in rules.cancels.finditer(stretch, start, end)],
        )

    def negated(self, request: re.Match[str]) -> bool:
        """Whether a negation before the request ends makes it harmless: one with no cancel
        ("forget", "unless") between it and the request."""
        last = bisect_right(self.cancels, request.start())
        after = self.cancels[last - 1] if last else -1
        first = bisect_left(self.negations, (after, after))
        return first < len(self.negations) and self.negations[first][1] <= request.end()


SENDER_REACH = 40
"""How far before a sending verb its subject may start: "the system will"."""


def _sent_by_us(
    rules: _Rules, lang: _Compiled, stretch: str, start: int, request: re.Match[str]
) -> bool:
    """ "We will send you an OTP": the company sends the secret, nobody asks for it."""
    if lang.senders is None or not rules.sends.match(request.group()):
        return False
    reach = request.start() - SENDER_REACH
    if reach <= start:  # the subject may begin the clause
        return bool(lang.senders.search(stretch[start : request.start()]))
    return bool(lang.senders.search(stretch, reach, request.start()))  # "^" is no match here
