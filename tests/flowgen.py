"""Generate a long, valid flow (a chain of questions, and its catalog) for the tests."""

from pathlib import Path

LANGS = ("en", "id", "zh")


def _text(words: str) -> str:
    return "{" + ", ".join(f"{lang}: {words} ({lang})" for lang in LANGS) + "}"


def write_flow(folder: Path, questions: int) -> Path:
    """Write ``big.yaml`` (a chain of ``questions`` select questions) and a catalog into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "catalog").mkdir(exist_ok=True)
    (folder / "catalog" / "catalog.yaml").write_text(
        "causes:\n"
        f"  slow: {{title: {_text('Slow')}, explanation: {_text('It is slow')}}}\n"
        f"  down: {{title: {_text('Down')}, explanation: {_text('It is down')}}}\n"
        "steps:\n"
        f"  wait: {{text: {_text('Wait')}, category: contact}}\n"
        f"  check: {{text: {_text('Check')}, category: self-help, urgent: true}}\n"
        "channels:\n"
        f"  app: {{name: {_text('App')}, how: {_text('Open help')}}}\n"
        "notices:\n"
        f"  careful: {{text: {_text('Never share codes')}}}\n",
        encoding="utf-8",
    )
    lines = [
        "id: big",
        "version: 1",
        f"title: {_text('Big flow')}",
        "start: q0",
        "notices: [careful]",
        "questions:",
    ]
    for i in range(questions):
        after = f"q{i + 1}" if i + 1 < questions else "done"
        lines += [
            f"  q{i}:",
            "    kind: select",
            f"    text: {_text(f'Question {i}')}",
            f"    help: {_text(f'Help for question {i}')}",
            "    default: a",
            f"    next: {after}",
            "    choices:",
            "      - value: a",
            f"        label: {_text('First answer')}",
            "        causes: {slow: 2}",
            "        steps: [wait]",
            "      - value: b",
            f"        label: {_text('Second answer')}",
            "        causes: {down: 3}",
            "        steps: [check]",
            "        channels: [app]",
            "      - value: c",
            f"        label: {_text('Third answer')}",
            "        next: done",
        ]
    lines += [
        "outcomes:",
        "  done:",
        f"    title: {_text('Done')}",
        f"    summary: {_text('All answered')}",
        "    channels: [app]",
    ]
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
