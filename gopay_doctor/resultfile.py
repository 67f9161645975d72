"""Reading a saved ``--format json`` result back, checked, for ``gopay-doctor export``.

The file is JSON, read within the same 8 MiB limit as every input. Problems are
reported as ``FILE:LINE:COL: message`` (exit status 2). Versions: ``schema_version`` 1
is read (keys added later within version 1 are ignored); a newer version is refused
with a request to upgrade; anything else is refused as not a gopay-doctor result.

What an export shows must be text: a lone surrogate escape (``"\\ud800"``, half of a
character) in a key or a value is refused where it is written. And it must be safe, since
a result is only as trustworthy as the file: every text and every address is held to the
rules a flow is held to, with the same lines ([asks-for-secret], [contact-detail]:
:func:`~gopay_doctor.contract.safety.findings`; [unofficial-source], [unofficial-link]:
:mod:`~gopay_doctor.contract.official`), so an edited result cannot show a request for a
code, a phone number no official page backs, or a stranger's page as official.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import msgspec

from gopay_doctor.answers import parse_date
from gopay_doctor.clock import from_iso
from gopay_doctor.contract.files import read_file, read_stream
from gopay_doctor.contract.model import ID_PATTERN, STEP_CATEGORIES
from gopay_doctor.contract.official import is_official, unofficial_link, unofficial_source
from gopay_doctor.contract.rules import Rule
from gopay_doctor.contract.safety import Entry, Finding, findings
from gopay_doctor.contract.yamlsafe import load_yaml
from gopay_doctor.errors import FileProblems, GopayDoctorError, Problem
from gopay_doctor.i18n import LANGS
from gopay_doctor.plaintext import quoted
from gopay_doctor.result import Result, version_problem

if TYPE_CHECKING:
    from gopay_doctor.contract.yamlsafe import Document

_DataPath = tuple[str | int, ...]
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)
_MSGSPEC_PATH = re.compile(r"\s*-\s*at\s*`(\$[^`]*)`$")
_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[(['\"])(.*?)\3\]")


def read_result(source: str, *, stdin: BinaryIO | None = None) -> Result:
    """The result saved in ``source`` (``-`` reads standard input), checked."""
    if source == "-":
        name, data = "<stdin>", read_stream(stdin, "RESULT -")
    else:
        name, data = source, read_file(Path(source), source)
    return _ResultText(name, _decode(data, name)).result()


def _decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start_of_line = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start_of_line : exc.start].decode("utf-8", "replace")) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise FileProblems(
            [Problem(name, line, column, f"not valid UTF-8 (byte 0x{bad})")]
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


class _ResultText:
    """One saved result's text: parsed, checked, and able to point at any part of itself."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text

    def fail(self, path: _DataPath, message: str) -> FileProblems:
        line, column = self.position(path)
        return FileProblems([Problem(self.name, line, column, message)])

    def at_offset(self, offset: int, message: str) -> FileProblems:
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return FileProblems([Problem(self.name, line, column, message)])

    def position(self, path: _DataPath) -> tuple[int, int]:
        """Where ``path`` is, found with the YAML loader (JSON is YAML); else the first value."""
        if self._document is not None:
            return self._document.position(path)
        stripped = self.text.lstrip()
        before = self.text[: len(self.text) - len(stripped)]
        return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1

    @cached_property
    def _document(self) -> Document | None:
        """The text parsed by the YAML loader, for positions: once, however many problems."""
        try:
            return load_yaml(self.text.encode("utf-8"), self.name)
        except GopayDoctorError:  # JSON the YAML loader cannot read, such as \\ud83d\\ude00
            return None

    def result(self) -> Result:
        data = self.parse()
        self.check_version(data)

        try:
            result = Result.from_dict(data)
        except msgspec.ValidationError as exc:
            message, path = _split_msgspec(str(exc))
            raise self.fail(path, f"not a valid result: {message}") from None
        self.check_values(result)
        return result

    def parse(self) -> dict[str, Any]:
        try:
            data = json.loads(self.text)
        except json.JSONDecodeError as exc:
            raise FileProblems(
                [Problem(self.name, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")]
            ) from None
        except RecursionError:
            raise self.fail((), "not valid JSON: nested too deeply") from None
        except ValueError:  # a number of more digits than int() reads (4,300)
            raise self.fail((), "not valid JSON: a number has more than 4300 digits") from None
        if not isinstance(data, dict):
            raise self.fail((), _NOT_A_RESULT)
        if _has_surrogate(data):
            offset = _lone_surrogate(self.text)
            message = "this \\u escape is half of a character (a lone surrogate), not text"
            if offset is not None:
                raise self.at_offset(offset, message)
            raise self.fail((), message)  # pragma: no cover - every lone surrogate is an escape
        return data

    def check_version(self, data: dict[str, Any]) -> None:
        if "schema_version" not in data:
            raise self.fail((), _NOT_A_RESULT + " (it has no schema_version)")
        version = data["schema_version"]
        where = ("schema_version",)
        if not isinstance(version, int) or isinstance(version, bool):
            raise self.fail(where, f"schema_version must be a whole number, got {quoted(version)}")
        problem = version_problem(version, "export it")
        if problem is not None:
            raise self.fail(where, problem)

    def check_values(self, result: Result) -> None:
        """What the types alone do not say: a known language, a real time, known categories,
        a flow id that is an id (the header shows it); then the safety rules."""
        if result.lang not in LANGS:
            raise self.fail(
                ("lang",),
                f"unknown language {quoted(result.lang)}; expected one of: {', '.join(LANGS)}",
            )
        if not re.fullmatch(ID_PATTERN, result.flow.id) or len(result.flow.id) > 64:
            raise self.fail(
                ("flow", "id"),
                f"flow id {quoted(result.flow.id)} is not an id: lower-case letters, digits "
                "and hyphens, starting with a letter or digit",
            )
        if result.created_at is not None and not _is_aware_time(result.created_at):
            raise self.fail(
                ("created_at",),
                "created_at must be an ISO 8601 date and time with a UTC offset, "
                f"got {quoted(result.created_at)}",
            )
        for index, step in enumerate(result.steps):
            if step.category not in STEP_CATEGORIES:
                raise self.fail(
                    ("steps", index, "category"),
                    f"unknown step category {quoted(step.category)}; expected one of: "
                    + ", ".join(STEP_CATEGORIES),
                )
        for where, value in _dates(result):
            if parse_date(value) is None:
                raise self.fail(
                    where, f"{where[-1]} must be a date (YYYY-MM-DD), got {quoted(value)}"
                )
        found = [*findings(_entries(result)), *_unofficial(result)]
        if found:
            raise FileProblems(self.problem(f) for f in found)

    def problem(self, finding: Finding) -> Problem:
        line, column = self.position(finding.path)
        return Problem(self.name, line, column, finding.message, rule=finding.rule)


_NOT_A_RESULT = "not a gopay-doctor result: expected the output of --format json"


def _entries(result: Result) -> Iterator[Entry]:
    """Every text an export shows, with its path in the document and the sources of the
    item it belongs to (None where an item takes none: the flow's title, the transcript)."""
    yield Entry(("flow", "title"), result.flow.title, None)
    outcome = result.outcome
    yield Entry(("outcome", "title"), outcome.title, outcome.sources)
    yield Entry(("outcome", "summary"), outcome.summary, outcome.sources)
    parts: list[tuple[str, list[Any], tuple[str, ...]]] = [
        ("transcript", result.transcript, ("text", "label", "reason")),
        ("causes", result.causes, ("title", "explanation")),
        ("steps", result.steps, ("text", "detail")),
        ("channels", result.channels, ("name", "how")),
        ("notices", result.notices, ("text",)),
    ]
    deadline = result.deadline
    if deadline is not None:
        yield Entry(("deadline", "text"), deadline.text, deadline.sources)
        for index, holiday in enumerate(deadline.holidays):
            yield Entry(("deadline", "holidays", index, "name"), holiday.name, None)
    for section, items, fields in parts:
        for index, item in enumerate(items):
            sources = getattr(item, "sources", None)
            for name in fields:
                value = getattr(item, name)
                if isinstance(value, str):
                    yield Entry((section, index, name), value, sources)
            proposed = getattr(item, "proposed", None)
            if proposed is not None:
                for name in ("label", "reason"):
                    value = getattr(proposed, name)
                    if isinstance(value, str):
                        yield Entry((section, index, "proposed", name), value, None)
            for says, value in enumerate(getattr(item, "says", ())):
                yield Entry((section, index, "says", says), value, None)


def _unofficial(result: Result) -> Iterator[Finding]:
    """Every address an export links that is not an official page: the sources of each
    item [unofficial-source] and each channel's ``url`` [unofficial-link]."""
    items: list[tuple[_DataPath, Any]] = [(("outcome",), result.outcome)]
    if result.deadline is not None:
        items.append((("deadline",), result.deadline))
    for section in ("causes", "steps", "channels", "notices"):
        items.extend(((section, i), item) for i, item in enumerate(getattr(result, section)))
    for path, item in items:
        for index, source in enumerate(item.sources):
            if not is_official(source.url):
                where = (*path, "sources", index, "url")
                yield Finding(where, unofficial_source(source.url), Rule.UNOFFICIAL_SOURCE)
    for index, channel in enumerate(result.channels):
        if channel.url is not None and not is_official(channel.url):
            where = ("channels", index, "url")
            yield Finding(where, unofficial_link(channel.url), Rule.UNOFFICIAL_LINK)


def _dates(result: Result) -> Iterator[tuple[_DataPath, str]]:
    """Every date an export writes out (the renderers read them as dates)."""
    deadline = result.deadline
    if deadline is None:
        return
    yield ("deadline", "date"), deadline.date
    yield ("deadline", "due"), deadline.due
    for index, holiday in enumerate(deadline.holidays):
        yield ("deadline", "holidays", index, "date"), holiday.date


def _has_surrogate(data: Any) -> bool:
    if isinstance(data, str):
        return _SURROGATE.search(data) is not None
    if isinstance(data, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in data.items())
    if isinstance(data, list):
        return any(map(_has_surrogate, data))
    return False


def _lone_surrogate(text: str) -> int | None:
    """Where the first ``\\uXXXX`` escape of JSON ``text`` stands for half a character:
    a high surrogate not followed at once by a low one, or a low one on its own."""
    high: int | None = None
    high_end = -1
    for escape in _ESCAPE.finditer(text):
        code = int(escape.group(1), 16) if escape.group(1) else -1
        if high is not None and not (0xDC00 <= code <= 0xDFFF and escape.start() == high_end):
            return high
        if 0xD800 <= code <= 0xDBFF:
            high, high_end = escape.start(), escape.end()
        elif 0xDC00 <= code <= 0xDFFF and high is None:
            return escape.start()
        else:
            high = None
    return high


def _is_aware_time(text: str) -> bool:
    try:
        return from_iso(text).tzinfo is not None
    except ValueError:
        return False


def _split_msgspec(message: str) -> tuple[str, _DataPath]:
    """msgspec's message without backticks, and the data path it names (``$.steps[0].id``)."""
    found = _MSGSPEC_PATH.search(message)
    if found is None:
        return message.replace("`", ""), ()
    path: list[str | int] = []
    for key, index, _, name in _PATH_PART.findall(found.group(1)[1:]):
        path.append(int(index) if index else key or name)
    shown = f"{message[: found.start()]} (at {found.group(1)})".replace("`", "")
    return shown, tuple(path)
