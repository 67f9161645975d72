"""User flow folders: ``--flows-dir`` (repeatable) and ``GOPAY_DOCTOR_FLOWS_DIR`` add folders,
a later folder's flow or catalog entry overrides an earlier one with the same id, ``flows list``
shows which file won, and ``--channels FILE`` replaces the channel catalog.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT, CliRunner

BUNDLED = ROOT / "flows"
ANSWERS = ["-a", "risk=none", "--defaults", "--format", "json"]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def user_folder(home: Path, name: str, *, mini: bool = False) -> Path:
    folder = home / name
    if mini:
        shutil.copytree(MINI.parent, folder)
    else:
        folder.mkdir()
    return folder


def rows(cli: CliRunner, *args: str) -> list[dict[str, object]]:
    run = cli("flows", "list", "--format", "json", *args)
    assert run.code == 0, run.err
    data: list[dict[str, object]] = json.loads(run.out)
    return data


def test_flows_dir_adds_a_folder(cli: CliRunner, home: Path) -> None:
    user_folder(home, "mine", mini=True)
    found = {row["id"]: row["source"] for row in rows(cli, "--flows-dir", "mine")}
    assert found["mini"] == "mine/mini.yaml"
    assert "support-unreachable" in found


def test_flows_dir_is_repeatable_and_the_environment_adds_folders(
    cli: CliRunner, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("one", "two", "three"):
        folder = user_folder(home, name, mini=True)
        (folder / "mini.yaml").rename(folder / f"{name}.yaml")
        text = (folder / f"{name}.yaml").read_text(encoding="utf-8")
        (folder / f"{name}.yaml").write_text(text.replace("id: mini", f"id: {name}"), "utf-8")
        (folder / "mini.scenarios.yaml").unlink()
    monkeypatch.setenv("GOPAY_DOCTOR_FLOWS_DIR", os.pathsep.join(["one", "two"]))
    ids = [row["id"] for row in rows(cli, "--flows-dir", "three")]
    assert ids == ["one", "support-unreachable", "three", "two"]


def test_a_missing_folder_is_a_usage_error(cli: CliRunner, home: Path) -> None:
    run = cli("flows", "list", "--flows-dir", "nowhere")
    assert (run.code, run.err) == (2, "gopay-doctor: error: flows folder nowhere: no such folder\n")


def overriding_flow(home: Path, name: str, title: str) -> Path:
    folder = user_folder(home, name)
    text = (BUNDLED / "support-unreachable.yaml").read_text(encoding="utf-8")
    (folder / "support-unreachable.yaml").write_text(
        text.replace('  en: "Support unreachable"', f'  en: "{title}"', 1), encoding="utf-8"
    )
    return folder


def test_a_user_flow_overrides_the_bundled_one_and_list_shows_which_won(
    cli: CliRunner, home: Path
) -> None:
    overriding_flow(home, "org", "Our support flow")
    overriding_flow(home, "team", "Our team's flow")
    [row] = rows(cli, "--flows-dir", "org", "--flows-dir", "team")
    bundled = str(BUNDLED / "support-unreachable.yaml")
    assert row == {
        "id": "support-unreachable",
        "version": 3,
        "title": "Our team's flow",
        "source": "team/support-unreachable.yaml",
        "overrides": [bundled, "org/support-unreachable.yaml"],
        "problems": 0,
    }
    run = cli("flows", "list", "--flows-dir", "org", "--flows-dir", "team")
    assert run.out == (
        "support-unreachable\tv3\tOur team's flow\tteam/support-unreachable.yaml "
        f"(overrides {bundled}, org/support-unreachable.yaml)\n"
    )
    result = json.loads(cli("diagnose", *ANSWERS, "--flows-dir", "org", "--flows-dir", "team").out)
    assert result["flow"]["title"] == "Our team's flow"


def test_list_text_names_the_file_without_overrides(cli: CliRunner, home: Path) -> None:
    user_folder(home, "mine", mini=True)
    run = cli("flows", "list", "--flows-dir", "mine")
    assert "mini\tv2\tMini check\tmine/mini.yaml\n" in run.out


def test_a_user_catalog_entry_overrides_the_bundled_one(cli: CliRunner, home: Path) -> None:
    folder = user_folder(home, "org")
    (folder / "catalog").mkdir()
    (folder / "catalog" / "steps.yaml").write_text(
        "steps:\n"
        "  stay-calm:\n"
        "    text: {en: Breathe first., id: Tarik napas dulu., zh: 先深呼吸。}\n"
        "    category: fund-safety\n",
        encoding="utf-8",
    )
    result = json.loads(cli("diagnose", *ANSWERS, "--flows-dir", "org").out)
    step = next(s for s in result["steps"] if s["id"] == "stay-calm")
    assert (step["text"], step["detail"]) == ("Breathe first.", "")
    run = cli("flows", "check", "org", "--flows-dir", "org")
    assert (run.code, run.out) == (0, "")  # overriding across folders is not a duplicate


def channels_file(home: Path, replace: str = "", by: str = "") -> Path:
    text = (BUNDLED / "catalog" / "channels.yaml").read_text(encoding="utf-8")
    if replace:
        assert replace in text
        text = text.replace(replace, by, 1)
    path = home / "our-channels.yaml"
    path.write_text(text.replace('en: "Help in the app"', 'en: "Our help desk"'), "utf-8")
    return path


def test_channels_replaces_the_channel_catalog(cli: CliRunner, home: Path) -> None:
    channels_file(home)
    result = json.loads(cli("diagnose", *ANSWERS, "--channels", "our-channels.yaml").out)
    names = [c["name"] for c in result["channels"]]
    assert "Our help desk" in names
    assert "Help in the app" not in names


def test_a_channels_file_must_hold_every_channel_the_flow_uses(cli: CliRunner, home: Path) -> None:
    path = channels_file(home, "  community:\n", "  forum:\n")
    line = path.read_text(encoding="utf-8").splitlines().index("  forum:") + 1
    run = cli("diagnose", *ANSWERS, "--channels", "our-channels.yaml")
    assert run.code == 2
    assert "channel 'community' is not a known channel [unknown-id]" in run.err
    check = cli("flows", "check", "--channels", "our-channels.yaml")
    assert check.code == 1
    assert (
        f"our-channels.yaml:{line}:3: warning: channel 'forum' is defined but no flow uses it"
        in check.out
    )


def test_a_channels_file_holds_only_channels(cli: CliRunner, home: Path) -> None:
    path = channels_file(home)
    path.write_text(
        path.read_text(encoding="utf-8") + "notices:\n  n: {text: x}\n", encoding="utf-8"
    )
    run = cli("flows", "check", "our-channels.yaml", "--channels", "our-channels.yaml")
    assert "a --channels file holds only 'channels', not 'notices' [schema]" in run.out
    assert run.code == 1


def test_a_folder_named_twice_is_read_once(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The environment and a flag (or two flags) may name the same folder."""
    folder = tmp_path / "mine"
    shutil.copytree(MINI.parent, folder)
    monkeypatch.setenv("GOPAY_DOCTOR_FLOWS_DIR", str(folder))
    run = cli("diagnose", "--flow", "mini", "--flows-dir", str(folder), "--flows-dir", str(folder),
              "-a", "signs=none", "--defaults", "-f", "json")  # fmt: skip
    assert run.code == 0, run.err
    listed = cli("flows", "list", "--flows-dir", str(folder))
    assert "overrides" not in listed.out


def test_hidden_files_and_dangling_links_in_a_catalog_are_skipped(
    cli: CliRunner, tmp_path: Path
) -> None:
    """Editors leave lock files such as .#catalog.yaml (often dangling links) beside the real ones."""
    folder = tmp_path / "mine"
    shutil.copytree(MINI.parent, folder)
    (folder / "catalog" / ".#catalog.yaml").symlink_to("root@host.1234:1700000000")
    (folder / "catalog" / "._catalog.yaml").write_bytes(b"\x00\x05\x16\x07")
    run = cli(
        "diagnose",
        "--flow",
        str(folder / "mini.yaml"),
        "-a",
        "signs=none",
        "--defaults",
        "-f",
        "json",
    )
    assert run.code == 0, run.err


def test_an_unreadable_folder_is_a_clean_error(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(MINI.parent, folder)
    real = Path.iterdir

    def denied(self: Path) -> object:
        if self == folder:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", denied)
    run = cli("flows", "list", "--flows-dir", str(folder))
    assert run.code == 2
    assert run.err == f"gopay-doctor: error: {folder}: cannot read: Permission denied\n"
