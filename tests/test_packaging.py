"""The wheel carries the bundled flows: a plain ``pip install`` finds them from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (found,) = out.glob("gopay_doctor-*.whl")
    return found


def test_wheel_contains_every_bundled_flow_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = sorted(
        p.relative_to(ROOT / "flows").as_posix() for p in (ROOT / "flows").rglob("*.yaml")
    )
    assert bundled, "flows/ holds no YAML files"
    missing = [f for f in bundled if f"gopay_doctor/_flows/{f}" not in names]
    assert missing == []
    assert "gopay_doctor/contract/bundled.json" in names  # the bundled flows as validated
    web = ROOT / "gopay_doctor" / "web"
    pages = [
        p.relative_to(ROOT).as_posix() for p in [*web.glob("templates/*"), *web.glob("static/*")]
    ]
    assert pages, "gopay_doctor/web has no templates"
    assert [p for p in pages if p not in names] == []  # serve's pages and stylesheet


def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # Install the wheel's dependencies from this environment's site-packages (no network),
    # and the wheel itself without editable mode.
    site = next(p for p in sys.path if p.endswith("site-packages"))
    (next((env_dir / "lib").glob("python*")) / "site-packages" / "deps.pth").write_text(site + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            "--target",
            str(next((env_dir / "lib").glob("python*")) / "site-packages"),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run(
        [
            str(python),
            "-m",
            "gopay_doctor",
            "diagnose",
            "-a",
            "risk=none",
            "--defaults",
            "--no-input",
            "--format",
            "json",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["flow"]["id"] == "support-unreachable"
    where = subprocess.run(
        [str(python), "-c", "import gopay_doctor, sys; print(gopay_doctor.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert str(env_dir) in where.stdout  # the installed copy, not the source tree
    made = subprocess.run(
        [
            str(python),
            "-c",
            "from gopay_doctor.contract import loading; "
            "from gopay_doctor.contract.folder import Sources, bundled_dir; "
            "print(loading.compiled(bundled_dir() / 'support-unreachable.yaml', "
            "Sources.default(), loading.Files()) is not None)",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert made.stdout == "True\n"  # installed, the bundled flow is read as it was made
    for args in (["check", "-v"], ["check", "-v", "--format", "json"]):
        checked = subprocess.run(
            [str(python), "-m", "gopay_doctor", *args],
            cwd=elsewhere,
            capture_output=True,
            text=True,
            env={**env, "GOPAY_DOCTOR_NOW": "2027-01-07T10:05:00+07:00"},
            timeout=60,
        )
        assert checked.returncode == 0, checked.stderr
        # the peak-period check answers past 2026 and never shows a path into the package
        assert "not a peak period" in checked.stdout
        assert "site-packages" not in checked.stdout
        assert "_flows" not in checked.stdout
