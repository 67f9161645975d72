"""The product never asks for secrets, and never leaks internals."""

import re

from tests.conftest import ROOT

SECRET_PROMPTS = re.compile(
    r"getpass|\.password\(|questionary\.password|hide_input\s*=\s*True|prompt_toolkit\.shortcuts\.prompt\([^)]*is_password"
)


def test_no_password_prompt_exists_in_the_code() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "gopay_doctor").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SECRET_PROMPTS.search(line)
    ]
    assert offenders == []
