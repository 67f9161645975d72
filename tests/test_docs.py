"""Docs that cannot rot: README samples come from the program, every command has help."""

from scripts import readme
from tests.conftest import CliRunner


def test_readme_samples_are_current() -> None:
    current = readme.README.read_text(encoding="utf-8")
    assert readme.render(current) == current, "run: python -m scripts.readme"


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
    readme_text = readme.README.read_text(encoding="utf-8")
    for path in commands:
        run = cli(*path, "--help")
        assert run.code == 0, path
        assert "Examples:" in run.out, f"{' '.join(path)} --help has no example"
        assert f"gopay-doctor {' '.join(path)}" in readme_text, (
            f"README does not show {' '.join(path)}"
        )
