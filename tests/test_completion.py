"""Shell completion of ``-a`` (#20): question ids, then their values, in bash, zsh and fish.

Driven as the shells drive it (the scripts ``gopay-doctor --show-completion SHELL``
prints): the program runs with ``_GOPAY_DOCTOR_COMPLETE=complete_SHELL`` and the words
typed so far in ``COMP_WORDS``/``COMP_CWORD`` (bash) or ``_TYPER_COMPLETE_ARGS`` (zsh,
fish), and prints the completions.
"""

from __future__ import annotations

import pytest

from tests.conftest import MINI, CliRunner

RISK = [
    "phone-lost",
    "sim-or-code",
    "shared-code",
    "login-alert",
    "logged-out",
    "unrecognised-transactions",
    "paid-scammer",
    "code-requested",
    "unexpected-otp",
    "locked",
    "none",
]
QUESTIONS = [
    "risk=",
    "need=",
    "topup-date=",
    "paid-with=",
    "card-bank=",
    "card-date-bca-bri=",
    "card-date-other-bank=",
    "transfer-status=",
    "order-date=",
    "source=",
    "symptom=",
    "other-sites=",
    "maintenance-notice=",
    "peak-period=",
]


def bash(cli: CliRunner, monkeypatch: pytest.MonkeyPatch, line: str) -> list[str]:
    """What bash offers for ``line`` (the cursor at its end): bash splits words at ``=``,
    and a word ending in ``=`` is the word being completed."""
    words = line.replace("=", " = ").split()
    cword = len(words) - 1 if line.endswith("=") or not line.endswith(" ") else len(words)
    monkeypatch.setenv("_GOPAY_DOCTOR_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", " ".join(words))
    monkeypatch.setenv("COMP_CWORD", str(cword))
    run = cli(*[])
    assert (run.code, run.err) == (0, "")
    return [line for line in run.out.splitlines() if line]  # nothing: one empty line


def zsh_or_fish(cli: CliRunner, monkeypatch: pytest.MonkeyPatch, shell: str, line: str) -> str:
    monkeypatch.setenv("_GOPAY_DOCTOR_COMPLETE", f"complete_{shell}")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
    monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    run = cli()
    assert (run.code, run.err) == (0, "")
    return run.out


def fish(cli: CliRunner, monkeypatch: pytest.MonkeyPatch, line: str) -> list[str]:
    """The completions fish offers, without the texts beside them."""
    rows = zsh_or_fish(cli, monkeypatch, "fish", line).splitlines()
    return [row.split("\t")[0] for row in rows if row]


@pytest.mark.parametrize("command", ["diagnose", "step"])
def test_bash_completes_question_ids_then_values(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    assert bash(cli, monkeypatch, f"gopay-doctor {command} -a ") == QUESTIONS
    assert bash(cli, monkeypatch, f"gopay-doctor {command} -a sy") == [
        "symptom=timeout",  # one question starts so: its values (bash puts in "symptom=")
        "symptom=queue",
        "symptom=no-reply",
        "symptom=contact-not-working",
        "symptom=error-notice",
        "symptom=update-required",
        "symptom=cannot-login",
        "symptom=nothing-loads",
    ]
    # after the "=" bash replaces only what follows it
    assert bash(cli, monkeypatch, f"gopay-doctor {command} -a risk=") == RISK
    found = bash(cli, monkeypatch, f"gopay-doctor {command} -a risk=lo")
    assert found == ["login-alert", "logged-out", "locked"]
    found = bash(cli, monkeypatch, f"gopay-doctor {command} -a risk=none -a source=official-si")
    assert found == ["official-site"]


def test_a_checkbox_goes_on_after_a_comma(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    after = bash(cli, monkeypatch, "gopay-doctor diagnose -a risk=phone-lost,")
    assert after == [f"phone-lost,{v}" for v in RISK if v not in ("phone-lost", "none")]
    assert bash(cli, monkeypatch, "gopay-doctor diagnose -a risk=none,") == []  # it stands alone
    assert bash(cli, monkeypatch, "gopay-doctor diagnose -a source=in-app,") == []  # one value


def test_zsh_shows_what_each_means(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    out = zsh_or_fish(cli, monkeypatch, "zsh", "gopay-doctor diagnose -a risk=")
    assert out.startswith("_arguments '*: :((")
    assert '"risk=phone-lost":"My phone was lost or stolen"' in out
    assert '"risk=none":"None of these"' in out
    assert zsh_or_fish(cli, monkeypatch, "zsh", "gopay-doctor diagnose -a ").count('=":') == 14


def test_fish_in_the_language_lang_names(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    out = zsh_or_fish(cli, monkeypatch, "fish", "gopay-doctor diagnose --lang id -a risk=no")
    assert out == "risk=none\tTidak ada\n"
    rows = zsh_or_fish(cli, monkeypatch, "fish", "gopay-doctor diagnose --lang zh -a ").splitlines()
    assert [row.split("\t")[0] for row in rows] == QUESTIONS
    assert rows[0] == "risk=\t先看看您的资金和账户：是否出现了以下任何情况？"
    assert all(len(row.split("\t")[1]) <= 60 for row in rows)  # one line each, never wrapped


def test_the_flow_flows_dir_names(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    line = f"gopay-doctor diagnose --flow {MINI} -a "
    assert fish(cli, monkeypatch, line) == ["signs=", "slow=", "busy="]
    assert fish(cli, monkeypatch, line + "slow=") == ["slow=yes", "slow=no"]


def test_nothing_when_the_flow_cannot_be_loaded(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fish(cli, monkeypatch, "gopay-doctor diagnose --flow nothere -a ") == []
    assert fish(cli, monkeypatch, "gopay-doctor diagnose -a nothere=") == []
    assert bash(cli, monkeypatch, "gopay-doctor diagnose --flows-dir /nothere -a ") == []


def test_the_rest_still_completes(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "diagnose" in bash(cli, monkeypatch, "gopay-doctor dia")
    assert bash(cli, monkeypatch, "gopay-doctor diagnose --lang ") == ["en", "id", "zh"]
    assert "--answer" in fish(cli, monkeypatch, "gopay-doctor diagnose --ans")
