"""The asks-for-secret rule: requests for a PIN, OTP, password, CVV or card number fail in
every bundled language, while warnings about them (which the bundled content is full of) pass.
"""

from __future__ import annotations

import pytest

from gopay_doctor.flow.loading import Sources, bundled_dir, find_flows, load_flow_file
from gopay_doctor.flow.secrets import asks_for_secret, clauses

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
        "Ask for help with a forgotten PIN in the app.",
        "What is an OTP?",
        "Real GoPay support never asks for your PIN, OTP or password.",
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
        "Minta bantuan untuk mengganti PIN lewat aplikasi.",
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
        "这些密码绝不要告诉任何人，包括自称 GoPay 工作人员的人。",
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
    from gopay_doctor.flow.lint import secret_requests

    sources = Sources((bundled_dir(),))
    flows = [load_flow_file(found.path, sources) for found in find_flows(sources).values()]
    assert flows
    for flow in flows:
        assert secret_requests(flow.spec) == []
        assert secret_requests(flow.catalog) == []


def test_secret_requests_name_the_path_and_language() -> None:
    from gopay_doctor.flow.lint import secret_requests
    from gopay_doctor.flow.model import Catalog, Notice

    catalog = Catalog(notices={"n": Notice(text={"en": "Fine.", "zh": "请输入密码"})})
    assert secret_requests(catalog) == [(("notices", "n", "text", "zh"), "输入密码")]


ADVERSARIAL = [
    "Your PIN is safe. Type " + "-" * 20_000 + "x",
    "Your PIN is safe. Type " + "'" * 20_000 + "x",
    "Your PIN is safe. Type " + "- " * 10_000 + "x",
    "Your PIN is safe. Type " + "a-" * 10_000 + "!",
    "Enter " + "a'" * 10_000 + "-",
    "PIN " + "-'" * 10_000 + "x is",
    "Enter your " + " ".join(["x-y"] * 5_000) + " card",
    "Never " + "enter your PIN " * 2_000,
    "输入" + "-" * 20_000 + "密",
]


def test_adversarial_texts_are_judged_quickly() -> None:
    """Runs of hyphens and apostrophes, which are separators and parts of words at once,
    once made the rule backtrack for minutes; every text now takes a moment."""
    import time

    for text in ADVERSARIAL:
        began = time.monotonic()
        asks_for_secret(text)
        assert time.monotonic() - began < 3, text[:40]
