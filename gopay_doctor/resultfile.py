"""Reading a saved ``--format json`` result back, checked, for ``gopay-doctor export``.

The file is JSON, read within the same 8 MiB limit as every input. Problems are
reported as ``FILE:LINE:COL: message`` (exit status 2). Versions: ``schema_version`` 1
is read (keys added later within version 1 are ignored); a newer version is refused
with a request to upgrade; anything else is refused as not a gopay-doctor result.

What an export shows must be text: a lone surrogate escape (``"\\ud800"``, half of a
character) in a key or a value is refused where it is written. And it must be safe: a
text that asks for a PIN, OTP, password or card number is refused under the same rule
as in a flow ([asks-for-secret]), since a result is only as trustworthy as the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

from gopay_doctor.clock import from_iso
from gopay_doctor.contract.files import read_file, read_stream
from gopay_doctor.contract.model import STEP_CATEGORIES
from gopay_doctor.contract.rules import Rule
from gopay_doctor.contract.safety import SECRET_ADVICE, asks
from gopay_doctor.contract.yamlsafe import load_yaml
from gopay_doctor.errors import FileProblems, GopayDoctorError, Problem
from gopay_doctor.i18n import LANGS
from gopay_doctor.result import Result, version_problem

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
        try:
            return load_yaml(self.text.encode("utf-8"), self.name).position(path)
        except GopayDoctorError:  # JSON the YAML loader cannot read, such as \\ud83d\\ude00
            stripped = self.text.lstrip()
            before = self.text[: len(self.text) - len(stripped)]
            return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1

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
        except ValueError as exc:  # numbers with too many digits
            raise self.fail((), f"not valid JSON: {exc}") from None
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
            raise self.fail(where, f"schema_version must be a whole number, got {version!r}")
        problem = version_problem(version, "export it")
        if problem is not None:
            raise self.fail(where, problem)

    def check_values(self, result: Result) -> None:
        """What the types alone do not say: a known language, a real time, known categories."""
        if result.lang not in LANGS:
            raise self.fail(
                ("lang",), f"unknown language {result.lang!r}; expected one of: {', '.join(LANGS)}"
            )
        if result.created_at is not None and not _is_aware_time(result.created_at):
            raise self.fail(
                ("created_at",),
                "created_at must be an ISO 8601 date and time with a UTC offset, "
                f"got {result.created_at!r}",
            )
        for index, step in enumerate(result.steps):
            if step.category not in STEP_CATEGORIES:
                raise self.fail(
                    ("steps", index, "category"),
                    f"unknown step category {step.category!r}; expected one of: "
                    + ", ".join(STEP_CATEGORIES),
                )
        problems = []
        for path, text in _texts(result):
            words = asks(text)
            if words is not None:
                line, column = self.position(path)
                message = f"this text asks for a secret ({words!r}): {SECRET_ADVICE}"
                problems.append(
                    Problem(self.name, line, column, message, rule=Rule.ASKS_FOR_SECRET)
                )
        if problems:
            raise FileProblems(problems)


_NOT_A_RESULT = "not a gopay-doctor result: expected the output of --format json"


def _texts(result: Result) -> list[tuple[_DataPath, str]]:
    """Every text an export shows, with its path in the document."""
    found: list[tuple[_DataPath, str]] = [
        (("flow", "title"), result.flow.title),
        (("outcome", "title"), result.outcome.title),
        (("outcome", "summary"), result.outcome.summary),
    ]
    parts: list[tuple[str, list[Any], tuple[str, ...]]] = [
        ("transcript", result.transcript, ("text", "label", "reason")),
        ("causes", result.causes, ("title", "explanation")),
        ("steps", result.steps, ("text", "detail")),
        ("channels", result.channels, ("name", "how")),
        ("notices", result.notices, ("text",)),
    ]
    for section, items, fields in parts:
        for index, item in enumerate(items):
            for name in fields:
                value = getattr(item, name)
                if isinstance(value, str):
                    found.append(((section, index, name), value))
    return found


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
    for key, index, _, quoted in _PATH_PART.findall(found.group(1)[1:]):
        path.append(int(index) if index else key or quoted)
    shown = f"{message[: found.start()]} (at {found.group(1)})".replace("`", "")
    return shown, tuple(path)
