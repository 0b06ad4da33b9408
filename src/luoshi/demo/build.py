"""Fill a plan store with the demo: a fictional prefecture, its counties, their documents
and a yearbook table, through the same ingest and import paths users take.

Every place and figure of the demo is invented. The region codes start with 99, a
province prefix GB/T 2260 does not assign, so the demo can never be mistaken for (or
collide with) an official division, and the regions are stored as user-defined.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from luoshi.demo.loop import build_demo_loop
from luoshi.errors import StoreError
from luoshi.store import Store, import_table, ingest_paths, models
from luoshi.store.repository import ensure_region

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


@dataclass(frozen=True)
class DemoRegion:
    """A fictional region of the demo."""

    code: str
    name: str
    level: str
    parent: str | None


@dataclass(frozen=True)
class DemoDocument:
    """A demo document: its file in the corpus folder and the region it is about.

    ``docx_date`` marks a text source written out as a .docx at build time, dated so.
    """

    file: str
    region: str
    docx_date: datetime | None = None

    @property
    def ingested_name(self) -> str:
        """The file name the store shows (the .docx for a source made into one)."""
        if self.docx_date is None:
            return Path(self.file).name
        return Path(self.file).with_suffix(".docx").name


#: The fictional prefecture-level city.
DEMO_PREFECTURE = DemoRegion("990100", "青岚市", "city", None)

#: The prefecture and its counties (codes 99xxxx: outside GB/T 2260).
DEMO_REGIONS: tuple[DemoRegion, ...] = (
    DEMO_PREFECTURE,
    DemoRegion("990101", "澄阳县", "county", "990100"),
    DemoRegion("990102", "岱溪县", "county", "990100"),
    DemoRegion("990103", "枫岭县", "county", "990100"),
    DemoRegion("990104", "泓川县", "county", "990100"),
)

#: Codes of every demo region, for marking demo data in an interface.
DEMO_REGION_CODES: frozenset[str] = frozenset(r.code for r in DEMO_REGIONS)

#: The documents in the order they were issued: 2021 plans and reports, then later
#: reports, speeches, news and a bulletin with results.
DEMO_DOCUMENTS: tuple[DemoDocument, ...] = (
    DemoDocument("2021-daixi-plenary.txt", "990102"),
    DemoDocument("2021-qinglan-work-report.txt", "990100"),
    DemoDocument("docx/2021-chengyang-plan.txt", "990101", datetime(2021, 2, 26)),
    DemoDocument("2021-hongchuan-work-report.html", "990104"),
    DemoDocument("2021-fengling-congress.md", "990103"),
    DemoDocument("2022-chengyang-work-report.txt", "990101"),
    DemoDocument("2023-daixi-work-report.txt", "990102"),
    DemoDocument("2023-hongchuan-news.html", "990104"),
    DemoDocument("2023-chengyang-speech.txt", "990101"),
    DemoDocument("2024-fengling-work-report.md", "990103"),
    DemoDocument("docx/2024-hongchuan-work-report.txt", "990104", datetime(2024, 1, 18)),
    DemoDocument("2024-chengyang-news.html", "990101"),
    DemoDocument("2024-daixi-bulletin.txt", "990102"),
)

#: Statistics tables imported after the documents (the yearbook's city and county table).
DEMO_TABLES: tuple[str, ...] = ("qinglan-yearbook-2024.csv",)

#: Called with a step's description, the steps done and the steps in all.
DemoProgress = Callable[[str, int, int], None]


@dataclass
class DemoSummary:
    """What one :func:`build_demo` call did (all zero on a store already built)."""

    regions_new: int = 0
    documents_new: int = 0
    documents_unchanged: int = 0
    targets: int = 0
    observations: int = 0
    frameworks: int = 0
    tables_new: int = 0
    tables_unchanged: int = 0
    table_observations: int = 0
    conflicts: int = 0
    documents: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the call added anything."""
        return bool(self.regions_new or self.documents_new or self.tables_new)


def demo_corpus_dir() -> Path:
    """The folder of the demo's documents and tables, bundled with the package."""
    return Path(__file__).resolve().parent / "corpus"


def is_demo_region(code: str | None) -> bool:
    """Whether ``code`` is one of the demo's fictional regions."""
    return code in DEMO_REGION_CODES


def _ensure_regions(store: Store) -> int:
    added = 0
    with store.session() as session:
        for r in DEMO_REGIONS:
            existing = session.get(models.Region, r.code)
            if existing is not None:
                if existing.name != r.name:
                    # the store's own region under a demo code: demo figures must not join it
                    raise StoreError(
                        f"region {r.code} is {existing.name} in this store, not the demo's "
                        f"{r.name}; build the demo in an empty store"
                    )
                continue
            ensure_region(session, r.code, name=r.name, level=r.level)
            row = session.get(models.Region, r.code)
            if row is None or row.is_official:
                # a 99xxxx code is never official: if it is, the division list changed
                raise StoreError(f"demo region {r.code} {r.name} resolved to an official division")
            row.parent_code = r.parent
            added += 1
    return added


def _names() -> dict[str, str]:
    return {r.code: r.name for r in DEMO_REGIONS}


def build_demo(store: Store, *, on_progress: DemoProgress | None = None) -> DemoSummary:
    """Fill a migrated store with the demo's regions, documents and statistics table.

    Idempotent: documents and tables are recognised by their bytes, regions by their
    codes, so a second call adds nothing. A demo file that fails to ingest or import is
    a defect of the demo and raises :class:`~luoshi.errors.StoreError`.
    """
    corpus = demo_corpus_dir()
    total = 1 + len(DEMO_DOCUMENTS) + len(DEMO_TABLES)
    step = 0

    def report(what: str) -> None:
        nonlocal step
        step += 1
        if on_progress is not None:
            on_progress(what, step, total)

    summary = DemoSummary(regions_new=_ensure_regions(store))
    report("regions")
    names = _names()
    with tempfile.TemporaryDirectory(prefix="luoshi-demo-") as tmp:
        for d in DEMO_DOCUMENTS:
            path = corpus / d.file
            if d.docx_date is not None:
                from luoshi.demo.docx import write_docx  # python-docx only when needed

                path = write_docx(path, Path(tmp) / d.ingested_name, when=d.docx_date)
            result = ingest_paths(store, [path], region=(d.region, names[d.region]))
            if result.failures:
                _, reason = result.failures[0]
                raise StoreError(f"demo document {d.file}: {reason}")
            summary.documents_new += result.documents_new
            summary.documents_unchanged += result.documents_unchanged
            summary.targets += result.targets
            summary.observations += result.observations
            summary.frameworks += result.frameworks
            summary.documents.append(d.ingested_name)
            report(d.ingested_name)
    for name in DEMO_TABLES:
        table = import_table(store, corpus / name)
        if table.rows_bad or table.unmapped_indicators or table.unmapped_regions:
            raise StoreError(
                f"demo table {name}: bad rows {table.bad_rows}, unmapped indicators "
                f"{table.unmapped_indicators}, unmapped regions {table.unmapped_regions}"
            )
        if table.unchanged:
            summary.tables_unchanged += 1
        else:
            summary.tables_new += 1
            summary.table_observations += table.observations
            summary.conflicts += table.conflicts
        report(name)
    build_demo_loop(store)  # departments, accounts, tasks: idempotent like the rest
    return summary
