"""Languages: which one to use, how flow text is looked up, and the program's own labels."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping

from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.labels import en, zh
from gopay_doctor.labels import id as id_
from gopay_doctor.plaintext import quoted

LANGS = ("en", "id", "zh")
"""Bundled languages; every bundled text exists in each of them."""
FALLBACK = "en"

_LOCALE_PREFIXES = {"en": "en", "id": "id", "in": "id", "zh": "zh"}


def resolve_lang(flag: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: ``--lang``, else ``GOPAY_DOCTOR_LANG`` (in any case: ``ID`` is
    ``id``, as ``--lang ID`` is), else the locale, else en."""
    env = os.environ if environ is None else environ
    for value, where in ((flag, "--lang"), (env.get("GOPAY_DOCTOR_LANG"), "GOPAY_DOCTOR_LANG")):
        if value:
            return checked_lang(value, where)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            prefix = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return _LOCALE_PREFIXES.get(prefix, FALLBACK)
    return FALLBACK


def checked_lang(value: str, where: str) -> str:
    """``value`` as a bundled language, in any case (``ID`` is ``id``), or the error that
    names ``where`` it was given (``--lang``, ``lang``)."""
    if value.lower() not in LANGS:
        raise GopayDoctorError(
            f"{where}: unknown language {quoted(value)}; choose one of: {', '.join(LANGS)}"
        )
    return value.lower()


def from_accept_language(header: str) -> str | None:
    """The bundled language a browser's ``Accept-Language`` header prefers most (``id-ID,
    id;q=0.9, en;q=0.8`` gives id), or None when it names none of them."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        name, _, value = params.strip().partition("=")
        if name.strip() == "q":
            try:
                weight = float(value)
            except ValueError:
                continue
        found = _LOCALE_PREFIXES.get(tag.strip().split("-")[0].split("_")[0].lower())
        if found is not None and weight > 0:
            ranked.append((-weight, index, found))
    return min(ranked)[2] if ranked else None


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


def pick_url(url: str | Mapping[str, str] | None, lang: str) -> str | None:
    """The address of ``url`` for ``lang`` (one address, or one per language), falling
    back to English, then to any language given; None when there is none."""
    return None if url is None else pick(url, lang) or None


LANG_NAMES = {"en": "English", "id": "Bahasa Indonesia", "zh": "简体中文"}
"""Each bundled language, named in itself."""


TABLES: dict[str, Mapping[str, object]] = {"en": en.LABELS, "id": id_.LABELS, "zh": zh.LABELS}
"""The program's own labels, by language (data: :mod:`gopay_doctor.labels`)."""


def label(key: str, lang: str) -> str:
    """One of the program's own labels in ``lang`` (English for a language it lacks)."""
    text = TABLES.get(lang, TABLES[FALLBACK])[key]
    assert isinstance(text, str)  # every value of a Labels mapping is
    return text


def long_date(day: datetime.date, lang: str) -> str:
    """``day`` written out in ``lang``: ``Tuesday 29 December 2026``, ``Selasa, 29 Desember
    2026``, ``2026年12月29日（星期二）``."""
    return _written(day, lang, "date_long")


def short_date(day: datetime.date, lang: str) -> str:
    """``day`` without its year: ``Tuesday 29 December``, ``Selasa, 29 Desember``,
    ``12月29日（星期二）``."""
    return _written(day, lang, "date_short")


def _written(day: datetime.date, lang: str, form: str) -> str:
    return label(form, lang).format(
        weekday=label("weekdays", lang).split()[day.weekday()],
        day=day.day,
        month=label("months", lang).split()[day.month - 1],
        year=day.year,
    )
