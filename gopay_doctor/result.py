"""The result of a diagnosis: what every renderer shows and what ``--format json`` prints.

``Result.to_dict()`` is the documented JSON document (see the README, "JSON output"),
with the draft message to support (:func:`draft`), which the user can paste into an email
or chat. Its ``schema_version`` changes only when a key is removed or changes meaning;
new keys may be added within a version.

The draft says what happens in the user's own words (the flow's ``says`` of each
answer), what the automatic checks found and, after a date question with a deadline, the
due date; it has no ``[placeholders]``: its note says
what the user may add. It never asks for a PIN, OTP, password or card number, and it
tells the user not to add them.
Everything here is pure: the same result always gives the same text.
"""

from typing import Annotated, Any

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


class SourceItem(_Item, frozen=True, kw_only=True):
    """An official page behind what an item says, in the result's language."""

    url: str
    verified_on: Annotated[
        str,
        msgspec.Meta(description="When the page was last read and found to say so (YYYY-MM-DD)."),
    ]


class OutcomeInfo(_Item, frozen=True, kw_only=True):
    id: str
    title: str
    summary: str
    sources: list[SourceItem] = []


class HolidayItem(_Item, frozen=True, kw_only=True):
    """A public holiday skipped on the way to a due date."""

    date: Annotated[str, msgspec.Meta(description="Its date (YYYY-MM-DD).")]
    name: Annotated[str, msgspec.Meta(description="Its name, in the result's language.")]
    expected: Annotated[
        bool,
        msgspec.Meta(
            description="Its date is an estimate (no decree has fixed it yet): shown as expected."
        ),
    ]


class DeadlineItem(_Item, frozen=True, kw_only=True):
    """When what a date question's answer started should be done, and whether that has passed."""

    question: Annotated[str, msgspec.Meta(description="The date question it was computed from.")]
    date: Annotated[str, msgspec.Meta(description="The date answered (YYYY-MM-DD).")]
    due: Annotated[str, msgspec.Meta(description="The due date (YYYY-MM-DD).")]
    working_days: Annotated[
        int | None,
        msgspec.Meta(
            description="Indonesian working days counted after the date (weekends and public holidays skipped), or null."
        ),
    ]
    days: Annotated[
        int | None, msgspec.Meta(description="Calendar days counted after the date, or null.")
    ]
    overdue: Annotated[
        bool, msgspec.Meta(description="Whether today (in Jakarta) is after the due date.")
    ]
    text: Annotated[
        str,
        msgspec.Meta(
            description="What it means, with the dates written out in the result's language."
        ),
    ]
    holidays: Annotated[
        list[HolidayItem],
        msgspec.Meta(description="The public holidays skipped on the way to the due date."),
    ] = []
    sources: Annotated[
        list[SourceItem], msgspec.Meta(description="The official pages that state the rule.")
    ] = []


class ProposedAnswer(_Item, frozen=True, kw_only=True):
    """What a question's automatic check proposed."""

    answer: str | list[str]
    label: str
    reason: Annotated[str | None, msgspec.Meta(description="Why the check proposed it.")] = None


class TranscriptEntry(_Item, frozen=True, kw_only=True):
    question: str
    text: str
    answer: str | list[str]
    label: str
    says: Annotated[
        list[str],
        msgspec.Meta(
            description="The answer in the user's own words (the flow's ``says`` of each chosen value), for the message to support; empty when the flow has none."
        ),
    ] = []
    source: Annotated[str, msgspec.Meta(description="given, default, prompt or auto.")]
    reason: Annotated[
        str | None,
        msgspec.Meta(
            description="Why an automatic check proposed this very answer: it answered (source auto), or the person kept its proposal (source prompt)."
        ),
    ] = None
    proposed: Annotated[
        ProposedAnswer | None,
        msgspec.Meta(
            description="What the question's automatic check proposed, when one did: kept when it is ``answer``, else changed by the person."
        ),
    ] = None


class CauseItem(_Item, frozen=True, kw_only=True):
    id: str
    title: str
    explanation: str
    weight: int
    sources: list[SourceItem] = []


class StepItem(_Item, frozen=True, kw_only=True):
    id: str
    text: str
    detail: str
    category: str
    urgent: bool
    sources: list[SourceItem] = []


class ChannelItem(_Item, frozen=True, kw_only=True):
    id: str
    name: str
    how: str
    url: str | None
    official: bool
    sources: list[SourceItem] = []


class NoticeItem(_Item, frozen=True, kw_only=True):
    id: str
    text: str
    sources: list[SourceItem] = []


class Result(_Item, frozen=True, kw_only=True):
    """Everything a diagnosis found, with every text already in ``lang``."""

    schema_version: int = SCHEMA_VERSION
    created_at: Annotated[
        str | None,
        msgspec.Meta(
            description="When the result was made (ISO 8601 with the UTC offset); set by the command layer."
        ),
    ] = None
    flow: FlowInfo
    lang: str
    outcome: OutcomeInfo
    deadline: Annotated[
        DeadlineItem | None,
        msgspec.Meta(
            description="The due date computed from a date question's answer (the last one on the path with a deadline), or null."
        ),
    ] = None
    answers: dict[str, str | list[str]]
    transcript: list[TranscriptEntry]
    causes: list[CauseItem]
    steps: list[StepItem]
    channels: list[ChannelItem]
    notices: list[NoticeItem]

    def to_dict(self) -> dict[str, Any]:
        """The JSON document, as plain Python data, with the draft message to support."""
        data: dict[str, Any] = msgspec.to_builtins(self.document())
        return data

    def document(self) -> "ResultDocument":
        """The ``--format json`` document as a record: this result and its message to support."""
        fields = {name: getattr(self, name) for name in Result.__struct_fields__}
        return ResultDocument(**fields, support_message=draft(self))

    @classmethod
    def from_dict(cls, data: Any) -> "Result":
        """Read a document made by :meth:`to_dict` (raises ``msgspec.ValidationError``)."""
        return msgspec.convert(data, cls)

    @property
    def urgent_steps(self) -> list[StepItem]:
        return [s for s in self.steps if s.urgent]


class SupportMessage(_Item, frozen=True, kw_only=True):
    """A draft message to support, in the result's language."""

    subject: Annotated[str, msgspec.Meta(description="The subject line of an e-mail.")]
    body: Annotated[str, msgspec.Meta(description="The message, lines separated by a newline.")]
    note: Annotated[
        str,
        msgspec.Meta(
            description="For the user, not for support: what to add, and never to add a PIN or code."
        ),
    ]


class ResultDocument(Result, frozen=True, kw_only=True):
    """The ``--format json`` document: a result and the message to support made from it."""

    support_message: Annotated[
        SupportMessage,
        msgspec.Meta(
            description="A draft message to support, made from the rest of the document (ignored when a document is read back)."
        ),
    ]


def draft(result: Result) -> SupportMessage:
    """The message to support for ``result``, as its user would write it: what happens, in
    short first-person sentences made from the answers (the flow's ``says``; the question
    and the answer where it has none), what the automatic checks found, the due date of a
    deadline, and that no secret is in it. Nothing in it waits to be filled in; the note says what the user may add."""
    lang = result.lang
    happens: list[str] = []
    for entry in result.transcript:
        happens.extend(
            [_one_line(s) for s in entry.says]
            or [f"{_one_line(entry.text)} {_one_line(entry.label)}"]
        )
        if entry.reason:  # what a check found for this question, kept or changed
            happens.append(label("msg_check", lang).format(reason=_one_line(entry.reason)))
    if result.deadline is not None:  # the due date, as the official page counts it
        happens.append(_one_line(result.deadline.text))
    lines = [
        label("msg_greeting", lang),
        "",
        label("msg_what", lang),
        *happens,
        "",
        label("msg_safe", lang),
        "",
        label("msg_thanks", lang),
    ]
    return SupportMessage(
        subject=label("msg_subject", lang),
        body="\n".join(lines),
        note=label("msg_note", lang),
    )


def _one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) as one space."""
    return " ".join(text.split())
