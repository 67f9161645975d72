"""What a flows folder holds, and which folders are searched: the one place that knows.

A flows folder holds flow files (``<id>.yaml``, the id matching the file name), their
scenarios (``<id>.scenarios.yaml``, beside the flow), a ``catalog/`` folder of catalog
files, and a ``checks/`` folder with the automatic checks' data files. Hidden files
(editor lock and backup files) are not data files, nor is a folder named like one; any
other entry with a data file's name that is not a regular file (a named pipe, socket or
device, a link to nothing or a link loop), and a ``catalog`` or ``checks`` that is not a
folder, is an error that names it: it is never skipped in silence, so a flows folder
never falls back to the bundled data without saying so.

Folders are searched in order: the bundled one, then ``GOPAY_DOCTOR_FLOWS_DIR``, then
``--flows-dir``; a flow, catalog entry or checks data file in a later folder overrides
one with the same id (or name) in an earlier folder.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path

import msgspec

from gopay_doctor.contract.files import kind, why
from gopay_doctor.errors import GopayDoctorError

FLOW_SUFFIXES = (".yaml", ".yml")
SCENARIO_SUFFIX = ".scenarios"
CATALOG_DIR = "catalog"
CHECKS_DIR = "checks"
PEAK_PERIODS_FILE = "peak-periods.yaml"
NETWORK_FILE = "network.yaml"
CHECK_DATA_FILES = (PEAK_PERIODS_FILE, NETWORK_FILE)
"""The automatic checks' data files, in a folder's ``checks/``."""
ENV_FLOWS_DIR = "GOPAY_DOCTOR_FLOWS_DIR"
DEFAULT_FLOW = "support-unreachable"


@cache
def bundled_dir() -> Path:
    """The bundled flows: inside the installed package, or the repository's ``flows/``
    (found once per process)."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_flows"
    return installed if installed.is_dir() else package.parent / "flows"


def display_name(path: Path) -> str:
    """How a file is named in messages: relative to the working directory when inside it
    (as given when it cannot be resolved: a link loop, a folder gone)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a link loop (Python < 3.13)
        return str(path)


class Sources(msgspec.Struct, frozen=True):
    """Where flows, catalogs and the checks' data come from."""

    dirs: tuple[Path, ...]
    """Flows folders, the bundled one first; later folders override earlier ones."""
    channels: Path | None = None
    """A catalog file whose channels replace every other channel."""

    @classmethod
    def default(
        cls,
        flows_dirs: Iterable[Path | str] = (),
        channels: Path | str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Sources:
        """The bundled folder, then ``GOPAY_DOCTOR_FLOWS_DIR``'s, then ``flows_dirs``."""
        env = os.environ if environ is None else environ
        from_env = [Path(p) for p in env.get(ENV_FLOWS_DIR, "").split(os.pathsep) if p]
        sources = cls((bundled_dir(),), Path(channels) if channels is not None else None)
        return sources.adding([*from_env, *flows_dirs])

    def adding(self, folders: Iterable[Path | str]) -> Sources:
        """These sources and ``folders`` after them; each must be a folder."""
        sources = self
        for folder in map(Path, folders):
            _require_folder(folder)
            sources = sources.with_dir(folder)  # a folder named twice is read once
        return sources

    def with_dir(self, folder: Path) -> Sources:
        if any(_same(folder, d) for d in self.dirs):
            return self
        return Sources((*self.dirs, folder), self.channels)


def _require_folder(folder: Path) -> None:
    shown = f"flows folder {display_name(folder)}"
    try:
        mode = os.stat(folder).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise GopayDoctorError(f"{shown}: no such folder") from None
    except OSError as exc:
        raise GopayDoctorError(f"{shown}: cannot open: {why(exc)}") from None
    except ValueError as exc:  # a NUL character in the name
        raise GopayDoctorError(f"{shown}: cannot open: {exc}") from None
    if not stat.S_ISDIR(mode):
        raise GopayDoctorError(f"{shown}: is {kind(mode)}, not a folder")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def list_dir(folder: Path, name: str | None = None) -> list[Path]:
    """The entries of ``folder``, sorted; a folder that cannot be read is a user error."""
    shown = name or display_name(folder)
    try:
        return sorted(folder.iterdir())
    except NotADirectoryError:
        raise GopayDoctorError(f"{shown}: is not a folder") from None
    except FileNotFoundError:
        raise GopayDoctorError(f"{shown}: no such folder") from None
    except OSError as exc:
        raise GopayDoctorError(f"{shown}: cannot read: {exc.strerror or exc}") from None


def data_files(folder: Path) -> list[Path]:
    """The data files in ``folder``, sorted (none when there is no such folder). A name that
    looks like one but is a pipe, socket, device or broken link is an error, found without
    opening it; so is a ``folder`` that is no folder."""
    if not _is_folder(folder):
        return []
    found = []
    for path in list_dir(folder):
        if path.suffix not in FLOW_SUFFIXES or path.name.startswith("."):
            continue
        mode = entry_mode(path)
        if mode is None or stat.S_ISDIR(mode):  # gone meanwhile; a folder named x.yaml
            continue
        if not stat.S_ISREG(mode):
            raise GopayDoctorError(f"{entry_name(path)}: is {kind(mode)}, not a regular file")
        found.append(path)
    return found


def entry_name(path: Path) -> str:
    """How an entry of a folder is named in messages: its folder as :func:`display_name`
    names it, then its own name (a link is named, not its target)."""
    return str(Path(display_name(path.parent)) / path.name)


def entry_mode(path: Path) -> int | None:
    """The mode of what ``path`` names (links followed), or None when nothing is there. A
    link to nothing, a link loop or an entry that cannot be looked at is an error naming it."""
    try:
        return os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        if os.path.islink(path):
            raise GopayDoctorError(
                f"{entry_name(path)}: is a symbolic link to nothing (its target does not exist)"
            ) from None
        return None
    except OSError as exc:  # a link loop (ELOOP), a folder that cannot be searched
        raise GopayDoctorError(f"{entry_name(path)}: cannot read: {why(exc)}") from None
    except ValueError as exc:  # a NUL character in the name
        raise GopayDoctorError(f"{entry_name(path)}: cannot read: {exc}") from None


def _is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; False when nothing is there; an error for anything else."""
    mode = entry_mode(path)
    if mode is not None and not stat.S_ISDIR(mode):
        raise GopayDoctorError(f"{entry_name(path)}: is {kind(mode)}, not a folder")
    return mode is not None


def is_data_file(path: Path) -> bool:
    """A YAML file worth reading: not hidden (editor lock and backup files), not a dangling link."""
    return path.suffix in FLOW_SUFFIXES and not path.name.startswith(".") and path.is_file()


def is_flow_file(path: Path) -> bool:
    return is_data_file(path) and not path.stem.endswith(SCENARIO_SUFFIX)


def is_scenarios_file(path: Path) -> bool:
    return path.suffix in FLOW_SUFFIXES and path.stem.endswith(SCENARIO_SUFFIX)


def is_check_data_file(path: Path) -> bool:
    """Whether ``path`` is named like a checks data file, in a ``checks/`` folder."""
    return path.parent.name == CHECKS_DIR and path.name in CHECK_DATA_FILES


def scenarios_file_of(flow_path: Path) -> Path | None:
    """The scenarios file beside a flow file, if there is one."""
    for suffix in FLOW_SUFFIXES:
        candidate = flow_path.with_name(f"{flow_path.stem}{SCENARIO_SUFFIX}{suffix}")
        if candidate.is_file():
            return candidate
    return None


def flow_file_of(scenarios_path: Path) -> Path | None:
    """The flow file a scenarios file tests (the same name, beside it), if it exists."""
    stem = scenarios_path.stem.removesuffix(SCENARIO_SUFFIX)
    for suffix in FLOW_SUFFIXES:
        candidate = scenarios_path.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


class FlowFile(msgspec.Struct, frozen=True):
    """A flow file found in a flows folder, and the files with the same id it overrides."""

    id: str
    path: Path
    overrides: tuple[Path, ...] = ()


def find_flows(sources: Sources) -> dict[str, FlowFile]:
    """Every flow by id; for an id in several folders, the last folder wins."""
    found: dict[str, FlowFile] = {}
    for folder in sources.dirs:
        for path in data_files(folder):
            if is_flow_file(path):
                earlier = found.get(path.stem)
                overrides = (*earlier.overrides, earlier.path) if earlier else ()
                found[path.stem] = FlowFile(path.stem, path, overrides)
    return found


def catalog_files(sources: Sources) -> list[Path]:
    """The catalog files of every folder, in merge order (``--channels`` not included)."""
    return [path for folder in sources.dirs for path in data_files(folder / CATALOG_DIR)]


def catalog_inputs(sources: Sources) -> list[Path]:
    """Every file a flow's catalog is built from, in merge order."""
    files = catalog_files(sources)
    return [*files, sources.channels] if sources.channels is not None else files


def check_data_files(dirs: Sequence[Path]) -> list[Path]:
    """The checks' data files of the flows folders ``dirs``, every one there is (an entry
    with a data file's name that is not a regular file is an error, as in :func:`data_files`)."""
    return [
        d / CHECKS_DIR / name
        for d in dirs
        if _is_folder(d / CHECKS_DIR)
        for name in CHECK_DATA_FILES
        if _is_data_file(d / CHECKS_DIR / name)
    ]


def _is_data_file(path: Path) -> bool:
    """Whether ``path`` is a regular file; False when nothing is there; an error otherwise."""
    mode = entry_mode(path)
    if mode is not None and not stat.S_ISREG(mode):
        raise GopayDoctorError(f"{entry_name(path)}: is {kind(mode)}, not a regular file")
    return mode is not None


def check_data_file(name: str, dirs: Sequence[Path]) -> Path:
    """The data file ``checks/<name>`` of the last flows folder that has one."""
    for path in _check_data_candidates(name, tuple(dirs)):
        if _is_folder(path.parent) and _is_data_file(path):
            return path
    raise GopayDoctorError(f"no {CHECKS_DIR}/{name} data file in the flows folders")


@lru_cache(maxsize=64)
def _check_data_candidates(name: str, dirs: tuple[Path, ...]) -> tuple[Path, ...]:
    """Where ``checks/<name>`` may be, the last folder first: the paths are made once per
    process (a long-running caller asks for every question); whether each is a file is
    asked each time."""
    return tuple(folder / CHECKS_DIR / name for folder in reversed(dirs))


def looks_like_path(ref: str) -> bool:
    """Whether ``--flow REF`` names a file rather than a flow id."""
    return os.sep in ref or "/" in ref or ref.endswith(FLOW_SUFFIXES)
