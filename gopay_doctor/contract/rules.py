"""Every rule a problem in a flows folder can be reported under: the one registry.

A problem names its rule (``... [unknown-id]``), and the rule says whether it is an
error or a warning. Loading a flow applies the error rules of its file and of the catalog
it is loaded with, structure, graph and the text safety rules (``asks-for-secret``,
``contact-detail``: :mod:`gopay_doctor.contract.safety`), so ``diagnose`` refuses what
``flows check`` calls an error; ``flows check`` adds the warnings, and ``flows test`` the
scenarios' rules. Code reports a problem with a member (``Rule.UNKNOWN_ID``); no rule
name is written anywhere else.
"""

from enum import Enum

ERROR = "error"
WARNING = "warning"


class Rule(str, Enum):
    """A rule, by the name problems show and ``--ignore`` takes."""

    YAML = "yaml"
    SCHEMA = "schema"
    ID_MISMATCH = "id-mismatch"
    DUPLICATE_ID = "duplicate-id"
    UNKNOWN_ID = "unknown-id"
    UNREACHABLE = "unreachable"
    LOOP = "loop"
    DEAD_END = "dead-end"
    DUPLICATE_VALUE = "duplicate-value"
    BAD_DEFAULT = "bad-default"
    CONFIRM_CHOICES = "confirm-choices"
    MISSING_LABEL = "missing-label"
    BAD_EXCLUSIVE = "bad-exclusive"
    DATE_QUESTION = "date-question"
    BAD_DEADLINE = "bad-deadline"
    BAD_PLACEHOLDER = "bad-placeholder"
    UNKNOWN_CHECK = "unknown-check"
    CHECK_VALUES = "check-values"
    ASKS_FOR_SECRET = "asks-for-secret"
    CONTACT_DETAIL = "contact-detail"
    UNOFFICIAL_SOURCE = "unofficial-source"
    BAD_ANSWER = "bad-answer"
    CHECK_DATA = "check-data"
    SCENARIO_FAILED = "scenario-failed"
    MISSING_TRANSLATION = "missing-translation"
    UNSOURCED_CLAIM = "unsourced-claim"
    STALE_CALENDAR = "stale-calendar"
    STALE_CHANNEL = "stale-channel"
    STALE_SOURCE = "stale-source"
    UNVERIFIED_URL = "unverified-url"
    UNUSED_ENTRY = "unused-entry"

    def __str__(self) -> str:
        return self.value

    @property
    def level(self) -> str:
        """``error`` (the file cannot be used) or ``warning`` (it can, but should change)."""
        return WARNING if self in _WARNINGS else ERROR


_WARNINGS = frozenset(
    {
        Rule.MISSING_TRANSLATION,
        Rule.UNSOURCED_CLAIM,
        Rule.STALE_CALENDAR,
        Rule.STALE_CHANNEL,
        Rule.STALE_SOURCE,
        Rule.UNVERIFIED_URL,
        Rule.UNUSED_ENTRY,
    }
)
