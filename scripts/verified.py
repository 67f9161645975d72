"""Record what was checked of the bundled flows when the package is made.

    python -m scripts.verified          # rewrite gopay_doctor/contract/verified.py and bundled.json
    python -m scripts.verified --check  # exit 1 if either is out of date

Every flow, catalog and checks data file a command loads is held to the safety rules
(asks-for-secret, contact-detail). For the bundled files the rules are run here, when the package is made,
and the BLAKE2b-256 digest of each file's bytes is written down; at run time a bundled file whose
bytes have that digest is not judged again, so the rules cost a scripted run only a hash.
A file edited since (in a checkout, or in the installed package) has another digest and
is judged as every other file is. The test suite fails when the list is out of date.

It also writes each bundled flow as validated with the bundled catalog
(``gopay_doctor/contract/bundled.json``, keyed by the digest of the files it was made of),
so a run on the unchanged bundled files reads that instead of parsing and checking the
YAML again (:func:`gopay_doctor.contract.loading.compiled`).
"""

import argparse
import sys
from pathlib import Path

import msgspec

from gopay_doctor.authoring.check import CHECK_DATA_RECORDS
from gopay_doctor.contract import safety
from gopay_doctor.contract.convert import convert
from gopay_doctor.contract.folder import (
    CATALOG_DIR,
    Sources,
    bundled_dir,
    catalog_files,
    check_data_files,
    find_flows,
    is_check_data_file,
)
from gopay_doctor.contract.loading import (
    COMPILED,
    Compiled,
    Files,
    digest,
    inputs_key,
    validate_flow,
)
from gopay_doctor.contract.model import Catalog, FlowSpec

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "gopay_doctor" / "contract" / "verified.py"
VERIFIED_JSON = COMPILED
HEADER = '''"""The bundled flow, catalog and checks data files the safety rules found nothing in, by the
BLAKE2b-256 digest of their bytes: written by ``python -m scripts.verified`` when the package is
made (see :func:`gopay_doctor.contract.loading.Files.safety`, :func:`gopay_doctor.checks.data.read`).
Do not edit by hand."""

VERIFIED = frozenset(
    {
'''


def bundled() -> list[Path]:
    """The bundled flow, catalog and checks data files, in a stable order."""
    sources = Sources((bundled_dir(),))
    flows = [found.path for found in find_flows(sources).values()]
    return sorted([*flows, *catalog_files(sources), *check_data_files(sources.dirs)])


def record_type(path: Path) -> type[object]:
    """The record a bundled file is read as."""
    if is_check_data_file(path):
        return CHECK_DATA_RECORDS[path.name]
    return Catalog if path.parent.name == CATALOG_DIR else FlowSpec


def digests() -> list[str]:
    """The digest of each bundled file the rules pass; a file they fail is an error."""
    files = Files()
    found = []
    for path in bundled():
        doc = files.document(path)
        record = convert(doc, record_type(path))
        problems = safety.check(record, doc)
        if problems:
            raise SystemExit("\n".join(p.format() for p in problems))
        found.append(digest(files.read(path)))
    return sorted(found)


def render() -> str:
    lines = "".join(f'        "{digest}",\n' for digest in digests())
    return HEADER + lines + "    }\n)\n"


def compiled() -> str:
    """Every bundled flow as validated with the bundled catalog alone, with its key."""
    sources = Sources((bundled_dir(),))
    files = Files()
    records = {
        flow_id: Compiled(
            inputs_key(found.path, sources, files),
            msgspec.structs.replace(
                validate_flow(found.path, sources, files, by_id=True), source=""
            ),
        )
        for flow_id, found in sorted(find_flows(sources).items())
    }
    return msgspec.json.format(msgspec.json.encode(records).decode(), indent=1) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if either is out of date")
    args = parser.parse_args()
    wanted = {MODULE: render()}
    wanted[VERIFIED_JSON] = compiled()  # after render(): the digests, then the records
    if args.check:
        stale = [p for p, text in wanted.items() if not p.exists() or p.read_text("utf-8") != text]
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run python -m scripts.verified")
        return 1 if stale else 0
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
