"""The result of a diagnosis: what every renderer shows and what ``--format json`` prints.

``Result.to_dict()`` is the documented JSON document (see the README, "JSON output"),
with the draft message to support (:func:`draft`), which the user can paste into an email
or chat. Its ``schema_version`` changes only when a key is removed or changes meaning;
new keys may be added within a version.

The draft says what happens (the questions and the answers given) and leaves
``[placeholders]`` for since when, what was already tried and what is needed. It never
asks for a PIN, OTP, password or card number, and it tells the user not to add them.
Everything here is pure: the same result always gives the same text.
"""

from typing import Any, NamedTuple

import msgspec

from gopay_doctor.i18n import label

SCHEMA_VERSION = 1


def version_problem(version: int, use: str) -> str | None:
    """Why a saved result of ``schema_version`` ``version`` cannot be read, or None; ``use``
    is what the user wanted to do with it ("export it")."""
    if version > SCHEMA_VERSION:
        return (
            f"schema_version {version} is newer than this gopay-doctor can read "
            f"({SCHEMA_VERSION}); upgrade gopay-doctor to {use}"
        )
    if version != SCHEMA_VERSION:
        return f"unknown schema_version {version}; this gopay-doctor reads schema_version {SCHEMA_VERSION}"
    return None


class _Item(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=False):
    pass


class FlowInfo(_Item, frozen=True, kw_only=True):
    id: str
    version: int
    title: str


class OutcomeInfo(_Item, frozen=True, kw_only=True):
    id: str
    title: str
    summary: str


class TranscriptEntry(_Item, frozen=True, kw_only=True):
    question: str
    text: str
    answer: str | list[str]
    label: str
    source: str
    """given, default, prompt or auto."""
    reason: str | None = None
    """Why an automatic check proposed the answer (source auto only)."""


class CauseItem(_Item, frozen=True, kw_only=True):
    id: str
    title: str
    explanation: str
    weight: int


class StepItem(_Item, frozen=True, kw_only=True):
    id: str
    text: str
    detail: str
    category: str
    urgent: bool


class ChannelItem(_Item, frozen=True, kw_only=True):
    id: str
    name: str
    how: str
    url: str | None
    official: bool


class NoticeItem(_Item, frozen=True, kw_only=True):
    id: str
    text: str


class Result(_Item, frozen=True, kw_only=True):
    """Everything a diagnosis found, with every text already in ``lang``."""

    schema_version: int = SCHEMA_VERSION
    created_at: str | None = None
    """When the result was made (ISO 8601 with the UTC offset); set by the command layer."""
    flow: FlowInfo
    lang: str
    outcome: OutcomeInfo
    answers: dict[str, str | list[str]]
    transcript: list[TranscriptEntry]
    causes: list[CauseItem]
    steps: list[StepItem]
    channels: list[ChannelItem]
    notices: list[NoticeItem]

    def to_dict(self) -> dict[str, Any]:
        """The JSON document, as plain Python data, with the draft message to support."""
        data: dict[str, Any] = msgspec.to_builtins(self)
        data["support_message"] = draft(self)._asdict()
        return data

    @classmethod
    def from_dict(cls, data: Any) -> "Result":
        """Read a document made by :meth:`to_dict` (raises ``msgspec.ValidationError``)."""
        return msgspec.convert(data, cls)

    @property
    def urgent_steps(self) -> list[StepItem]:
        return [s for s in self.steps if s.urgent]


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


def draft(result: Result) -> SupportMessage:
    """The message to support for ``result``."""
    lang = result.lang
    happens = [f"- {_one_line(e.text)} {_one_line(e.label)}" for e in result.transcript]
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


def _one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) as one space."""
    return " ".join(text.split())
