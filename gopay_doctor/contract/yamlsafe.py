"""Safe, bounded YAML loading that remembers where every value came from.

Every file the program reads (flows, catalogs, answers, calendars) goes through
:func:`load_yaml`. It composes the YAML into nodes with libyaml when present (the
pure-Python parser otherwise), builds plain data from the nodes itself, and keeps the
nodes so a later check can point at ``FILE:LINE:COL``.

What it guarantees, whatever the input:

* only plain data comes out (mappings, lists, strings, numbers, booleans, null); a tag that
  would construct anything else is refused;
* scalars follow YAML 1.2's core schema: ``yes``, ``no``, ``on`` and ``off`` stay strings,
  and with ``strings_only`` (answer files) every scalar stays the text that was written;
* anchors may be written, but aliases (``*name``) and merge keys (``<<``) are refused,
  in flows and answer files alike: every value is written where it is used, so what
  a file says is what it holds, and its size bounds the data; nesting is limited to
  :data:`MAX_DEPTH`;
* duplicate keys are an error naming both lines; files over :data:`MAX_FILE_BYTES` are
  refused before parsing; bytes that are not UTF-8, control characters and lone
  surrogates are refused with their position; a UTF-8 byte-order mark is skipped.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gopay_doctor.contract.files import check_size
from gopay_doctor.contract.model import PathPart
from gopay_doctor.contract.rules import Rule
from gopay_doctor.errors import FileProblems, Problem
from gopay_doctor.plaintext import quoted

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists a document may have."""


_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP, _MERGE = _TAG + "seq", _TAG + "map", _TAG + "merge"
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Core12Resolver(yaml.resolver.BaseResolver):
    """Implicit typing of YAML 1.2's core schema (no YAML 1.1 ``yes``/``no`` booleans)."""


class _StringsResolver(yaml.resolver.BaseResolver):
    """No implicit typing at all: every scalar is the string that was written."""


for _tag, _pattern, _first in (
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        _FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _Core12Resolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
for _resolver in (_Core12Resolver, _StringsResolver):  # refused the same way in every file
    _resolver.add_implicit_resolver(_MERGE, re.compile(r"^(?:<<)$"), ["<"])


class _DepthLimitedComposer(yaml.composer.Composer):
    """The pure-Python composer recurses once per level; stop it before Python's own limit."""

    _depth = 0
    peek_event: Any  # provided by yaml.parser.Parser, earlier in the loader's bases
    check_event: Any

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.events.AliasEvent):
            raise _Alias(self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH + 1:  # the document's root is level 0, as in _Builder
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__(mark)
        self.mark = mark


class _Alias(_TooDeep):
    """An alias (``*name``): found where the composer meets it."""


_NO_ALIASES = "aliases (*name) are not supported; write the value out where it is used"


def _pure_loader(resolver: type[yaml.resolver.BaseResolver]) -> type[Any]:
    class Loader(
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        _DepthLimitedComposer,
        resolver,  # type: ignore[valid-type,misc]
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            resolver.__init__(self)

    return Loader


def _c_loader(resolver: type[yaml.resolver.BaseResolver]) -> type[Any] | None:
    try:
        cparser: Any = yaml.cyaml.CParser  # type: ignore[attr-defined]
    except AttributeError:  # PyYAML built without libyaml
        return None

    class Loader(cparser, resolver):  # type: ignore[valid-type,misc]
        reader_offsets_in_bytes = True  # libyaml's reader errors count UTF-8 bytes

        def __init__(self, stream: str) -> None:
            cparser.__init__(self, stream)
            resolver.__init__(self)

    return Loader


_LOADERS: dict[tuple[bool, bool], type[Any]] = {}


def _loader_class(*, strings_only: bool, pure: bool) -> type[Any]:
    key = (strings_only, pure)
    if key not in _LOADERS:
        resolver = _StringsResolver if strings_only else _Core12Resolver
        c_loader = None if pure else _c_loader(resolver)
        _LOADERS[key] = c_loader or _pure_loader(resolver)
    return _LOADERS[key]


class Document:
    """Plain data loaded from one YAML file, with the nodes to find where any part of it is."""

    __slots__ = ("_keys", "data", "name", "root")

    def __init__(self, name: str, data: Any, root: Node | None) -> None:
        self.name = name
        self.data = data
        self.root = root
        self._keys: dict[MappingNode, _Keys] = {}

    def position(self, path: Sequence[PathPart], *, key: bool = False) -> tuple[int, int]:
        """The 1-based line and column of the value at ``path`` (of its key with ``key``).

        A path that leads nowhere stops at the deepest node found on the way. Each step
        costs one look-up: a mapping's keys are indexed the first time a path goes through it.
        """
        node = self.root
        if node is None:
            return (1, 1)
        for i, part in enumerate(path):
            found = self._child(node, part, want_key=key and i == len(path) - 1)
            if found is None:
                break
            node = found
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def problem(
        self,
        path: Sequence[PathPart],
        message: str,
        *,
        key: bool = False,
        rule: Rule = Rule.YAML,
    ) -> Problem:
        """A problem of ``rule`` (at its level) at the value, or key, at ``path``."""
        line, column = self.position(path, key=key)
        return Problem(self.name, line, column, message, rule.level, rule)

    def _child(self, node: Node, part: PathPart, *, want_key: bool) -> Node | None:
        if isinstance(node, SequenceNode) and isinstance(part, int):
            return node.value[part] if 0 <= part < len(node.value) else None
        if not isinstance(node, MappingNode):
            return None
        keys = self._keys.get(node)
        if keys is None:
            keys = self._keys[node] = _Keys.of(node)
        found = keys.nodes.get(_key_of(part))
        if found is not None:
            return found[0] if want_key else found[1]
        for source in keys.merged:
            child = self._child(source, part, want_key=want_key)
            if child is not None:
                return child
        return None


_Key = tuple[type, object]
"""A key as the index holds it: its type too, so ``1``, ``1.0`` and ``true`` stay apart."""


def _key_of(value: object) -> _Key:
    return (type(value), value)


class _Keys(NamedTuple):
    """One mapping's own keys (the first of each, with its value) and its merged mappings."""

    nodes: dict[_Key, tuple[Node, Node]]
    merged: list[Node]

    @classmethod
    def of(cls, node: MappingNode) -> _Keys:
        keys = cls({}, [])
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                keys.merged.extend(
                    value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                )
            elif isinstance(key_node, ScalarNode):
                key = _scalar_key(key_node)
                if key is not None:
                    keys.nodes.setdefault(key, (key_node, value_node))
        return keys


def _scalar_key(key_node: ScalarNode) -> _Key | None:
    """The index key of ``key_node`` (of any scalar type: text, number, null...), or None
    for one that equals nothing (not a valid scalar, or NaN)."""
    if key_node.tag == _STR:
        return _key_of(key_node.value)
    try:
        key = _Builder("", check_surrogates=False).scalar(key_node)
    except FileProblems:
        return None
    return _key_of(key) if key == key else None


def load_yaml(
    data: bytes, name: str, *, strings_only: bool = False, pure: bool = False
) -> Document:
    """Parse one YAML document from ``data``; ``name`` is how problems refer to the file."""
    check_size(data, name)
    text = _decode(data, name)
    with collector_paused():
        root = _compose(text, data, name, strings_only=strings_only, pure=pure)
        if root is None:
            return Document(name, None, None)
        if "&" in text and "*" in text and _has_alias(root):  # an alias needs an anchor; libyaml
            # composed it as the anchored node: let the pure parser find where it is
            _compose(text, data, name, strings_only=strings_only, pure=True)
        builder = _Builder(name, check_surrogates="\\u" in text or "\\U" in text)
        return Document(name, builder.build(root, 0), root)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector paused while a document is composed and built (and while a
    flow is checked, :func:`~gopay_doctor.contract.loading.validate_flow`).

    Both make a few objects per character of the file, none of them garbage until the
    end, and the collector would walk them again and again: loading grew faster than the
    file (3,000 questions took 3.8 times as long as 1,000). Only whoever paused it turns
    it back on, so a caller that keeps it off (or another thread parsing meanwhile) is
    left alone.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _has_alias(root: Node) -> bool:
    """Whether a node is reached twice: libyaml composes an alias as the anchored node."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return False


def _compose(text: str, data: bytes, name: str, *, strings_only: bool, pure: bool) -> Node | None:
    """The document's root node (None for an empty document)."""
    loader = None
    try:
        loader = _loader_class(strings_only=strings_only, pure=pure)(text)
        root: Node | None = loader.get_single_node()
    except _Alias as exc:
        raise _error(name, exc.mark, _NO_ALIASES) from None
    except _TooDeep as exc:
        raise _error(name, exc.mark, f"nesting is deeper than {MAX_DEPTH} levels") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "maximum nesting depth" in str(exc.problem):
            raise _too_deep(data, name, mark) from None
        raise _error(name, mark, _yaml_message(exc)) from None
    except yaml.YAMLError as exc:  # reader errors carry a position of their own
        in_bytes = bool(getattr(loader, "reader_offsets_in_bytes", False))
        _fail_reader(name, text, exc, in_bytes=in_bytes)
    finally:
        if loader is not None:
            loader.dispose()
    return root


def _decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(data, exc.start)
        bad = data[exc.start : exc.start + 1].hex()
        raise FileProblems(
            [Problem(name, line, column, f"not valid UTF-8 (byte 0x{bad})")]
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _too_deep(data: bytes, name: str, libyaml_mark: Any) -> FileProblems:
    """Where nesting first goes past :data:`MAX_DEPTH`, not where libyaml gave up (1,000).

    The pure parser stops at our limit; when it disagrees about the file (its scanner
    refuses a few things libyaml accepts), libyaml's own position is used.
    """
    message = f"nesting is deeper than {MAX_DEPTH} levels"
    try:
        load_yaml(data, name, pure=True)
    except FileProblems as exc:
        if exc.problems[0].message == message:
            return exc
    return _error(name, libyaml_mark, message)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "; ".join(" ".join(str(p).split()) for p in parts) or "invalid YAML"
    return "YAML syntax error: " + message


def _error(name: str, mark: Any, message: str) -> FileProblems:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return FileProblems([Problem(name, line, column, message)])


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset`` in UTF-8 ``data``."""
    line = data.count(b"\n", 0, offset) + 1
    start_of_line = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start_of_line:offset].decode("utf-8", "replace")) + 1


def _fail_reader(name: str, text: str, exc: yaml.YAMLError, *, in_bytes: bool) -> NoReturn:
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        offset = position if in_bytes else len(text[:position].encode("utf-8"))
        line, column = _line_column(text.encode("utf-8"), offset)
        character = getattr(exc, "character", None)
        if isinstance(character, str) and character:
            character = ord(character)
        code = f"U+{character:04X}" if isinstance(character, int) else "this character"
        raise FileProblems(
            [Problem(name, line, column, f"character {code} is not allowed in YAML")]
        ) from None
    raise FileProblems([Problem(name, 1, 1, f"YAML error: {exc}")]) from None


class _Builder:
    """Turns composed nodes into plain Python data, checking tags, depth and keys."""

    def __init__(self, name: str, *, check_surrogates: bool) -> None:
        self.name = name
        self.check_surrogates = check_surrogates

    def error(self, node: Node, message: str) -> FileProblems:
        return _error(self.name, node.start_mark, message)

    def build(self, node: Node, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.error(node, f"nesting is deeper than {MAX_DEPTH} levels")
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise self.error(node, f"tag {quoted(node.tag)} is not allowed; only plain data is")
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, MappingNode):
            return self.mapping(node, depth)
        raise self.error(
            node, "unsupported YAML node"
        )  # pragma: no cover - yaml has no other nodes

    def mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        if node.tag != _MAP:
            raise self.error(node, f"tag {quoted(node.tag)} is not allowed; only plain data is")
        result: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise self.error(key_node, "merge keys (<<) are not supported; write the keys out")
            if not isinstance(key_node, ScalarNode):
                raise self.error(key_node, "a key must be a plain value, not a list or mapping")
            key = self.scalar(key_node)
            if key in lines:
                raise self.error(
                    key_node,
                    f"duplicate key {quoted(key)} (first at line {lines[key]}, again at line "
                    f"{key_node.start_mark.line + 1})",
                )
            lines[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, depth + 1)
        return result

    def scalar(self, node: ScalarNode) -> Any:
        value: str = node.value
        tag = node.tag
        if tag == _STR:
            if self.check_surrogates and _SURROGATE.search(value):
                raise self.error(node, "text contains a lone surrogate (an invalid \\u escape)")
            return value
        if tag == _INT:
            return self.integer(node, value)
        if tag == _NULL:
            if value not in ("", "~", "null", "Null", "NULL"):
                raise self.error(node, f"{quoted(value)} is not null")
            return None
        if tag == _BOOL:
            if value.lower() not in ("true", "false"):
                raise self.error(node, f"{quoted(value)} is not a boolean; write true or false")
            return value.lower() == "true"
        if tag == _FLOAT:
            return self.real(node, value)
        raise self.error(node, f"tag {quoted(tag)} is not allowed; only plain data is")

    def integer(self, node: ScalarNode, value: str) -> int:
        text = value.replace("_", "")
        try:
            if text[:2] in ("0o", "0x"):
                return int(text[2:], 8 if text[1] == "o" else 16)
            return int(text, 10)
        except ValueError:
            if len(text) > 1000:
                raise self.error(node, "integer is too large") from None
            raise self.error(node, f"{quoted(value)} is not an integer") from None

    def real(self, node: ScalarNode, value: str) -> float:
        lowered = value.lower()
        if lowered.endswith(".inf"):
            return float("-inf") if lowered.startswith("-") else float("inf")
        if lowered == ".nan":
            return float("nan")
        try:
            return float(value)
        except ValueError:
            raise self.error(node, f"{quoted(value)} is not a number") from None
