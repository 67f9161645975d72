"""``flows schema``: a JSON Schema generated from the model the loader validates with."""

from __future__ import annotations

import compileall
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import msgspec
import pytest

from gopay_doctor.authoring.scenarios import ScenarioFile
from gopay_doctor.contract.model import Catalog, FlowSpec
from gopay_doctor.contract.yamlsafe import load_yaml
from tests.conftest import FIXTURES, ROOT, CliRunner


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
