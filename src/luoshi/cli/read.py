"""``luoshi read``: print documents as luoshi reads them."""

from __future__ import annotations

import json
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

from luoshi.cli._common import expand_paths, progress, report_error
from luoshi.errors import LuoshiError
from luoshi.reading import Document, read_bytes, read_document
from luoshi.reading.export import document_to_dict, outline_text

__all__ = ["register"]


class ReadFormat(StrEnum):
    """Output formats of ``luoshi read``."""

    text = "text"
    json = "json"


SAMPLE = "sample/hechuan-plenary-2023.txt"


def sample_document() -> Document:
    """The sample document bundled with luoshi (a fictional county's plenary speech)."""
    data = resources.files("luoshi").joinpath(SAMPLE).read_bytes()
    return read_bytes(data, Path(SAMPLE).name)


def register(app: typer.Typer) -> None:
    """Add the ``read`` command to ``app``."""

    @app.command("read")
    def read(
        paths: Annotated[
            list[str] | None,
            typer.Argument(
                help="Files, folders or globs to read (.txt .md .html .htm .docx .pdf)."
            ),
        ] = None,
        fmt: Annotated[
            ReadFormat, typer.Option("--format", "-f", help="text or json.")
        ] = ReadFormat.text,
        sample: Annotated[
            bool, typer.Option("--sample", help="Read the bundled sample document.")
        ] = False,
    ) -> None:
        """Print each document's normalised text with its outline, or its full structure as JSON."""
        files = list(expand_paths(paths or []))
        if not files and not sample:
            raise typer.BadParameter("give at least one file, folder or glob, or --sample")
        failures = 0
        docs: list[Any] = []
        with progress(len(files), "reading") as bar:
            task = bar.add_task("read", total=len(files))
            if sample:
                _emit(sample_document(), fmt, docs)
            for path in files:
                try:
                    doc = read_document(path)
                except LuoshiError as exc:
                    failures += 1
                    report_error(exc)
                else:
                    _emit(doc, fmt, docs)
                bar.advance(task)
        if fmt is ReadFormat.json:
            typer.echo(
                json.dumps(docs if len(docs) != 1 else docs[0], ensure_ascii=False, indent=1)
            )
        if failures:
            raise typer.Exit(1)


def _emit(doc: Document, fmt: ReadFormat, docs: list[Any]) -> None:
    if fmt is ReadFormat.json:
        docs.append(document_to_dict(doc))
    else:
        typer.echo(outline_text(doc))
