"""Does a text hold a contact detail? The rule behind ``flows check`` [contact-detail].

Texts should say where the official contacts are, not quote them: numbers and
addresses change, and fake ones are a common scam. The rule looks for e-mail
addresses, web addresses (``www.``, ``https://``), account handles (``@name``) and
phone numbers, written with or without spaces, dots, dashes and parentheses
("0812 3456 7890", "+62 21 1234 5678", "(021) 1234-5678", "1500-123"). A web address on
GoPay's or Gojek's own sites (``www.gojek.com``, ``https://www.gojek.com/id-id/help/``,
read as strictly as :func:`~gopay_doctor.contract.official.is_official` reads a source) is
where the official contacts are, not a contact to fear: it passes.

Numbers that are not phone numbers are set aside first: dates ("2026-11-11",
"12.12.2026", "11/11/2026"), times ("19:40", "19.40 WIB"), twin-date sales ("11.11"),
and amounts ("Rp 1.500.000", "1,500,000", "1.500.000 rupiah").

Every pattern reads a run of characters once from its start (none can begin inside a
run it could have begun earlier), so a long text costs time in proportion to its length.
"""

from __future__ import annotations

import re

from gopay_doctor.contract.official import is_official
from gopay_doctor.plaintext import quoted

PHONE_DIGITS = 7
"""A phone number has at least this many digits ("1500-123"); fewer is a count or a year."""

_NOT_PHONES = re.compile(
    "|".join(
        (
            # dates, with an optional time: 2026-11-11, 2026-11-11T19:40, 2026/11/11
            r"(?<![\d.])\d{4}([-/])\d{1,2}\1\d{1,2}(?:[T ]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?(?![\d])",
            # 12.12.2026, 11/11/2026, 1-1-2027
            r"(?<![\d.])\d{1,2}([./-])\d{1,2}\2\d{4}(?![\d]|\.\d)",
            # times: 19:40, 19:40:05, 19.40 WIB
            r"(?<![\d.:])\d{1,2}:\d{2}(?::\d{2})?(?![\d])",
            r"(?<![\d.])\d{1,2}\.\d{2}(?=\s?(?:WIB|WITA|WIT)\b)",
            # twin-date sales: 9.9, 10.10, 11.11, 12.12
            r"(?<![\d.])(\d{1,2})\.\3(?![\d]|\.\d)",
            # amounts: Rp 1.500.000, IDR 25,000, 1.500.000 rupiah, 1,500,000.50
            r"(?i:\b(?:rp|idr)\.?\s?\d[\d.,]*)",
            r"(?i:(?<![\d.,])\d[\d.,]*\s?(?:(?:rupiah|ribu|juta|miliar)\b|元))",
            r"(?<![\d.,])\d{1,3}([.,])\d{3}(?:\4\d{3})*(?:[.,]\d{1,2})?(?![\d]|[.,]\d)",
        )
    )
)
"""Numbers that are something else: they are blanked out before phone numbers are sought."""

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEB = re.compile(r"(?i:\bhttps?://[^\s<>\"']+|(?<![\w.-])www\.[\w-]+(?:\.[\w-]+)+)")
_HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_.]{3,}")
_ADDRESSES = (
    (_EMAIL, "an email address"),
    (_WEB, "a web address"),
    (_HANDLE, "an account handle"),
)
_PHONE = re.compile(r"(?<![\dA-Za-z_+.])\+?(?:\(\d+\) ?)?\d+(?:(?:[ .\-/]|\) ?)\(?\d+)*")
"""Digit groups joined by one space, dot, dash or slash, with an optional "+" and
parenthesised area code: each group is read once, so a run of digits cannot backtrack."""


def contact_detail(text: str) -> str | None:
    """What ``text`` holds that looks like a contact detail, described, or None.

    Every text shown is judged when it is loaded, so a pattern is only tried when the
    text has what it needs: an "@" for e-mail addresses and handles, "://" or "www."
    for web addresses, :data:`PHONE_DIGITS` digits for a phone number.
    """
    at = "@" in text
    web = "://" in text or "www." in text.lower()
    for pattern, kind in _ADDRESSES:
        if not (web if pattern is _WEB else at):
            continue
        for found in pattern.finditer(text):
            address = found.group().rstrip(".,;:!?)")
            if pattern is _WEB and _official_site(address):
                continue
            return f"{kind} ({quoted(address)})"
    if sum(map(str.isdecimal, text)) < PHONE_DIGITS:
        return None
    blanked = _NOT_PHONES.sub(lambda m: "_" * len(m.group()), text)
    for match in _PHONE.finditer(blanked):
        number = match.group()
        if sum(c.isdigit() for c in number) >= PHONE_DIGITS:
            return f"a phone number ({quoted(number)})"
    return None


def _official_site(address: str) -> bool:
    """Whether a web address found in a text is on the official sites (``www.gojek.com``
    is read as ``https://www.gojek.com``)."""
    return is_official(address if "://" in address else "https://" + address)
