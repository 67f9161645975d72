"""A cache of validated flows in the user cache directory.

Parsing and validating a large flow costs far more than starting Python, so a
validated :class:`~gopay_doctor.flow.model.Flow` is stored as MessagePack, one slot
per flow file. A slot holds the key it was made for: a hash of the program's version
and the exact bytes of the flow file and of every catalog file it was checked
against. Any change to them gives a new key, so a stale slot is ignored and
rebuilt; a slot that cannot be read (corrupt, truncated, from another version) is
ignored and rebuilt too. The cache is an optimisation only: when it cannot be
written, nothing fails. ``GOPAY_DOCTOR_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import msgspec

from gopay_doctor import __version__
from gopay_doctor.flow.model import Flow

FORMAT = 2
"""Bump when the cached records change shape."""


class _Slot(msgspec.Struct, frozen=True):
    key: str
    flow: Flow


def cache_dir() -> Path | None:
    if os.environ.get("GOPAY_DOCTOR_NO_CACHE"):
        return None
    from platformdirs import user_cache_path

    return user_cache_path("gopay-doctor", appauthor=False) / "flows"


def make_key(files: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(f"gopay-doctor {__version__} cache {FORMAT}\0".encode())
    for name, data in files:
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _slot_path(folder: Path, flow_path: Path) -> Path:
    where = hashlib.sha256(str(flow_path.resolve()).encode()).hexdigest()[:24]
    return folder / f"{where}.msgpack"


def read(flow_path: Path, key: str) -> Flow | None:
    """The cached flow for ``key``, or None when there is none or it is stale or unreadable."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = _slot_path(folder, flow_path).read_bytes()
        slot = msgspec.msgpack.decode(data, type=_Slot)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    return slot.flow if slot.key == key else None


def write(flow_path: Path, key: str, flow: Flow) -> None:
    """Store ``flow`` for ``key`` atomically; any failure leaves the cache as it was."""
    folder = cache_dir()
    if folder is None:
        return
    target = _slot_path(folder, flow_path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        data = msgspec.msgpack.encode(_Slot(key, flow))
    except (msgspec.EncodeError, OverflowError):  # the flow is fine; it just won't be cached
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
