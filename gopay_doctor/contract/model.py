"""The flow contract: every record a flow or catalog file may hold.

These frozen records are the single source of truth for the file format. The loader
validates YAML against them, and ``gopay-doctor flows schema`` derives the published JSON
Schema from them.
"""

import datetime
from typing import Annotated, Literal

import msgspec

PathPart = str | int
DataPath = tuple[PathPart, ...]
"""Where a value is in a file's data: the keys and list indexes that lead to it."""

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"

Id = Annotated[
    str,
    msgspec.Meta(
        pattern=ID_PATTERN,
        max_length=64,
        description="A stable machine id: lower-case letters, digits and hyphens.",
    ),
]
LangCode = Annotated[
    str, msgspec.Meta(pattern=LANG_PATTERN, description="A language code such as en, id or zh.")
]
Text = str | dict[LangCode, str]
"""User-visible text: one string, or a mapping of language code to text."""

Weight = Annotated[int, msgspec.Meta(ge=1, le=100, description="How strongly a path points to it.")]
QuestionKind = Literal["select", "confirm", "checkbox", "date"]
StepCategory = Literal["fund-safety", "contact", "self-help", "prevention"]
CheckName = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[a-z]+\.[a-z-]+$",
        description="An automatic check that proposes the answer, such as clock.peak.",
    ),
]
HttpsUrl = Annotated[str, msgspec.Meta(pattern=r"""^https://[^\s<>"'`\\]+$""", max_length=300)]
"""An https address without spaces, angle brackets, quotes, backticks or backslashes. (Every
pattern here is also valid in JavaScript with the ``u`` flag, as JSON Schema and editors
need: no escape before a character that needs none, such as ``\\"``.)"""
LocalizedUrl = HttpsUrl | dict[LangCode, HttpsUrl]
"""An https address, or a mapping of language code to the address of that language's page."""

STEP_CATEGORIES: tuple[StepCategory, ...] = ("fund-safety", "contact", "self-help", "prevention")
CONFIRM_VALUES = ("yes", "no")
PLACEHOLDERS = ("date", "due")
"""The placeholders a date question's ``says`` and its deadline's texts may hold: ``{date}``
(the answer) and ``{due}`` (the due date), each written out in the text's language."""


class Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every record: immutable, keyword-only, unknown keys refused."""


class Source(Record, frozen=True, kw_only=True):
    """An official page that backs what an entry says about GoPay or Gojek."""

    url: Annotated[
        LocalizedUrl,
        msgspec.Meta(
            description="The page: one https address, or one per language (zh and others fall back to en)."
        ),
    ]
    verified_on: Annotated[
        datetime.date,
        msgspec.Meta(description="When the page was last read and found to say so (YYYY-MM-DD)."),
    ]


Sources = Annotated[
    list[Source],
    msgspec.Meta(description="Official pages that back what the entry says about GoPay or Gojek."),
]


class Contributions(Record, frozen=True, kw_only=True):
    """What a choice or an outcome adds to the result."""

    causes: Annotated[
        dict[Id, Weight],
        msgspec.Meta(description="Cause ids with the weight this answer gives them."),
    ] = {}
    steps: Annotated[list[Id], msgspec.Meta(description="Step ids to recommend.")] = []
    channels: Annotated[list[Id], msgspec.Meta(description="Channel ids to offer.")] = []


class Choice(Contributions, frozen=True, kw_only=True):
    """One possible answer to a question."""

    value: Annotated[
        Id, msgspec.Meta(description="The stable machine value scripts pass with --answer.")
    ]
    label: Annotated[
        Text | None,
        msgspec.Meta(
            description="What the user sees; optional only for confirm questions (Yes / No)."
        ),
    ] = None
    next: Annotated[
        Id | None, msgspec.Meta(description="The question or outcome that follows this answer.")
    ] = None
    exclusive: Annotated[
        bool,
        msgspec.Meta(
            description='Checkbox questions only: this choice cannot be ticked with others (such as "None of these").'
        ),
    ] = False
    says: Annotated[
        Text | None,
        msgspec.Meta(
            description="This answer in the user's own words, one short first-person sentence "
            'for the message to support (such as "My phone was stolen."); without it the '
            "message quotes the question and the answer."
        ),
    ] = None


class Deadline(Record, frozen=True, kw_only=True):
    """When what a date question's transaction started should be done (the money back, the
    top-up credited), counted from the date answered, as an official page states it."""

    working_days: (
        Annotated[
            int,
            msgspec.Meta(
                ge=1,
                le=60,
                description="Indonesian working days counted after the date (Saturdays, "
                "Sundays and public holidays skipped); give this or days.",
            ),
        ]
        | None
    ) = None
    days: (
        Annotated[
            int,
            msgspec.Meta(
                ge=1, le=365, description="Calendar days counted after the date; or working_days."
            ),
        ]
        | None
    ) = None
    before: Annotated[
        Text,
        msgspec.Meta(
            description="Said while the due date has not passed, such as "
            '"The money should arrive by {due}." ({date}: the answer, {due}: the due date).'
        ),
    ]
    after: Annotated[
        Text,
        msgspec.Meta(
            description="Said once today is after the due date, such as "
            '"The money should have arrived by {due}."'
        ),
    ]
    sources: Annotated[
        list[Source],
        msgspec.Meta(
            min_length=1,
            description="The official pages that state the rule (a deadline says what GoPay does).",
        ),
    ]


class Question(Record, frozen=True, kw_only=True):
    """One question of a flow."""

    kind: Annotated[
        QuestionKind,
        msgspec.Meta(
            description="select (pick one), confirm (yes or no), checkbox (tick several) or "
            "date (a calendar date, YYYY-MM-DD)."
        ),
    ]
    text: Annotated[Text, msgspec.Meta(description="The question as the user reads it.")]
    help: Annotated[Text | None, msgspec.Meta(description="A hint shown under the question.")] = (
        None
    )
    choices: Annotated[
        list[Choice],
        msgspec.Meta(
            description="The possible answers, in the order they are shown; required for "
            "every kind but date, which has none.",
            min_length=1,
        ),
    ] = []
    next: Annotated[
        Id | None,
        msgspec.Meta(
            description="Where every choice without its own next goes (for a date question: "
            "where the answer leads while its due date has not passed, or always without a "
            "deadline)."
        ),
    ] = None
    default: Annotated[
        Id | list[Id] | None,
        msgspec.Meta(
            description="The preselected value (a list of values for checkbox questions)."
        ),
    ] = None
    auto: Annotated[
        CheckName | None,
        msgspec.Meta(description="An automatic check that may propose the answer."),
    ] = None
    deadline: Annotated[
        Deadline | None,
        msgspec.Meta(
            description="Date questions only: the due date computed from the answer, and what "
            "to say before and after it."
        ),
    ] = None
    next_overdue: Annotated[
        Id | None,
        msgspec.Meta(
            description="Date questions with a deadline: where the answer leads once today is "
            "after the due date."
        ),
    ] = None
    says: Annotated[
        Text | None,
        msgspec.Meta(
            description="Date questions only: the answer in the user's own words for the "
            'message to support, such as "The bank took the money on {date}."'
        ),
    ] = None


class Outcome(Contributions, frozen=True, kw_only=True):
    """A place a flow can end."""

    title: Annotated[Text, msgspec.Meta(description="The verdict, in a few words.")]
    summary: Annotated[Text, msgspec.Meta(description="What it means and what to do first.")]
    sources: Annotated[
        Sources,
        msgspec.Meta(
            description="Official pages that back what the summary says about GoPay or Gojek."
        ),
    ] = []


class FlowSpec(Record, frozen=True, kw_only=True):
    """A flow file: a decision tree of questions that ends in outcomes."""

    id: Annotated[Id, msgspec.Meta(description="The flow's id; the same as its file name.")]
    version: Annotated[
        int, msgspec.Meta(ge=1, le=1_000_000, description="Bump when questions change.")
    ]
    title: Annotated[Text, msgspec.Meta(description="The flow's name.")]
    description: Annotated[Text | None, msgspec.Meta(description="What the flow helps with.")] = (
        None
    )
    start: Annotated[Id, msgspec.Meta(description="The first question.")]
    notices: Annotated[
        list[Id],
        msgspec.Meta(
            description="Notice ids shown with every result (the safety reminder).", min_length=1
        ),
    ]
    questions: Annotated[
        dict[Id, Question], msgspec.Meta(description="Every question, by id.", min_length=1)
    ]
    outcomes: Annotated[
        dict[Id, Outcome],
        msgspec.Meta(description="Every place the flow can end, by id.", min_length=1),
    ]


class Cause(Record, frozen=True, kw_only=True):
    """A likely reason why support cannot be reached."""

    title: Annotated[Text, msgspec.Meta(description="The cause, in a few words.")]
    explanation: Annotated[
        Text, msgspec.Meta(description="Why it happens and what it means for the user.")
    ]
    sources: Annotated[
        Sources,
        msgspec.Meta(description="Official pages that back what it says about GoPay or Gojek."),
    ] = []


class Step(Record, frozen=True, kw_only=True):
    """Something the user should do."""

    text: Annotated[Text, msgspec.Meta(description="What to do, in one sentence.")]
    detail: Annotated[Text | None, msgspec.Meta(description="How, or why.")] = None
    category: Annotated[
        StepCategory,
        msgspec.Meta(
            description="fund-safety, contact, self-help or prevention: how steps are grouped."
        ),
    ]
    urgent: Annotated[bool, msgspec.Meta(description="Urgent steps are shown first.")] = False
    sources: Annotated[
        Sources,
        msgspec.Meta(description="Official pages that back what it says about GoPay or Gojek."),
    ] = []


class Channel(Record, frozen=True, kw_only=True):
    """Another way to get help."""

    name: Annotated[Text, msgspec.Meta(description="The channel's name.")]
    how: Annotated[Text, msgspec.Meta(description="How to use it safely.")]
    url: Annotated[
        LocalizedUrl | None,
        msgspec.Meta(
            description="An https address (or one per language), only one that was checked to be official."
        ),
    ] = None
    official: Annotated[
        bool,
        msgspec.Meta(description="Whether GoPay runs it; unofficial channels are marked as such."),
    ] = True
    verified_on: Annotated[
        datetime.date | None,
        msgspec.Meta(
            description="When its details were last checked (YYYY-MM-DD); flows check warns after 180 days."
        ),
    ] = None
    sources: Annotated[
        Sources,
        msgspec.Meta(description="Official pages that back what it says about GoPay or Gojek."),
    ] = []


class Notice(Record, frozen=True, kw_only=True):
    """A reminder shown with every result."""

    text: Annotated[Text, msgspec.Meta(description="The reminder.")]
    sources: Annotated[
        Sources,
        msgspec.Meta(description="Official pages that back what it says about GoPay or Gojek."),
    ] = []


class Catalog(Record, frozen=True, kw_only=True):
    """Shared causes, steps, channels and notices, referenced from flows by id."""

    causes: Annotated[dict[Id, Cause], msgspec.Meta(description="Likely causes, by id.")] = {}
    steps: Annotated[dict[Id, Step], msgspec.Meta(description="Things to do, by id.")] = {}
    channels: Annotated[
        dict[Id, Channel], msgspec.Meta(description="Other ways to get help, by id.")
    ] = {}
    notices: Annotated[
        dict[Id, Notice], msgspec.Meta(description="Reminders shown with every result, by id.")
    ] = {}


class Flow(msgspec.Struct, frozen=True, kw_only=True):
    """A validated flow with the catalog it was checked against."""

    spec: FlowSpec
    catalog: Catalog
    source: Annotated[str, msgspec.Meta(description="Where the flow file came from (a path).")]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def version(self) -> int:
        return self.spec.version
