"""The program's own labels: complete in every language, and every key the code uses exists."""

import ast
import string
from pathlib import Path
from typing import get_type_hints

from gopay_doctor.i18n import LANGS, TABLES, label
from gopay_doctor.labels import Labels

PACKAGE = Path(__file__).resolve().parent.parent / "gopay_doctor"


def fields(text: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f)


def test_every_language_has_every_label_with_the_same_placeholders() -> None:
    keys = set(get_type_hints(Labels))
    assert sorted(TABLES) == sorted(LANGS)
    for lang, table in TABLES.items():
        assert set(table) == keys, lang
    for key in keys:
        shown = {lang: fields(str(TABLES[lang][key])) for lang in LANGS}
        assert len({tuple(f) for f in shown.values()}) == 1, (key, shown)


def test_every_label_the_code_names_exists() -> None:
    """Each ``label("key", lang)`` written in the code names a key of :class:`Labels`."""
    keys = set(get_type_hints(Labels))
    named: set[tuple[str, str]] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "label"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                named.add((path.name, node.args[0].value))
    assert len(named) > 40
    assert {key for _, key in named} <= keys, sorted(k for _, k in named if k not in keys)


def test_a_language_without_labels_gets_english() -> None:
    assert label("yes", "fr") == "Yes"
