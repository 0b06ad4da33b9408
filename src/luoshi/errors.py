"""One error tree for luoshi.

::

    LuoshiError
    ├── ReadError               a document cannot be read (format, encoding, size, damage)
    │   ├── UnsupportedFormatError   the file's extension or content is not one luoshi reads
    │   ├── ScannedDocumentError     a PDF with no text layer: scanned, needs OCR
    │   └── DocumentTooLargeError    over the configured size or expansion limit
    ├── ExtractError            the extraction pipeline is misconfigured or fails on a document
    │   └── PipelineConfigError      components that do not fit together
    ├── StoreError              the plan store refuses or fails an operation
    │   ├── StoreBusyError           the write lock or a connection was not had in time
    │   ├── NotFoundError            no stored row has the id asked for
    │   └── QueryError               a search or filter value that cannot be used
    ├── TrackError              progress, comparison or index inputs that cannot be used
    ├── BatchError              a batch run or load refused: bad input, output, engine or result
    └── LoopError               closed-loop work refused: bad input to tasks, reports, scores
        ├── AccessError              the acting user may not see or do this (or is not logged in)
        │   └── LoginRequiredError       no live session: the web asks the user to log in
        ├── TransitionError          a task or report cannot move to the requested state
        └── StaleEditError           someone else changed the record since it was read

Every message names the offending value and, where there are any, the valid options.
A message a user can meet is given in both languages: ``str(error)`` is the English (what
logs, the command line and programs read), ``error.zh`` the Chinese, and
:meth:`LuoshiError.message` picks one::

    raise LoopError(f"task {n} is closed", zh=f"任务 {n} 已销号")

A message that lists the valid values names them in ``options`` (codes, the same in both
languages): ``str(error)`` and :meth:`LuoshiError.message` add them, a page shows them
apart from the sentence.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "AccessError",
    "BatchError",
    "DocumentTooLargeError",
    "ExtractError",
    "LoginRequiredError",
    "LoopError",
    "LuoshiError",
    "NotFoundError",
    "PipelineConfigError",
    "QueryError",
    "ReadError",
    "ScannedDocumentError",
    "StaleEditError",
    "StoreBusyError",
    "StoreError",
    "TrackError",
    "TransitionError",
    "UnsupportedFormatError",
]


class LuoshiError(Exception):
    """Root of every error luoshi raises on purpose.

    ``zh`` is the message in Chinese; ``options`` the valid values, when the message lists
    them (codes, written as they are in either language)."""

    def __init__(self, *args: object, zh: str = "", options: Iterable[str] = ()) -> None:
        super().__init__(*args)
        self.zh = zh
        self.options = tuple(options)

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base} {', '.join(self.options)}" if self.options else base

    def text(self, lang: str = "zh") -> str:
        """The message in ``lang`` without the options it lists."""
        return self.zh if lang == "zh" and self.zh else super().__str__()

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang`` ("zh" or "en"), with its options; the English one when
        there is no Chinese."""
        if lang == "zh" and self.zh:
            return f"{self.zh}：{'、'.join(self.options)}" if self.options else self.zh
        return str(self)

    def __reduce__(self) -> tuple[object, ...]:
        # an error crosses process boundaries (a worker's failure) with its Chinese
        return (_rebuild, (type(self), self.args, self.zh, self.options))


def _rebuild(
    cls: type[LuoshiError], args: tuple[object, ...], zh: str, options: tuple[str, ...]
) -> LuoshiError:
    return cls(*args, zh=zh, options=options)


class ReadError(LuoshiError):
    """A document could not be read."""


class UnsupportedFormatError(ReadError):
    """The file's extension or content is not a format luoshi reads."""


class ScannedDocumentError(ReadError):
    """A PDF without a text layer: it must go through OCR first."""


class DocumentTooLargeError(ReadError):
    """A document over the size limit, or an archive that expands past it."""


class ExtractError(LuoshiError):
    """The extraction pipeline failed."""


class PipelineConfigError(ExtractError):
    """Pipeline components whose requirements are not met by the components before them."""


class StoreError(LuoshiError):
    """The plan store refused or failed an operation."""


class StoreBusyError(StoreError):
    """The store's write lock, or a connection to it, was not had in time: try again."""


class NotFoundError(StoreError):
    """No stored region, document, target or passage has the id asked for."""


class QueryError(StoreError):
    """A search query or a filter value that cannot be used (empty, too long, unknown)."""


class TrackError(LuoshiError):
    """Tracking inputs that cannot be used: mismatched shapes, unknown methods, empty data."""


class BatchError(LuoshiError):
    """A batch extraction or load that cannot run: bad input, output, engine or result folder."""


class LoopError(LuoshiError):
    """Closed-loop work refused: a task, report, score or account input that cannot be used."""


class AccessError(LoopError):
    """The acting user may not see or do this, or the login or session is not valid."""


class LoginRequiredError(AccessError):
    """No live session (none, expired, revoked or of a disabled account): log in first."""


class TransitionError(LoopError):
    """A task or report cannot move from its state to the one asked for."""


class StaleEditError(LoopError):
    """The record changed since it was read: the edit is refused rather than overwriting."""
