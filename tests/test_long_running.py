"""A process that answers many questions (``serve``, a bot calling ``step()``) reads each
data file once, builds the holiday calendar once, resolves the flow folders once, and sees
a changed data file at once; parsing YAML leaves the garbage collector as it found it (#21).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from gopay_doctor import clock, load_flow, step
from gopay_doctor.checks import CheckContext, calendar, data
from gopay_doctor.checks import clock as peak
from gopay_doctor.checks.calendar import PeakPeriods
from gopay_doctor.contract import folder, yamlsafe
from gopay_doctor.errors import FileProblems
from gopay_doctor.stepwise import StepQuestion, check_dirs
from tests.conftest import ROOT

PEAK = "2026-11-11T19:40:00+07:00"
TO_PEAK = {"risk": ["none"], "need": "other", "source": "in-app", "symptom": "queue"}
QUIET_FILE = "holidays: []\nwindows: []\n"


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[object]:
    calls: list[object] = []
    real = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_step_at_the_peak_question_reads_the_data_file_and_builds_the_calendar_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)
    flow = load_flow("support-unreachable")
    step(flow, TO_PEAK)  # whatever an earlier test left: now it is read
    reads = _counting(monkeypatch, data, "read")
    built = _counting(monkeypatch, calendar, "Calendar")
    resolved = _counting(monkeypatch, folder.Sources, "default")
    for lang in ("en", "id", "zh", "en"):
        now = step(flow, TO_PEAK, lang=lang)
        assert isinstance(now, StepQuestion)
        assert now.question.proposal is not None
    assert (reads, built, resolved) == ([], [], [])


def test_a_changed_data_file_is_seen_by_the_next_question(tmp_path: Path) -> None:
    checks = tmp_path / "checks"
    checks.mkdir()
    path = checks / "peak-periods.yaml"
    path.write_text(QUIET_FILE, encoding="utf-8")
    context = CheckContext(now=clock.parse(PEAK), dirs=[tmp_path])
    first = peak.check(context)
    assert (first.value, first.data["peaks"]) == ("no", [])
    assert peak.check(context).data == first.data
    path.write_text(
        QUIET_FILE.replace("windows: []", "windows:\n  - {date: '11.11', kind: sale, name: Sale}"),
        encoding="utf-8",
    )
    changed = peak.check(context)
    assert (changed.value, [p["name"] for p in changed.data["peaks"]]) == ("yes", ["Sale"])


def test_an_unchanged_file_is_parsed_once_and_a_replaced_one_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "peak-periods.yaml"
    path.write_text(QUIET_FILE, encoding="utf-8")
    reads = _counting(monkeypatch, data, "read")
    record, doc = data.read_once(path, PeakPeriods)
    assert data.read_once(path, PeakPeriods) == (record, doc)
    assert len(reads) == 1
    other = tmp_path / "new.yaml"
    other.write_text(QUIET_FILE.replace("[]", "[ ]", 1), encoding="utf-8")
    os.replace(other, path)  # the same size, perhaps the same time: another file
    assert data.read_once(path, PeakPeriods)[0] == record
    assert len(reads) == 2


def test_a_data_file_that_is_gone_is_the_error_it_always_was(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="no such file"):
        data.read_once(tmp_path / "gone.yaml", PeakPeriods)


def test_the_check_folders_of_a_flow_are_resolved_once_per_environment(tmp_path: Path) -> None:
    source = str(ROOT / "flows" / "support-unreachable.yaml")
    assert check_dirs(source, "") == (folder.bundled_dir(),)
    assert check_dirs(source, "") is check_dirs(source, "")
    assert check_dirs(source, str(tmp_path)) == (folder.bundled_dir(), tmp_path)


def test_the_calendar_of_the_same_records_is_built_once() -> None:
    periods = PeakPeriods()
    found = calendar.library((2025, 2026, 2027))
    made = calendar.calendar_of(periods, found)
    assert calendar.calendar_of(periods, found) is made
    assert calendar.calendar_of(PeakPeriods(), found) is not made


@pytest.mark.parametrize("enabled", [True, False])
def test_parsing_pauses_the_collector_and_leaves_it_as_it_was(enabled: bool) -> None:
    seen: list[bool] = []

    class Probe(yamlsafe._Builder):
        def build(self, node: object, depth: int) -> object:
            seen.append(gc.isenabled())
            return super().build(node, depth)  # type: ignore[arg-type]

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    real = yamlsafe._Builder
    try:
        yamlsafe._Builder = Probe  # type: ignore[misc]
        assert yamlsafe.load_yaml(b"a: [1, 2]\n", "x.yaml").data == {"a": [1, 2]}
        with pytest.raises(FileProblems):
            yamlsafe.load_yaml(b"a: [1, 2\n", "x.yaml")
        assert gc.isenabled() is enabled
    finally:
        yamlsafe._Builder = real  # type: ignore[misc]
        (gc.enable if was else gc.disable)()
    assert seen
    assert not any(seen)
