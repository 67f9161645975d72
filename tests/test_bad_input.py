"""Hostile input: one clear positioned message, exit 2, no traceback. Flow files that attack
the parser (bombs, thousands of levels, huge numbers) and endless standard input go through
the real program, in a process of its own; bad answers through the command line in this one."""

import re
import shutil
import time
from pathlib import Path

import pytest

from gopay_doctor.contract.files import MAX_FILE_BYTES
from tests.conftest import MINI, CliRunner, Run, run_process

POSITIONED = re.compile(r"^(?P<file>[^\n:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.+)\n$")

BOMB = b"".join(
    [b"x0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"]
    + [b"x%d: &a%d [%s]\n" % (i, i, b", ".join([b"*a%d" % (i - 1)] * 10)) for i in range(1, 9)]
)

# name: (bytes added to the end of a valid flow file, expected line:col, message start)
FLOW_CASES = {
    "object-tag": (
        b"extra: !!python/object/apply:os.system [echo owned]\n",
        "59:8",
        "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    "alias-bomb": (BOMB, "60:10", "aliases (*name) are not supported"),
    "recursive-alias": (b"extra: &r [1, *r]\n", "59:15", "aliases (*name) are not supported"),
    "deep-nesting": (
        b"extra: " + b"[" * 200 + b"]" * 200 + b"\n",
        "59:72",
        "nesting is deeper than 64 levels",
    ),
    "deeper-than-libyaml": (
        b"extra: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "59:72",  # where it first gets too deep, not where libyaml gave up
        "nesting is deeper than 64 levels",
    ),
    "duplicate-key": (
        b"start: slow\n",
        "59:1",
        "duplicate key 'start' (first at line 5, again at line 59)",
    ),
    "not-utf8": (b"extra: caf\xe9\n", "59:11", "not valid UTF-8 (byte 0xe9)"),
    "control-byte": (b"extra: a\x1bb\n", "59:9", "character U+001B is not allowed in YAML"),
    "nul-byte": (b"extra: a\x00b\n", "59:9", "character U+0000 is not allowed in YAML"),
    "lone-surrogate": (b'extra: "\\udc80"\n', "59:", ""),
    "huge-integer": (b"extra: " + b"7" * 6000 + b"\n", "59:8", "integer is too large"),
    "tab-indent": (b"extra:\n\tkey: 1\n", "60:1", "YAML syntax error: "),
}


def flow_with(tmp_path: Path, tail: bytes) -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(MINI.parent, folder)
    path = folder / "mini.yaml"
    path.write_bytes(MINI.read_bytes() + tail)
    return path


def assert_positioned(run: Run, name: str, where: str, message: str) -> None:
    assert run.code == 2, run.err
    assert run.out == ""
    assert "Traceback" not in run.err
    found = POSITIONED.match(run.err)
    assert found, run.err
    assert found["file"] == name
    assert f"{found['line']}:{found['col']}".startswith(where)
    assert found["message"].startswith(message)


@pytest.mark.parametrize("case", sorted(FLOW_CASES))
def test_hostile_flow_files(tmp_path: Path, case: str) -> None:
    tail, where, message = FLOW_CASES[case]
    flow_with(tmp_path, tail)
    started = time.monotonic()
    run = run_process(
        "diagnose", "--flow", "flows/mini.yaml", "--defaults", "-f", "json", cwd=tmp_path
    )
    assert time.monotonic() - started < 20  # bounded; the real figure is in the benchmark
    assert_positioned(run, "flows/mini.yaml", where, message)


@pytest.mark.cover_children
def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = flow_with(tmp_path, b"#" * MAX_FILE_BYTES)
    assert path.stat().st_size > MAX_FILE_BYTES
    run = run_process("diagnose", "--flow", "flows/mini.yaml", "--defaults", cwd=tmp_path)
    assert_positioned(run, "flows/mini.yaml", "1:1", "file is larger than 8 MiB")


def test_bom_and_crlf_load_normally(tmp_path: Path) -> None:
    path = flow_with(tmp_path, b"")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    run = run_process(
        "diagnose", "--flow", "flows/mini.yaml", "-a", "signs=none", "--defaults", "-f", "json",
        cwd=tmp_path,
    )  # fmt: skip
    assert run.code == 0, run.err


# name: (answers file content, expected line:col, message start)
ANSWER_CASES = {
    "yaml-1.1-no": (
        b"signs: [none]\nslow: NO\n",
        "",
        "invalid answer 'NO' for question 'slow' (from answers.yaml:2:7)",
    ),
    "yaml-1.1-on": (
        b"signs: [none]\nslow: on\n",
        "",
        "invalid answer 'on' for question 'slow' (from answers.yaml:2:7)",
    ),
    "json-boolean": (
        b'{"signs": ["none"], "slow": false}',
        "",
        "invalid answer 'false' for question 'slow' (from answers.yaml:1:29)",
    ),
    "number-for-choice": (
        b"signs: [none]\nslow: yes\nbusy: 1\n",
        "",
        "invalid answer '1' for question 'busy' (from answers.yaml:3:7)",
    ),
    "object-tag": (
        b"slow: !!python/object:os.system x\n",
        "1:7",
        "tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
    ),
    "alias-bomb": (BOMB, "2:10", "aliases (*name) are not supported"),
    "duplicate-key": (
        b"slow: yes\nslow: no\n",
        "2:1",
        "duplicate key 'slow' (first at line 1, again at line 2)",
    ),
    "not-utf8": (b"slow: \xff\n", "1:7", "not valid UTF-8 (byte 0xff)"),
    "control-byte": (b"slow: \x07\n", "1:7", "character U+0007 is not allowed in YAML"),
    "tab-indent": (b"signs:\n\t- theft\n", "2:1", "YAML syntax error: "),
    "empty": (b"", "", "no answer for question 'signs'"),  # no answers: asked for, as usual
    "a-list": (b"- slow\n- busy\n", "1:1", "answers must be a mapping of question id to value"),
    "nested-value": (
        b"slow: {a: b}\n",
        "",
        "answer to question 'slow' (from answers.yaml:1:7) must be one value, got a mapping",
    ),
}


@pytest.mark.parametrize("case", sorted(ANSWER_CASES))
def test_hostile_answer_files(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    content, where, message = ANSWER_CASES[case]
    (tmp_path / "answers.yaml").write_bytes(content)
    monkeypatch.chdir(tmp_path)
    run = cli("diagnose", "--flow", str(MINI), "--answers", "answers.yaml", "-f", "json")
    if where:
        assert_positioned(run, "answers.yaml", where, message)
    else:
        assert (run.code, run.out, "Traceback" in run.err) == (2, "", False)
        assert run.err.startswith(f"gopay-doctor: error: {message}")
        assert run.err.count("\n") == 1


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        (
            "slow=NO",
            "invalid answer 'NO' for question 'slow' (from --answer slow=NO); valid values: yes, no",
        ),
        (
            "slow=true",
            "invalid answer 'true' for question 'slow' (from --answer slow=true); valid values: yes, no",
        ),
        ("slow=\x1b[31myes", "invalid answer '\\x1b[31myes' for question 'slow'"),
        ("signs=theft,,\u202elocked", "invalid answer '\\u202elocked' for question 'signs'"),
    ],
)
def test_hostile_answer_flags(cli: CliRunner, flag: str, message: str) -> None:
    run = cli("diagnose", "--flow", str(MINI), "--answer", flag, "--defaults")
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith(f"gopay-doctor: error: {message}")
    assert "\x1b" not in run.err
    assert "\u202e" not in run.err


@pytest.mark.parametrize(
    "args",
    [("diagnose", "--flow", str(MINI), "--answers", "-"), ("export", "-", "-o", "-")],
    ids=["answers", "export"],
)
@pytest.mark.cover_children
def test_endless_standard_input_is_refused_at_the_size_limit(args: tuple[str, ...]) -> None:
    import os
    import subprocess
    import sys

    endless = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    assert endless.stdout is not None
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "gopay_doctor", *args],
            stdin=endless.stdout,
            capture_output=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            timeout=60,
        )
    finally:
        endless.kill()
        endless.wait()
        endless.stdout.close()
    assert (proc.returncode, proc.stdout) == (2, b"")
    assert proc.stderr == b"<stdin>:1:1: error: file is larger than 8 MiB\n"
