"""The validated-flow cache: used when fresh, rebuilt when stale or corrupt, never required."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gopay_doctor.flow import cache, loading
from gopay_doctor.flow.loading import Sources, load_flow_file
from tests.conftest import MINI


@pytest.fixture
def flow_dir(tmp_path: Path) -> Path:
    shutil.copytree(MINI.parent, tmp_path / "flows")
    return tmp_path / "flows"


def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    seen: list[Path] = []
    real = loading.validate_flow

    def counting(path: Path, *args: object, **kwargs: object) -> object:
        seen.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "validate_flow", counting)
    return seen


def slots() -> list[Path]:
    folder = cache.cache_dir()
    assert folder is not None
    return sorted(folder.glob("*.msgpack")) if folder.exists() else []


def test_second_load_comes_from_the_cache(flow_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = count_validations(monkeypatch)
    first = load_flow_file(flow_dir / "mini.yaml", Sources((flow_dir,)))
    second = load_flow_file(flow_dir / "mini.yaml", Sources((flow_dir,)))
    assert len(seen) == 1
    assert second == first
    assert len(slots()) == 1


@pytest.mark.parametrize("changed", ["mini.yaml", "catalog/catalog.yaml"])
def test_a_changed_file_makes_the_slot_stale(
    flow_dir: Path, monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    seen = count_validations(monkeypatch)
    load_flow_file(flow_dir / "mini.yaml", Sources((flow_dir,)))
    target = flow_dir / changed
    target.write_text(
        target.read_text(encoding="utf-8").replace("Busy", "Very busy"), encoding="utf-8"
    )
    flow = load_flow_file(flow_dir / "mini.yaml", Sources((flow_dir,)))
    assert len(seen) == 2
    assert "Very busy" in repr(flow)
    assert len(slots()) == 1  # one slot per flow file, overwritten


def test_a_corrupt_slot_is_ignored_and_rebuilt(
    flow_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = count_validations(monkeypatch)
    load_flow_file(flow_dir / "mini.yaml", Sources((flow_dir,)))
    (slot,) = slots()
    for garbage in (b"", b"\x93garbage", slot.read_bytes()[:40]):
        slot.write_bytes(garbage)
        assert load_flow_file(flow_dir / "mini.yaml", Sources((flow_dir,))).id == "mini"
    assert len(seen) == 4
    assert cache.read(flow_dir / "mini.yaml", "any") is None


def test_an_unwritable_cache_changes_nothing(
    flow_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = flow_dir.parent / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load_flow_file(flow_dir / "mini.yaml", Sources((flow_dir,))).id == "mini"


def test_the_cache_can_be_turned_off(flow_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NO_CACHE", "1")
    seen = count_validations(monkeypatch)
    for _ in range(2):
        load_flow_file(flow_dir / "mini.yaml", Sources((flow_dir,)))
    assert len(seen) == 2


def test_a_flow_the_cache_cannot_encode_still_loads(
    flow_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever msgspec cannot encode (say, a number too large for MessagePack) is just not cached."""
    import msgspec

    def refuse(value: object) -> bytes:
        raise OverflowError("can't serialize ints < -2**63 or > 2**64 - 1")

    monkeypatch.setattr(msgspec.msgpack, "encode", refuse)
    assert load_flow_file(flow_dir / "mini.yaml", Sources((flow_dir,))).id == "mini"
    assert slots() == []
