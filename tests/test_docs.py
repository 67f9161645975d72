"""Docs that cannot rot: README.md and every page in docs/. Their samples come from the
program, every command has help, every example in the help and in the pages runs, every
link leads somewhere, and the README stays a front page."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import readme
from tests.conftest import ROOT, CliRunner, assert_no_network, guarded_env

PAGES = readme.pages()


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
def test_every_example_in_the_help_runs(cli: CliRunner, tmp_path: Path, command: list[str]) -> None:
    """Run as written (in a shell, in a folder of its own, one after the other, so an
    example may use the file an earlier one wrote): exit 0, or 1 where a check found
    something, never a usage error."""
    env = guarded_env(
        {
            **os.environ,
            "GOPAY_DOCTOR_NOW": "2026-11-11T19:40:00+07:00",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(ROOT),
        },
        tmp_path / "network-attempts.log",
    )
    ran = 0
    for example in examples(cli, *command):
        if any(rule.search(example) for rule in NEEDS.values()):
            continue
        assert example.split()[0] in ("gopay-doctor", "echo"), example
        done = subprocess.run(
            ["sh", "-c", example],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode in (0, 1), f"{example}: {done.stderr}"
        assert "error:" not in done.stderr, f"{example}: {done.stderr}"
        ran += 1
    assert_no_network(tmp_path / "network-attempts.log")
    assert ran or command == [], f"no example of {shlex.join(command)} could run"
