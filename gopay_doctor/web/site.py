"""The pages and the step API of :mod:`gopay_doctor.web`.

``GET /`` is the wizard: the answers so far are the query string (``?risk=none&source=in-app
&lang=id``, a checkbox's values repeated or comma-separated, as ``--answers`` takes
them), each page's form (method GET) adds one, so Back, Forward, bookmarks and any other
process show exactly the same page. ``_q`` names the question a form asked, so a form sent
with nothing chosen is told so. ``lang`` picks the language (else the browser's
Accept-Language, else English).

``POST /api/step`` takes ``{"answers": {...}, "lang": "id"}`` and returns the document
``gopay-doctor step`` prints; ``GET /api/step.schema.json`` is its JSON Schema.
``GET /result.md`` (``.txt``, ``.html``, ``.json``) with a finished page's query string is
its export, made by the exporters of ``--output``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlencode

import msgspec
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from gopay_doctor.answers import (
    Answer,
    AnswerError,
    AnswerValue,
    Dates,
    ExclusiveChoice,
    Given,
    NothingTicked,
    validate,
)
from gopay_doctor.authoring.jsonschema import generate
from gopay_doctor.checks import CheckContext, Checker, dates
from gopay_doctor.contract.folder import Sources
from gopay_doctor.contract.loading import digest, load_flow
from gopay_doctor.contract.model import Flow
from gopay_doctor.engine import choice_label, has_dates
from gopay_doctor.errors import GopayDoctorError
from gopay_doctor.export import stamp
from gopay_doctor.formats import EXPORTS
from gopay_doctor.i18n import (
    FALLBACK,
    LANG_NAMES,
    LANGS,
    TABLES,
    checked_lang,
    from_accept_language,
    label,
    pick,
)
from gopay_doctor.interview import Session
from gopay_doctor.plaintext import plain, safe_url
from gopay_doctor.render import (
    RenderOptions,
    answer_note,
    channel_sources,
    render,
    skipped_holidays,
    step_groups,
)
from gopay_doctor.result import ChannelItem
from gopay_doctor.stepwise import Step, StepQuestion, StepResult, next_step
from gopay_doctor.web.guard import ASGIApp, Guard, bounded_body, quiet_access_log

HERE = Path(__file__).resolve().parent
LANG = "lang"
ASKED = "_q"
"""The query keys that are not answers (a question id never starts with ``_``)."""
MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}
HTML = "text/html; charset=utf-8"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""What a date input may be given back (anything else it would ignore)."""
FIRST_STEPS = 3
"""Steps on a result's first screen, as on the terminal's: the urgent ones, else the first."""
JSON = "application/json"


class Refused(GopayDoctorError):
    """An answer the page or the API cannot use; ``qid`` is its question."""

    def __init__(self, message: str, qid: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.qid = qid
        self.status = status


class Query(NamedTuple):
    """A page's query string, read."""

    lang: str | None
    asked: str | None
    given: dict[str, list[str]]


def read_query(items: Iterable[tuple[str, str]]) -> Query:
    """The language, the question a form asked, and each question's values in order."""
    lang = asked = None
    given: dict[str, list[str]] = {}
    for key, value in items:
        if key == LANG:
            lang = value
        elif key == ASKED:
            asked = value
        else:
            given.setdefault(key, []).append(value)
    return Query(lang, asked, given)


def raw(values: Sequence[str]) -> object:
    """One value as the text it is (a checkbox's may be comma-separated), several as a list."""
    return values[0] if len(values) == 1 else list(values)


def query_items(path: Iterable[tuple[str, AnswerValue]], lang: str) -> list[tuple[str, str]]:
    """The query string's items for answers in path order, then the language."""
    items: list[tuple[str, str]] = []
    for qid, value in path:
        items += [(qid, v) for v in (value if isinstance(value, tuple) else (value,))]
    return [*items, (LANG, lang)]


def href(where: str, items: Sequence[tuple[str, str]]) -> str:
    return f"{where}?{urlencode(items)}"


class Site:
    """One flow, served: its pages, downloads and step API."""

    def __init__(self, flow: Flow, sources: Sources) -> None:
        self.flow = flow
        self.dirs = sources.with_dir(Path(flow.source).parent).dirs
        self.asks_dates = has_dates(flow)
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            finalize=_shown,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.templates.filters["safe_url"] = safe_url
        self.css = (HERE / "static" / "style.css").read_bytes()
        self.style = f"/static/{digest(self.css)[:16]}.css"
        self.schema = msgspec.json.encode(generate("step"))

    # --- the engine ---------------------------------------------------------------------

    def dates(self) -> Dates | None:
        """Today in Jakarta and the public holidays, for a flow that asks for a date (read
        for each request: the day changes while the server runs)."""
        return dates(self.flow, self.dirs) if self.asks_dates else None

    def session(
        self,
        lang: str,
        answers: dict[str, Answer],
        days: Dates | None,
        *,
        auto: bool = False,
        defaults: bool = False,
    ) -> Session:
        """A session of ``answers``: checks propose (the network check never runs here: it
        would test the server's connection, not the user's)."""
        checker = Checker(CheckContext(lang=lang, network=False, dirs=self.dirs))
        return Session(
            self.flow,
            lang,
            answers,
            propose=lambda qid: checker.answer(self.flow, qid),
            auto=auto,
            defaults=defaults,
            dates=days,
        )

    def validated(self, given: dict[str, object], days: Dates | None) -> dict[str, Answer]:
        """Each answer through :func:`~gopay_doctor.answers.validate`, the one path."""
        answers = {}
        today = days.today if days is not None else None
        for qid, value in given.items():
            try:
                answers[qid] = validate(self.flow, qid, Given(value, ""), today=today)
            except AnswerError as exc:
                raise Refused(str(exc), qid) from None
        return answers

    # --- pages --------------------------------------------------------------------------

    def language(self, request: Request, query: Query) -> str:
        """``?lang=``, else the browser's Accept-Language, else English."""
        if query.lang is None:
            return browser_lang(request)
        try:
            return checked_lang(query.lang, LANG)
        except GopayDoctorError as exc:
            raise Refused(str(exc)) from None

    async def page(self, request: Request) -> Response:
        query = read_query(request.query_params.multi_items())
        lang = self.language(request, query)
        days = self.dates()
        today = days.today if days is not None else None
        answers: dict[str, Answer] = {}
        problem = ""
        kept: tuple[str, ...] = ()
        for qid, values in query.given.items():
            if qid == query.asked and not any(values):
                continue  # a form sent with nothing chosen: said below
            try:
                answers[qid] = validate(self.flow, qid, Given(raw(values), ""), today=today)
            except AnswerError as exc:
                if qid != query.asked:  # an address made by hand, not by the form
                    raise Refused(str(exc), qid) from None
                problem, kept = self.mistake(exc, lang), tuple(values)  # asked again
        asked = query.asked
        if asked in self.flow.spec.questions and not any(query.given.get(asked, ())):
            problem = self.nothing_chosen(asked, lang)
        session = self.session(lang, answers, days)
        now = next_step(session, finish=stamp)
        path = [(v.qid, v.answer.value) for v in session.walk().path]
        if isinstance(now, StepResult):
            return self.html(self.result_page(now, path, lang))
        if now.question.id != query.asked:
            problem, kept = "", ()
        return self.html(
            self.question_page(now, path, lang, problem, kept), status=400 if problem else 200
        )

    def mistake(self, exc: AnswerError, lang: str) -> str:
        """What a form's answer that cannot be used is told with: the wizard's words for the
        mistakes boxes allow, else the command line's message (a date out of range)."""
        if isinstance(exc, ExclusiveChoice):
            question = self.flow.spec.questions[exc.qid]
            alone = choice_label(question, exc.value, lang)
            return label("tick_alone", lang).format(choice=alone)
        if isinstance(exc, NothingTicked):
            return self.nothing_chosen(exc.qid, lang)
        return str(exc)

    def nothing_chosen(self, qid: str, lang: str) -> str:
        question = self.flow.spec.questions[qid]
        if question.kind == "date":
            return label("web_choose_date", lang)
        if question.kind != "checkbox":
            return label("web_choose_one", lang)
        alone = next((c.value for c in question.choices if c.exclusive), None)
        if alone is None:
            return label("web_tick_one", lang)
        return label("web_tick_one_or_none", lang).format(
            choice=choice_label(question, alone, lang)
        )

    def frame(
        self, lang: str, title: str, path: Sequence[tuple[str, AnswerValue]]
    ) -> dict[str, Any]:
        """What every page shows: the title, the language links (keeping the answers)."""
        return {
            "lang": lang,
            "title": title,
            "style": self.style,
            "words": TABLES[lang],
            "start": href("/", [(LANG, lang)]),
            "flow_title": label("flow", lang)
            + label("colon", lang)
            + pick(self.flow.spec.title, lang),
            "languages": [
                {
                    "lang": other,
                    "name": LANG_NAMES[other],
                    "href": href("/", query_items(path, other)),
                    "current": other == lang,
                }
                for other in LANGS
            ],
        }

    def question_page(
        self,
        now: StepQuestion,
        path: Sequence[tuple[str, AnswerValue]],
        lang: str,
        problem: str,
        kept: tuple[str, ...],
    ) -> str:
        question = now.question
        if problem:
            chosen: Sequence[str] = kept
        elif question.kind == "date":
            chosen = ()  # a date is chosen anew: no default, no proposal
        elif question.proposal is not None:
            chosen = _values(question.proposal.value)
        else:
            chosen = _values(question.default)
        note = question.proposal.reason if question.proposal is not None else ""
        described = " ".join(
            name
            for name, shown in (("help", question.help), ("note", note), ("error", problem))
            if shown
        )
        progress = now.progress
        return self.templates.get_template("question.html").render(
            **self.frame(lang, question.text, path),
            progress=label("web_progress", lang).format(
                n=progress.answered + 1, total=progress.answered + progress.remaining_at_most
            ),
            question=question,
            input={"checkbox": "checkbox", "date": "submit"}.get(question.kind, "radio"),
            typed=next((v for v in chosen if _DATE.fullmatch(v)), ""),
            choices=[
                {"value": c.value, "label": c.label, "checked": c.value in chosen}
                for c in question.choices
            ],
            hidden=query_items(path, lang),
            note=note,
            error=problem,
            described=described,
            back=href("/", query_items(path[:-1], lang)) if path else "",
        )

    def result_page(
        self, now: StepResult, path: Sequence[tuple[str, AnswerValue]], lang: str
    ) -> str:
        result = now.result
        urgent, groups = step_groups(result)
        first = (urgent or result.steps)[:FIRST_STEPS]
        left = len(urgent or result.steps) - len(first)
        everything = [(label(c, lang), steps, False) for c, steps in groups]
        if urgent:
            everything.insert(0, (label("urgent", lang), urgent, True))
        way = next((c for c in result.channels if c.official), None)
        items = query_items(path, lang)
        return self.templates.get_template("result.html").render(
            **self.frame(lang, result.outcome.title, path),
            result=result,
            skipped=skipped_holidays(result.deadline, lang) if result.deadline else "",
            cause=result.causes[0] if result.causes else None,
            others=result.causes[1:],
            urgent=bool(urgent),
            first=first,
            more=label("web_more_steps", lang).format(n=left) if left else "",
            groups=everything,
            way=way,
            channels=[_channel(c) for c in result.channels if c is not way],
            transcript=[
                {
                    "text": e.text,
                    "label": e.label,
                    "note": label("aside", lang).format(text=answer_note(e, lang)).strip()
                    if answer_note(e, lang)
                    else "",
                }
                for e in result.transcript
            ],
            downloads=[
                {
                    "href": href(f"/result.{name}", items),
                    "name": f"gopay-doctor-{result.outcome.id}.{name}",
                    "label": label(f"web_{name}", lang),
                }
                for name in EXPORTS
            ],
            back=href("/", query_items(path[:-1], lang)),
        )

    async def download(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in EXPORTS:
            raise HTTPException(404)
        query = read_query(request.query_params.multi_items())
        lang = self.language(request, query)
        given = {qid: raw(values) for qid, values in query.given.items()}
        days = self.dates()
        now = next_step(self.session(lang, self.validated(given, days), days), finish=stamp)
        if not isinstance(now, StepResult):  # not finished: the page to go on from
            return RedirectResponse(href("/", list(request.query_params.multi_items())), 303)
        text = render(now.result, EXPORTS[name].name, RenderOptions(export=True))
        filename = f"gopay-doctor-{now.result.outcome.id}.{name}"
        return Response(
            text,
            media_type=MEDIA[name],
            headers={"content-disposition": f'attachment; filename="{filename}"'},
        )

    def html(self, text: str, status: int = 200) -> Response:
        return Response(text, status_code=status, media_type=HTML)

    def page_lang(self, request: Request) -> str:
        """The language of an error page: a valid ``?lang=``, else as :meth:`language`."""
        chosen = request.query_params.get(LANG, "").lower()
        return chosen if chosen in LANGS else browser_lang(request)

    def error_page(
        self, request: Request, status: int, title: str, message: str, back: str = ""
    ) -> Response:
        lang = self.page_lang(request)
        page = self.templates.get_template("error.html").render(
            **self.frame(lang, title, []), message=message, back=back
        )
        return self.html(page, status)

    async def refused(self, request: Request, exc: Exception) -> Response:
        """A refused answer or request: a page with the message (Back leaves out the refused
        answer), or for the API a JSON error naming the question."""
        assert isinstance(exc, Refused)
        if request.url.path.startswith("/api/"):
            error: dict[str, str] = {"message": str(exc)}
            if exc.qid is not None:
                error["question"] = exc.qid
            return Response(msgspec.json.encode({"error": error}), exc.status, media_type=JSON)
        lang = self.page_lang(request)
        back = ""
        if exc.qid is not None:
            query = read_query(request.query_params.multi_items())
            kept = [(q, v) for q, values in query.given.items() if q != exc.qid for v in values]
            back = href("/", [*kept, (LANG, lang)])
        return self.error_page(request, exc.status, label("web_refused", lang), str(exc), back)

    async def not_found(self, request: Request, exc: Exception) -> Response:
        """No such page (404), or not with this method (405)."""
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        if request.url.path.startswith("/api/"):
            error = {"error": {"message": f"{request.method} {request.url.path}: HTTP {status}"}}
            return Response(msgspec.json.encode(error), status, media_type=JSON)
        return self.error_page(request, status, label("web_not_found", self.page_lang(request)), "")

    async def internal(self, request: Request, exc: Exception) -> Response:
        """A bug: one plain page, never a traceback (the server logs it)."""
        return self.error_page(request, 500, label("web_internal", self.page_lang(request)), "")

    # --- the API ------------------------------------------------------------------------

    async def api_step(self, request: Request) -> Response:
        body = await bounded_body(request.receive)
        if body is None:
            raise Refused(label("web_too_long", FALLBACK), status=413)
        try:
            asked = msgspec.json.decode(body, type=StepRequest)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise Refused(f"the request body: {exc}") from None
        if asked.lang is None:
            lang = browser_lang(request)
        else:
            try:
                lang = checked_lang(asked.lang, LANG)
            except GopayDoctorError as exc:
                raise Refused(str(exc)) from None
        days = self.dates()
        session = self.session(
            lang,
            self.validated(asked.answers, days),
            days,
            auto=asked.auto,
            defaults=asked.defaults,
        )
        now: Step = next_step(session, finish=stamp)
        return Response(msgspec.json.encode(now), media_type=JSON)

    async def step_schema(self, request: Request) -> Response:
        return Response(self.schema, media_type="application/schema+json")

    async def stylesheet(self, request: Request) -> Response:
        if request.url.path != self.style:
            raise HTTPException(404)
        return Response(
            self.css,
            media_type="text/css; charset=utf-8",
            headers={"cache-control": "public, max-age=31536000, immutable"},
        )


class StepRequest(msgspec.Struct, forbid_unknown_fields=True):
    """The body of ``POST /api/step``: the answers as ``--answers`` takes them, and the
    options of ``gopay-doctor step``."""

    answers: dict[str, Any] = {}
    lang: str | None = None
    defaults: bool = False
    auto: bool = False


def _shown(value: object) -> object:
    """Text from data with control and bidi characters made visible (then escaped)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return plain(value)
    return value


def _values(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _channel(channel: ChannelItem) -> dict[str, Any]:
    return {
        "name": channel.name,
        "how": channel.how,
        "url": channel.url,
        "official": channel.official,
        "sources": channel_sources(channel),
    }


def browser_lang(request: Request) -> str:
    """The first bundled language the browser's Accept-Language asks for, else English."""
    return from_accept_language(request.headers.get("accept-language", "")) or FALLBACK


async def healthz(request: Request) -> Response:
    return Response(b'{"status":"ok"}', media_type=JSON)


def build(sources: Sources, flow_ref: str) -> Guard:
    """The application for ``flow_ref`` from ``sources`` (see :func:`gopay_doctor.web.create_app`)."""
    flow = load_flow(flow_ref, sources)
    if LANG in flow.spec.questions:
        raise GopayDoctorError(
            f"flow '{flow.id}' has a question named '{LANG}', which the web pages use for "
            "the language; rename the question to serve this flow"
        )
    site = Site(flow, sources)
    quiet_access_log()
    routes = [
        Route("/", site.page),
        Route("/result.{name}", site.download),
        Route("/api/step", site.api_step, methods=["POST"]),
        Route("/api/step.schema.json", site.step_schema),
        Route("/healthz", healthz),
        Route("/static/{name}", site.stylesheet),
    ]

    def too_large(status: int, path: str) -> ASGIApp:
        """As a chunked body over the bound is answered (:meth:`Site.refused`): JSON for the
        API, plain text for a page (the request never reached one to draw)."""
        words = label("web_too_long", FALLBACK)
        if path.startswith("/api/"):
            return Response(
                msgspec.json.encode({"error": {"message": words}}), status, media_type=JSON
            )
        return Response(words + "\n", status, media_type="text/plain")

    app = Starlette(
        routes=routes,
        exception_handlers={
            Refused: site.refused,
            HTTPException: site.not_found,
            Exception: site.internal,
        },
    )
    # Around the whole application, not in its middleware list: Starlette runs the
    # Exception handler (the 500 page) outside that list, and it needs the headers too.
    return Guard(app, too_large)
