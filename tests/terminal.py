"""A real pseudo-terminal for end-to-end tests: pexpect runs the program, pyte is the screen.

The program's output is fed into a pyte screen of a fixed size, which also answers the
terminal queries prompt_toolkit sends (cursor position), like a real terminal does.
Tests wait for what the screen shows, never for a fixed time.
"""

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte

from tests.conftest import ROOT, assert_no_network, guarded_env

UP, DOWN, LEFT = "\x1b[A", "\x1b[B", "\x1b[D"
ENTER, SPACE, BACKSPACE = "\r", " ", "\x7f"
CTRL_C, CTRL_D = "\x03", "\x04"
TIMEOUT = 15.0

_SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def env_for(state: Path, **extra: str) -> dict[str, str]:
    """The environment of a spawned program: a plain UTF-8 terminal and its own state and cache."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COLUMNS", "LINES", "NO_COLOR", "GOPAY_DOCTOR_LANG")
    }
    env.update(
        TERM="xterm-256color",
        LANG="C.UTF-8",
        XDG_STATE_HOME=str(state / "state"),
        XDG_CACHE_HOME=str(state / "cache"),
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra)
    return guarded_env(env, state / "network-attempts.log")


class Terminal:
    """``python -m gopay_doctor ARGS`` on a terminal of ``rows`` x ``cols``."""

    def __init__(
        self,
        *args: str,
        env: dict[str, str],
        rows: int = 50,
        cols: int = 100,
        command: list[str] | None = None,
    ) -> None:
        """``command`` runs something else instead (a shell line, say)."""
        argv = command or [sys.executable, "-m", "gopay_doctor", *args]
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self._lines: list[str] | None = None
        """The screen's lines since the last output (drawing them is the costly part)."""
        self.child = pexpect.spawn(
            argv[0], argv[1:], dimensions=(rows, cols), env=env, cwd=str(ROOT)
        )
        self.child.delaybeforesend = None  # pexpect waits 50 ms before each key otherwise
        self.net_log = env.get("GOPAY_DOCTOR_TEST_NET_LOG")
        self.screen.write_process_input = self._answer  # type: ignore[method-assign]

    def _answer(self, data: str) -> None:
        if self.child.isalive():
            self.child.send(data)

    def _pump(self, wait: float) -> bool:
        """Read what is there (waiting up to ``wait`` s for it, then taking whatever
        follows at once); False once the program has ended."""
        while True:
            try:
                data = self.child.read_nonblocking(65536, timeout=wait)
            except pexpect.TIMEOUT:
                return True
            except pexpect.EOF:
                return False
            self.raw.extend(data)
            self.stream.feed(data)
            self._lines = None
            wait = 0

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = [line.rstrip() for line in self.screen.display]
        return self._lines

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip("\n")

    def until(self, check: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        alive = True
        while not check():
            if not alive or time.monotonic() > deadline:
                raise AssertionError(f"the screen never showed {what}:\n{self.text}")
            alive = self._pump(0.05)

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> None:
        """Wait until every one of ``texts`` is on the screen."""
        self.until(lambda: all(t in self.text for t in texts), repr(texts), timeout)

    def wait_line(self, pattern: str, timeout: float = TIMEOUT) -> None:
        """Wait until a line of the screen matches the regular expression ``pattern``."""
        regex = re.compile(pattern)
        self.until(lambda: any(regex.search(line) for line in self.lines), pattern, timeout)

    def pointed(self) -> str:
        """The line the prompt's pointer (») is on."""
        return next((line for line in self.lines if " » " in line), "")

    def wait_pointer(self, label: str) -> None:
        self.until(lambda: self.pointed().endswith(label), f"the pointer on {label!r}")

    def resize(self, rows: int, cols: int) -> None:
        """The terminal made ``rows`` x ``cols`` (the program is told: SIGWINCH); what it
        showed is cropped, as a terminal does."""
        self.child.setwinsize(rows, cols)
        self.screen.resize(rows, cols)
        self._lines = None

    def press(self, *keys: str) -> None:
        for key in keys:
            self.child.send(key)

    def answered(self) -> int:
        """How many questions have been answered so far (one ✔ line each)."""
        return bytes(self.raw).count("✔ ".encode())

    def exit_status(self, timeout: float = TIMEOUT) -> int:
        """Wait for the program to end; its exit status."""
        deadline = time.monotonic() + timeout
        while self._pump(0.05):
            self._before(deadline)
        while self.child.isalive():  # the terminal is closed: the program is ending
            self._before(deadline)
            time.sleep(0.01)
        self.child.ptyproc.delayafterclose = 0  # it has ended: no need to wait before closing
        self.child.close()
        status = self.child.exitstatus
        assert status is not None, f"killed by signal {self.child.signalstatus}"
        if self.net_log:
            assert_no_network(Path(self.net_log))
        return int(status)

    def _before(self, deadline: float) -> None:
        if time.monotonic() > deadline:
            self.child.terminate(force=True)
            raise AssertionError(f"the program did not end:\n{self.text}")

    def colours(self) -> list[bytes]:
        """Every SGR sequence in the output that sets a colour."""
        found = []
        for match in _SGR.finditer(bytes(self.raw)):
            params = [p for p in re.split(rb"[;:]", match.group(1)) if p]
            if any(30 <= int(p) <= 49 or 90 <= int(p) <= 107 for p in params):
                found.append(match.group(0))
        return found
