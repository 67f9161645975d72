"""Loading flows and catalogs: read, parse, check against the contract, all problems at once.

Which files there are is :mod:`gopay_doctor.contract.folder`'s business; here they are
read (each once per command, through :class:`Files`), parsed, converted to the model's
records and checked, so that a :class:`~gopay_doctor.contract.model.Flow` only ever
exists valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from gopay_doctor.contract import safety
from gopay_doctor.contract.convert import convert
from gopay_doctor.contract.files import read_file, require_file
from gopay_doctor.contract.folder import (
    DEFAULT_FLOW,
    FlowFile,
    Sources,
    bundled_dir,
    catalog_files,
    catalog_inputs,
    display_name,
    find_flows,
    looks_like_path,
)
from gopay_doctor.contract.graph import check_graph
from gopay_doctor.contract.model import Catalog, Flow, FlowSpec
from gopay_doctor.contract.official import unofficial_links
from gopay_doctor.contract.rules import Rule
from gopay_doctor.contract.verified import VERIFIED
from gopay_doctor.errors import FileProblems, GopayDoctorError, Problem, suggest
from gopay_doctor.plaintext import quoted

try:  # CPython's own BLAKE2: hashlib would load OpenSSL (about 4 MiB) for a digest
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without it
    from hashlib import blake2b

if TYPE_CHECKING:
    from gopay_doctor.contract.yamlsafe import Document

CATALOG_SECTIONS = ("causes", "steps", "channels", "notices")


class LoadedCatalog(msgspec.Struct):
    """The merged catalog and, for every entry, the document it was read from."""

    catalog: Catalog
    origins: dict[tuple[str, str], Document] = msgspec.field(default_factory=dict)


def read_document(path: Path, data: bytes | None = None) -> Document:
    """Parse one YAML file (``data`` when its bytes were already read)."""
    # seam: PyYAML loads only when a file must be parsed, never for the unchanged bundled
    # files, which were parsed and checked when the package was made (see compiled())
    from gopay_doctor.contract.yamlsafe import load_yaml

    name = display_name(path)
    return load_yaml(read_file(path, name) if data is None else data, name)


class Files:
    """The files one command reads, each read and parsed once however often it is needed
    (a catalog by every flow checked with it, say)."""

    def __init__(self) -> None:
        self._data: dict[Path, bytes] = {}
        self._documents: dict[Path, Document | FileProblems] = {}
        self._safety: dict[Path, list[Problem]] = {}

    def read(self, path: Path) -> bytes:
        """The bytes of ``path`` (errors as :func:`~gopay_doctor.contract.files.read_file`)."""
        if path not in self._data:
            self._data[path] = read_file(path, display_name(path))
        return self._data[path]

    def document(self, path: Path) -> Document:
        """``path`` parsed (its problems raised as :class:`FileProblems`, each time)."""
        found = self._documents.get(path)
        if found is None:
            try:
                found = read_document(path, self.read(path))
            except FileProblems as exc:
                found = exc
            self._documents[path] = found
        if isinstance(found, FileProblems):
            raise FileProblems(found.problems)
        return found

    def safety(self, path: Path, record: object, doc: Document) -> list[Problem]:
        """What the safety rules find in ``record``, read from ``path`` as ``doc``: found
        once per file, however many flows are loaded with it.

        A file whose bytes are those of a bundled file the rules were run on when the
        package was made (:mod:`~gopay_doctor.contract.verified`, by :func:`digest`) is
        not judged again: the same bytes give the same verdict.
        """
        if path not in self._safety:
            verified = digest(self.read(path)) in VERIFIED
            self._safety[path] = [] if verified else safety.check(record, doc)
        return self._safety[path]


def digest(data: bytes) -> str:
    """The BLAKE2b-256 digest of ``data``, in hex: what :data:`VERIFIED` records."""
    return blake2b(data, digest_size=32).hexdigest()


def read_catalog(sources: Sources, files: Files) -> tuple[LoadedCatalog | None, list[Problem]]:
    """The merged catalog and every problem of its files; the catalog is None when a file
    cannot be used at all, and with problems it is only for ``flows check`` to look at.

    Every entry of every file is held to the safety rules (:mod:`~gopay_doctor.contract.safety`),
    the entries later files override too: what a flows folder holds must be safe to show.
    """
    problems: list[Problem] = []
    merged: dict[str, dict[str, object]] = {s: {} for s in CATALOG_SECTIONS}
    loaded = LoadedCatalog(Catalog())
    parts: list[tuple[Path, Document, Catalog]] = []
    usable = True
    for path in catalog_files(sources):
        try:
            doc = files.document(path)
            parts.append((path, doc, convert(doc, Catalog)))
        except FileProblems as exc:
            problems.extend(exc.problems)
            usable = False
    folder_of: dict[tuple[str, str], Path] = {}
    for path, doc, part in parts:
        problems.extend(files.safety(path, part, doc))
        problems.extend(unofficial_links(part, doc))
        for section in CATALOG_SECTIONS:
            for entry_id, entry in getattr(part, section).items():
                key = (section, entry_id)
                if key in folder_of and folder_of[key] == path.parent:
                    first = loaded.origins[key].name
                    problems.append(
                        doc.problem(
                            (section, entry_id),
                            f"{section[:-1]} '{entry_id}' is already defined in {first}",
                            key=True,
                            rule=Rule.DUPLICATE_ID,
                        )
                    )
                    usable = False
                folder_of[key] = path.parent
                merged[section][entry_id] = entry
                loaded.origins[key] = doc
    if sources.channels is not None:
        try:
            channels, safety = _channels_file(sources.channels, loaded, files)
            merged["channels"] = dict(channels)
            problems.extend(safety)
        except FileProblems as exc:
            problems.extend(exc.problems)
            usable = False
    if not usable:
        return None, problems
    loaded.catalog = Catalog(**merged)  # type: ignore[arg-type]
    return loaded, problems


def _channels_file(
    path: Path, loaded: LoadedCatalog, files: Files
) -> tuple[Iterable[tuple[str, object]], list[Problem]]:
    doc = files.document(path)
    part = convert(doc, Catalog)
    others = [s for s in CATALOG_SECTIONS if s != "channels" and getattr(part, s)]
    if others:
        raise FileProblems(
            [
                doc.problem(
                    (others[0],),
                    f"a --channels file holds only 'channels', not '{others[0]}'",
                    key=True,
                    rule=Rule.SCHEMA,
                )
            ]
        )
    for key in [k for k in loaded.origins if k[0] == "channels"]:
        del loaded.origins[key]
    for channel_id in part.channels:
        loaded.origins[("channels", channel_id)] = doc
    return part.channels.items(), [*files.safety(path, part, doc), *unofficial_links(part, doc)]


class UnknownFlow(GopayDoctorError):
    """No flow has this id (or the id looks like a path); ``flows`` are those there are."""

    def __init__(self, ref: str, flows: dict[str, FlowFile]) -> None:
        super().__init__(
            f"unknown flow {quoted(ref)}; available flows: {', '.join(sorted(flows)) or 'none'}"
            + suggest(ref, flows)
        )
        self.flows = flows


def flow_by_id(ref: str, sources: Sources) -> Path:
    """The file of the flow with id ``ref`` (from the last folder that has one)."""
    flows = find_flows(sources)
    if looks_like_path(ref) or ref not in flows:
        raise UnknownFlow(ref, flows)
    return flows[ref].path


def resolve_flow_file(
    ref: str, sources: Sources, *, name: str | None = None
) -> tuple[Path, Sources, bool]:
    """The file for a flow id or path, the sources to check it with, and whether it was found by id.

    ``name`` is how errors call a path (default ``--flow REF``): "is a directory, not a
    file", "no such file".
    """
    if looks_like_path(ref):
        path = Path(ref)
        require_file(path, name or f"--flow {ref}")
        return path, sources.with_dir(path.parent), False
    return flow_by_id(ref, sources), sources, True


def load_flow_file(
    path: Path, sources: Sources, *, by_id: bool = True, files: Files | None = None
) -> Flow:
    """Load and fully validate one flow file; every problem found is raised at once.

    A bundled flow whose files are byte for byte those it was checked with when the
    package was made is taken as it was validated then (:func:`compiled`).
    ``files``: the files this command has read already.
    """
    files = files or Files()
    return compiled(path, sources, files) or validate_flow(path, sources, files, by_id=by_id)


class Compiled(msgspec.Struct, frozen=True):
    """A bundled flow, validated when the package was made, and the files it was made of."""

    key: str
    """:func:`inputs_key` of the flow file and its catalog files then."""
    flow: Flow


COMPILED = Path(__file__).with_name("bundled.json")
"""The bundled flows, validated when the package was made (``python -m scripts.verified``)."""


def compiled(path: Path, sources: Sources, files: Files) -> Flow | None:
    """The flow at ``path`` as validated when the package was made, when it is a bundled
    flow loaded with the bundled catalog alone and every one of those files still has the
    bytes it had then; else None (then the files are read and checked as any others).

    Parsing and checking the bundled files takes about a tenth of a scripted run; this
    keeps the run within its start-up target. Nothing here is written at run time: the
    record lies in the package, beside the code that trusts it.
    """
    home = bundled_dir()
    if sources.channels is not None or sources.dirs != (home,) or path.parent != home:
        return None
    try:
        record = _COMPILED_DECODER.decode(COMPILED.read_bytes()).get(path.stem)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    if record is None or record.key != inputs_key(path, sources, files):
        return None
    return msgspec.structs.replace(record.flow, source=str(path))


_COMPILED_DECODER = msgspec.json.Decoder(dict[str, Compiled])


def inputs_key(path: Path, sources: Sources, files: Files) -> str:
    """The digest of everything a flow is validated from: the flow file and its catalog
    files in merge order, each by its name and bytes."""
    hasher = blake2b(digest_size=32)
    for part in [path, *catalog_inputs(sources)]:
        data = files.read(part)
        hasher.update(f"{part.name}\0{len(data)}\0".encode())
        hasher.update(data)
    return hasher.hexdigest()


def validate_flow(path: Path, sources: Sources, files: Files, *, by_id: bool) -> Flow:
    """Parse and check a flow and its catalog (read through ``files``); every problem
    is raised at once."""
    from gopay_doctor.contract.yamlsafe import collector_paused  # seam: PyYAML, parsing anyway

    with collector_paused():  # the documents' nodes live until the flow is checked
        flow, problems = read_flow(path, sources, files, by_id=by_id)
    if problems:
        raise FileProblems(problems)
    assert flow is not None
    return flow


def read_flow(
    path: Path, sources: Sources, files: Files, *, by_id: bool
) -> tuple[Flow | None, list[Problem]]:
    """A flow and every problem of it and its catalog. The flow is None when its
    structure or graph is broken; when only the safety rules find problems it is made,
    for ``flows check`` to look further, but nothing may run it."""
    problems: list[Problem] = []
    spec: FlowSpec | None = None
    doc: Document | None = None
    try:
        doc = files.document(path)
        spec = convert(doc, FlowSpec)
        problems.extend(unofficial_links(spec, doc))
    except FileProblems as exc:
        problems.extend(exc.problems)
    loaded, found = read_catalog(sources, files)
    unsafe = [p for p in found if p.rule in safety.RULES]
    problems.extend(p for p in found if p.rule not in safety.RULES)
    if spec is None or doc is None:
        return None, [*problems, *unsafe]
    if by_id and spec.id != path.stem:
        problems.append(
            doc.problem(
                ("id",),
                f"flow id '{spec.id}' does not match its file name '{path.name}'",
                rule=Rule.ID_MISMATCH,
            )
        )
    if loaded is not None:
        problems.extend(check_graph(spec, loaded.catalog, doc))
    unsafe.extend(files.safety(path, spec, doc))
    if problems or loaded is None:
        return None, [*problems, *unsafe]
    return Flow(spec=spec, catalog=loaded.catalog, source=str(path)), unsafe


def load_flow(
    ref: str = DEFAULT_FLOW, sources: Sources | None = None, *, name: str | None = None
) -> Flow:
    """A validated flow by id (searched in ``sources``' folders; default: the bundled one
    and ``GOPAY_DOCTOR_FLOWS_DIR``'s) or by path to its file (``name``: how errors call
    that path, as in :func:`resolve_flow_file`)."""
    path, found_in, by_id = resolve_flow_file(ref, sources or Sources.default(), name=name)
    return load_flow_file(path, found_in, by_id=by_id)
