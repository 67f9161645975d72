"""Saved sessions: the wizard's answers so far, kept so that Ctrl-C never loses them.

Each flow has at most one unfinished session, ``sessions/<flow-id>.json`` in the user
state directory (platformdirs): the flow (id, version and how to find it again), the
language and the answers in the order they were given, each with its source and, where
an automatic check proposed an answer, what it proposed and why, and the answers Back
stepped over (so going back never loses an answer: they are preselected when their
questions are asked again). It is
written atomically (:func:`gopay_doctor.atomic.write_file`: a temporary file in the
same folder, flushed, fsynced, then renamed over the old one), read back with a strict
schema, and removed when the session finishes. :func:`latest` finds the most recently
saved one, for ``--resume``.

A saved session names the flow and the folders to read it from, so nothing another user
could write is trusted (:class:`UntrustedSession`, exit 2, never silently ignored):

* the state folder and the sessions folder are created ``0700`` and every session file
  ``0600``, whatever the umask;
* a folder or session file that another user owns, or that others may write, is refused
  with the command that fixes it; so is a session path that is a link, a pipe, a socket
  or a device (it is opened without following links or waiting, then checked);
* the flow a session names is loaded like any other, with every check, safety included.

Two wizards on one flow: the one that runs first holds ``<flow-id>.lock`` (an advisory
lock the system drops when the process ends, however it ends); a second one is told its
answers will not be saved, and neither saves over nor removes the first one's session.
Temporary files a killed save left behind are removed by the next save, under the lock.
"""

import contextlib
import os
import re
import shlex
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import msgspec
from platformdirs import user_state_path

from gopay_doctor.answers import SOURCES, Answer, AnswerError, AnswerValue, Proposed, checked_again
from gopay_doctor.atomic import WriteError, write_file
from gopay_doctor.clock import from_iso, now
from gopay_doctor.contract.files import NotRegularFile, kind, open_regular, why
from gopay_doctor.contract.folder import DEFAULT_FLOW
from gopay_doctor.contract.model import ID_PATTERN, Flow
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.i18n import LANGS
from gopay_doctor.plaintext import quoted

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

FORMAT = 1
"""Bump when the file changes shape; other formats are refused as unreadable."""
FOLDER = "sessions"
SUFFIX = ".json"
LOCK_SUFFIX = ".lock"
MAX_BYTES = 1024 * 1024
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


class SavedProposal(msgspec.Struct, frozen=True, kw_only=True):
    """What the question's automatic check proposed when the answer was given."""

    value: str | list[str]
    reason: str = ""


class SavedAnswer(msgspec.Struct, frozen=True, kw_only=True):
    question: str
    value: str | list[str]
    source: str
    origin: str = ""
    reason: str = ""
    proposed: SavedProposal | None = None
    """Added within format 1: a file saved before has none, and one saved with it is
    read by an older gopay-doctor, which ignores it."""


class SavedSession(msgspec.Struct, frozen=True, kw_only=True):
    format: int
    flow_id: str
    flow_version: int
    flow_ref: str
    """What ``--flow`` named: a flow id, or the absolute path of a flow file."""
    flows_dirs: list[str] = []
    channels: str | None = None
    lang: str
    answers: list[SavedAnswer]
    """In the order they were given."""
    remembered: list[SavedAnswer] = []
    """The answers Back stepped over (after the question the person went back to),
    preselected when their questions are asked again. Added within format 1: a file saved
    before has none, and an older gopay-doctor ignores them."""
    saved_at: str = ""
    """When it was saved (:func:`gopay_doctor.clock.now`), ISO 8601 with the UTC offset;
    empty when ``GOPAY_DOCTOR_NOW`` is not a time."""

    def when(self) -> str:
        """``saved_at`` for people: ``2026-11-25 14:02``."""
        try:
            return from_iso(self.saved_at).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.saved_at or "?"


class SavedSessionError(GopayDoctorError):
    """A saved session that cannot be read or no longer fits its flow."""


class UntrustedSession(SavedSessionError):
    """A session file or folder another user could have written, or that is no regular
    file or folder: refused, never read and never silently replaced."""


def _owner_problem(info: os.stat_result) -> str:
    """Why a file or folder with ``info`` cannot be trusted by this user, or nothing."""
    if not hasattr(os, "geteuid"):  # Windows: the user's profile folder is private
        return ""
    if info.st_uid != os.geteuid():
        return f"it belongs to another user (uid {info.st_uid})"
    if info.st_mode & 0o022:
        return f"other users may write to it (mode {stat.S_IMODE(info.st_mode):04o})"
    return ""


def check_folder(folder: Path) -> None:
    """Refuse a sessions or state folder that is not a folder of this user's own that only
    they may write; nothing to refuse when there is none yet."""
    try:
        info = os.stat(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise UntrustedSession(
            f"the saved sessions folder {folder} cannot be read ({why(exc)})"
        ) from None
    if not stat.S_ISDIR(info.st_mode):
        raise UntrustedSession(
            f"the saved sessions folder {folder} is {kind(info.st_mode)}, not a folder; "
            "remove it, and gopay-doctor makes a private one"
        )
    problem = _owner_problem(info)
    if problem:
        raise UntrustedSession(
            f"the saved sessions folder {folder} cannot be trusted: {problem}; "
            + (
                f"make it private with: chmod 700 '{folder}'"
                if "mode" in problem
                else "remove it, and gopay-doctor makes a private one"
            )
        )


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and the folders above it that are missing, each ``0700``
    whatever the umask (the XDG base directory specification asks it of a state folder)."""
    missing = []
    for part in (folder, *folder.parents):
        if part.exists() or part.is_symlink():
            break
        missing.append(part)
    for part in reversed(missing):
        with contextlib.suppress(FileExistsError):
            part.mkdir(mode=PRIVATE_FOLDER)
            os.chmod(part, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask; chmod's is not


def state_dir() -> Path:
    return user_state_path("gopay-doctor", appauthor=False)


def sessions_dir() -> Path:
    return state_dir() / FOLDER


def diagnose_command(ref: str, flows_dirs: Sequence[str | Path] = ()) -> str:
    """The command that starts a new session of flow ``ref`` (an id or a path), found in
    ``flows_dirs`` (the flows folders beyond the bundled one), as it can be typed."""
    dirs = "".join(f" --flows-dir {shlex.quote(str(d))}" for d in flows_dirs)
    if ref == DEFAULT_FLOW:
        return f"gopay-doctor diagnose{dirs}"
    return f"gopay-doctor diagnose --flow {shlex.quote(ref)}{dirs}"


def start_again(ref: str, flows_dirs: Sequence[str | Path] = ()) -> str:
    """How to get past a saved session of flow ``ref`` that cannot be continued: a new
    session of that flow replaces it."""
    return f"run {diagnose_command(ref, flows_dirs)} without --resume to start over"


def is_flow_id(text: str) -> bool:
    return len(text) <= 64 and re.fullmatch(ID_PATTERN, text) is not None


def snapshot(
    flow: Flow,
    ref: str,
    lang: str,
    answers: dict[str, Answer],
    *,
    flows_dirs: tuple[str, ...] = (),
    channels: str | None = None,
    remembered: dict[str, Answer] | None = None,
) -> SavedSession:
    """What to save for a session of ``flow`` with ``answers`` (kept in their order) and
    the ``remembered`` answers Back stepped over."""
    return SavedSession(
        format=FORMAT,
        flow_id=flow.id,
        flow_version=flow.version,
        flow_ref=ref,
        flows_dirs=list(flows_dirs),
        channels=channels,
        lang=lang,
        answers=_saved_answers(answers),
        remembered=_saved_answers(remembered or {}),
        saved_at=_now(),
    )


def _saved_answers(answers: dict[str, Answer]) -> list[SavedAnswer]:
    return [
        SavedAnswer(
            question=qid,
            value=_listed(a.value),
            source=a.source,
            origin=a.origin,
            reason=a.reason,
            proposed=_saved_proposal(a.proposed),
        )
        for qid, a in answers.items()
    ]


def _listed(value: AnswerValue) -> str | list[str]:
    return list(value) if isinstance(value, tuple) else value


def _saved_proposal(proposed: Proposed | None) -> SavedProposal | None:
    if proposed is None:
        return None
    return SavedProposal(value=_listed(proposed.value), reason=proposed.reason)


def _now() -> str:
    """The time to save, ISO 8601; a bad ``GOPAY_DOCTOR_NOW`` must not stop the saving."""
    try:
        return now().isoformat(timespec="seconds")
    except GopayDoctorError:
        return ""


class SessionStore:
    """The saved session of flow ``flow_id``: ``<flow-id>.json`` in ``folder`` (default:
    the ``sessions`` folder in the user state directory)."""

    def __init__(self, flow_id: str, folder: Path | None = None) -> None:
        if not is_flow_id(flow_id):
            raise ValueError(f"not a flow id: {flow_id!r}")
        self.flow_id = flow_id
        self.folder = folder if folder is not None else sessions_dir()
        self.trusted = [state_dir(), self.folder] if folder is None else [self.folder]
        """The folders that must be this user's own (the state folder and its sessions)."""
        self.path = self.folder / f"{flow_id}{SUFFIX}"
        self.flows_dirs: tuple[Path, ...] = ()
        """The flows folders the flow is found in (beyond the bundled one), for the
        command a message names."""
        self._lock: int | None = None

    def check(self) -> None:
        """Refuse (:class:`UntrustedSession`) folders or a session file another user could
        have written, and a session path that is no regular file."""
        for folder in self.trusted:
            check_folder(folder)
        try:
            info = os.lstat(self.path)
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError as exc:
            raise self._unreadable(why(exc)) from None
        self._check_file(info)

    def _check_file(self, info: os.stat_result) -> None:
        if not stat.S_ISREG(info.st_mode):
            raise UntrustedSession(
                f"the saved session {self.path} is {kind(info.st_mode)}, not a regular file; "
                "remove it to start over"
            )
        problem = _owner_problem(info)
        if problem:
            raise UntrustedSession(
                f"the saved session {self.path} cannot be trusted: {problem}; remove it to "
                "start over"
            )

    def load(self) -> SavedSession | None:
        """The saved session, or None when there is none; an unreadable file is an error,
        and so is one another user could have written (:class:`UntrustedSession`)."""
        for folder in self.trusted:
            check_folder(folder)
        try:
            fd, info = open_session(self.path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except NotRegularFile:
            self.check()  # says what it is
            raise
        except OSError as exc:
            raise self._unreadable(why(exc)) from None
        with os.fdopen(fd, "rb") as handle:
            self._check_file(info)
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise self._unreadable("it is larger than 1 MiB")
        try:
            saved = msgspec.json.decode(data, type=SavedSession)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise self._unreadable(str(exc)) from None
        if saved.format != FORMAT:
            raise self._unreadable(f"unknown format {saved.format}")

        if saved.lang not in LANGS:
            raise self._unreadable(f"unknown language {quoted(saved.lang)}")
        if saved.flow_id != self.flow_id:
            raise self._unreadable(f"it is for flow {quoted(saved.flow_id)}, not {self.flow_id!r}")
        return saved

    def lock(self) -> bool:
        """Hold this flow's session for this process: False when another process holds it
        (another wizard on the same flow). Held until :meth:`unlock` or the process ends."""
        if self._lock is not None:
            return True
        try:
            make_private_folder(self.folder)
            fd = os.open(
                self.folder / f"{self.flow_id}{LOCK_SUFFIX}",
                os.O_RDWR | os.O_CREAT | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0),
                PRIVATE_FILE,
            )
        except OSError:
            return True  # nowhere to lock: saving will say why it cannot save
        try:
            if sys.platform == "win32":
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._lock = fd
        return True

    def unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing drops the lock
            self._lock = None

    def save(self, saved: SavedSession) -> None:
        """Replace the saved session atomically; raises ``WriteError`` when that fails,
        :class:`UntrustedSession` when what is there cannot be trusted, and
        :class:`SessionBusy` when another process holds the session."""
        try:
            make_private_folder(self.folder)
        except OSError as exc:
            raise WriteError(str(self.folder), f"cannot create: {exc.strerror or exc}") from None
        self.check()
        if not self.lock():
            raise SessionBusy(self.flow_id)
        assert saved.flow_id == self.flow_id, (saved.flow_id, self.flow_id)
        # write_file removes what a killed save left behind (atomic.remove_leftovers)
        write_file(self.path, msgspec.json.encode(saved), force=True, mode=PRIVATE_FILE)

    def clear(self) -> str:
        """Remove the saved session; what went wrong, or nothing. It is called when the
        result has been delivered, so a failure is only ever a warning. A session another
        process holds is left alone."""
        if not self.lock():
            return ""
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            why_not = exc.strerror or type(exc).__name__
            return f"the saved session {self.path} could not be removed ({why_not})"
        return ""

    def _unreadable(self, why: str) -> SavedSessionError:
        return SavedSessionError(
            f"the saved session {self.path} cannot be read ({why}); "
            + start_again(self.flow_id, self.flows_dirs)
        )


class SessionBusy(SavedSessionError):
    """Another process (a second wizard on the same flow) holds the saved session."""

    def __init__(self, flow_id: str) -> None:
        super().__init__(f"another gopay-doctor wizard is answering flow '{flow_id}'")
        self.flow_id = flow_id


def open_session(path: Path) -> tuple[int, os.stat_result]:
    """The session file at ``path``, opened without following a link or waiting."""
    return open_regular(path, extra_flags=_NO_FOLLOW)


def latest(folder: Path | None = None) -> SessionStore | None:
    """The store of the most recently saved session (by the files' times), or None.

    Only names a flow id can have count (``mini.json``, not ``.mini.json.x.tmp``); the
    file itself is read, strictly, by :meth:`SessionStore.load`.
    """
    given = folder
    folder = folder if folder is not None else sessions_dir()
    for trusted in [folder] if given is not None else [state_dir(), folder]:
        check_folder(trusted)
    found: list[tuple[int, str]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                stem = entry.name.removesuffix(SUFFIX)
                if entry.name.endswith(SUFFIX) and is_flow_id(stem):
                    try:  # not following links: a link or a pipe is found, and refused
                        found.append((entry.stat(follow_symlinks=False).st_mtime_ns, stem))
                    except OSError:
                        continue  # gone meanwhile
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise SavedSessionError(
            f"the saved sessions in {folder} cannot be read ({exc.strerror or exc})"
        ) from None
    return SessionStore(max(found)[1], given) if found else None


class Restored(NamedTuple):
    """A saved session's answers, checked against its flow."""

    answers: dict[str, Answer]
    remembered: dict[str, Answer]
    """The answers Back stepped over, to preselect (none that an answer holds)."""

    def merged(self) -> dict[str, Answer]:
        """Every saved answer, as answers (for a run with nobody to preselect them for)."""
        return {**self.remembered, **self.answers}


def restore(flow: Flow, saved: SavedSession, path: Path) -> Restored:
    """The saved answers, checked against ``flow`` through the one validation path."""
    if saved.flow_id != flow.id:
        raise SavedSessionError(
            f"the saved session {path} is for flow '{saved.flow_id}', not '{flow.id}'"
        )
    answers = _restore(flow, saved, saved.answers, path)
    remembered = _restore(flow, saved, saved.remembered, path)
    return Restored(answers, {q: a for q, a in remembered.items() if q not in answers})


def _restore(
    flow: Flow, saved: SavedSession, items: list[SavedAnswer], path: Path
) -> dict[str, Answer]:
    restored: dict[str, Answer] = {}
    for item in items:
        if item.source not in SOURCES:
            raise SavedSessionError(
                f"the saved session {path} cannot be read (unknown answer source "
                f"{quoted(item.source)}); " + start_again(saved.flow_ref, saved.flows_dirs)
            )
        proposed = item.proposed
        answer = Answer(
            _tupled(item.value),
            item.source,
            item.origin,
            item.reason,
            None if proposed is None else Proposed(_tupled(proposed.value), proposed.reason),
        )
        try:
            restored[item.question] = checked_again(flow, item.question, answer)
        except AnswerError as exc:
            raise SavedSessionError(
                f"the saved session {path} no longer fits flow '{flow.id}' ({exc}); "
                + start_again(saved.flow_ref, saved.flows_dirs)
            ) from None
    return restored


def _tupled(value: str | list[str]) -> AnswerValue:
    return tuple(value) if isinstance(value, list) else value
