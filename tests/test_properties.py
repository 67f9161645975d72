"""Property-based tests: whatever the input, a result or a clean error, never a crash.

Deterministic by default (the ``ci`` profile); ``HYPOTHESIS_PROFILE=long`` runs a long
random session.
"""

import contextlib
import io
import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from gopay_doctor.answers import AnswerError, MissingAnswer
from gopay_doctor.cli import main
from gopay_doctor.contract.contacts import contact_detail
from gopay_doctor.contract.folder import Sources
from gopay_doctor.contract.loading import load_flow_file
from gopay_doctor.contract.model import PLACEHOLDERS, Flow
from gopay_doctor.contract.safety import asks
from gopay_doctor.contract.yamlsafe import load_yaml
from gopay_doctor.engine import diagnose
from gopay_doctor.errors import FileProblems
from gopay_doctor.formats import FORMATS
from gopay_doctor.i18n import LANGS
from gopay_doctor.render import RenderOptions, render
from gopay_doctor.result import Result
from tests.conftest import MINI

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
IDS = st.from_regex(r"[a-z][a-z0-9-]{0,7}", fullmatch=True)
# Any text YAML can carry: control characters, bidi overrides, markup, emoji codes... that
# the safety rules let through (a random text may look like a phone number, or an @handle),
# and no placeholder of a date question (``{date}`` is refused in a title: bad-placeholder).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=24).filter(
    lambda text: (
        asks(text) is None
        and contact_detail(text) is None
        and not any(f"{{{name}}}" in text for name in PLACEHOLDERS)
    )
)
TEXTS = st.one_of(TEXT, st.fixed_dictionaries(dict.fromkeys(LANGS, TEXT)))
CATALOG: dict[str, dict[str, Any]] = {
    "causes": {f"c{i}": {"title": f"Cause {i}", "explanation": "Because."} for i in range(3)},
    "steps": {
        f"s{i}": {"text": f"Step {i}", "category": cat, "urgent": i % 2 == 0}
        for i, cat in enumerate(["fund-safety", "contact", "self-help", "prevention"])
    },
    "channels": {f"h{i}": {"name": f"Channel {i}", "how": "Ask."} for i in range(2)},
    "notices": {"n0": {"text": "Never share codes."}},
}


def contributions(draw: st.DrawFn) -> dict[str, Any]:
    found: dict[str, Any] = {}
    causes = draw(
        st.dictionaries(st.sampled_from(sorted(CATALOG["causes"])), st.integers(1, 100), max_size=2)
    )
    if causes:
        found["causes"] = causes
    for field, pool in (("steps", CATALOG["steps"]), ("channels", CATALOG["channels"])):
        chosen = draw(st.lists(st.sampled_from(sorted(pool)), max_size=3, unique=True))
        if chosen:
            found[field] = chosen
    return found


@st.composite
def flow_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid flow: a forward-only graph in which every question and outcome is reachable."""
    n_questions, n_outcomes = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    qids = [f"q{i}" for i in range(n_questions)]
    oids = [f"o{i}" for i in range(n_outcomes)]
    questions: dict[str, Any] = {}
    for i, qid in enumerate(qids):
        last = i == n_questions - 1
        later = qids[i + 1 :] + oids
        kind = "select" if last else draw(st.sampled_from(["select", "confirm", "checkbox"]))
        if kind == "confirm":
            values = ["yes", "no"]
        else:
            size = max(n_outcomes, 1) if last else 1
            values = draw(st.lists(IDS, min_size=size, max_size=size + 3, unique=True))
        choices = []
        for j, value in enumerate(values):
            choice: dict[str, Any] = {"value": value, **contributions(draw)}
            if kind != "confirm" or draw(st.booleans()):
                choice["label"] = draw(TEXTS)
            if last:
                choice["next"] = oids[j % n_outcomes]
            elif j == 0 and kind != "checkbox":
                choice["next"] = qids[i + 1]
            elif kind != "checkbox" or draw(st.booleans()):
                choice["next"] = draw(st.sampled_from(later))
            choices.append(choice)
        question: dict[str, Any] = {"kind": kind, "text": draw(TEXTS), "choices": choices}
        if kind == "checkbox":
            question["next"] = qids[i + 1]
        if draw(st.booleans()):
            question["help"] = draw(TEXTS)
        if draw(st.booleans()):
            question["default"] = [values[0]] if kind == "checkbox" else values[0]
        questions[qid] = question
    outcomes = {
        oid: {"title": draw(TEXTS), "summary": draw(TEXTS), **contributions(draw)} for oid in oids
    }
    return {
        "id": "gen",
        "version": draw(st.integers(1, 5)),
        "title": draw(TEXTS),
        "start": "q0",
        "notices": ["n0"],
        "questions": questions,
        "outcomes": outcomes,
    }


class _Dumper(yaml.SafeDumper):
    """Quotes every string, so text such as ``1e3`` stays text under YAML 1.2's rules too."""


_Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style='"'))


def write(folder: Path, document: Any) -> Path:
    (folder / "catalog").mkdir(parents=True, exist_ok=True)
    (folder / "catalog" / "catalog.yaml").write_text(yaml.safe_dump(CATALOG), encoding="utf-8")
    path = folder / "gen.yaml"
    text = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def load(folder: Path) -> Flow:
    return load_flow_file(folder / "gen.yaml", Sources((folder,)))


def random_answers(flow: Flow, data: st.DataObject) -> dict[str, Any]:
    """Answers for one random path through ``flow``."""
    from gopay_doctor.engine import next_node

    answers: dict[str, Any] = {}
    node = flow.spec.start
    while node in flow.spec.questions:
        question = flow.spec.questions[node]
        values = [c.value for c in question.choices]
        if question.kind == "checkbox":
            # at least one tick: an empty answer is refused (the flow has no exclusive choice)
            value: Any = data.draw(st.lists(st.sampled_from(values), unique=True, min_size=1))
            answers[node] = value
            node = next_node(question, tuple(v for v in values if v in value))
        else:
            value = data.draw(st.sampled_from(values))
            answers[node] = value
            node = next_node(question, value)
    return answers


@given(document=flow_documents(), data=st.data())
def test_valid_flows_load_diagnose_render_and_round_trip(
    document: dict[str, Any], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp), document)
        flow = load(Path(tmp))
    answers = random_answers(flow, data)
    lang = data.draw(st.sampled_from(LANGS))
    result = diagnose(flow, answers, lang=lang)
    assert result.outcome.id in flow.spec.outcomes
    weights = [c.weight for c in result.causes]
    assert weights == sorted(weights, reverse=True)
    urgent = [s.urgent for s in result.steps]
    assert urgent == sorted(urgent, reverse=True)
    # The JSON document round-trips, and its answers reproduce the result.
    document_out = json.loads(render(result, "json"))
    assert document_out == result.to_dict()
    assert Result.from_dict(document_out) == result
    again = diagnose(flow, document_out["answers"], lang=lang)
    assert again.to_dict() == result.to_dict()
    # Nothing from the data can reach the terminal as a control or bidi character.
    for fmt in (f.name for f in FORMATS):
        out = render(result, fmt, RenderOptions(color=False, width=60))
        assert not UNSAFE.search(out.replace("\n", "").replace("\t", "")), fmt


def mutate(document: Any, draw: st.DrawFn) -> Any:
    """Damage one random place inside the document: drop a key, change a type, point an id
    elsewhere, nest deeply. (A document that is no mapping at all: the examples below.)"""
    junk = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT, IDS,
        st.lists(IDS, max_size=3), st.dictionaries(IDS, IDS, max_size=3),
    )  # fmt: skip
    node: Any = document
    while True:  # one level down at least, then maybe further
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        parent, key = node, draw(st.sampled_from(keys))
        node = node[key]
        if not (isinstance(node, (dict, list)) and node and draw(st.booleans())):
            break
    action = draw(st.sampled_from(["drop", "junk", "id", "deep"]))
    if action == "drop" and isinstance(parent, dict):
        del parent[key]
    elif action == "id":
        parent[key] = draw(st.sampled_from(["q0", "o0", "nowhere", "c0", "s1", "h0"]))
    elif action == "deep":
        nested: Any = "x"
        for _ in range(draw(st.integers(1, 80))):
            nested = [nested]
        parent[key] = nested
    else:
        parent[key] = draw(junk)
    return document


def assert_clean(problems: FileProblems) -> None:
    assert problems.problems
    for problem in problems.problems:
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.file.endswith((".yaml", ".yml"))
        assert problem.message


@st.composite
def corrupted_documents(draw: st.DrawFn) -> Any:
    """A valid flow damaged in one to three random places."""
    document = draw(flow_documents())
    for _ in range(draw(st.integers(1, 3))):
        document = mutate(document, draw)
    return document


STILL_A_FLOW = {
    "id": "gen", "version": 1, "title": {"en": "T", "zh": "标题"}, "start": "q0",
    "notices": ["n0"],
    "questions": {"q0": {"kind": "select", "text": "Q", "default": "b", "choices": [
        {"value": "a", "label": "A", "next": "o0"}, {"value": "b", "label": "B", "next": "o0"},
    ]}},
    "outcomes": {"o0": {"title": "O", "summary": "S"}},
}  # fmt: skip
"""Changed where nothing is wrong (a text became texts per language): it loads, and a
result comes of it."""


@given(document=corrupted_documents())
@example(document=STILL_A_FLOW)
@example(document={**STILL_A_FLOW, "questions": {"q0": {"kind": 7}}})  # no such kind
@example(document=None)
@example(document=["id", "gen"])
@example(document="questions")
def test_corrupted_flows_load_or_fail_cleanly(document: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp), document)
        try:
            flow = load(Path(tmp))
        except FileProblems as problems:
            assert_clean(problems)
            return
    with contextlib.suppress(AnswerError, MissingAnswer):
        diagnose(flow, {}, defaults=True)


YAML_PIECES = st.sampled_from([
    "a: &x [1, 2]\n", "b: *x\n", "c: &y {k: v}\n", "d:\n  <<: *y\n", "e: *nowhere\n", "- [\n",
    "f: !!python/name:os.system\n", "g: \t1\n", "h: 0x\n", "'i': \"\\ud800\"\n", "id: gen\n",
    "questions: {q0: {kind: select}}\n", "? [k]\n: v\n", "j: &r [*r]\n", "k: {{{{\n", "%YAML 1.1\n---\n",
])  # fmt: skip


@given(pieces=st.lists(YAML_PIECES, max_size=6), tail=st.binary(max_size=40), pure=st.booleans())
def test_random_yaml_and_bytes_never_crash_the_loader(
    pieces: list[str], tail: bytes, pure: bool
) -> None:
    data = "".join(pieces).encode() + tail
    try:
        doc = load_yaml(data, "f.yaml", pure=pure)
    except FileProblems as problems:
        assert_clean(problems)
    else:
        json.dumps(doc.data, default=str)  # plain data only


@given(
    answers=st.dictionaries(
        st.one_of(st.sampled_from(["signs", "slow", "busy"]), IDS),
        st.one_of(
            TEXT,
            IDS,
            st.lists(st.one_of(IDS, TEXT), max_size=3),
            st.sampled_from(["yes", "no", "very", "theft,locked"]),
        ),
        max_size=4,
    ),
    defaults=st.booleans(),
)
@example(answers={"signs": ["theft"]}, defaults=True)  # a result
@example(answers={"signs": "theft,locked", "slow": "no", "busy": "very"}, defaults=False)
def test_random_answers_give_a_result_or_a_clean_error(
    answers: dict[str, Any], defaults: bool
) -> None:
    flow = load_flow_file(MINI, Sources((MINI.parent,)))
    error: Exception | None = None
    try:
        result = diagnose(flow, answers, defaults=defaults)
    except (AnswerError, MissingAnswer) as exc:
        error = exc
    if error is None:
        assert result.outcome.id in flow.spec.outcomes
    else:
        assert str(error)
        assert "\n" not in str(error)


@given(
    content=st.one_of(
        st.binary(max_size=60),
        st.dictionaries(
            IDS, st.one_of(TEXT, st.lists(TEXT, max_size=2), st.integers()), max_size=3
        ).map(lambda d: json.dumps(d).encode()),
    )
)
@example(content=b"")  # nothing in it: no answers
@example(content=b"signs: [theft]\nslow: no\n")  # a result
@pytest.mark.unmeasured  # the loader's and the CLI's own tests measure each line it reaches
def test_answer_files_through_the_cli_exit_0_or_2_with_one_message(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / "answers.yaml"
        answers.write_bytes(content)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(
                [
                    "diagnose",
                    "--flow",
                    str(MINI),
                    "--answers",
                    str(answers),
                    "--defaults",
                    "-f",
                    "json",
                ]
            )
    assert code in (0, 2)
    if code == 2:
        assert err.getvalue().count("\n") == 1
        assert "Traceback" not in err.getvalue()


# --- hostile files through the command line (#13) --------------------------------------------

# Text with lone surrogates: json.dumps writes each as a \\uXXXX escape, as a tool might.
SURROGATE_TEXT = st.text(st.characters(), max_size=8).map(lambda t: t + "\ud800"[: len(t) % 2])
ANY_TEXT = st.one_of(TEXT, st.text(st.characters(), max_size=8), SURROGATE_TEXT)


def _cli(*args: str) -> tuple[int, str]:
    """``main`` in this process, with an alarm: a read that blocks fails the test, never hangs it."""
    import signal

    def hung(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"gopay-doctor {' '.join(args)} blocked")

    err = io.StringIO()
    alarm = getattr(signal, "SIGALRM", None)  # POSIX only
    previous = signal.signal(alarm, hung) if alarm is not None else None
    if alarm is not None:
        signal.alarm(10)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        if alarm is not None:
            signal.alarm(0)
            signal.signal(alarm, previous)
    return code, err.getvalue()


def _one_clean_line(code: int, err: str) -> None:
    assert code in (0, 2), err
    if code == 2:
        assert err.count("\n") == 1, err
        assert "internal error" not in err


def _mini_result() -> dict[str, Any]:
    flow = load_flow_file(MINI, Sources((MINI.parent,)))
    return diagnose(flow, {"signs": ["theft"]}, defaults=True).to_dict()


_RESULT = _mini_result()
_TEXT_PLACES = [
    ("flow", "title"), ("outcome", "title"), ("outcome", "summary"), ("causes", 0, "title"),
    ("steps", 0, "text"), ("steps", 1, "detail"), ("channels", 0, "how"), ("notices", 0, "text"),
    ("transcript", 0, "label"),
]  # fmt: skip


@given(
    changes=st.lists(
        st.tuples(st.sampled_from(_TEXT_PLACES), ANY_TEXT, st.booleans()), min_size=1, max_size=3
    )
)
@example(changes=[(("flow", "title"), "\ud800", False)])  # half a character
@example(changes=[(("steps", 0, "text"), "😀 \udc00", False)])  # a whole one, then half
def test_saved_results_with_any_text_export_or_fail_in_one_line(
    changes: list[tuple[tuple[Any, ...], str, bool]],
) -> None:
    """A key or a text anywhere, lone surrogates included: exit 0, or exit 2 in one line."""
    document = json.loads(json.dumps(_RESULT))
    for place, text, as_key in changes:
        if as_key:
            document["answers"][text] = "x"
        else:
            node = document
            for part in place[:-1]:
                node = node[part]
            node[place[-1]] = text
    lone = re.search("[\ud800-\udfff]", json.dumps(document, ensure_ascii=False)) is not None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.json"
        path.write_text(json.dumps(document), encoding="ascii")
        code, err = _cli("export", str(path), "-o", "-")
        _one_clean_line(code, err)
        if lone:
            assert code == 2
            assert "(a lone surrogate)" in err


@given(
    answers=st.dictionaries(
        ANY_TEXT, st.one_of(ANY_TEXT, st.lists(ANY_TEXT, max_size=2)), max_size=3
    ),
    as_result=st.booleans(),
    version=st.sampled_from([1, 2, 0, "1", None]),
)
@example(answers={"\n": "0"}, as_result=False, version=1)  # a newline in a quoted id: one line
@pytest.mark.unmeasured  # the answers' own tests measure each line it reaches
def test_answers_files_with_any_text_exit_0_or_2_in_one_line(
    answers: dict[str, Any], as_result: bool, version: Any
) -> None:
    document: Any = answers
    if as_result:
        document = {**_RESULT, "answers": answers, "schema_version": version}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.json"
        path.write_text(json.dumps(document), encoding="ascii")
        code, err = _cli("diagnose", "--flow", str(MINI), "--answers", str(path), "--defaults")
    _one_clean_line(code, err)


_ROLES: dict[str, Callable[[str], tuple[str, ...]]] = {
    "answers": lambda p: ("diagnose", "--flow", str(MINI), "--answers", p, "--defaults"),
    "channels": lambda p: ("diagnose", "--flow", str(MINI), "--channels", p, "--defaults"),
    "flow": lambda p: ("diagnose", "--flow", p, "--defaults"),
    "result": lambda p: ("export", p, "-o", "-"),
    "flows-dir": lambda p: ("diagnose", "--flows-dir", p, "-a", "risk=none", "--defaults"),
    "flows-check": lambda p: ("flows", "check", p),
}


def _make(kind: str, path: Path) -> Any:
    """Something that is no regular file at ``path``; what keeps it open, if anything."""
    import os
    import socket

    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        return server
    elif kind == "folder":
        path.mkdir()
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "dangling":
        path.symlink_to(path.with_name("nowhere"))
    elif kind == "device":
        path.symlink_to("/dev/zero")
    return None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")
@given(
    kind=st.sampled_from(["fifo", "socket", "folder", "loop", "dangling", "device"]),
    role=st.sampled_from(sorted(_ROLES)),
    inside=st.booleans(),
)
@example(kind="fifo", role="flows-dir", inside=False)
@example(kind="folder", role="flows-check", inside=True)
@example(kind="loop", role="flow", inside=False)
def test_what_is_no_regular_file_is_refused_at_once_in_one_line(
    kind: str, role: str, inside: bool
) -> None:
    """As the file itself, or (``inside``) as a flow or catalog file in a flows folder."""
    import os

    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:  # short: socket paths are limited
        folder = Path(tmp)
        (folder / "catalog").mkdir()
        path = folder / ("catalog/x.yaml" if inside else "x.yaml")
        held = _make(kind, path)
        target = str(folder) if inside and role in ("flows-dir", "flows-check") else str(path)
        cwd = os.getcwd()
        try:
            os.chdir(folder)
            code, err = _cli(*_ROLES[role](target))
        finally:
            os.chdir(cwd)
            if held is not None:
                held.close()
    _one_clean_line(code, err)
    if not inside and kind in ("fifo", "socket", "device") and role != "flows-dir":
        assert code == 2
        assert "not a regular file" in err
