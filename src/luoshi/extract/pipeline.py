"""Compose registered components into a pipeline and run it over documents."""

from __future__ import annotations

from collections.abc import Sequence

from luoshi.errors import PipelineConfigError
from luoshi.extract.registry import ComponentInfo, get_component
from luoshi.reading.document import Document

__all__ = ["DEFAULT_PIPELINE", "Pipeline"]

#: The components of the standard extraction, in order.
DEFAULT_PIPELINE: tuple[str, ...] = (
    "number",
    "quantity",
    "scope",
    "time",
    "statement_filter",
    "indicator",
    "classify",
    "framework",
)

# Layers the reading stage fills before any component runs.
_READ_LAYERS = frozenset({"paragraph", "sentence", "heading", "item", "redaction"})


class Pipeline:
    """An ordered list of components whose declared requirements are checked when built."""

    def __init__(self, names: Sequence[str] = DEFAULT_PIPELINE) -> None:
        self.components: list[ComponentInfo] = [get_component(n) for n in names]
        available = set(_READ_LAYERS)
        for info in self.components:
            missing = [r for r in info.requires if r not in available]
            if missing:
                raise PipelineConfigError(
                    f"component {info.name!r} requires layer(s) {', '.join(missing)}, "
                    f"which no component before it assigns (pipeline: {', '.join(names)})",
                    zh=f"组件 {info.name!r} 需要的层 {', '.join(missing)} 没有由前面的组件提供",
                )
            available.update(info.assigns)

    @property
    def names(self) -> list[str]:
        """The components' names, in order."""
        return [c.name for c in self.components]

    def __call__(self, doc: Document) -> Document:
        """Run every component over ``doc``."""
        for info in self.components:
            doc = info.func(doc)
        return doc
