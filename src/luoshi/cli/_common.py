"""What the CLI commands share: the error policy, path expansion, progress bars."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from luoshi.errors import LuoshiError
from luoshi.reading.formats import EXTENSIONS

__all__ = ["err_console", "expand_paths", "progress", "report_error", "state"]


@dataclass
class _State:
    debug: bool = False


state = _State()
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def report_error(exc: BaseException) -> None:
    """Print one clear line for ``exc``, in Chinese and then in English when luoshi's error
    has its Chinese (a traceback too under ``--debug``)."""
    if state.debug:
        err_console.print_exception()
    said = str(exc)
    if isinstance(exc, LuoshiError) and exc.zh:
        said = f"{exc.message('zh')} / {said}"
    err_console.print(f"[red]error:[/red] {said}", markup=True, emoji=False)


def expand_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Files named directly, files of luoshi's formats inside folders, and glob matches.

    A path that does not exist is yielded as is, so that reading it reports the error.
    """
    for raw in paths:
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else [raw]
        for m in matches:
            p = Path(m)
            if p.is_dir():
                for root, _dirs, files in os.walk(p):
                    for f in sorted(files):
                        if f.lower().endswith(EXTENSIONS):
                            yield Path(root) / f
            else:
                yield p


def progress(total: int, label: str) -> Progress:
    """A progress bar on stderr, shown only on a terminal and for more than a few items."""
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=total < 3 or not sys.stderr.isatty(),
    )
