"""Docs that cannot rot: README.md and every page in docs/. Their samples come from the
program, every command has help, every example in the help and in the pages runs, every
link leads somewhere, and the README stays a front page."""

import io
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from scripts import readme
from tests.conftest import ROOT, CliRunner

PAGES = readme.pages()

# The pages run the program from outside; what they reach, the other tests measure.
pytestmark = pytest.mark.unmeasured


def page_id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def test_the_samples_are_current() -> None:
    stale = [page_id(page) for page, (now, made) in readme.fresh().items() if now != made]
    assert stale == [], "run: python -m scripts.readme"


def test_every_command_has_help_with_an_example(cli: CliRunner) -> None:
    import typer.main

    from gopay_doctor.cli import app

    group = typer.main.get_command(app)
    commands: list[list[str]] = []

    def collect(command: object, path: list[str]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                collect(sub, [*path, name])
        else:
            commands.append(path)

    collect(group, [])
    assert ["diagnose"] in commands
    docs = "".join(readme.read(page) for page in PAGES)
    for path in commands:
        run = cli(*path, "--help")
        assert run.code == 0, path
        assert "Examples:" in run.out, f"{' '.join(path)} --help has no example"
        assert f"gopay-doctor {' '.join(path)}" in docs, f"no page shows {' '.join(path)}"


NEEDS = {
    "a terminal": re.compile(r"^gopay-doctor diagnose( -o \S+| --resume| --lang \w+)?$"),
    "the network": re.compile(r"--check-network"),
    "your own flows": re.compile(r"my-flows/"),
    "Graphviz": re.compile(r"\| dot "),
    "a shell's completion": re.compile(r"--install-completion|--show-completion"),
    "a command to fill in": re.compile(r"\bCOMMAND\b"),
    "a server that runs until it is stopped": re.compile(r"^gopay-doctor serve\b"),
}
"""Examples the test cannot run as they are, and why."""


def examples(cli: CliRunner, *command: str) -> list[str]:
    """The example lines of ``gopay-doctor COMMAND --help``."""
    text = cli(*command, "--help").out
    block = text.split("Examples:", 1)[1].split("\n\n", 1)[0]
    return [line.strip().split("  ")[0] for line in block.splitlines() if line.strip()]


COMMANDS = ["", "diagnose", "step", "check", "export", "flows", "flows list", "flows check"]
COMMANDS += ["flows show", "flows graph", "flows test", "flows schema"]


@pytest.mark.parametrize("command", [c.split() for c in COMMANDS], ids=lambda c: " ".join(c))
def test_every_example_in_the_help_runs(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Run as written (as a shell splits it, in a folder of its own, one after the other,
    so an example may use the file an earlier one wrote): exit 0, or 1 where a check found
    something, never a usage error."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-11T19:40:00+07:00")
    ran = 0
    for example in examples(cli, *command):
        if any(rule.search(example) for rule in NEEDS.values()):
            continue
        assert COMMAND.match(example), example
        run_as_written(cli, monkeypatch, tmp_path, example)
        ran += 1
    assert ran or command == [], f"no example of {shlex.join(command)} could run"


# --- the pages' own examples --------------------------------------------------------------------


class Fence(NamedTuple):
    language: str
    body: str


FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)


def fences(text: str) -> list[Fence]:
    """The fenced code blocks of a page, in order."""
    return [Fence(m.group(1), m.group(2)) for m in FENCE.finditer(text)]


def prose(text: str) -> str:
    """A page without its code: no fenced blocks, no inline code."""
    return re.sub(r"`[^`\n]*`", "", FENCE.sub("", text))


COMMAND = re.compile(r"^(echo .*\| )?([A-Z_]+=\S+ )*gopay-doctor(\s|$)")
FILE_BLOCK = re.compile(r"# ([\w.-]+\.(?:yaml|json))\n")
"""A block that opens with ``# answers.yaml`` is that file, for the commands after it."""


def shell_lines(page: Path) -> Iterator[str | Fence]:
    """In page order: every command line of a shell block, and every block that is a file."""
    for fence in fences(readme.read(page)):
        if FILE_BLOCK.match(fence.body):
            yield fence
        elif fence.language == "" and not fence.body.startswith("$ "):
            yield from (
                line.strip() for line in fence.body.splitlines() if COMMAND.match(line.strip())
            )


class Command(NamedTuple):
    args: list[str]
    env: dict[str, str]
    stdin: str | None
    target: str | None


def parse(line: str) -> Command:
    """``[echo TEXT |] [NAME=VALUE]... gopay-doctor ARGS [> FILE]``, as a shell splits it."""
    words = shlex.split(line, comments=True)
    stdin = None
    if words[0] == "echo":
        bar = words.index("|")
        stdin, words = " ".join(words[1:bar]) + "\n", words[bar + 1 :]
    env = {}
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[0] == "gopay-doctor", line
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    assert "|" not in words, f"{line}: a pipe the test cannot run; add it to NEEDS"
    return Command(words[1:], env, stdin, target)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_command_in_the_pages_runs(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: Path
) -> None:
    """Each command line of a shell block runs as written, one after the other in a folder
    of its own (so one may read the file an earlier one wrote, or an answers file shown
    before it): exit 0, or 1 where a check found something; never an error."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-11T19:40:00+07:00")
    for item in shell_lines(page):
        if isinstance(item, Fence):
            file = FILE_BLOCK.match(item.body)
            assert file is not None
            (tmp_path / file.group(1)).write_text(item.body, encoding="utf-8")
            continue
        command = " ".join(shlex.split(item, comments=True))
        if any(rule.search(command) for rule in NEEDS.values()):
            continue
        run_as_written(cli, monkeypatch, tmp_path, item)


def run_as_written(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, folder: Path, line: str
) -> None:
    """Run one example line in this process as a shell would (:func:`parse`): exit 0, or 1
    where a check found something; never an error. ``> FILE`` writes ``folder/FILE``."""
    run = parse(line)
    with monkeypatch.context() as patch:
        for name, value in run.env.items():
            patch.setenv(name, value)
        if run.stdin is not None:
            patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(run.stdin.encode())))
        done = cli(*run.args)
    assert done.code in (0, 1), f"{line}: {done.err}"
    assert "error:" not in done.err, f"{line}: {done.err}"
    if run.target is not None:
        (folder / run.target).write_text(done.out, encoding="utf-8")


PYTHON_PAGES = [
    page for page in PAGES if any(f.language == "python" for f in fences(readme.read(page)))
]


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=page_id)
def test_every_python_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: Path
) -> None:
    """Each ``python`` block runs on its own, in a folder of its own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", "2026-11-11T19:40:00+07:00")
    for fence in fences(readme.read(page)):
        if fence.language == "python":
            exec(compile(fence.body, page_id(page), "exec"), {"__name__": "example"})


def test_every_transcript_is_generated() -> None:
    """A block that shows a command with its output (``$ command``) is one that
    scripts.readme writes, so it cannot drift from what the program prints."""
    for page in PAGES:
        text = readme.read(page)
        made = "".join(
            found.group(0) for name in readme.BLOCKS if (found := readme.marked(name).search(text))
        )
        for fence in fences(text):
            if fence.body.startswith("$ "):
                assert fence.body in made, f"{page_id(page)}: a transcript by hand: {fence.body}"


# --- links --------------------------------------------------------------------------------------


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+)$", FENCE.sub("", readme.read(page)), re.M):
        name, n = slug(heading), 0
        while (f"{name}-{n}" if n else name) in found:
            n += 1
        found.add(f"{name}-{n}" if n else name)
    return found


LINK = re.compile(r"\]\(([^()\s]+)\)")


def test_the_slugs_are_githubs() -> None:
    assert slug("One question at a time: chat bots and scripts") == (
        "one-question-at-a-time-chat-bots-and-scripts"
    )
    assert slug("The network check: what it sends, and what it doesn't") == (
        "the-network-check-what-it-sends-and-what-it-doesnt"
    )
    assert slug("`gopay-doctor step` (for bots)") == "gopay-doctor-step-for-bots"


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_relative_link_leads_somewhere(page: Path) -> None:
    broken = []
    for target in LINK.findall(prose(readme.read(page))):
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:: not ours to check here
        path, _, anchor = target.partition("#")
        found = (page.parent / path).resolve() if path else page
        if not found.exists():
            broken.append(f"{target}: no such file")
        elif anchor and anchor not in anchors(found):
            broken.append(f"{target}: no heading #{anchor} in {page_id(found)}")
    assert broken == [], page_id(page)


def test_the_readme_is_a_front_page() -> None:
    text = readme.read(readme.README)
    assert len(text.splitlines()) <= 200, "README.md is a front page: the reference goes in docs/"
    assert "](docs/README.md)" in text  # the way into the reference
    index = readme.read(readme.DOCS / "README.md")
    unlisted = [p.name for p in PAGES if p.parent == readme.DOCS and f"]({p.name})" not in index]
    assert unlisted == ["README.md"], "docs/README.md, the index, must link every page"


# --- .ci/run takes its test command from the Quick start ---------------------------------------


def quick_start(text: str) -> list[str]:
    block = re.search(r"<!-- quick-start -->\n```\n(.*?)```\n<!-- /quick-start -->", text, re.S)
    assert block is not None, "README.md has no quick-start block"
    return block.group(1).splitlines()


def test_the_quick_start_makes_a_virtual_environment_and_runs_the_tests() -> None:
    install, test = quick_start(readme.read(readme.README))
    assert install.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert install.endswith(" && gopay-doctor diagnose")
    assert test == "python -m pip install -e '.[test]' && python -m pytest -n 2"


def test_ci_takes_the_test_command_from_the_readme() -> None:
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "run"), "--print-command"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == quick_start(readme.read(readme.README))[1] + "\n"


def test_ci_without_a_quick_start_stops(tmp_path: Path) -> None:
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    (tmp_path / "README.md").write_text("# a README without a Quick start\n", encoding="utf-8")
    done = subprocess.run(
        ["bash", str(tmp_path / ".ci" / "run")], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ".ci/run: no test command found in README.md's Quick start\n"
