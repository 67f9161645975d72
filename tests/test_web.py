"""``gopay-doctor serve`` and ``gopay_doctor.web``: pages, downloads and the step API through
Starlette's test client, as a browser or a bot sees them (#21).

What a real browser shows (first screen, JavaScript off, accessibility) is in tests/browser/.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

import gopay_doctor.web
from gopay_doctor import load_flow, step
from gopay_doctor.commands import serve
from gopay_doctor.web import create_app
from gopay_doctor.web.guard import CSP, MAX_BODY, PathOnly
from scripts import readme
from tests.conftest import FIXTURES, MINI, ROOT, CliRunner, assert_no_network, guarded_env

PEAK = "2026-11-11T19:40:00+07:00"
QUIET = "2026-07-07T10:00:00+07:00"
TO_PEAK = "risk=none&need=other&source=in-app&symptom=queue"
BAD_RISK = (
    "invalid answer 'bogus' for question 'risk'; valid values: phone-lost, sim-or-code, "
    "shared-code, login-alert, logged-out, unrecognised-transactions, paid-scammer, "
    "code-requested, unexpected-otp, locked, none"
)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), base_url="http://127.0.0.1") as found:
        yield found


@pytest.fixture(autouse=True)
def _peak(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", PEAK)


def main_of(html: str) -> str:
    """The page's <main>, as text: tags out, one space between words."""
    inner = html.split("<main>", 1)[1].split("</main>", 1)[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", inner)).split())


def checked(html: str) -> list[str]:
    return re.findall(r'value="([^"]+)" checked', html)


# --- pages ----------------------------------------------------------------------------------


def test_the_first_page_asks_the_first_question(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    html = page.text
    assert '<html lang="en">' in html
    assert main_of(html).startswith(
        "Question 1 of at most 7 First, your money and your account: is any of this happening? "
        "Tick everything that applies; if nothing does, tick “None of these”. "
        "My phone was lost or stolen"
    )
    assert html.count('type="checkbox" name="risk"') == 11
    assert '<form method="get" action="/">' in html
    assert '<input type="hidden" name="lang" value="en">' in html
    assert "← Back" not in html  # nothing to go back to
    assert '<a href="/?lang=en">Start over</a>' in html


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for response in (
        client.get("/"),
        client.get("/?risk=bogus"),
        client.get("/nowhere"),
        client.post("/api/step", json={}),
        client.get("/healthz"),
    ):
        headers = response.headers
        assert headers["content-security-policy"] == CSP
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["cache-control"] == "no-store"
        assert "set-cookie" not in headers
    assert CSP == (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )


def test_a_bug_is_a_plain_page_with_the_security_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Starlette answers an exception outside the application's middleware list: the 500
    page carries the headers too, and no traceback."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug: Traceback here")

    monkeypatch.setattr("gopay_doctor.web.site.next_step", broken)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        for response in (client.get("/?lang=id"), client.post("/api/step", json={})):
            assert response.status_code == 500
            headers = response.headers
            assert headers["content-security-policy"] == CSP
            assert headers["referrer-policy"] == "no-referrer"
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["cache-control"] == "no-store"
            assert "Traceback" not in response.text
            assert "a bug" not in response.text
        assert main_of(client.get("/?lang=id").text) == (
            "Ada yang salah di pihak kami. Silakan mulai dari awal. Mulai dari awal"
        )


def test_a_page_uses_nothing_from_elsewhere_and_weighs_little(client: TestClient) -> None:
    for url in ("/", f"/?{TO_PEAK}&lang=zh", "/?risk=phone-lost&lang=id"):
        html = client.get(url).text
        assert "<script" not in html
        assert re.findall(r'(?:src|href)="(?!/|#|https://(?:www\.)?gojek\.com/)', html) == []
        style = re.search(r'<link rel="stylesheet" href="(/static/[0-9a-f]{16}\.css)">', html)
        assert style is not None
        css = client.get(style.group(1))
        assert css.headers["content-type"] == "text/css; charset=utf-8"
        assert css.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert "@import" not in css.text
        assert "url(" not in css.text
        assert len(html.encode()) + len(css.content) <= 60 * 1024
    assert client.get("/static/other.css").status_code == 404


def test_answers_in_the_address_lead_on_and_back(client: TestClient) -> None:
    html = client.get("/?risk=none&need=other&source=in-app&lang=en").text
    assert main_of(html).startswith(
        "Question 4 of at most 7 What happens when you try to contact GoPay support?"
    )
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)">', html)
    assert hidden == [
        ("risk", "none"),
        ("need", "other"),
        ("source", "in-app"),
        ("lang", "en"),
        ("_q", "symptom"),
    ]
    assert '<a href="/?risk=none&amp;need=other&amp;lang=en">← Back</a>' in html
    assert '<a href="/?risk=none&amp;need=other&amp;source=in-app&amp;lang=id" lang="id"' in html


def test_a_checkbox_answer_may_repeat_its_key_or_use_commas(client: TestClient) -> None:
    both = client.get("/?risk=phone-lost&risk=locked").text
    assert both == client.get("/?risk=phone-lost,locked").text
    assert "Lost or stolen phone" in main_of(both)


def test_answers_off_the_path_are_left_out_of_the_next_links(client: TestClient) -> None:
    html = client.get("/?risk=phone-lost&symptom=queue").text  # the result comes first
    assert 'href="/?risk=phone-lost&amp;lang=en">← Back' not in html
    assert 'href="/?lang=en">← Back' in html
    assert "symptom" not in html.split("<main>", 1)[1]


def test_the_language_comes_from_the_address_then_the_browser(client: TestClient) -> None:
    def lang(page: Any) -> str:
        found = re.search(r'<html lang="(\w+)">', page.text)
        assert found
        return found.group(1)

    assert lang(client.get("/", headers={"accept-language": "id-ID,id;q=0.9,en;q=0.8"})) == "id"
    assert lang(client.get("/", headers={"accept-language": "fr, zh-CN;q=0.5"})) == "zh"
    assert lang(client.get("/", headers={"accept-language": "fr"})) == "en"
    assert lang(client.get("/?lang=zh", headers={"accept-language": "id"})) == "zh"


def test_the_peak_check_proposes_its_answer_with_its_reason(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = client.get(f"/?{TO_PEAK}").text
    assert checked(html) == ["yes"]
    assert (
        '<p class="note" id="note">It is 19:40 WIB on 11.11.2026: 11.11, a big online sale day.</p>'
        in html
    )
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", QUIET)
    html = client.get(f"/?{TO_PEAK}&lang=id").text
    assert checked(html) == ["no"]
    assert "Sekarang pukul 10.00 WIB, 7.7.2026" in html


def test_the_network_check_never_runs_and_is_never_mentioned(
    client: TestClient, network_guard: list[str]
) -> None:
    html = client.get("/?risk=none&need=other&source=in-app&symptom=timeout").text
    assert main_of(html).startswith(
        "Question 5 of at most 7 Do other apps and websites work on this phone right now?"
    )
    doc = client.post(
        "/api/step",
        json={
            "answers": {"risk": "none", "need": "other", "source": "in-app", "symptom": "timeout"}
        },
    ).json()
    assert (doc["question"]["id"], doc["question"]["proposal"]) == ("other-sites", None)
    assert checked(html) == [doc["question"]["default"]]  # the flow's default, as the wizard's
    assert 'class="note"' not in html
    assert "--check-network" not in html
    assert network_guard == []


def test_an_invalid_answer_shows_the_cli_message_with_status_400(
    client: TestClient, cli: CliRunner
) -> None:
    page = client.get("/?risk=none&need=other&source=bogus")
    assert page.status_code == 400
    expected = cli("step", "-a", "risk=none", "-a", "source=bogus").err
    message = expected.removeprefix("gopay-doctor: error: ").split(" (from --answer")[0]
    assert message == "invalid answer 'bogus' for question 'source'"
    assert f"This answer cannot be used {message};" in main_of(page.text)
    assert 'href="/?risk=none&amp;need=other&amp;lang=en">← Back' in page.text  # not the refused
    page = client.get("/?risk=bogus&lang=id")
    assert (page.status_code, main_of(page.text)) == (
        400,
        f"Jawaban ini tidak bisa dipakai {BAD_RISK} ← Kembali Mulai dari awal",
    )
    unknown = client.get("/?colour=red")
    assert unknown.status_code == 400
    assert "unknown question &#39;colour&#39;; questions in flow" in unknown.text
    bad_lang = client.get("/?lang=xx", headers={"accept-language": "zh"})
    assert bad_lang.status_code == 400
    assert '<html lang="zh">' in bad_lang.text
    assert "lang: unknown language &#39;xx&#39;; choose one of: en, id, zh" in bad_lang.text


def test_a_language_is_taken_in_any_case_and_a_long_one_is_not_echoed(
    client: TestClient,
) -> None:
    """``?lang=ID`` is ``id``, as ``--lang ID`` is; a refused value is quoted cut short."""
    upper = client.get("/?lang=ID")
    assert upper.status_code == 200
    assert '<html lang="id">' in upper.text
    step = client.post("/api/step", json={"answers": {}, "lang": "ZH"})
    assert (step.status_code, step.json()["lang"]) == (200, "zh")
    long = client.get("/?lang=" + "x" * 3000)
    assert long.status_code == 400
    assert "x" * 100 not in long.text
    assert "lang: unknown language &#39;" + "x" * 60 + "…&#39; (2.9 KiB)" in long.text


def test_a_form_sent_with_nothing_chosen_asks_again_in_words(client: TestClient) -> None:
    page = client.get("/?lang=en&_q=risk")
    assert page.status_code == 400
    assert (
        '<p class="error" id="error" role="alert">Nothing is ticked: tick what applies, or '
        "“None of these” if nothing does.</p>"
    ) in page.text
    assert 'aria-describedby="help error"' in page.text
    page = client.get("/?risk=none&lang=zh&_q=need")
    assert page.status_code == 400
    assert "还没有选择：请选择一个答案。" in page.text
    page = client.get("/?risk=none&risk=locked&lang=en&_q=risk")
    assert page.status_code == 400
    assert (
        "“None of these” cannot be ticked together with other choices: untick one of them."
        in page.text
    )
    assert checked(page.text) == ["locked", "none"]  # still ticked, to untick one
    elsewhere = client.get("/?risk=none&risk=locked&_q=source")
    assert elsewhere.status_code == 400  # not the form's question: the command line's words
    assert "&#39;none&#39; cannot be ticked together with other choices" in elsewhere.text


def test_the_result_page_starts_with_the_first_screen(client: TestClient) -> None:
    page = client.get("/?risk=phone-lost&lang=en")
    assert page.status_code == 200
    text = main_of(page.text)
    order = [
        "Lost or stolen phone: block your SIM and secure your account",
        "Most likely cause: Someone else may have access to your account",
        "Do these first Ask your mobile operator to block the SIM",
        "And 5 more below.",
        "Official way to get help Contact Us on the official website",
        "Most likely cause Someone else may have access to your account : Payments",
        "All steps Do these first",
        "Other ways to get help",
        "Stay safe",
        "Message to support",
        "Your answers",
        "Keep a copy",
    ]
    found = [text.find(part) for part in order]
    assert -1 not in found, [p for p, i in zip(order, found, strict=True) if i < 0]
    assert found == sorted(found)
    assert (
        '<textarea id="message-text" readonly rows="14" aria-describedby="message-note">Hello GoPay support,'
        in page.text
    )
    assert re.findall(r'<a href="(https://[^"]+)" rel="noopener noreferrer">', page.text)


@pytest.mark.parametrize(
    ("name", "media"),
    [
        ("md", "text/markdown; charset=utf-8"),
        ("txt", "text/plain; charset=utf-8"),
        ("html", "text/html; charset=utf-8"),
        ("json", "application/json"),
    ],
)
def test_a_download_is_the_export_of_the_command_line(
    client: TestClient, cli: CliRunner, name: str, media: str
) -> None:
    page = client.get("/?risk=phone-lost&lang=id").text
    link = re.search(rf'<a href="(/result\.{name}\?[^"]+)" download="([^"]+)">', page)
    assert link
    assert link.group(2) == f"gopay-doctor-phone-lost.{name}"
    got = client.get(unescape(link.group(1)))
    assert got.status_code == 200
    assert got.headers["content-type"] == media
    assert (
        got.headers["content-disposition"]
        == f'attachment; filename="gopay-doctor-phone-lost.{name}"'
    )
    run = cli(
        "diagnose",
        "-a",
        "risk=phone-lost",
        "--lang",
        "id",
        "--no-input",
        "-o",
        "-",
        "--output-format",
        name,
    )
    assert run.code == 0
    assert got.text == run.out


def test_a_download_before_the_result_goes_back_to_the_question(client: TestClient) -> None:
    got = client.get("/result.md?risk=none&lang=en", follow_redirects=False)
    assert (got.status_code, got.headers["location"]) == (303, "/?risk=none&lang=en")
    assert client.get("/result.pdf?risk=phone-lost").status_code == 404
    assert client.get("/result.md?risk=bogus").status_code == 400


def test_unknown_pages_methods_and_oversized_requests(client: TestClient) -> None:
    missing = client.get("/nowhere", headers={"accept-language": "id"})
    assert (missing.status_code, main_of(missing.text)) == (
        404,
        "Tidak ada halaman di alamat ini. Mulai dari awal",
    )
    assert client.post("/").status_code == 405
    api = client.get("/api/step")
    assert (api.status_code, api.json()) == (405, {"error": {"message": "GET /api/step: HTTP 405"}})
    assert client.get("/api/nowhere").json() == {"error": {"message": "GET /api/nowhere: HTTP 404"}}
    long = client.get("/?risk=" + "x" * 5000)
    assert (long.status_code, long.text) == (414, "The address or the data sent is too long.\n")
    too_long = {"error": {"message": "The address or the data sent is too long."}}
    big = client.post("/api/step", content=b" " * (MAX_BODY + 1))
    assert (big.status_code, big.json()) == (413, too_long)

    def chunks() -> Iterator[bytes]:  # no Content-Length to check beforehand
        for _ in range(MAX_BODY // 1024 + 1):
            yield b" " * 1024

    chunked = client.post("/api/step", content=chunks())
    assert (chunked.status_code, chunked.json()) == (413, too_long)


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


# --- the step API -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"risk": ["none"]},
        {"risk": "none", "need": "other", "source": "in-app", "symptom": "queue"},
        {"risk": "phone-lost,locked"},
    ],
    ids=["first", "second", "peak", "result"],
)
def test_the_api_returns_what_gopay_doctor_step_prints(
    client: TestClient, cli: CliRunner, tmp_path: Path, answers: dict[str, Any]
) -> None:
    file = tmp_path / "answers.json"
    file.write_text(json.dumps(answers), encoding="utf-8")
    expected = json.loads(cli("step", "--answers", str(file), "--lang", "id").out)
    got = client.post("/api/step", json={"answers": answers, "lang": "id"})
    assert (got.status_code, got.headers["content-type"]) == (200, "application/json")
    assert got.json() == expected
    schema = client.get("/api/step.schema.json")
    assert schema.headers["content-type"] == "application/schema+json"
    jsonschema.Draft202012Validator(schema.json()).validate(got.json())


def test_the_served_schema_is_that_of_flows_schema(client: TestClient, cli: CliRunner) -> None:
    assert client.get("/api/step.schema.json").json() == json.loads(
        cli("flows", "schema", "--kind", "step").out
    )


def test_the_api_takes_defaults_auto_and_the_browser_language(client: TestClient) -> None:
    doc = client.post("/api/step", json={"answers": {"risk": "none"}, "defaults": True}).json()
    assert (doc["status"], doc["lang"]) == ("result", "en")
    auto = client.post(
        "/api/step",
        json={
            "answers": {"risk": "none", "need": "other", "source": "in-app", "symptom": "queue"},
            "auto": True,
        },
        headers={"accept-language": "zh-CN"},
    ).json()
    assert (auto["status"], auto["lang"]) == ("result", "zh")
    assert auto["result"]["transcript"][-1]["source"] == "auto"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b'{"answers": {"risk": "bogus"}}', {"question": "risk", "message": BAD_RISK}),
        (
            b'{"answers": {"source": 3}}',
            {
                "question": "source",
                "message": "answer to question 'source' must be one value, got 3; valid values: "
                "in-app, official-site, official-social, elsewhere, saved-long-ago",
            },
        ),
        (
            b'{"answers": {"risk": "none"}, "lang": "fr"}',
            {"message": "lang: unknown language 'fr'; choose one of: en, id, zh"},
        ),
        (b"{", {"message": "the request body: Input data was truncated"}),
        (
            b'{"answer": {}}',
            {"message": "the request body: Object contains unknown field `answer`"},
        ),
        (b"[]", {"message": "the request body: Expected `object`, got `array`"}),
    ],
    ids=["value", "type", "lang", "json", "field", "array"],
)
def test_a_bad_request_is_a_400_with_a_json_error(
    client: TestClient, body: bytes, error: dict[str, str]
) -> None:
    got = client.post("/api/step", content=body, headers={"content-type": "application/json"})
    assert (got.status_code, got.json()) == (400, {"error": error})


# --- the application, and the command ---------------------------------------------------------


def test_the_module_level_app_is_made_once_on_first_use() -> None:
    app = gopay_doctor.web.app
    assert app is gopay_doctor.web.app
    with pytest.raises(AttributeError, match="has no attribute 'apps'"):
        gopay_doctor.web.apps  # noqa: B018


def test_an_unsafe_flow_is_refused_with_the_command_line_s_line(cli: CliRunner) -> None:
    flow = str(FIXTURES / "broken" / "asks-for-secret.yaml")
    served = cli("serve", "--flow", flow)
    assert served.code == 2
    assert served.err == cli("step", "--flow", flow).err
    assert ":11:11: error: this text asks for a secret ('tell us your OTP')" in served.err


def test_a_flow_with_a_question_named_lang_cannot_be_served(tmp_path: Path, cli: CliRunner) -> None:
    text = MINI.read_text(encoding="utf-8").replace("signs", "lang")
    (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "catalog").symlink_to(MINI.parent / "catalog")
    served = cli("serve", "--flow", str(tmp_path / "mini.yaml"))
    assert (served.code, served.err) == (
        2,
        "gopay-doctor: error: flow 'mini' has a question named 'lang', which the web pages use "
        "for the language; rename the question to serve this flow\n",
    )


def test_serve_without_the_web_extra_says_how_to_install_it(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve, "missing", lambda: ["uvicorn"])
    run = cli("serve")
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "gopay-doctor: error: serve needs the web extra: pip install 'gopay-doctor[web]'\n",
    )
    monkeypatch.undo()
    assert serve.missing() == []


def test_serve_runs_uvicorn_with_the_options(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(app=app, **options))
    run = cli("serve", "--host", "0.0.0.0", "--port", "8080", "--flow", str(MINI))
    assert (run.code, run.err) == (0, "")
    assert (seen["host"], seen["port"]) == ("0.0.0.0", 8080)
    assert (seen["http"], seen["h11_max_incomplete_event_size"]) == ("h11", 16 * 1024)
    page = TestClient(seen["app"]).get("/?lang=zh")
    assert "<h1>您看到了什么?</h1>" in page.text


def readme_http_bot() -> dict[str, Any]:
    page, block = readme.block("http-bot-example")
    code = re.search(r"```python\n(.*?)```", block, re.S)
    assert code, f"{page} has no Python in its http-bot-example block"
    namespace: dict[str, Any] = {"__name__": "readme_http_bot"}
    exec(compile(code.group(1), str(page), "exec"), namespace)
    return namespace


def test_a_real_server_answers_and_logs_no_query_string(tmp_path: Path) -> None:
    """The one real process: uvicorn on a free port, two requests, then Ctrl-C (exit 0)."""
    log = tmp_path / "network-attempts.log"
    env = guarded_env({**os.environ, "PYTHONIOENCODING": "utf-8"}, log)
    server = subprocess.Popen(
        [sys.executable, "-m", "gopay_doctor", "serve", "--port", "0"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stderr is not None
        lines = []
        for line in server.stderr:
            lines.append(line)
            found = re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", line)
            if found:
                break
        assert found, lines
        with urllib.request.urlopen(found.group(1) + "/healthz", timeout=10) as answer:
            assert answer.read() == b'{"status":"ok"}'
        with urllib.request.urlopen(
            found.group(1) + "/?risk=phone-lost&lang=id", timeout=10
        ) as answer:
            assert "HP hilang atau dicuri" in answer.read().decode()
        bot = readme_http_bot()  # the README's HTTP variant of the chat bot, as written
        bot["SERVER"] = found.group(1)
        answers = {"risk": ["none"], "need": "other", "source": "in-app"}
        got = bot["step_over_http"](answers, "id")
        assert got == step(load_flow("support-unreachable"), answers, lang="id").to_dict()
    finally:
        server.send_signal(signal.SIGINT)
        out, rest = server.communicate(timeout=20)
    assert server.returncode == 0
    access = [line for line in out.splitlines() if '"GET ' in line]  # uvicorn: on stdout
    assert [line.split(" - ", 1)[1] for line in access] == [
        '"GET /healthz HTTP/1.1" 200 OK',
        '"GET / HTTP/1.1" 200 OK',
    ]
    assert [line.split(" - ", 1)[1] for line in out.splitlines() if '"POST ' in line] == [
        '"POST /api/step HTTP/1.1" 200 OK'
    ]
    assert "risk" not in out + rest
    assert_no_network(log)


def test_the_access_log_keeps_paths_and_drops_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/?risk=phone-lost&lang=id", "1.1", 200),
        None,
    )
    assert PathOnly().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET / HTTP/1.1" 200'
    create_app()  # the application sets the filter on uvicorn's access log, once
    create_app()
    assert [type(f) for f in logging.getLogger("uvicorn.access").filters] == [PathOnly]


def test_the_readme_and_docs_name_the_command() -> None:
    assert "gopay-doctor serve" in (ROOT / "README.md").read_text(encoding="utf-8")


# --- anything at all ------------------------------------------------------------------------

KEYS = st.sampled_from(["risk", "source", "symptom", "peak-period", "lang", "_q", "other"])
VALUES = st.one_of(
    st.sampled_from(["none", "phone-lost", "in-app", "queue", "yes", "no", "id", "risk", ""]),
    st.text(max_size=20),
)


@given(items=st.lists(st.tuples(st.one_of(KEYS, st.text(max_size=8)), VALUES), max_size=8))
def test_any_address_is_a_page_or_a_refusal_never_a_crash(
    client: TestClient, items: list[tuple[str, str]]
) -> None:
    page = client.get("/?" + urlencode(items))
    assert page.status_code in (200, 400)
    assert page.text.startswith("<!DOCTYPE html>\n<html lang=")
    assert "<script" not in page.text


@given(
    body=st.one_of(
        st.binary(max_size=64),
        st.dictionaries(
            st.sampled_from(["answers", "lang", "defaults", "auto"]),
            st.one_of(
                st.dictionaries(KEYS, st.one_of(VALUES, st.lists(VALUES, max_size=3)), max_size=4),
                VALUES,
                st.booleans(),
                st.none(),
            ),
            max_size=4,
        ).map(lambda data: json.dumps(data).encode()),
    )
)
def test_any_api_request_is_a_step_or_a_json_error(client: TestClient, body: bytes) -> None:
    got = client.post("/api/step", content=body)
    assert got.status_code in (200, 400)
    doc = got.json()
    assert ("status" in doc) == (got.status_code == 200)
    assert ("error" in doc) == (got.status_code == 400)


# --- date questions (tests/fixtures/deadline) -------------------------------------------------

DEADLINE = FIXTURES / "deadline" / "deadline.yaml"
DAY = "2026-12-28T10:00:00+07:00"
"""Monday 28 December 2026 in Jakarta."""


@pytest.fixture(scope="module")
def dated() -> Iterator[TestClient]:
    with TestClient(create_app(flow=str(DEADLINE)), base_url="http://127.0.0.1") as found:
        yield found


def test_a_date_question_offers_the_last_days_and_any_date_in_range(
    dated: TestClient, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", DAY)
    html = dated.get("/?what=topup&lang=id").text
    doc = json.loads(cli("step", "--flow", str(DEADLINE), "-a", "what=topup", "--lang", "id").out)
    question = doc["question"]
    assert (question["kind"], question["earliest"], question["latest"]) == (
        "date",
        "2025-12-28",
        "2026-12-28",
    )
    picks = re.findall(
        r'<button class="pick" type="submit" name="topup-date" value="([0-9-]+)">([^<]+)</button>',
        html,
    )
    assert picks == [(c["value"], c["label"]) for c in question["choices"]]
    assert picks[0] == ("2026-12-28", "Hari ini (Senin, 28 Desember)")
    assert (
        '<input class="date" type="date" id="date-input" name="topup-date" min="2025-12-28" '
        'max="2026-12-28" value="" required>'
    ) in html
    assert '<label class="other-date" for="date-input">Atau tanggal lain</label>' in html
    assert dated.post("/api/step", json={"answers": {"what": "topup"}, "lang": "id"}).json() == doc


def test_a_date_answered_shows_its_due_date_under_the_verdict(
    dated: TestClient, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", DAY)
    page = dated.get("/?what=topup&lang=en&_q=topup-date&topup-date=2026-12-24")
    assert page.status_code == 200
    text = main_of(page.text)
    assert text.startswith(
        "Wait a little longer Keep your bank receipt. The money should arrive by Tuesday 29 "
        "December 2026. Public holidays not counted: Christmas Day (Friday 25 December) "
        "Sources: https://www.gojek.com/en-id/help/gopay/isi-saldo-gopay-belum-masuk/"
    )
    overdue = main_of(dated.get("/?what=topup&topup-date=2026-12-22").text)
    assert overdue.startswith(
        "Report it now Report it with your receipt and the transaction ID. The money should "
        "have arrived by Thursday 24 December 2026."
    )
    md = dated.get("/result.md?what=topup&topup-date=2026-12-24&lang=en").text
    run = cli(
        "diagnose",
        "--flow",
        str(DEADLINE),
        "-a",
        "what=topup",
        "-a",
        "topup-date=2026-12-24",
        "--no-input",
        "-o",
        "-",
        "--output-format",
        "md",
    )
    assert md == run.out


@pytest.mark.parametrize(
    ("value", "status", "message", "kept"),
    [
        ("", 400, "Nothing is chosen: tap a day, or give the date.", ""),
        (
            "2026-12-29",
            400,
            "invalid answer &#39;2026-12-29&#39; for question &#39;topup-date&#39;: that day has "
            "not come yet; give a date from 2025-12-28 to 2026-12-28",
            "2026-12-29",
        ),
        (
            "24-12-2026",
            400,
            "invalid answer &#39;24-12-2026&#39; for question &#39;topup-date&#39;; give it as "
            "YYYY-MM-DD, such as 2026-12-28",
            "",
        ),
    ],
    ids=["empty", "tomorrow", "not-iso"],
)
def test_a_date_the_question_cannot_take_is_asked_again(
    dated: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    status: int,
    message: str,
    kept: str,
) -> None:
    monkeypatch.setenv("GOPAY_DOCTOR_NOW", DAY)
    page = dated.get(f"/?what=topup&lang=en&_q=topup-date&topup-date={value}")
    assert page.status_code == status
    assert f'<p class="error" id="error" role="alert">{message}</p>' in page.text
    assert f'max="2026-12-28" value="{kept}" required>' in page.text
    assert '<h1 id="question">On what date did the bank take the money?</h1>' in page.text
