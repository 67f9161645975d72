"""``flows schema``: a JSON Schema generated from the model the loader validates with."""

from __future__ import annotations

import compileall
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import msgspec
import pytest

from gopay_doctor.authoring.jsonschema import DIALECT
from gopay_doctor.authoring.scenarios import ScenarioFile
from gopay_doctor.contract.model import Catalog, FlowSpec
from gopay_doctor.contract.yamlsafe import load_yaml
from tests.conftest import FIXTURES, ROOT, CliRunner

# The schema checked from outside (validators, Node): the model's own tests measure it.
pytestmark = pytest.mark.unmeasured


def schema(cli: CliRunner, *args: str) -> dict[str, Any]:
    run = cli("flows", "schema", *args)
    assert run.code == 0
    data: dict[str, Any] = json.loads(run.out)
    return data


def data_of(path: Path) -> Any:
    return load_yaml(path.read_bytes(), str(path)).data


def errors(validator_schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(validator_schema)
    return sorted(e.message for e in validator.iter_errors(data))


def test_the_schema_is_a_valid_2020_12_schema_of_three_kinds(cli: CliRunner) -> None:
    full = schema(cli)
    jsonschema.Draft202012Validator.check_schema(full)
    assert full["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert full["anyOf"] == [
        {"$ref": "#/$defs/FlowSpec"},
        {"$ref": "#/$defs/Catalog"},
        {"$ref": "#/$defs/ScenarioFile"},
    ]
    assert full["title"] == "gopay-doctor flow, catalog or scenarios file"


@pytest.mark.parametrize(
    ("kind", "ref"),
    [("flow", "FlowSpec"), ("catalog", "Catalog"), ("scenarios", "ScenarioFile")],
)
def test_one_kind(cli: CliRunner, kind: str, ref: str) -> None:
    one = schema(cli, "--kind", kind)
    assert one["$ref"] == f"#/$defs/{ref}"
    assert one["title"] == f"gopay-doctor {kind} file"


@pytest.mark.parametrize(
    ("record", "name"),
    [(FlowSpec, "FlowSpec"), (Catalog, "Catalog"), (ScenarioFile, "ScenarioFile")],
)
def test_every_field_of_the_model_is_in_the_schema(
    cli: CliRunner, record: type[msgspec.Struct], name: str
) -> None:
    definition = schema(cli)["$defs"][name]
    assert list(definition["properties"]) == [f.encode_name for f in msgspec.structs.fields(record)]
    assert definition["additionalProperties"] is False


def test_fields_are_described_from_the_model(cli: CliRunner) -> None:
    defs = schema(cli)["$defs"]
    assert defs["FlowSpec"]["properties"]["start"]["description"] == "The first question."
    assert defs["Choice"]["properties"]["steps"]["description"] == "Step ids to recommend."
    assert defs["Expect"]["properties"]["primary-cause"]["description"] == (
        "The cause that must rank first (the most likely one)."
    )
    assert defs["Channel"]["properties"]["verified_on"]["anyOf"][0] == {
        "type": "string",
        "format": "date",
    }


def test_descriptions_need_no_source_files(tmp_path: Path) -> None:
    """Installed as byte code only (no .py files), the schema still describes every field."""
    package = tmp_path / "gopay_doctor"
    shutil.copytree(ROOT / "gopay_doctor", package, ignore=shutil.ignore_patterns("__pycache__"))
    compileall.compile_dir(package, quiet=1, legacy=True)
    for source in package.rglob("*.py"):
        source.unlink()
    code = (
        "import json, sys; from gopay_doctor.authoring.jsonschema import generate; "
        "json.dump(generate(), sys.stdout)"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    without_sources = json.loads(run.stdout)
    from gopay_doctor.authoring.jsonschema import generate

    assert without_sources == json.loads(json.dumps(generate()))
    assert without_sources["$defs"]["Choice"]["properties"]["next"]["description"]


def every_bundled_and_fixture_file() -> list[Path]:
    files = sorted((ROOT / "flows").rglob("*.yaml"))
    files += sorted((FIXTURES / "mini").rglob("*.yaml"))
    return [f for f in files if f.parent.name != "checks"]  # other data: not flows


@pytest.mark.parametrize(
    "path", every_bundled_and_fixture_file(), ids=lambda p: str(p.relative_to(ROOT))
)
def test_every_valid_file_matches_the_schema(cli: CliRunner, path: Path) -> None:
    assert errors(schema(cli), data_of(path)) == []


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("schema.yaml", "flow", ["'one' is not of type 'integer'"]),
        ("scenario-schema.scenarios.yaml", "scenarios", ["'outcome' is a required property"]),
    ],
)
def test_a_broken_file_fails_the_schema_as_it_fails_the_loader(
    cli: CliRunner, name: str, kind: str, expected: list[str]
) -> None:
    found = errors(schema(cli, "--kind", kind), data_of(FIXTURES / "broken" / name))
    assert [e for e in found if e in expected] == expected


def test_unknown_keys_are_refused(cli: CliRunner) -> None:
    data = data_of(FIXTURES / "mini" / "mini.yaml")
    data["questions"]["busy"]["hlep"] = "?"
    assert errors(schema(cli, "--kind", "flow"), data) == [
        "Additional properties are not allowed ('hlep' was unexpected)"
    ]


# --- patterns editors can compile (ECMA-262 with the u flag), checked independently (#15) -------

KINDS = ["all", "flow", "catalog", "scenarios", "step", "result"]


def patterns(node: Any) -> Iterator[str]:
    """Every regular expression in a schema: ``pattern`` values and ``patternProperties`` keys."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from value
            yield from patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from patterns(item)


class Checked(NamedTuple):
    returncode: int
    output: str
    """What it printed, both streams."""


def check_jsonschema(*args: str) -> Checked:
    """check-jsonschema, which compiles patterns as ECMA-262 with the u flag (regress): its
    command line, run in this process through click's own test runner (a program of its
    own per check cost more than the checks)."""
    from check_jsonschema import main
    from click.testing import CliRunner as ClickRunner

    done = ClickRunner().invoke(main, ["--regex-variant", "default", *args])
    return Checked(done.exit_code, done.output)


NODE = shutil.which("node")
NODE_COMPILES = "for (const p of JSON.parse(process.argv[1])) new RegExp(p, 'u');"


def written(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_every_pattern_compiles_as_ecma_262_with_the_u_flag(cli: CliRunner, tmp_path: Path) -> None:
    """Every kind's schema, checked in one run of each checker."""
    emitted = {kind: schema(cli, "--kind", kind) for kind in KINDS}
    files = [written(tmp_path, f"{kind}.json", data) for kind, data in emitted.items()]
    run = check_jsonschema("--check-metaschema", *files)
    assert run.returncode == 0, run.output
    found = {kind: sorted(set(patterns(data))) for kind, data in emitted.items()}
    assert all(
        found[kind] for kind in ("all", "flow", "catalog", "scenarios")
    )  # something to check
    if NODE is not None:
        every = sorted({p for kind in KINDS for p in found[kind]})
        node = subprocess.run(
            [NODE, "-e", NODE_COMPILES, json.dumps(every)], capture_output=True, text=True
        )
        assert node.returncode == 0, node.stderr


def test_the_url_pattern_is_the_one_the_loader_uses(cli: CliRunner) -> None:
    """The pattern keeps refusing quotes, now without an escape ECMA-262 forbids."""
    url = schema(cli, "--kind", "catalog")["$defs"]["Source"]["properties"]["url"]
    assert url["anyOf"][0]["pattern"] == "^https://[^\\s<>\"'`\\\\]+$"


def test_the_checkers_refuse_an_escape_ecma_262_forbids(tmp_path: Path) -> None:
    """The control: the old URL pattern, with \\" in it, fails both checkers."""
    old = {"$schema": DIALECT, "type": "string", "pattern": "^https://[^\\s<>\\\"'`\\\\]+$"}
    run = check_jsonschema("--check-metaschema", written(tmp_path, "old.json", old))
    assert run.returncode == 1
    assert "is not a 'regex'" in run.output
    if NODE is not None:
        node = subprocess.run(
            [NODE, "-e", NODE_COMPILES, json.dumps([old["pattern"]])], capture_output=True
        )
        assert node.returncode != 0


FILES_OF_KIND = {
    "flow": sorted(p for p in (ROOT / "flows").glob("*.yaml") if ".scenarios." not in p.name),
    "catalog": sorted((ROOT / "flows" / "catalog").glob("*.yaml")),
    "scenarios": sorted((ROOT / "flows").glob("*.scenarios.yaml")),
}


@pytest.mark.parametrize("kind", sorted(FILES_OF_KIND))
def test_every_bundled_file_passes_check_jsonschema(
    cli: CliRunner, tmp_path: Path, kind: str
) -> None:
    files = [str(p) for p in FILES_OF_KIND[kind]]
    assert files
    emitted = schema(cli, "--kind", kind)
    run = check_jsonschema("--schemafile", written(tmp_path, "s.json", emitted), *files)
    assert run.returncode == 0, run.output


def test_every_bundled_file_passes_check_jsonschema_with_the_schema_of_all_kinds(
    cli: CliRunner, tmp_path: Path
) -> None:
    files = [str(p) for kind in sorted(FILES_OF_KIND) for p in FILES_OF_KIND[kind]]
    run = check_jsonschema("--schemafile", written(tmp_path, "s.json", schema(cli)), *files)
    assert run.returncode == 0, run.output
