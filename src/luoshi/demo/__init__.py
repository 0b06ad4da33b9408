"""The demo: a fictional prefecture's plans, reports, news and yearbook, ready to explore.

:func:`build_demo` fills an empty, migrated store with it; ``luoshi demo`` builds it and
serves it. Every place and figure is invented (``docs/demo.md``).
"""

from __future__ import annotations

from luoshi.demo.build import (
    DEMO_DOCUMENTS,
    DEMO_PREFECTURE,
    DEMO_REGION_CODES,
    DEMO_REGIONS,
    DEMO_TABLES,
    DemoDocument,
    DemoProgress,
    DemoRegion,
    DemoSummary,
    build_demo,
    demo_corpus_dir,
    is_demo_region,
)

__all__ = [
    "DEMO_DOCUMENTS",
    "DEMO_PREFECTURE",
    "DEMO_REGIONS",
    "DEMO_REGION_CODES",
    "DEMO_TABLES",
    "DemoDocument",
    "DemoProgress",
    "DemoRegion",
    "DemoSummary",
    "build_demo",
    "demo_corpus_dir",
    "is_demo_region",
]
