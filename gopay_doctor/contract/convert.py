"""Structural validation: plain data against the records in :mod:`gopay_doctor.contract.model`.

The happy path is one call to ``msgspec.convert``. When that fails, :func:`problems`
walks the data against the same model's type information and collects *every*
problem with its position, so an author sees all of them at once.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
from msgspec import inspect as mi

from gopay_doctor.contract.model import ID_PATTERN, LANG_PATTERN, DataPath
from gopay_doctor.contract.rules import Rule
from gopay_doctor.errors import MAX_LISTED, FileProblems, Problem, suggest
from gopay_doctor.plaintext import quoted

if TYPE_CHECKING:
    from gopay_doctor.contract.yamlsafe import Document

T = TypeVar("T")

_PATTERN_HINTS = {
    ID_PATTERN: "use lower-case letters, digits and hyphens, starting with a letter or digit",
    LANG_PATTERN: "use a language code such as en, id or zh",
}


def convert(doc: Document, model: type[T]) -> T:
    """``doc``'s data as a ``model`` record, or :class:`FileProblems` listing every problem."""
    try:
        return msgspec.convert(doc.data, model, strict=True)
    except msgspec.ValidationError as exc:
        found = list(problems(doc, model))
        if not found:  # the walker and msgspec disagree: trust msgspec's one message
            found = [doc.problem((), str(exc), rule=Rule.SCHEMA)]
        raise FileProblems(found) from None


def problems(doc: Document, model: type[Any]) -> Iterator[Problem]:
    for path, message, at_key in _walk(_info(model), doc.data, ()):
        yield doc.problem(path, message, key=at_key, rule=Rule.SCHEMA)


_INFO: dict[type[Any], mi.Type] = {}


def _info(model: type[Any]) -> mi.Type:
    if model not in _INFO:
        _INFO[model] = mi.type_info(model)
    return _INFO[model]


Found = Iterator[tuple[DataPath, str, bool]]


def _walk(info: mi.Type, value: Any, path: DataPath) -> Found:
    info = _bare(info)
    if isinstance(info, mi.UnionType):
        yield from _walk_union(info, value, path)
        return
    if not _accepts(info, value):
        yield path, f"expected {describe(info)}, got {_shown(value)}", False
        return
    if isinstance(info, mi.StructType):
        yield from _walk_struct(info, value, path)
    elif isinstance(info, mi.ListType):
        yield from _check_length(info, value, path, "item")
        for index, item in enumerate(value):
            yield from _walk(info.item_type, item, (*path, index))
    elif isinstance(info, mi.DictType):
        yield from _check_length(info, value, path, "entry")
        for key, item in value.items():
            for _, message, _ in _walk(info.key_type, key, (*path, key)):
                yield (*path, key), f"key {_shown(key)}: {message}", True
            yield from _walk(info.value_type, item, (*path, key))
    else:
        yield from _walk_scalar(info, value, path)


def _walk_struct(info: mi.StructType, value: dict[Any, Any], path: DataPath) -> Found:
    fields = {f.encode_name: f for f in info.fields}
    unknown = 0
    for key in value:
        if key not in fields:
            unknown += 1  # a typo is one key or two: past MAX_LISTED, spare the guessing
            close = suggest(str(key), fields) if unknown <= MAX_LISTED else ""
            hint = close or f"; expected one of: {', '.join(fields)}"
            yield (*path, key), f"unknown key {_shown(key)}{hint}", True
    for name, field in fields.items():
        if name in value:
            yield from _walk(field.type, value[name], (*path, name))
        elif field.required:
            yield path, f"missing required key '{name}'", False


def _walk_union(info: mi.UnionType, value: Any, path: DataPath) -> Found:
    candidates = [t for t in info.types if _accepts(t, value)]
    if len(candidates) == 1:
        yield from _walk(candidates[0], value, path)
    elif not candidates:
        yield path, f"expected {describe(info)}, got {_shown(value)}", False
    elif all(list(_walk(t, value, path)) for t in candidates):
        yield from _walk(candidates[0], value, path)


def _walk_scalar(info: mi.Type, value: Any, path: DataPath) -> Found:
    if isinstance(info, mi.StrType):
        if info.min_length is not None and len(value) < info.min_length:
            yield path, "must not be empty", False
        if info.max_length is not None and len(value) > info.max_length:
            yield path, f"is longer than {info.max_length} characters", False
        if info.pattern is not None and not re.search(info.pattern, value):
            hint = _PATTERN_HINTS.get(info.pattern, f"it must match {info.pattern}")
            yield path, f"{_shown(value)} is not valid here: {hint}", False
    elif isinstance(info, mi.IntType):
        if info.ge is not None and value < info.ge:
            yield path, f"must be at least {info.ge}, got {value}", False
        if info.le is not None and value > info.le:
            yield path, f"must be at most {info.le}, got {value}", False
    elif isinstance(info, mi.LiteralType) and value not in info.values:
        yield path, f"{_shown(value)} is not one of: {', '.join(map(str, info.values))}", False
    elif isinstance(info, mi.DateType) and isinstance(value, str):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            yield path, f"{_shown(value)} is not a date; write YYYY-MM-DD", False


def _check_length(info: mi.ListType | mi.DictType, value: Any, path: DataPath, what: str) -> Found:
    if info.min_length is not None and len(value) < info.min_length:
        yield (
            path,
            f"needs at least {info.min_length} {what}{'s' if info.min_length > 1 else ''}",
            False,
        )


def _bare(info: mi.Type) -> mi.Type:
    """The type without its description (``Annotated[..., Meta(description=...)]``)."""
    while isinstance(info, mi.Metadata):
        info = info.type
    return info


def _accepts(info: mi.Type, value: Any) -> bool:
    """Whether ``value`` has the right Python type for ``info`` (constraints aside)."""
    info = _bare(info)
    if isinstance(info, (mi.StructType, mi.DictType)):
        return isinstance(value, dict)
    if isinstance(info, mi.ListType):
        return isinstance(value, list)
    if isinstance(info, (mi.StrType, mi.LiteralType)):
        return isinstance(value, str)
    if isinstance(info, mi.DateType):
        return isinstance(value, (str, datetime.date))
    if isinstance(info, mi.BoolType):
        return isinstance(value, bool)
    if isinstance(info, mi.IntType):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(info, mi.FloatType):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(info, mi.NoneType):
        return value is None
    if isinstance(info, mi.UnionType):
        return any(_accepts(t, value) for t in info.types)
    return True


def describe(info: mi.Type) -> str:
    """How a type reads in an error message."""
    info = _bare(info)
    if isinstance(info, mi.StructType):
        return "a mapping"
    if isinstance(info, mi.DictType):
        key = _bare(info.key_type)
        if isinstance(key, mi.StrType) and key.pattern == LANG_PATTERN:
            return "text (a string, or a mapping of language code to string)"
        return "a mapping"
    if isinstance(info, mi.ListType):
        return f"a list of {_plural(info.item_type)}"
    if isinstance(info, mi.LiteralType):
        return "one of: " + ", ".join(map(str, info.values))
    if isinstance(info, mi.UnionType):
        words = [describe(t) for t in info.types]
        if any(w.startswith("text (") for w in words):  # Text: leave out its plain-string half
            words = [w for w in words if w != "a string"]
        return " or ".join(words)
    return {
        mi.StrType: "a string",
        mi.IntType: "a whole number",
        mi.FloatType: "a number",
        mi.BoolType: "true or false",
        mi.DateType: "a date (YYYY-MM-DD)",
        mi.NoneType: "nothing (null)",
    }.get(type(info), type(info).__name__)


def _plural(info: mi.Type) -> str:
    words = {mi.StrType: "strings", mi.StructType: "mappings", mi.IntType: "whole numbers"}
    return words.get(type(_bare(info)), "values")


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return quoted(value)
