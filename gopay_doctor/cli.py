"""The command line: parses options, resolves the flow sources and the language once, and
calls one function per command with them, nothing else.

Command modules are imported inside each command (the command-dispatch seam), so
``--help`` and ``--version`` load nothing but typer and the bottom layer.
"""

import functools
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperCommand

from gopay_doctor import __version__
from gopay_doctor.contract.folder import Sources
from gopay_doctor.errors import PROG, BadUsage, GopayDoctorError, OutputError, handled, suggest
from gopay_doctor.formats import ExportName, FormatName
from gopay_doctor.i18n import label, resolve_lang
from gopay_doctor.output import Output
from gopay_doctor.plaintext import QUOTE_LIMIT, clipped, quoted


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class Lang(str, Enum):
    en = "en"
    id = "id"
    zh = "zh"


class Command(TyperCommand):
    """A command whose usage line shows an argument as its metavar (``RESULT.json``), not in
    braces (``{RESULT.json}``)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


app = typer.Typer(
    name=PROG,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
flows_app = typer.Typer(rich_markup_mode=None)
app.add_typer(
    flows_app,
    name="flows",
    short_help="Inspect the flows: list, check, show, graph, test, schema.",
)


def _help_without_command(ctx: typer.Context) -> None:
    """A group called without a command shows its help and exits 0."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


@flows_app.callback(invoke_without_command=True)
def flows(ctx: typer.Context) -> None:
    """Inspect the flows: list them, check them, draw them, test them, and print the JSON
    Schemas of their files and of the documents the program prints.

    \b
    Examples:
      gopay-doctor flows list
      gopay-doctor flows check
      gopay-doctor flows show support-unreachable
    """
    _help_without_command(ctx)


def _debug(ctx: typer.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or bool(os.environ.get("GOPAY_DOCTOR_DEBUG"))


@contextmanager
def command(ctx: typer.Context, out: Output) -> Iterator[None]:
    """Run a command's body: its errors become one line and an exit code (errors.handled),
    Ctrl-C in the command's language."""
    with handled(out, debug=_debug(ctx), cancelled=_cancelled(ctx)):
        yield


def _cancelled(ctx: typer.Context) -> str:
    """The interrupt line's words in the language the command speaks (English when the
    language itself is wrong: that error is then what is said)."""
    given = ctx.params.get("lang")  # a Lang, or the string it is made from
    try:
        return label("cancelled", resolve_lang(str(getattr(given, "value", given) or "") or None))
    except GopayDoctorError:
        return label("cancelled", "en")


def sources(flows_dir: list[Path] | None, channels: Path | None = None) -> Sources:
    """The flows folders (bundled, GOPAY_DOCTOR_FLOWS_DIR, --flows-dir) and --channels file."""
    return Sources.default(flows_dir or (), channels)


def language(flag: "Lang | None") -> str:
    """--lang, else GOPAY_DOCTOR_LANG, else the locale, else en."""
    return resolve_lang(flag.value if flag else None)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", is_eager=True, callback=_show_version
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an internal error.")
    ] = False,
) -> None:
    """What to do when GoPay customer service cannot be reached: likely causes, steps
    that keep your money safe, and other ways to get help.

    \b
    Examples:
      gopay-doctor diagnose                  answer a few questions (the wizard)
      gopay-doctor diagnose --lang id        in Bahasa Indonesia (also: en, zh)
      gopay-doctor diagnose -o checklist.md  also save a checklist to keep
      gopay-doctor diagnose --resume         go on after Ctrl-C
      gopay-doctor check                     is it a peak period right now?
      gopay-doctor step -a risk=none         the next question as JSON, for bots
      gopay-doctor COMMAND --help            every option, with examples

    Shell completion for bash, zsh and fish: gopay-doctor --install-completion.
    """
    _help_without_command(ctx)


LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        case_sensitive=False,
        help="Language of the texts: en, id or zh. Default: GOPAY_DOCTOR_LANG, else the "
        "locale (LC_ALL, LC_MESSAGES, LANG), else en.",
    ),
]
FlowsDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--flows-dir",
        metavar="DIR",
        help="Add a folder of flows and catalogs; its entries override bundled ones (repeatable). "
        "Also read from GOPAY_DOCTOR_FLOWS_DIR.",
    ),
]
CheckNetworkOption = Annotated[
    bool,
    typer.Option(
        "--check-network",
        help="Allow the network check: connect to a few GoPay and well-known hosts "
        "(DNS, TCP, TLS handshake; no data is sent). Never done without this flag.",
    ),
]
ChannelsOption = Annotated[
    Path | None,
    typer.Option(
        "--channels", metavar="FILE", help="Use this catalog file's channels instead of all others."
    ),
]
OutputFormatOption = Annotated[
    ExportName | None,
    typer.Option(
        "--output-format", help="Format of the --output file. Default: from its extension."
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the --output file if it already exists.")
]


def _complete_answer(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """``-a <TAB>``: the flow's question ids, then their values (completion.answers)."""
    from gopay_doctor.completion import answers  # seam: only a completing shell loads flows

    return answers(ctx, incomplete)


AnswerOption = Annotated[
    list[str] | None,
    typer.Option(
        "--answer",
        "-a",
        metavar="QUESTION=VALUE",
        help="Answer a question (repeatable). Checkbox values are comma-separated.",
        autocompletion=_complete_answer,
    ),
]
AnswersOption = Annotated[
    str | None,
    typer.Option(
        "--answers",
        metavar="FILE",
        help="Read answers from a YAML or JSON file ('-' reads standard input). "
        "--answer flags override it.",
    ),
]
DefaultsOption = Annotated[
    bool, typer.Option("--defaults", help="Unanswered questions take their default answer.")
]


@app.command(cls=Command, short_help="Find out why support can't be reached and what to do now.")
def diagnose(
    ctx: typer.Context,
    answer: AnswerOption = None,
    answers: AnswersOption = None,
    defaults: DefaultsOption = False,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help="Never ask; fail if an answer is missing. "
            "Implied when standard input is not a terminal.",
        ),
    ] = False,
    flow: Annotated[
        str | None,
        typer.Option(
            "--flow",
            metavar="ID|PATH",
            help="The flow to run. Default: support-unreachable; with --resume, the flow of "
            "the most recently saved session.",
        ),
    ] = None,
    lang: LangOption = None,
    fmt: Annotated[
        FormatName | None,
        typer.Option(
            "--format", "-f", help="Output format. Default: rich on a terminal, else text."
        ),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colours (also NO_COLOR=1 or TERM=dumb).")
    ] = False,
    flows_dir: FlowsDirOption = None,
    channels: ChannelsOption = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Also save a checklist with a message to support to FILE (.md, .txt, .json "
            "or .html); '-' prints it instead of the result. Never replaces a file without "
            "--force.",
        ),
    ] = None,
    output_format: OutputFormatOption = None,
    force: ForceOption = False,
    auto: Annotated[
        bool,
        typer.Option(
            "--auto",
            help="Let automatic checks answer the questions that name one (peak period; "
            "network with --check-network). Given answers always win.",
        ),
    ] = False,
    check_network: CheckNetworkOption = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue the session saved when the wizard was interrupted (Ctrl-C or "
            "Ctrl-D): the most recent one, or that of --flow.",
        ),
    ] = False,
) -> None:
    """Find out why support cannot be reached and what to do now.

    On a terminal the questions are asked one by one (arrow keys and Enter; the
    left arrow or Backspace goes back). Ctrl-C or Ctrl-D saves your answers:
    continue with --resume. Scripts pass the answers instead; without a terminal
    a missing answer is an error (exit 2), never a guess.

    \b
    Examples:
      gopay-doctor diagnose
      gopay-doctor diagnose --resume
      gopay-doctor diagnose -a risk=none --defaults --no-input --format json
      gopay-doctor diagnose -a risk=none -a need=other -a symptom=timeout --defaults
      echo '{"risk": ["unrecognised-transactions"]}' | gopay-doctor diagnose --answers - --defaults
      gopay-doctor diagnose -o checklist.md
      gopay-doctor diagnose -a risk=none --auto --check-network --defaults --format json
    """
    out = Output(no_color=no_color)
    with command(ctx, out):
        from gopay_doctor.commands.diagnose import DiagnoseRequest, run

        code = run(
            DiagnoseRequest(
                sources=sources(flows_dir, channels),
                lang=language(lang),
                lang_given=lang is not None,
                flow=flow,
                answer=tuple(answer or ()),
                answers_file=answers,
                defaults=defaults,
                no_input=no_input,
                format=fmt,
                output=output,
                output_format=output_format,
                force=force,
                auto=auto,
                check_network=check_network,
                resume=resume,
            ),
            out,
        )
    raise typer.Exit(code)


@app.command(cls=Command, short_help="The next question, or the result, as JSON: for chat bots.")
def step(
    ctx: typer.Context,
    answer: AnswerOption = None,
    answers: AnswersOption = None,
    defaults: DefaultsOption = False,
    flow: Annotated[
        str | None,
        typer.Option("--flow", metavar="ID|PATH", help="The flow. Default: support-unreachable."),
    ] = None,
    lang: LangOption = None,
    flows_dir: FlowsDirOption = None,
    channels: ChannelsOption = None,
    auto: Annotated[
        bool,
        typer.Option(
            "--auto",
            help="Let automatic checks answer the questions that name one, as diagnose "
            "--auto does. Without it, a check's answer is only proposed.",
        ),
    ] = False,
    check_network: CheckNetworkOption = False,
) -> None:
    """Given the answers so far, print what comes next as one JSON document: the next
    question (its text, help, choices, default and an automatic check's proposal, in the
    chosen language) with the progress, or the finished result (the --format json
    document). Exit status 0; an invalid answer is exit status 2, as for diagnose.

    Nothing is ever asked: call it again with each new answer, as a chat bot does.
    The document's JSON Schema: gopay-doctor flows schema --kind step.

    \b
    Examples:
      gopay-doctor step
      gopay-doctor step -a risk=none
      gopay-doctor step -a risk=none -a need=other --lang id
      echo '{"risk": ["none"], "need": "topup"}' | gopay-doctor step --answers -
    """
    out = Output()
    with command(ctx, out):
        from gopay_doctor.commands.diagnose import DiagnoseRequest
        from gopay_doctor.commands.step import run

        code = run(
            DiagnoseRequest(
                sources=sources(flows_dir, channels),
                lang=language(lang),
                flow=flow,
                answer=tuple(answer or ()),
                answers_file=answers,
                defaults=defaults,
                auto=auto,
                check_network=check_network,
            ),
            out,
        )
    raise typer.Exit(code)


@app.command(
    cls=Command, short_help="Is it a peak period? Does the network work (--check-network)?"
)
def check(
    ctx: typer.Context,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show what each check looked at.")
    ] = False,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.text,
    lang: Annotated[
        Lang | None, typer.Option("--lang", case_sensitive=False, help="Language of the report.")
    ] = None,
    check_network: CheckNetworkOption = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colours (also NO_COLOR=1 or TERM=dumb).")
    ] = False,
    flows_dir: FlowsDirOption = None,
) -> None:
    """Check what the machine can see for itself: is it a peak period in Indonesia
    (a big sale day, the Lebaran season, a payday evening, a major holiday), and, with
    --check-network, does your internet work and do GoPay's servers answer.

    One line per check: ✓ fine, ! worth knowing, ✗ a problem, - not run or not
    known. Exit status 0 when every check is fine, 1 otherwise. GOPAY_DOCTOR_NOW
    (ISO 8601) fixes the time.

    \b
    Examples:
      gopay-doctor check
      gopay-doctor check --check-network -v
      gopay-doctor check --format json
    """
    out = Output(no_color=no_color)
    with command(ctx, out):
        from gopay_doctor.commands.check import CheckRequest, run

        request = CheckRequest(
            sources=sources(flows_dir),
            lang=language(lang),
            verbose=verbose,
            format=fmt.value,
            network=check_network,
        )
        code = run(request, out)
    raise typer.Exit(code)


@app.command(cls=Command, short_help="The wizard as web pages and a JSON API, for phones.")
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", metavar="ADDRESS", help="The address to listen on.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", metavar="PORT", min=0, max=65535, help="The port to listen on.")
    ] = 8000,
    flow: Annotated[
        str | None,
        typer.Option("--flow", metavar="ID|PATH", help="The flow. Default: support-unreachable."),
    ] = None,
    flows_dir: FlowsDirOption = None,
    channels: ChannelsOption = None,
) -> None:
    """Serve the wizard as web pages (one question per page, no JavaScript, no
    cookie: the answers are in the page's address) and as a JSON API for bots
    (POST /api/step returns what 'gopay-doctor step' prints). Ctrl-C stops it.

    Needs the web extra: pip install 'gopay-doctor[web]'. For many users, run the
    application with several workers instead: uvicorn gopay_doctor.web:app --workers 4
    (see docs/web.md).

    \b
    Examples:
      gopay-doctor serve
      gopay-doctor serve --host 0.0.0.0 --port 8080
      gopay-doctor serve --flows-dir my-flows/
    """
    out = Output()
    with command(ctx, out):
        from gopay_doctor.commands.serve import ServeRequest, run

        code = run(
            ServeRequest(sources=sources(flows_dir, channels), flow=flow, host=host, port=port),
            out,
        )
    raise typer.Exit(code)


@app.command(cls=Command, short_help="Turn a saved JSON result into a checklist to keep.")
def export(
    ctx: typer.Context,
    result: Annotated[
        str,
        typer.Argument(
            metavar="RESULT.json",
            help="A result saved with 'diagnose --format json' ('-' reads standard input).",
            show_default=False,
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write: .md, .txt, .json or .html; '-' (the default) prints it "
            "(Markdown unless --output-format says otherwise).",
            show_default=False,
        ),
    ] = "-",
    output_format: OutputFormatOption = None,
    force: ForceOption = False,
) -> None:
    """Turn a saved JSON result into a checklist with a message to support.

    The file is written whole or not at all, and an existing file is only replaced
    with --force.

    \b
    Examples:
      gopay-doctor diagnose -a risk=none --defaults --format json > result.json
      gopay-doctor export result.json
      gopay-doctor export result.json -o checklist.md
      gopay-doctor export result.json -o checklist.html
      gopay-doctor export result.json --output-format txt
    """
    out = Output()
    with command(ctx, out):
        from gopay_doctor.commands.export import run

        code = run(
            result,
            output,
            out,
            output_format=output_format,
            force=force,
        )
    raise typer.Exit(code)


@flows_app.command("list", cls=Command, short_help="List the flows: id, version, title and file.")
def flows_list(
    ctx: typer.Context,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.text,
    lang: Annotated[
        Lang | None, typer.Option("--lang", case_sensitive=False, help="Language of the titles.")
    ] = None,
    flows_dir: FlowsDirOption = None,
    channels: ChannelsOption = None,
) -> None:
    """List the flows: id, version, title and the file each comes from.

    \b
    Examples:
      gopay-doctor flows list
      gopay-doctor flows list --format json
    """
    out = Output()
    with command(ctx, out):
        from gopay_doctor.commands import flows_list

        code = flows_list.run(sources(flows_dir, channels), language(lang), out, fmt=fmt.value)
    raise typer.Exit(code)


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"


class SchemaKind(str, Enum):
    all = "all"
    flow = "flow"
    catalog = "catalog"
    scenarios = "scenarios"
    step = "step"
    result = "result"


CheckPaths = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ID|PATH]...",
        help="Flows (ids or files), catalog or scenarios files, or folders. "
        "Default: every one that can be found.",
        show_default=False,
    ),
]
TestPaths = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ID|PATH]...",
        help="Flows (ids or files), scenarios files, or folders. Default: every flow.",
        show_default=False,
    ),
]
FlowArgument = Annotated[
    str, typer.Argument(metavar="ID|PATH", help="A flow id, or the path to a flow file.")
]


@flows_app.command(
    "check",
    cls=Command,
    short_help="Check flows, catalogs and scenarios: structure, graph, content.",
)
def flows_check(
    ctx: typer.Context,
    paths: CheckPaths = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.text,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="RULE", help="Hide warnings of this rule (repeatable)."),
    ] = None,
    flows_dir: FlowsDirOption = None,
    channels: ChannelsOption = None,
) -> None:
    """Check flows, catalogs and scenarios files: structure, graph and content, all at once.

    Each problem is one line, FILE:LINE:COL: error|warning: message [rule]. Exit
    status 1 when there is an error; warnings alone exit 0.

    \b
    Examples:
      gopay-doctor flows check
      gopay-doctor flows check my-flows/ --format json
      gopay-doctor flows check my-flows/support-unreachable.yaml --ignore unused-entry
    """
    out = Output()
    with command(ctx, out):
        from gopay_doctor.commands import flows_check

        code = flows_check.run(
            list(paths or ()),
            sources(flows_dir, channels),
            out,
            fmt=fmt.value,
            ignore=tuple(ignore or ()),
        )
    raise typer.Exit(code)


@flows_app.command(
    "show", cls=Command, short_help="Draw a flow as a tree of questions, choices and outcomes."
)
def flows_show(
    ctx: typer.Context,
    flow: FlowArgument,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="A tree (text) or the flow as data (json).")
    ] = ListFormat.text,
    lang: Annotated[
        Lang | None, typer.Option("--lang", case_sensitive=False, help="Language of the texts.")
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colours (also NO_COLOR=1 or TERM=dumb).")
    ] = False,
    flows_dir: FlowsDirOption = None,
    channels: ChannelsOption = None,
) -> None:
    """Draw a flow as a tree: its questions, choices and where each leads.

    \b
    Examples:
      gopay-doctor flows show support-unreachable
      gopay-doctor flows show support-unreachable --lang id
      gopay-doctor flows show my-flows/mine.yaml --format json
    """
    out = Output(no_color=no_color)
    with command(ctx, out):
        from gopay_doctor.commands import flows_show

        code = flows_show.run(
            flow, sources(flows_dir, channels), language(lang), out, fmt=fmt.value
        )
    raise typer.Exit(code)


@flows_app.command(
    "graph", cls=Command, short_help="Print a flow as a Mermaid or Graphviz flowchart."
)
def flows_graph(
    ctx: typer.Context,
    flow: FlowArgument,
    fmt: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="Mermaid or Graphviz (dot).")
    ] = GraphFormat.mermaid,
    lang: Annotated[
        Lang | None, typer.Option("--lang", case_sensitive=False, help="Language of the texts.")
    ] = None,
    flows_dir: FlowsDirOption = None,
    channels: ChannelsOption = None,
) -> None:
    """Print a flow as a flowchart, in Mermaid or Graphviz (dot) syntax.

    \b
    Examples:
      gopay-doctor flows graph support-unreachable
      gopay-doctor flows graph support-unreachable --format dot | dot -Tsvg > flow.svg
    """
    out = Output()
    with command(ctx, out):
        from gopay_doctor.commands import flows_graph

        code = flows_graph.run(
            flow, sources(flows_dir, channels), language(lang), out, fmt=fmt.value
        )
    raise typer.Exit(code)


@flows_app.command(
    "test", cls=Command, short_help="Run the scenarios beside each flow and report coverage."
)
def flows_test(
    ctx: typer.Context,
    paths: TestPaths = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.text,
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage",
            metavar="N",
            min=0,
            max=100,
            help="Fail when a flow's choice or outcome coverage is below N per cent.",
        ),
    ] = None,
    flows_dir: FlowsDirOption = None,
    channels: ChannelsOption = None,
) -> None:
    """Run the scenarios beside each flow (ID.scenarios.yaml) and report coverage.

    Coverage is the share of choices chosen and of outcomes reached by the scenarios.
    Exit status 1 when a scenario fails or coverage is below --min-coverage.

    \b
    Examples:
      gopay-doctor flows test
      gopay-doctor flows test --min-coverage 100
      gopay-doctor flows test my-flows/mine.scenarios.yaml --format json
    """
    out = Output()
    with command(ctx, out):
        from gopay_doctor.commands import flows_test

        code = flows_test.run(
            list(paths or ()),
            sources(flows_dir, channels),
            out,
            fmt=fmt.value,
            min_coverage=min_coverage,
        )
    raise typer.Exit(code)


@flows_app.command(
    "schema", cls=Command, short_help="Print a JSON Schema of flow files or of printed documents."
)
def flows_schema(
    ctx: typer.Context,
    kind: Annotated[
        SchemaKind,
        typer.Option(
            "--kind",
            help="Files: flow, catalog, scenarios, or all of them (for editors). Documents "
            "the program prints: step (gopay-doctor step) or result (--format json).",
        ),
    ] = SchemaKind.all,
) -> None:
    """Print a JSON Schema: of flow, catalog and scenarios files, for editors, or of the
    step and result documents, for programs that read them.

    \b
    Examples:
      gopay-doctor flows schema > gopay-doctor.schema.json
      gopay-doctor flows schema --kind catalog
      gopay-doctor flows schema --kind step > step.schema.json
    """
    out = Output()
    with command(ctx, out):
        from gopay_doctor.commands import flows_schema

        code = flows_schema.run(out, kind=kind.value)
    raise typer.Exit(code)


ClickUsageError: type[Exception] = typer.BadParameter.__bases__[0]
"""Click's usage error (unknown option, missing argument, bad value), from whichever Click
typer uses (its own copy in recent versions)."""


_click_command = functools.cache(functools.partial(typer.main.get_command, app))
"""The Click command of :data:`app`, built once: :func:`main` may run many times in one
process (a program that uses gopay-doctor as a library, the tests), and building it takes
about 10 ms."""


def main(argv: list[str] | None = None) -> int:
    """Run the program with ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    Click parses in non-standalone mode, so that what goes wrong while parsing ends as every
    other error does (:func:`~gopay_doctor.errors.handled`): a usage error is one line
    (:func:`usage_message`), and help that cannot be written to standard output is an
    output error, not a traceback.
    """
    command = _click_command()
    if any(name.startswith(f"_{PROG.replace('-', '_').upper()}_COMPLETE") for name in os.environ):
        from gopay_doctor.completion import register  # seam: only a completing shell

        register()  # after get_command, which registers typer's own completion classes
    try:
        with handled(Output(), debug=bool(os.environ.get("GOPAY_DOCTOR_DEBUG"))):
            try:
                code = command.main(args=argv, prog_name=PROG, standalone_mode=False)
            except ClickUsageError as exc:
                raise BadUsage(usage_message(exc, argv)) from None
            except BrokenPipeError:
                raise
            except OSError as exc:  # only Click's own output (help) writes outside handled()
                raise OutputError(exc.strerror or str(exc)) from None
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return code if isinstance(code, int) else 0


def usage_message(exc: Exception, args: list[str] | None = None) -> str:
    """Click's usage error as one line in the program's own words: ``no such option:
    --bogus (did you mean '--lang'?); see gopay-doctor diagnose --help``. ``args``: the
    command line, to name the command when Click does not."""
    error: Any = exc
    name = getattr(error, "option_name", None)
    if isinstance(name, str) and hasattr(error, "possibilities"):  # no such option
        message = f"no such option: {name if len(name) <= QUOTE_LIMIT else quoted(name)}"
        message += suggest(name, error.possibilities or ())
    else:
        text = " ".join(str(error.format_message()).split())
        text = _DID_YOU_MEAN.sub(r" (did you mean \1?)", clipped(text)).rstrip(".")
        message = text[:1].lower() + text[1:]
    ctx = getattr(error, "ctx", None)
    where = ctx.command_path if ctx is not None else _command_path(args)
    return f"{message}; see {where} --help"


_DID_YOU_MEAN = re.compile(r"\.? Did you mean (.+?)\?")


def _command_path(args: list[str] | None) -> str:
    """``gopay-doctor flows show``: the program and the commands that ``args`` start with."""
    words, command = [PROG], _click_command()
    for word in sys.argv[1:] if args is None else args:
        found = getattr(command, "commands", {}).get(word)
        if found is None:
            break
        words.append(word)
        command = found
    return " ".join(words)
