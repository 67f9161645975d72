"""Structural and graph validation of flows and catalogs: every problem, exact text and position."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gopay_doctor.contract.folder import Sources
from gopay_doctor.contract.loading import load_flow_file
from gopay_doctor.errors import FileProblems
from tests.conftest import MINI


def mini_copy(
    tmp_path: Path, old: str = "", new: str = "", *, catalog: tuple[str, str] = ("", "")
) -> Path:
    """A copy of the mini flow folder with one text replacement in the flow and/or catalog."""
    folder = tmp_path / "flows"
    shutil.copytree(MINI.parent, folder)
    for path, (a, b) in (
        (folder / "mini.yaml", (old, new)),
        (folder / "catalog" / "catalog.yaml", catalog),
    ):
        if a:
            text = path.read_text(encoding="utf-8")
            assert a in text, f"{a!r} not in {path.name}"
            path.write_text(text.replace(a, b, 1), encoding="utf-8")
    return folder / "mini.yaml"


def problems(path: Path) -> list[str]:
    with pytest.raises(FileProblems) as info:
        load_flow_file(path, Sources((path.parent,)))
    return info.value.lines()


def test_the_fixture_flow_is_valid() -> None:
    flow = load_flow_file(MINI, Sources((MINI.parent,)))
    assert flow.id == "mini"
    assert flow.version == 2
    assert list(flow.spec.questions) == ["signs", "slow", "busy"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "version: 2",
            "version: two",
            ["flows/mini.yaml:3:10: error: expected a whole number, got 'two' [schema]"],
        ),
        (
            "version: 2",
            "version: 0",
            ["flows/mini.yaml:3:10: error: must be at least 1, got 0 [schema]"],
        ),
        (
            "version: 2",
            "version: 99999999999999999999999",
            [
                "flows/mini.yaml:3:10: error: must be at most 1000000, got 99999999999999999999999 [schema]"
            ],
        ),
        (
            "    kind: checkbox",
            "    kind: radio",
            [
                "flows/mini.yaml:9:11: error: 'radio' is not one of: checkbox, confirm, date, select [schema]"
            ],
        ),
        (
            "    help: {en: Tick",
            "    hlep: {en: Tick",
            ["flows/mini.yaml:11:5: error: unknown key 'hlep' (did you mean 'help'?) [schema]"],
        ),
        (
            "start: signs\n",
            "",
            ["flows/mini.yaml:2:1: error: missing required key 'start' [schema]"],
        ),
        (
            "  busy:\n    kind: select\n",
            "  Busy:\n    kind: select\n",
            [
                "flows/mini.yaml:33:3: error: key 'Busy': 'Busy' is not valid here: use lower-case letters, "
                "digits and hyphens, starting with a letter or digit [schema]"
            ],
        ),
        (
            "title: {en: Mini check, id: Cek mini, zh: 迷你检查}",
            "title: [Mini]",
            [
                "flows/mini.yaml:4:8: error: expected text (a string, or a mapping of language code to string), "
                "got a list [schema]"
            ],
        ),
    ],
    ids=[
        "version-type",
        "version-range",
        "version-huge",
        "bad-kind",
        "unknown-key",
        "missing-key",
        "bad-id",
        "bad-text",
    ],
)
def test_structural_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, expected: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert problems(mini_copy(tmp_path, old, new)) == expected


def test_every_structural_problem_is_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = mini_copy(tmp_path, "version: 2\n", "version: -1\nauthor: me\n")
    text = path.read_text(encoding="utf-8").replace("    kind: select", "    kind: pick")
    path.write_text(text, encoding="utf-8")
    assert problems(path) == [
        "flows/mini.yaml:3:10: error: must be at least 1, got -1 [schema]",
        "flows/mini.yaml:4:1: error: unknown key 'author'; expected one of: id, version, title, "
        "description, start, notices, questions, outcomes [schema]",
        "flows/mini.yaml:35:11: error: 'pick' is not one of: checkbox, confirm, date, select [schema]",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "start: signs",
            "start: sings",
            [
                "flows/mini.yaml:5:8: error: start 'sings' is not a known question (did you mean 'signs'?) [unknown-id]"
            ],
        ),
        (
            "        next: danger",
            "        next: dangr",
            [
                "flows/mini.yaml:16:15: error: next 'dangr' is not a known question or outcome (did you mean "
                "'danger'?) [unknown-id]",
                "flows/mini.yaml:46:3: error: outcome 'danger' can never be reached from start 'signs' [unreachable]",
            ],
        ),
        (
            "        causes: {hacked: 10}",
            "        causes: {hackd: 10}",
            [
                "flows/mini.yaml:17:18: error: cause 'hackd' is not a known cause (did you mean 'hacked'?) [unknown-id]"
            ],
        ),
        (
            "    steps: [retry, freeze]",
            "    steps: [retry, freze]",
            [
                "flows/mini.yaml:49:20: error: step 'freze' is not a known step (did you mean 'freeze'?) [unknown-id]"
            ],
        ),
        (
            "    channels: [app, forum]",
            "    channels: [app, fourm]",
            [
                "flows/mini.yaml:55:21: error: channel 'fourm' is not a known channel (did you mean 'forum'?) [unknown-id]"
            ],
        ),
        (
            "notices: [be-careful]",
            "notices: [be-carful]",
            [
                "flows/mini.yaml:6:11: error: notice 'be-carful' is not a known notice (did you mean 'be-careful'?) "
                "[unknown-id]"
            ],
        ),
        (
            "      - value: bit",
            "      - value: very",
            [
                "flows/mini.yaml:43:16: error: choice value 'very' appears twice in question 'busy' [duplicate-value]"
            ],
        ),
        (
            "    default: very",
            "    default: much",
            [
                "flows/mini.yaml:36:14: error: default 'much' is not a choice; valid values: very, bit [bad-default]"
            ],
        ),
        (
            "    next: slow\n",
            "    next: slow\n    default: theft\n",
            [
                "flows/mini.yaml:13:14: error: the default of a checkbox question is a list of values [bad-default]"
            ],
        ),
        (
            "    next: slow\n",
            "    next: slow\n    default: []\n",
            [
                "flows/mini.yaml:13:14: error: the default of a checkbox question must tick at least one "
                "choice; leave the default out to preselect nothing [bad-default]"
            ],
        ),
        (
            "    next: wait\n",
            "\n",
            [
                "flows/mini.yaml:39:9: error: choice 'very' of question 'busy' has no way forward: give it a next, "
                "or give the question one [dead-end]",
                "flows/mini.yaml:43:9: error: choice 'bit' of question 'busy' has no way forward: give it a next, "
                "or give the question one [dead-end]",
                "flows/mini.yaml:51:3: error: outcome 'wait' can never be reached from start 'signs' [unreachable]",
            ],
        ),
        (
            "    next: slow\n",
            "\n",
            [
                "flows/mini.yaml:8:3: error: checkbox question 'signs' needs a question-level next (used when no "
                "ticked choice has its own) [dead-end]",
                "flows/mini.yaml:23:3: error: question 'slow' can never be reached from start 'signs' [unreachable]",
                "flows/mini.yaml:33:3: error: question 'busy' can never be reached from start 'signs' [unreachable]",
                "flows/mini.yaml:51:3: error: outcome 'wait' can never be reached from start 'signs' [unreachable]",
                "flows/mini.yaml:56:3: error: outcome 'fine' can never be reached from start 'signs' [unreachable]",
            ],
        ),
        (
            '      - value: "no"\n        next: fine',
            '      - value: "nope"\n        next: fine',
            [
                "flows/mini.yaml:26:14: error: default 'no' is not a choice; valid values: yes, nope [bad-default]",
                "flows/mini.yaml:28:7: error: confirm question 'slow' must have exactly the choices 'yes' and 'no' "
                "[confirm-choices]",
            ],
        ),
        (
            "    next: wait\n",
            "    next: signs\n",
            [
                "flows/mini.yaml:33:3: error: the flow loops: signs -> slow -> busy -> signs [loop]",
                "flows/mini.yaml:51:3: error: outcome 'wait' can never be reached from start 'signs' [unreachable]",
            ],
        ),
        (
            "        label: {en: A bit, id: Sedikit, zh: 有点}\n",
            "",
            ["flows/mini.yaml:43:9: error: choice 'bit' needs a label [missing-label]"],
        ),
    ],
    ids=[
        "unknown-start",
        "unknown-next",
        "unknown-cause",
        "unknown-step",
        "unknown-channel",
        "unknown-notice",
        "duplicate-value",
        "bad-default",
        "checkbox-default",
        "checkbox-default-ticks-nothing",
        "no-way-forward",
        "checkbox-without-next",
        "confirm-values",
        "loop",
        "missing-label",
    ],
)
def test_graph_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, expected: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert problems(mini_copy(tmp_path, old, new)) == expected


def test_outcome_sharing_a_question_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = mini_copy(tmp_path, "  fine:\n    title:", "  slow:\n    title:")
    assert problems(path) == [
        "flows/mini.yaml:32:15: error: next 'fine' is not a known question or outcome [unknown-id]",
        "flows/mini.yaml:56:3: error: 'slow' is both a question and an outcome [duplicate-id]",
    ]


def test_catalog_and_flow_problems_come_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = mini_copy(
        tmp_path, "version: 2", "version: x", catalog=("category: fund-safety", "category: money")
    )
    assert problems(path) == [
        "flows/catalog/catalog.yaml:5:98: error: 'money' is not one of: contact, fund-safety, prevention, "
        "self-help [schema]",
        "flows/mini.yaml:3:10: error: expected a whole number, got 'x' [schema]",
    ]


def test_duplicate_catalog_ids_in_one_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = mini_copy(tmp_path)
    (path.parent / "catalog" / "more.yaml").write_text(
        "causes:\n  busy: {title: B, explanation: E}\n", encoding="utf-8"
    )
    assert problems(path) == [
        "flows/catalog/more.yaml:2:3: error: cause 'busy' is already defined in flows/catalog/catalog.yaml "
        "[duplicate-id]"
    ]


def test_flow_id_must_match_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = mini_copy(tmp_path, "id: mini", "id: other")
    assert problems(path) == [
        "flows/mini.yaml:2:5: error: flow id 'other' does not match its file name 'mini.yaml' [id-mismatch]"
    ]


SOURCED_STEP = (
    "  freeze: {text:",
    "  freeze: {sources: [{url: {en: 'https://www.gojek.com/en-id/help/a', "
    "id: 'https://www.gojek.com/id-id/help/a'}, verified_on: 2026-12-01}, "
    "{url: 'https://gopay.co.id/all', verified_on: 2026-12-01}], text:",
)


def test_sources_are_read_with_one_url_or_one_per_language(tmp_path: Path) -> None:
    path = mini_copy(tmp_path, catalog=SOURCED_STEP)
    flow = load_flow_file(path, Sources((path.parent,)))
    first, second = flow.catalog.steps["freeze"].sources
    assert first.url == {
        "en": "https://www.gojek.com/en-id/help/a",
        "id": "https://www.gojek.com/id-id/help/a",
    }
    assert second.url == "https://gopay.co.id/all"
    assert str(first.verified_on) == "2026-12-01"


UNOFFICIAL = (
    "source {url!r} is not an official page: a source must be on GoPay's or Gojek's own sites "
    "(gojek.com, gopay.co.id or a subdomain), because it is shown as the official page behind "
    "the text [unofficial-source]"
)


def test_a_source_off_the_official_sites_is_refused_on_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the catalog and in the flow, each address of a source, one per language too."""
    monkeypatch.chdir(tmp_path)
    step = (
        "  freeze: {text:",
        "  freeze: {sources: [{url: {en: 'https://www.gojek.com/en-id/help/a', "
        "id: 'https://gojek-bantuan.example/a'}, verified_on: 2026-12-01}], text:",
    )
    outcome = (
        "    summary: {en: Act now.,",
        "    sources: [{url: 'https://example.org/gojek.com', verified_on: 2026-12-01}]\n"
        "    summary: {en: Act now.,",
    )
    path = mini_copy(tmp_path, *outcome, catalog=step)
    assert problems(path) == [
        "flows/catalog/catalog.yaml:5:75: error: "
        + UNOFFICIAL.format(url="https://gojek-bantuan.example/a"),
        "flows/mini.yaml:48:21: error: " + UNOFFICIAL.format(url="https://example.org/gojek.com"),
    ]


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            "  freeze: {sources: [{url: 'http://example.org'}], text:",
            [
                "flows/catalog/catalog.yaml:5:22: error: missing required key 'verified_on' [schema]",
                "flows/catalog/catalog.yaml:5:28: error: 'http://example.org' is not valid here: it "
                "must match ^https://[^\\s<>\"'`\\\\]+$ [schema]",
            ],
        ),
        (
            "  freeze: {sources: [{url: {en: 'https://e.org', id: 'ftp://e.org'}, "
            "verified_on: soon}], text:",
            [
                "flows/catalog/catalog.yaml:5:54: error: 'ftp://e.org' is not valid here: it must "
                "match ^https://[^\\s<>\"'`\\\\]+$ [schema]",
                "flows/catalog/catalog.yaml:5:83: error: 'soon' is not a date; write YYYY-MM-DD [schema]",
            ],
        ),
    ],
    ids=["no-date-and-http", "bad-language-url-and-date"],
)
def test_a_source_needs_an_https_url_and_the_date_it_was_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new: str, expected: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert problems(mini_copy(tmp_path, catalog=("  freeze: {text:", new))) == expected
