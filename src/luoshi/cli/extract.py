"""``luoshi extract``: quantitative statements and frameworks of documents."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from luoshi.cli._common import expand_paths, progress, report_error
from luoshi.errors import LuoshiError
from luoshi.extract import Extraction, extract
from luoshi.extract.export import frame_note, plain_value, write_jsonl, write_xlsx
from luoshi.reading import read_document

__all__ = ["register"]


class ExtractFormat(StrEnum):
    """Output formats of ``luoshi extract``."""

    jsonl = "jsonl"
    table = "table"
    xlsx = "xlsx"


def register(app: typer.Typer) -> None:
    """Add the ``extract`` command to ``app``."""

    @app.command("extract")
    def extract_cmd(
        paths: Annotated[
            list[str], typer.Argument(help="Files, folders or globs to extract from.")
        ],
        fmt: Annotated[
            ExtractFormat, typer.Option("--format", "-f", help="jsonl, table or xlsx.")
        ] = ExtractFormat.jsonl,
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="Write to this file (required for xlsx)."),
        ] = None,
        explain: Annotated[
            bool, typer.Option("--explain", help="Show which component set each field, and why.")
        ] = False,
    ) -> None:
        """Extract every quantitative statement and numbered framework, tied to its sentence."""
        if fmt is ExtractFormat.xlsx and output is None:
            raise typer.BadParameter("--format xlsx needs --output FILE.xlsx")
        files = list(expand_paths(paths))
        results: list[Extraction] = []
        failures = 0
        with progress(len(files), "extracting") as bar:
            task = bar.add_task("extract", total=len(files))
            for path in files:
                try:
                    results.append(extract(read_document(path)))
                except LuoshiError as exc:
                    failures += 1
                    report_error(exc)
                bar.advance(task)
        if fmt is ExtractFormat.jsonl:
            if output is None:
                write_jsonl(results, sys.stdout, explain=explain)
            else:
                with output.open("w", encoding="utf-8") as f:
                    write_jsonl(results, f, explain=explain)
        elif fmt is ExtractFormat.xlsx:
            assert output is not None
            write_xlsx(results, output)
        else:
            _print_table(results, explain, output)
        if failures:
            raise typer.Exit(1)


def _print_table(results: list[Extraction], explain: bool, output: Path | None) -> None:
    console = Console(file=output.open("w", encoding="utf-8") if output else None, width=160)
    for r in results:
        table = Table(
            title=r.doc.name, caption=frame_note(r) if explain else None, show_lines=explain
        )
        for col in (
            "text",
            "indicator",
            "kind",
            "measure",
            "cmp",
            "base value",
            "base unit",
            "year",
        ):
            table.add_column(col)
        if explain:
            table.add_column("why")
        for s in r.statements:
            base = plain_value(s.base_value)
            row = [
                s.text,
                s.indicator,
                s.kind,
                s.measure,
                s.comparator,
                f"{base:,.6g}" if isinstance(base, float) else str(base),
                s.base_unit,
                str(s.year or ""),
            ]
            if explain:
                row.append("\n".join(f"{k}: {v}" for k, v in s.explain.items()))
            table.add_row(*row)
        console.print(table)
        for f in r.frameworks:
            line = f"框架 {f.name} ({f.count}): {'、'.join(f.members) or '—'}"
            if explain:
                line += f"  [{f.explain.get('members', '')}]"
            console.print(line, markup=False)
