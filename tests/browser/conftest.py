"""The browser suite's fixtures: the application served by uvicorn in this process (on
127.0.0.1, a free port), and one headless Chromium from Debian's ``chromium`` package for
all the browser tests, driven by Playwright (never a browser of Playwright's own download).

Without Chromium, Playwright or axe-core (``npm ci`` in this folder) the suite is skipped
with the reason, unless ``GOPAY_DOCTOR_BROWSER_TESTS=required`` (set by ``.ci/run``):
then it fails, so CI never passes without it.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from gopay_doctor.contract.folder import DEFAULT_FLOW

if TYPE_CHECKING:
    from playwright.sync_api import Browser

HERE = Path(__file__).resolve().parent
DEADLINE = HERE.parent / "fixtures" / "deadline" / "deadline.yaml"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("GOPAY_DOCTOR_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("GOPAY_DOCTOR_BROWSER_TESTS") == "required"
NOW = "2026-11-11T19:40:00+07:00"
"""A sale-day evening in Jakarta: the peak-period check proposes yes."""
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Chromium on a machine without a network: nothing it would fetch for itself. Playwright
adds ``--headless`` and a fresh ``--user-data-dir`` (a new temporary folder) itself."""


def unavailable(why: str) -> None:
    """Skip (a developer without a browser), or fail where the suite is required (CI)."""
    message = f"browser suite: {why}"
    if REQUIRED:
        pytest.fail(message + " (GOPAY_DOCTOR_BROWSER_TESTS=required)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", NOW)


@contextmanager
def serving(flow: str = DEFAULT_FLOW) -> Iterator[str]:
    """The base address of the application for ``flow``, served by uvicorn in a thread."""
    import uvicorn

    from gopay_doctor.web import create_app

    config = uvicorn.Config(
        create_app(flow=flow), host="127.0.0.1", port=0, log_level="warning", access_log=False
    )
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    while not served.started:
        if not thread.is_alive():
            pytest.fail("the test server did not start", pytrace=False)
        thread.join(0.01)
    port = served.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        served.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The bundled flow, served."""
    with serving() as address:
        yield address


@pytest.fixture(scope="session")
def deadline_server() -> Iterator[str]:
    """The date questions' test flow (tests/fixtures/deadline), served."""
    with serving(str(DEADLINE)) as address:
        yield address


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the browser tests. Package-scoped: Playwright's synchronous API
    keeps an asyncio loop running in this thread while it is open, and the tests after
    these (prompt_toolkit's, in this process) need a thread without one."""
    if shutil.which(CHROMIUM) is None:
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE.is_file():
        unavailable(f"no axe-core in {AXE.parent.parent} (npm ci --prefix tests/browser)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("no Playwright (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")
