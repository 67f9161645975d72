"""Languages: which one to use, how flow text is looked up, and the program's own labels."""

from __future__ import annotations

import os
from collections.abc import Mapping

from gopay_doctor.errors import GopayDoctorError

LANGS = ("en", "id", "zh")
"""Bundled languages; every bundled text exists in each of them."""
FALLBACK = "en"

_LOCALE_PREFIXES = {"en": "en", "id": "id", "in": "id", "zh": "zh"}


def resolve_lang(flag: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: ``--lang``, else ``GOPAY_DOCTOR_LANG``, else the locale, else en."""
    env = os.environ if environ is None else environ
    for value, where in ((flag, "--lang"), (env.get("GOPAY_DOCTOR_LANG"), "GOPAY_DOCTOR_LANG")):
        if value:
            if value not in LANGS:
                raise GopayDoctorError(
                    f"{where}: unknown language {value!r}; choose one of: {', '.join(LANGS)}"
                )
            return value
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            prefix = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return _LOCALE_PREFIXES.get(prefix, FALLBACK)
    return FALLBACK


def pick(text: str | Mapping[str, str] | None, lang: str) -> str:
    """``text`` in ``lang``, falling back to English, then to any language given."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    found = text.get(lang) or text.get(FALLBACK)
    if found is not None:
        return found
    return next(iter(text.values()), "")


LABELS: dict[str, dict[str, str]] = {
    "yes": {"en": "Yes", "id": "Ya", "zh": "是"},
    "no": {"en": "No", "id": "Tidak", "zh": "否"},
    "none_selected": {"en": "(none)", "id": "(tidak ada)", "zh": "(无)"},
    "result": {"en": "Result", "id": "Hasil", "zh": "诊断结果"},
    "likely_cause": {
        "en": "Most likely cause",
        "id": "Penyebab paling mungkin",
        "zh": "最可能的原因",
    },
    "other_causes": {
        "en": "Other possible causes",
        "id": "Kemungkinan penyebab lain",
        "zh": "其他可能原因",
    },
    "urgent": {"en": "Do these first", "id": "Lakukan ini dulu", "zh": "请先做这些"},
    "steps": {"en": "What to do", "id": "Yang perlu dilakukan", "zh": "应该怎么做"},
    "channels": {
        "en": "Other ways to get help",
        "id": "Cara lain mendapat bantuan",
        "zh": "其他求助渠道",
    },
    "channel": {"en": "Channel", "id": "Saluran", "zh": "渠道"},
    "how": {"en": "How to use it", "id": "Cara memakainya", "zh": "使用方法"},
    "unofficial": {"en": "not official", "id": "tidak resmi", "zh": "非官方"},
    "safety": {"en": "Stay safe", "id": "Tetap aman", "zh": "安全提醒"},
    "answers": {"en": "Your answers", "id": "Jawaban Anda", "zh": "您的回答"},
    "urgent_tag": {"en": "urgent", "id": "mendesak", "zh": "紧急"},
    "fund-safety": {"en": "Keep your money safe", "id": "Amankan dana Anda", "zh": "保护资金安全"},
    "contact": {"en": "Reach support", "id": "Hubungi layanan pelanggan", "zh": "联系客服"},
    "self-help": {"en": "Check it yourself", "id": "Periksa sendiri", "zh": "自行排查"},
    "prevention": {"en": "Prevent it next time", "id": "Cegah di lain waktu", "zh": "预防措施"},
}


def label(key: str, lang: str) -> str:
    """One of the program's own labels in ``lang``."""
    return pick(LABELS[key], lang)
