"""``flows show`` (a tree, or the flow as data) and ``flows graph`` (Mermaid, Graphviz)."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from gopay_doctor.render.chart import dot_text, mermaid_text
from scripts import readme
from tests.conftest import FIXTURES, MINI, ROOT, CliRunner

MINI_TREE = """\
mini v2: Mini check
└── ? signs [checkbox] What do you see?
    ├── theft: Money missing
    │   └── = danger: Money at risk
    ├── locked: Account locked
    ├── none: None of these
    └── (otherwise)
        └── ? slow [confirm] Is it slow?
            ├── yes: Yes
            │   └── ? busy [select] How busy?
            │       ├── very: Very
            │       │   └── = wait: Busy
            │       └── bit: A bit
            │           └── = wait: Busy
            └── no: No
                └── = fine: All fine
"""

MINI_MERMAID = """\
flowchart TD
    q_signs["What do you see?"]
    q_slow["Is it slow?"]
    q_busy["How busy?"]
    r_danger(["Money at risk"])
    r_wait(["Busy"])
    r_fine(["All fine"])
    q_signs -->|"theft"| r_danger
    q_signs -->|"locked / none / (otherwise)"| q_slow
    q_slow -->|"yes"| q_busy
    q_slow -->|"no"| r_fine
    q_busy -->|"very / bit"| r_wait
    classDef outcome fill:#e8f5e9,stroke:#2e7d32
    class r_danger,r_wait,r_fine outcome
"""

MINI_DOT = """\
digraph "mini" {
    rankdir=TB;
    node [shape=box, fontname="Helvetica"];
    edge [fontname="Helvetica", fontsize=10];
    "signs" [label="What do you see?"];
    "slow" [label="Is it slow?"];
    "busy" [label="How busy?"];
    "danger" [label="Money at risk", style="rounded,filled", fillcolor="#e8f5e9"];
    "wait" [label="Busy", style="rounded,filled", fillcolor="#e8f5e9"];
    "fine" [label="All fine", style="rounded,filled", fillcolor="#e8f5e9"];
    "signs" -> "danger" [label="theft"];
    "signs" -> "slow" [label="locked / none / (otherwise)"];
    "slow" -> "busy" [label="yes"];
    "slow" -> "fine" [label="no"];
    "busy" -> "wait" [label="very / bit"];
}
"""


def test_show_draws_the_tree(cli: CliRunner) -> None:
    run = cli("flows", "show", str(MINI))
    assert (run.code, run.out, run.err) == (0, MINI_TREE, "")


def test_show_in_another_language(cli: CliRunner) -> None:
    run = cli("flows", "show", str(MINI), "--lang", "id")
    assert run.out.splitlines()[:3] == [
        "mini v2: Cek mini",
        "└── ? signs [checkbox] Apa yang Anda lihat?",
        "    ├── theft: Uang hilang",
    ]
    assert "(selain itu)" in run.out


def test_show_by_id_from_a_flows_folder(cli: CliRunner) -> None:
    run = cli("flows", "show", "mini", "--flows-dir", str(MINI.parent))
    assert run.out == MINI_TREE


def test_a_question_reached_twice_is_drawn_once(cli: CliRunner) -> None:
    run = cli("flows", "show", "support-unreachable")
    assert run.code == 0
    drawn = re.findall(r"\? ([a-z-]+) \[", run.out)
    assert sorted(drawn) == sorted(set(drawn))
    assert "-> peak-period (drawn above)" in run.out


def test_show_as_data(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    run = cli("flows", "show", "tests/fixtures/mini/mini.yaml", "--format", "json", "--lang", "zh")
    data = json.loads(run.out)
    assert {k: v for k, v in data.items() if k not in ("questions", "outcomes")} == {
        "id": "mini",
        "version": 2,
        "title": "迷你检查",
        "description": None,
        "lang": "zh",
        "source": "tests/fixtures/mini/mini.yaml",
        "start": "signs",
        "notices": ["be-careful"],
    }
    slow = data["questions"][1]
    assert slow == {
        "id": "slow",
        "kind": "confirm",
        "text": "很慢吗?",
        "help": None,
        "default": "no",
        "auto": None,
        "next": None,
        "next_overdue": None,
        "deadline": None,
        "choices": [
            {
                "value": "yes",
                "label": "是",
                "next": "busy",
                "causes": {"busy": 3},
                "steps": [],
                "channels": [],
            },
            {
                "value": "no",
                "label": "否",
                "next": "fine",
                "causes": {},
                "steps": [],
                "channels": [],
            },
        ],
    }
    assert [q["id"] for q in data["questions"]] == ["signs", "slow", "busy"]
    assert data["questions"][2]["choices"][1]["next"] == "wait"  # the question's next
    assert data["outcomes"][1] == {
        "id": "wait",
        "title": "繁忙",
        "summary": "稍后再试。",
        "causes": {"busy": 1},
        "steps": [],
        "channels": ["app", "forum"],
    }


def test_show_an_unknown_flow(cli: CliRunner) -> None:
    run = cli("flows", "show", "nope")
    assert run.code == 2
    assert run.err.startswith("gopay-doctor: error: unknown flow 'nope'; available flows: ")


@pytest.mark.parametrize(("fmt", "expected"), [("mermaid", MINI_MERMAID), ("dot", MINI_DOT)])
def test_graph(cli: CliRunner, fmt: str, expected: str) -> None:
    run = cli("flows", "graph", str(MINI), "--format", fmt)
    assert (run.code, run.out) == (0, expected)


def test_mermaid_is_the_default_and_stable(cli: CliRunner) -> None:
    first = cli("flows", "graph", "support-unreachable").out
    assert first.startswith("flowchart TD\n    q_risk[")
    assert cli("flows", "graph", "support-unreachable", "--format", "mermaid").out == first


@pytest.mark.parametrize(
    ("text", "mermaid", "dot"),
    [
        ('Say "hi"', "Say #quot;hi#quot;", '"Say \\"hi\\""'),
        ("a|b [c] {d}", "a#124;b #91;c#93; #123;d#125;", '"a|b [c] {d}"'),
        ("#1 <b>&</b>", "#35;1 #lt;b#gt;#amp;#lt;/b#gt;", '"#1 <b>&</b>"'),
        ("back\\slash `x`", "back\\slash #96;x#96;", '"back\\\\slash `x`"'),
        ("two\nlines\t!", "two lines !", '"two lines !"'),
        ("\x1b[2J\u202e", "\\x1b#91;2J\\u202e", '"\\\\x1b[2J\\\\u202e"'),
        ("11.11 sale: 50%", "11.11 sale: 50%", '"11.11 sale: 50%"'),
    ],
)
def test_labels_are_escaped_for_each_syntax(text: str, mermaid: str, dot: str) -> None:
    assert mermaid_text(text) == mermaid
    assert dot_text(text) == dot


def test_hostile_texts_stay_inside_their_labels(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "flows"
    shutil.copytree(MINI.parent, folder)
    flow = folder / "mini.yaml"
    original = flow.read_text(encoding="utf-8")
    assert '{en: "Is it slow?",' in original
    text = original.replace('{en: "Is it slow?",', '{en: "Slow\\"]\\n--> x[\\"pwned", ')
    flow.write_text(text, encoding="utf-8")
    mermaid = cli("flows", "graph", str(flow)).out
    assert '    q_slow["Slow#quot;#93; --#gt; x#91;#quot;pwned"]\n' in mermaid
    dot = cli("flows", "graph", str(flow), "--format", "dot").out
    assert '    "slow" [label="Slow\\"] --> x[\\"pwned"];\n' in dot


def test_every_flows_command_takes_flows_dir_and_channels(cli: CliRunner, tmp_path: Path) -> None:
    channels = tmp_path / "channels.yaml"
    shutil.copy(FIXTURES / "mini" / "catalog" / "catalog.yaml", tmp_path / "all.yaml")
    text = (tmp_path / "all.yaml").read_text(encoding="utf-8")
    channels.write_text(
        "channels:\n" + text.split("channels:\n")[1].split("notices:")[0], encoding="utf-8"
    )
    common = ["--flows-dir", str(MINI.parent), "--channels", str(channels)]
    for args in (
        ["flows", "list"],
        ["flows", "check", str(MINI)],
        ["flows", "show", "mini"],
        ["flows", "graph", "mini"],
        ["flows", "test", "mini"],
    ):
        run = cli(*args, *common)
        assert run.code == 0, (args, run.out, run.err)


def test_colours_only_on_a_terminal_and_never_with_no_color() -> None:
    pexpect = pytest.importorskip("pexpect")

    def screen(**env: str) -> str:
        child = pexpect.spawn(
            sys.executable,
            ["-m", "gopay_doctor", "flows", "show", str(MINI)],
            env={"PATH": "/usr/bin:/bin", "TERM": "xterm", "LANG": "C.UTF-8", **env},
            encoding="utf-8",
            dimensions=(40, 100),
            timeout=30,
        )
        output: str = child.read()
        child.close()
        return output

    assert "\x1b[" in screen()
    assert "\x1b[" not in screen(NO_COLOR="1")
    assert "\x1b[" not in screen(TERM="dumb")


def test_the_docs_chart_is_the_current_bundled_flow(cli: CliRunner) -> None:
    block = re.fullmatch(r"```mermaid\n(.*?)```\n", readme.block("flow-chart")[1], re.S)
    assert block is not None, "the flow-chart block holds no Mermaid chart"
    current = cli("flows", "graph", "support-unreachable", "--format", "mermaid").out
    assert block.group(1) == current, "the chart is out of date: run python -m scripts.readme"


@pytest.mark.unmeasured  # 1,200 questions of what the short flows measure: no line more
def test_a_very_deep_flow_is_listed_question_by_question(cli: CliRunner, tmp_path: Path) -> None:
    """1,200 chained questions: no recursion limit is hit, and the screen shows an outline."""
    from tests.flowgen import write_flow

    flow = write_flow(tmp_path / "big", questions=1200)
    run = cli("flows", "show", str(flow))
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[:3] == [
        "big v1: Big flow (en)",
        "├── ? q0 [select] Question 0 (en)",
        "│   ├── a: First answer (en) -> q1",
    ]
    assert lines[-1] == "└── = done: Done (en)"
