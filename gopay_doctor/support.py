"""What an export adds to a result: a header (when, which flow, which language) and a
draft message to support that the user can paste into an email or chat.

The draft says what happens (the questions and the answers given) and leaves
``[placeholders]`` for since when, what was already tried and what is needed. It never
asks for a PIN, OTP, password or card number, and it tells the user not to add them.
Everything here is pure: the same result always gives the same text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from gopay_doctor.clock import from_iso
from gopay_doctor.i18n import LANG_NAMES, label

if TYPE_CHECKING:
    from gopay_doctor.result import Result

_BODY_BEFORE = ("msg_greeting", "", "msg_what")
_BODY_AFTER = (
    "msg_describe",
    "",
    "msg_since",
    "msg_tried",
    "msg_need",
    "msg_transaction",
    "msg_evidence",
    "",
    "msg_safe",
    "",
    "msg_thanks",
    "msg_signature",
)


class SupportMessage(NamedTuple):
    """A draft message to support, in the result's language."""

    subject: str
    body: str
    """Lines separated by ``\\n``; parts to fill in are in ``[brackets]``."""
    note: str
    """For the user, not for support: fill in the brackets, never add secrets."""


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) as one space."""
    return " ".join(text.split())


def draft(result: Result) -> SupportMessage:
    """The message to support for ``result``."""
    lang = result.lang
    happens = [f"- {one_line(e.text)} {one_line(e.label)}" for e in result.transcript]
    lines = [
        *(label(key, lang) if key else "" for key in _BODY_BEFORE),
        *happens,
        *(label(key, lang) if key else "" for key in _BODY_AFTER),
    ]
    return SupportMessage(
        subject=label("msg_subject", lang),
        body="\n".join(lines),
        note=label("msg_note", lang),
    )


def made_at(result: Result) -> str:
    """When the result was made, for people: ``2026-11-25 14:32 UTC+07:00`` (or nothing)."""
    if not result.created_at:
        return ""
    moment = from_iso(result.created_at)  # read results are checked to have an offset
    offset = moment.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:5]}" if offset else ""
    return f"{moment:%Y-%m-%d %H:%M} {zone}".rstrip()


class HeaderRow(NamedTuple):
    key: str
    """made, flow or language."""
    name: str
    value: str


def header(result: Result) -> list[HeaderRow]:
    """The export's header: when it was made, which flow, which language."""
    lang = result.lang
    flow = result.flow
    rows = [
        HeaderRow("made", label("made", lang), made_at(result)),
        HeaderRow(
            "flow",
            label("flow", lang),
            f"{flow.title} ({flow.id}, {label('version', lang)} {flow.version})",
        ),
        HeaderRow("language", label("language", lang), f"{LANG_NAMES.get(lang, lang)} ({lang})"),
    ]
    return [row for row in rows if row.value]
