"""The asks-for-secret rule: requests for a PIN, OTP, password, CVV or card number fail in
every bundled language, while warnings about them (which the bundled content is full of) pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gopay_doctor.contract.folder import Sources, bundled_dir, find_flows
from gopay_doctor.contract.loading import load_flow_file
from gopay_doctor.contract.secrets import asks_for_secret, clauses
from tests.conftest import CliRunner

ASKS = {
    "en": [
        "Enter your PIN to continue.",
        "enter your PIN",
        "Please send us the OTP you received.",
        "send us the OTP",
        "Tell us your password so we can help.",
        "Reply with the 6-digit code we sent you.",
        "Provide your card number and CVV.",
        "What is your PIN?",
        "Type the one-time password here.",
        "Share your verification code with the agent.",
        "Our agent will ask for your OTP.",
        "We need your password to unlock the account.",
        "Your PIN is required to continue.",
        "Give the agent your security code.",
        "Confirm your PIN in the chat.",
        "If the chat won't connect, send us your OTP.",
        "Don't worry, just enter your PIN.",
        "Don't panic and send us your OTP.",
        "Read out the OTP to the caller.",
        "Include your password in the email.",
        "Fill in your card number below.",
        "Let us know your PIN.",
        "Please input your CVV.",
        "Enter the OTP we will send to your phone.",
        "Provide the agent with your full card number.",
        "Never share it with others, but do tell us your PIN.",
        "To verify your identity, text us the OTP.",
        "ENTER YOUR PIN",
        "Let us know your PIN – we’ll check it.",  # a curly apostrophe
        # a negation followed by "forget", "hesitate", "unless" encourages the request
        "Don't forget to enter your PIN",
        "You cannot continue unless you enter your PIN",
        "Do not hesitate to send us your OTP",
        "Don't be afraid to share your verification code with us.",
        "Why not enter your PIN now?",
    ],
    "id": [
        "Masukkan PIN Anda untuk melanjutkan.",
        "masukkan PIN Anda",
        "Kirimkan kode OTP yang Anda terima.",
        "kirimkan kode OTP",
        "Silakan berikan kata sandi Anda kepada agen kami.",
        "Sebutkan nomor kartu dan CVV Anda.",
        "Berapa PIN Anda?",
        "Mohon ketik kode verifikasi di sini.",
        "Balas pesan ini dengan kode OTP.",
        "Kami membutuhkan PIN Anda untuk membuka blokir.",
        "PIN Anda diperlukan untuk melanjutkan.",
        "Beri tahu kami kata sandi Anda.",
        "Tenang saja, kirim OTP ke nomor ini.",
        "Jika chat tidak tersambung, kirimkan kode OTP lewat email.",
        "Kode OTP harus dikirim ke CS.",
        "Jangan panik dan masukkan PIN Anda di sini.",
        "Isi nomor kartu kredit Anda di formulir ini.",
        "Jangan lupa masukkan PIN Anda",
        "Jangan ragu untuk mengirimkan kode OTP kepada kami.",
        "Anda tidak bisa melanjutkan kecuali Anda memasukkan PIN.",
    ],
    "zh": [
        "请输入您的密码。",
        "请输入您的密码",
        "告诉我们验证码。",
        "告诉我们验证码",
        "请提供您的银行卡号和 CVV。",
        "请把验证码发给我们。",
        "您的支付密码是多少？",
        "请回复短信验证码以完成验证。",
        "我们需要您的 PIN 才能解锁账户。",
        "请在聊天中填写卡号。",
        "别担心，请告诉我们验证码。",
        "为了核实身份，请输入 OTP。",
        "不要着急，然后把密码告诉客服。",
        "不要忘记输入您的密码",
        "别忘了告诉我们验证码",
        "不要犹豫，请输入密码。",
        "不要犹豫输入您的密码",
    ],
}

WARNS = {
    "en": [
        "Never share your PIN or OTP with anyone.",
        "Never share your PIN and OTP with anyone.",
        "GoPay will never ask for your password.",
        "Don't tell anyone your OTP, even someone from GoPay.",
        "Do not enter your PIN on any website.",
        "Anyone who asks for your OTP is a scammer.",
        "If someone asks for your card number, hang up.",
        "Scammers pose as support and ask for your PIN.",
        "Change your PIN in the app's settings.",
        "Set a strong password.",
        "Pinned messages are at the top.",
        "Your PIN is never needed by support.",
        "You do not need to give your CVV to anyone.",
        "Beware of messages asking for your OTP.",
        "We will send you an OTP by SMS.",
        "The app will send an OTP to your phone.",
        "Gojek sends an OTP when someone logs in.",
        "Ask for help with a forgotten PIN in the app.",
        "What is an OTP?",
        "Real GoPay support never asks for your PIN, OTP or password.",
        "never share your PIN",
        "No one from GoPay will ask for your OTP.",
        "GoPay will never call you to ask for your OTP.",
        "Tell no one your PIN.",
        "Don't forget never to share your PIN.",
        "Do not forget: never share your PIN.",
        "Don't be afraid to refuse anyone who asks for your PIN.",
    ],
    "id": [
        "Jangan pernah memberikan PIN kepada siapa pun.",
        "CS GoPay tidak pernah meminta kode OTP.",
        "Waspadalah terhadap orang yang meminta kata sandi Anda.",
        "Ganti PIN Anda di pengaturan aplikasi.",
        "Penipu sering meminta kode OTP.",
        "Dilarang membagikan nomor kartu kepada orang lain.",
        "Jika ada yang meminta PIN Anda, abaikan.",
        "Kami akan mengirimkan kode OTP ke HP Anda.",
        "Gojek mengirim kode OTP saat ada yang login.",
        "Minta bantuan untuk mengganti PIN lewat aplikasi.",
        "Jangan pernah memberikan PIN",
        "Jangan sampai memberikan PIN kepada siapa pun.",
        "CS resmi tidak pernah menghubungi Anda untuk meminta kode OTP.",
        "Jangan lupa: jangan pernah memberikan kode OTP kepada siapa pun.",
    ],
    "zh": [
        "切勿向任何人透露验证码。",
        "客服绝不会索要您的密码。",
        "不要把密码告诉任何人。",
        "在应用设置里修改支付密码。",
        "如果有人向您索要验证码，那一定是诈骗。",
        "谨防冒充客服索要验证码的骗子。",
        "设置高强度的 PIN。",
        "我们会把验证码发送到您的手机。",
        "有人登录时，Gojek 会发送 OTP 验证码。",
        "这些密码绝不要告诉任何人，包括自称 GoPay 工作人员的人。",
        "切勿透露验证码",
        "客服不会通过电话或短信向您索要验证码。",
        "千万不要因为对方着急就把验证码告诉他。",
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in ASKS.items() for text in texts]
)
def test_a_request_for_a_secret_is_found(lang: str, text: str) -> None:
    assert asks_for_secret(text) is not None, f"{lang}: {text}"


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in WARNS.items() for text in texts]
)
def test_a_warning_about_a_secret_passes(lang: str, text: str) -> None:
    assert asks_for_secret(text) is None, f"{lang}: {text}"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Never share your PIN. Then enter your PIN here.", "enter your PIN"),
        ("Jangan bagikan PIN. Masukkan PIN Anda di sini.", "Masukkan PIN"),
        ("不要分享密码。请输入您的密码。", "输入您的密码"),
    ],
)
def test_the_words_that_ask_are_named(text: str, words: str) -> None:
    """A negation in one sentence does not excuse a request in the next."""
    assert asks_for_secret(text) == words


def test_clauses_are_cut_at_punctuation_and_joining_words() -> None:
    parts = [stretch[start:end].strip() for stretch, start, end in clauses("A, b and c. 甲但乙")]
    assert parts == ["A", "b", "c", "甲", "乙"]


def test_no_bundled_text_asks_for_a_secret() -> None:
    from gopay_doctor.contract.safety import secret_requests

    sources = Sources((bundled_dir(),))
    flows = [load_flow_file(found.path, sources) for found in find_flows(sources).values()]
    assert flows
    for flow in flows:
        assert secret_requests(flow.spec) == []
        assert secret_requests(flow.catalog) == []


def test_secret_requests_name_the_path_and_language() -> None:
    from gopay_doctor.contract.model import Catalog, Notice
    from gopay_doctor.contract.safety import secret_requests

    catalog = Catalog(notices={"n": Notice(text={"en": "Fine.", "zh": "请输入密码"})})
    assert secret_requests(catalog) == [(("notices", "n", "text", "zh"), "输入密码")]


ADVERSARIAL = [
    "-" * 50_000,
    "Enter your PIN " + "-" * 50_000,
    "Your PIN is safe. Type " + "-" * 50_000 + "x",
    "Your PIN is safe. Type " + " " * 50_000 + "x",
    "Your PIN is safe. Type " + "'" * 50_000 + "x",
    "Your PIN is safe. Type " + "- " * 20_000 + "x",
    "Your PIN is safe. Type " + "a-" * 20_000 + "!",
    "Enter " + "a'" * 20_000 + "-",
    "PIN " + "-'" * 20_000 + "x is",
    "Enter your " + " ".join(["x-y"] * 10_000) + " card",
    "Never " + "enter your PIN " * 3_000,
    "Never forget to not enter your PIN " * 3_000,
    "scammers " + "never enter your PIN " * 3_000,
    "we send the OTP " * 5_000,
    "PIN " * 30_000,
    "输入" + "-" * 50_000 + "密",
]


@pytest.mark.cover_children
def test_adversarial_texts_are_judged(tmp_path: Path) -> None:
    """Runs of hyphens, spaces and apostrophes (separators and parts of words at once)
    once made the rule backtrack for minutes, and repeated requests made it take the
    square of the length; every text is now judged in a moment. A process that takes a
    minute fails the test without timing anything finer."""
    texts = tmp_path / "texts.json"
    texts.write_text(json.dumps(ADVERSARIAL), encoding="utf-8")
    script = (
        "import json, sys\n"
        "from gopay_doctor.contract.secrets import asks_for_secret\n"
        "texts = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        "print(json.dumps([asks_for_secret(text) for text in texts]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(texts)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        None,
        "Enter your PIN",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def test_an_adversarial_flow_text_is_checked(tmp_path: Path, cli: CliRunner) -> None:
    """The same through ``flows check``: a 50,000-hyphen text costs nothing."""
    catalog = tmp_path / "catalog.yaml"
    text = "Never type your PIN " + "-" * 50_000 + " x"
    catalog.write_text(
        f"notices:\n  n:\n    text: {{en: '{text}', id: 'Jangan lupa masukkan PIN Anda'}}\n",
        encoding="utf-8",
    )
    run = cli(
        "flows",
        "check",
        "--ignore",
        "unused-entry",
        "--ignore",
        "missing-translation",
        str(catalog),
    )
    assert run.code == 1
    assert run.out == (
        f"{catalog}:3:{len(text) + 24}: error: this text asks for a secret ('masukkan PIN'): "
        "gopay-doctor must never ask for a PIN, OTP, password, CVV or card number; warn "
        "instead, as in 'never share your PIN' [asks-for-secret]\n"
    )
