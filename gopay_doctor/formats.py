"""Every output format: its name for ``--format``, its name and file extensions for exports,
and the renderer module that makes it. The one place these are written."""

from typing import Literal, NamedTuple, get_args

FormatName = Literal["rich", "text", "markdown", "json", "html"]
"""A name ``--format`` takes."""
ExportName = Literal["md", "txt", "json", "html"]
"""A name ``--output-format`` takes."""


class Format(NamedTuple):
    name: FormatName
    module: str
    """The renderer: a module with a ``render(result, options)`` function."""
    export: ExportName | None
    """Its name as an export format (None: a screen, never a file)."""
    extensions: tuple[str, ...]
    """File extensions that choose it for ``--output``, the usual one first."""
    prose: bool = False
    """Lines of prose that a terminal would break anywhere: printed on one, they are broken
    where words end (:func:`gopay_doctor.render.lines.reflow`)."""


FORMATS: tuple[Format, ...] = (
    Format("rich", "gopay_doctor.render.terminal", None, ()),
    Format("text", "gopay_doctor.render.text", "txt", (".txt", ".text"), prose=True),
    Format("markdown", "gopay_doctor.render.markdown", "md", (".md", ".markdown"), prose=True),
    Format("json", "gopay_doctor.render.jsonout", "json", (".json",)),
    Format("html", "gopay_doctor.render.html", "html", (".html", ".htm")),
)
EXPORTS: dict[str, Format] = {
    name: next(f for f in FORMATS if f.export == name) for name in get_args(ExportName)
}
"""Export formats by their ``--output-format`` name, in :data:`ExportName`'s order."""
EXTENSIONS: dict[str, str] = {ext: name for name, f in EXPORTS.items() for ext in f.extensions}
"""Each file extension and the export format it stands for."""


def format_named(name: str) -> Format:
    """The format ``--format`` calls ``name``."""
    return next(f for f in FORMATS if f.name == name)
