"""Saved sessions: the wizard's answers so far, kept so that Ctrl-C never loses them.

One file, ``session.json`` in the user state directory (platformdirs), holds the last
unfinished session: the flow (id, version and how to find it again), the language and
the answers in the order they were given, each with its source. It is written
atomically (:func:`gopay_doctor.atomic.write_file`: a temporary file in the same folder,
flushed, fsynced, then renamed over the old one), read back with a strict schema, and removed when the session finishes.
"""

from pathlib import Path

import msgspec

from gopay_doctor.answers import SOURCES, Answer, AnswerError, Given, validate
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.flow.model import Flow

FORMAT = 1
"""Bump when the file changes shape; other formats are refused as unreadable."""
FILE_NAME = "session.json"
MAX_BYTES = 1024 * 1024
START_AGAIN = "run gopay-doctor diagnose without --resume to start over"
"""How a user gets past a saved session that cannot be continued."""


class SavedAnswer(msgspec.Struct, frozen=True, kw_only=True):
    question: str
    value: str | list[str]
    source: str
    origin: str = ""
    reason: str = ""


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
        from gopay_doctor.clock import from_iso

        try:
            return from_iso(self.saved_at).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.saved_at or "?"


class SavedSessionError(GopayDoctorError):
    """A saved session that cannot be read or no longer fits its flow."""


def state_dir() -> Path:
    from platformdirs import user_state_path

    return user_state_path("gopay-doctor", appauthor=False)


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
                value=list(a.value) if isinstance(a.value, tuple) else a.value,
                source=a.source,
                origin=a.origin,
                reason=a.reason,
            )
            for qid, a in answers.items()
        ],
        saved_at=_now(),
    )


def _now() -> str:
    """The time to save, ISO 8601; a bad ``GOPAY_DOCTOR_NOW`` must not stop the saving."""
    from gopay_doctor.clock import now

    try:
        return now().isoformat(timespec="seconds")
    except GopayDoctorError:
        return ""


class SessionStore:
    """The saved-session file in ``folder`` (default: the user state directory)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else state_dir()
        self.path = self.folder / FILE_NAME

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
        return saved

    def save(self, saved: SavedSession) -> None:
        """Replace the saved session atomically; raises ``WriteError`` when that fails."""
        from gopay_doctor.atomic import WriteError, write_file

        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(str(self.folder), f"cannot create: {exc.strerror or exc}") from None
        write_file(self.path, msgspec.json.encode(saved), force=True)

    def clear(self) -> None:
        """Remove the saved session. It is called when the result has been delivered, so a
        failure is only a warning on standard error, never an error."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            import sys

            from gopay_doctor.errors import PROG
            from gopay_doctor.render.safe import plain

            why = exc.strerror or type(exc).__name__
            print(
                f"{PROG}: warning: the saved session {plain(str(self.path))} "
                f"could not be removed ({why})",
                file=sys.stderr,
            )

    def _unreadable(self, why: str) -> SavedSessionError:
        return SavedSessionError(
            f"the saved session {self.path} cannot be read ({why}); " + START_AGAIN
        )


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
                f"{item.source!r}); " + START_AGAIN
            )
        try:
            answer = validate(flow, item.question, Given(item.value, item.origin), item.source)
        except AnswerError as exc:
            raise SavedSessionError(
                f"the saved session {path} no longer fits flow '{flow.id}' ({exc}); " + START_AGAIN
            ) from None
        restored[item.question] = answer._replace(reason=item.reason)
    return restored
