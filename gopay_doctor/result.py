"""The result of a diagnosis: what every renderer shows and what ``--format json`` prints.

``Result.to_dict()`` is the documented JSON document (see the README, "JSON output").
Its ``schema_version`` changes only when a key is removed or changes meaning; new keys
may be added within a version.
"""

from typing import Any

import msgspec

SCHEMA_VERSION = 1


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
        from gopay_doctor.support import draft

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
