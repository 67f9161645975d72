"""Saved sessions: the wizard's answers so far, kept so that Ctrl-C never loses them.

Each flow has at most one unfinished session, ``sessions/<flow-id>.json`` in the user
state directory (platformdirs): the flow (id, version and how to find it again), the
language and the answers in the order they were given, each with its source and, where
an automatic check proposed an answer, what it proposed and why. It is
written atomically (:func:`gopay_doctor.atomic.write_file`: a temporary file in the
same folder, flushed, fsynced, then renamed over the old one), readable only by the
user, read back with a strict schema, and removed when the session finishes.
:func:`latest` finds the most recently saved one, for ``--resume``.
"""

import os
import re
import shlex
from pathlib import Path

import msgspec
from platformdirs import user_state_path

from gopay_doctor.answers import SOURCES, Answer, AnswerError, AnswerValue, Proposed, checked_again
from gopay_doctor.atomic import WriteError, write_file
from gopay_doctor.clock import from_iso, now
from gopay_doctor.contract.folder import DEFAULT_FLOW
from gopay_doctor.contract.model import ID_PATTERN, Flow
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.i18n import LANGS

FORMAT = 1
"""Bump when the file changes shape; other formats are refused as unreadable."""
FOLDER = "sessions"
SUFFIX = ".json"
MAX_BYTES = 1024 * 1024


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


def state_dir() -> Path:
    return user_state_path("gopay-doctor", appauthor=False)


def sessions_dir() -> Path:
    return state_dir() / FOLDER


def diagnose_command(ref: str) -> str:
    """The command that starts a new session of flow ``ref`` (an id or a path)."""
    if ref == DEFAULT_FLOW:
        return "gopay-doctor diagnose"

    return f"gopay-doctor diagnose --flow {shlex.quote(ref)}"


def start_again(ref: str) -> str:
    """How to get past a saved session of flow ``ref`` that cannot be continued: a new
    session of that flow replaces it."""
    return f"run {diagnose_command(ref)} without --resume to start over"


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
) -> SavedSession:
    """What to save for a session of ``flow`` with ``answers`` (kept in their order)."""
    return SavedSession(
        format=FORMAT,
        flow_id=flow.id,
        flow_version=flow.version,
        flow_ref=ref,
        flows_dirs=list(flows_dirs),
        channels=channels,
        lang=lang,
        answers=[
            SavedAnswer(
                question=qid,
                value=_listed(a.value),
                source=a.source,
                origin=a.origin,
                reason=a.reason,
                proposed=_saved_proposal(a.proposed),
            )
            for qid, a in answers.items()
        ],
        saved_at=_now(),
    )


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
        self.path = self.folder / f"{flow_id}{SUFFIX}"

    def load(self) -> SavedSession | None:
        """The saved session, or None when there is none; an unreadable file is an error."""
        try:
            with self.path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._unreadable(exc.strerror or str(exc)) from None
        if len(data) > MAX_BYTES:
            raise self._unreadable("it is larger than 1 MiB")
        try:
            saved = msgspec.json.decode(data, type=SavedSession)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise self._unreadable(str(exc)) from None
        if saved.format != FORMAT:
            raise self._unreadable(f"unknown format {saved.format}")

        if saved.lang not in LANGS:
            raise self._unreadable(f"unknown language {saved.lang!r}")
        if saved.flow_id != self.flow_id:
            raise self._unreadable(f"it is for flow {saved.flow_id!r}, not {self.flow_id!r}")
        return saved

    def save(self, saved: SavedSession) -> None:
        """Replace the saved session atomically; raises ``WriteError`` when that fails."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(str(self.folder), f"cannot create: {exc.strerror or exc}") from None
        assert saved.flow_id == self.flow_id, (saved.flow_id, self.flow_id)
        write_file(self.path, msgspec.json.encode(saved), force=True, mode=0o600)

    def clear(self) -> str:
        """Remove the saved session; what went wrong, or nothing. It is called when the
        result has been delivered, so a failure is only ever a warning."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            return f"the saved session {self.path} could not be removed ({why})"
        return ""

    def _unreadable(self, why: str) -> SavedSessionError:
        return SavedSessionError(
            f"the saved session {self.path} cannot be read ({why}); " + start_again(self.flow_id)
        )


def latest(folder: Path | None = None) -> SessionStore | None:
    """The store of the most recently saved session (by the files' times), or None.

    Only names a flow id can have count (``mini.json``, not ``.mini.json.x.tmp``); the
    file itself is read, strictly, by :meth:`SessionStore.load`.
    """
    folder = folder if folder is not None else sessions_dir()
    found: list[tuple[int, str]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                stem = entry.name.removesuffix(SUFFIX)
                if entry.name.endswith(SUFFIX) and is_flow_id(stem):
                    try:
                        found.append((entry.stat().st_mtime_ns, stem))
                    except OSError:
                        continue  # gone meanwhile, or a broken link
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise SavedSessionError(
            f"the saved sessions in {folder} cannot be read ({exc.strerror or exc})"
        ) from None
    return SessionStore(max(found)[1], folder) if found else None


def restore(flow: Flow, saved: SavedSession, path: Path) -> dict[str, Answer]:
    """The saved answers, checked against ``flow`` through the one validation path."""
    if saved.flow_id != flow.id:
        raise SavedSessionError(
            f"the saved session {path} is for flow '{saved.flow_id}', not '{flow.id}'"
        )
    restored: dict[str, Answer] = {}
    for item in saved.answers:
        if item.source not in SOURCES:
            raise SavedSessionError(
                f"the saved session {path} cannot be read (unknown answer source "
                f"{item.source!r}); " + start_again(saved.flow_ref)
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
                + start_again(saved.flow_ref)
            ) from None
    return restored


def _tupled(value: str | list[str]) -> AnswerValue:
    return tuple(value) if isinstance(value, list) else value
