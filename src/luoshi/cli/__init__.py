"""The ``luoshi`` command line: thin commands over the library.

Each command checks its input, calls one library function and formats the result.
Errors print as one line naming the file and the reason; ``--debug`` shows tracebacks.
"""

from __future__ import annotations

from typing import Annotated

import typer

from luoshi import __version__
from luoshi.cli import batch as batch_cmd
from luoshi.cli import extract as extract_cmd
from luoshi.cli import ledger as ledger_cmd
from luoshi.cli import loop as loop_cmd
from luoshi.cli import read as read_cmd
from luoshi.cli import serve as serve_cmd
from luoshi.cli import store as store_cmd
from luoshi.cli import track as track_cmd
from luoshi.cli._common import err_console, state

__all__ = ["app", "main"]

app = typer.Typer(
    name="luoshi",
    help="luoshi (落实): read plans and reports, extract their targets and results, track them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"luoshi {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """luoshi (落实): read plans and reports, extract their targets and results, track them."""
    state.debug = debug


read_cmd.register(app)
extract_cmd.register(app)
store_cmd.register(app)
store_cmd.register_regions(app)
track_cmd.register(app)
ledger_cmd.register(app)
loop_cmd.register(app)
serve_cmd.register(app)
batch_cmd.register(app)


def main() -> None:
    """Entry point of the ``luoshi`` script: no traceback reaches a user without --debug."""
    try:
        app()
    except Exception:  # a bug, not bad input: say so in one line
        if state.debug:
            raise
        # the exception's own text may carry SQL or internals: --debug shows it
        err_console.print(
            "[red]内部错误：[/red]程序出错，请加 --debug 运行查看详情。"
            " / [red]Internal error:[/red] a bug stopped the command; run it with --debug "
            "for the details.",
            markup=True,
        )
        raise SystemExit(2) from None
