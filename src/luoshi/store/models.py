"""The plan store's tables: typed SQLAlchemy 2.x declarative models.

Singular snake_case tables, ``_at`` datetimes, and one explicit naming convention so
that every constraint and index has a predictable name (Alembic needs names to alter
constraints under SQLite's batch mode). Rows mirror :mod:`luoshi.extract.doc`'s
dataclasses; :mod:`luoshi.store.repository` maps one to the other.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from luoshi.extract.components.indicator import NATIONAL

__all__ = [
    "NAMING_CONVENTION",
    "Base",
    "Document",
    "Framework",
    "FrameworkMember",
    "ImportBatch",
    "Indicator",
    "Observation",
    "Passage",
    "Region",
    "Statement",
    "Target",
    "TargetVerdict",
    "VerdictState",
]

#: The one naming convention (SQLAlchemy's documented recipe, with table names in full).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Region(Base):
    """An administrative division (GB/T 2260 code) or a user-defined zone."""

    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(20))  # province | city | county | zone
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    is_official: Mapped[bool] = mapped_column(Boolean, default=True)


class Indicator(Base):
    """A canonical indicator of the vocabulary (``extract/data/indicators.tsv``)."""

    __tablename__ = "indicator"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(50), default="")
    direction: Mapped[str] = mapped_column(String(10), default="higher")
    dimension: Mapped[str] = mapped_column(String(20), default="")
    binding: Mapped[str] = mapped_column(String(20), default="")
    synonyms: Mapped[list[Any]] = mapped_column(default=list)
    nature: Mapped[str] = mapped_column(String(10), default="stock")  # stock | flow | rate
    ceiling: Mapped[bool] = mapped_column(Boolean, default=False)  # met at or below its value
    # what a national document calls it, where that differs (国内生产总值 for 地区生产总值)
    national_name: Mapped[str] = mapped_column(String(200), default="")

    def name_at(self, level: str | None) -> str:
        """The name to show for a region of ``level`` ("national" for the country)."""
        return self.national_name if level == NATIONAL and self.national_name else self.name


class Document(Base):
    """A read document, stored once per content hash (sha256 of the file's bytes)."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    path: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10))  # ISO 8601, as precise as the text
    issuer: Mapped[str | None] = mapped_column(String(200))  # Metadata.source
    doc_type: Mapped[str | None] = mapped_column(String(50))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    format: Mapped[str] = mapped_column(String(20))
    encoding: Mapped[str | None] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    source_text: Mapped[str] = mapped_column(Text)
    offsets: Mapped[list[Any]] = mapped_column(default=list)
    warnings: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    statements: Mapped[list[Statement]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )
    frameworks: Mapped[list[Framework]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )


class Statement(Base):
    """One extracted quantitative statement (every field of ``extract.doc.Statement``)."""

    __tablename__ = "statement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)
    value: Mapped[Any] = mapped_column(JSON)  # a number, or [low, high] for a range
    unit: Mapped[str] = mapped_column(String(50))
    base_value: Mapped[Any] = mapped_column(JSON)
    base_unit: Mapped[str] = mapped_column(String(50))
    base_value_num: Mapped[float | None] = mapped_column(Float)  # scalar base values only
    indicator: Mapped[str] = mapped_column(Text)
    indicator_id: Mapped[str | None] = mapped_column(ForeignKey("indicator.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    measure: Mapped[str] = mapped_column(String(10))
    comparator: Mapped[str] = mapped_column(String(10))
    year: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    source_start: Mapped[int] = mapped_column(Integer)
    source_end: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    form: Mapped[str] = mapped_column(String(20))
    sign: Mapped[int] = mapped_column(Integer, default=1)  # -1 for a fall (下降3%), as written
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    explain: Mapped[dict[str, Any]] = mapped_column(default=dict)

    document: Mapped[Document] = relationship(back_populates="statements")


class ImportBatch(Base):
    """One imported observation table (CSV or XLSX), stored once per content hash."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    rows_ok: Mapped[int] = mapped_column(Integer, default=0)
    rows_bad: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Target(Base):
    """A goal a plan sets: a value an indicator is to reach by a deadline."""

    __tablename__ = "target"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    indicator_id: Mapped[str | None] = mapped_column(ForeignKey("indicator.id"))
    indicator_phrase: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)  # base unit; a range's low end, a ratio's first
    value_high: Mapped[float | None] = mapped_column(Float)  # the high end of a range
    # every part of a ratio (三次产业比重 8.4:64.9:26.7); NULL for a single number or a range
    parts: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True))
    unit: Mapped[str] = mapped_column(String(50))  # as written
    base_unit: Mapped[str] = mapped_column(String(50))
    comparator: Mapped[str] = mapped_column(String(10))
    measure: Mapped[str] = mapped_column(String(10))
    deadline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statement.id", ondelete="CASCADE"), index=True
    )

    # a region's targets; one indicator's targets of a year across regions (the ledger)
    __table_args__ = (
        Index(None, "region_code", "indicator_id"),
        Index(None, "indicator_id", "deadline_year"),
    )


class TargetVerdict(Base):
    """A target's verdict as last judged (``track.standing`` keeps it), with the columns
    the supervision lists filter and sort on, so that a list of 150,000 targets is a query
    rather than 150,000 judgements. Derived data: rebuilt from targets and observations."""

    __tablename__ = "target_verdict"

    target_id: Mapped[int] = mapped_column(
        ForeignKey("target.id", ondelete="CASCADE"), primary_key=True
    )
    region_code: Mapped[str | None] = mapped_column(String(32))
    indicator_id: Mapped[str | None] = mapped_column(String(64))
    deadline_year: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    # the status's place in the supervision order (0: 滞后, the most urgent), for sorting
    severity: Mapped[int] = mapped_column(SmallInteger)
    actual: Mapped[float | None] = mapped_column(Float)  # in the target's terms
    actual_year: Mapped[int | None] = mapped_column(Integer)
    ratio: Mapped[float | None] = mapped_column(Float)  # R, for a plan still running
    # how far behind, as a share: of the target (a decided one) or of the progress required
    # (a running one, 1 − R); None where nothing is behind or nothing is known
    shortfall: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        Index(None, "severity", "deadline_year"),
        Index(None, "region_code", "severity"),
        Index(None, "indicator_id", "severity"),
        Index(None, "deadline_year"),
    )


class VerdictState(Base):
    """What the kept verdicts were judged on: the year, the rules, the newest rows seen."""

    __tablename__ = "verdict_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # one row, id 1
    as_of: Mapped[int] = mapped_column(Integer)
    rules: Mapped[str] = mapped_column(String(64))  # digest of the version and vocabulary
    max_target_id: Mapped[int] = mapped_column(Integer)
    max_observation_id: Mapped[int] = mapped_column(Integer)
    refreshed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


def _priority_of(context: Any) -> int:
    """An observation's priority from its source kind, for every insert (ORM or bulk)."""
    return 1 if context.get_current_parameters().get("source_kind") == "import" else 0


class Observation(Base):
    """A measured value of an indicator for a region and year, from a document or a table."""

    __tablename__ = "observation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    indicator_id: Mapped[str | None] = mapped_column(ForeignKey("indicator.id"))
    indicator_phrase: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)  # base unit; a range's low end, a ratio's first
    value_high: Mapped[float | None] = mapped_column(Float)
    parts: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True))
    base_unit: Mapped[str] = mapped_column(String(50))
    measure: Mapped[str] = mapped_column(String(10))
    source_kind: Mapped[str] = mapped_column(String(10))  # document | import
    statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement.id", ondelete="CASCADE"), index=True
    )
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="CASCADE"), index=True
    )
    # Another observation of the same region, indicator, year and measure disagrees.
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    # Which of one year's figures counts, as a number the series index can keep in order:
    # 1 for an imported table, 0 for a document or a report (then the newer row).
    priority: Mapped[int] = mapped_column(
        SmallInteger, default=_priority_of, server_default=text("0")
    )
    # What the figure covers: year, average, total (several years) or to_date (part of a
    # year), from its words and its place (store.periods); NULL: not known when stored.
    period: Mapped[str | None] = mapped_column(String(10))

    # One series (region, indicator, measure, unit) in year order, the figure that counts
    # first within a year, with the value and the source kind beside it: the latest year,
    # the base year's value and the preferred row of a year are each one seek that never
    # reads the table or sorts (track/bulk.py, track/status.py). Named by hand: the
    # convention's name passes PostgreSQL's 63 bytes.
    __table_args__ = (
        Index(
            "ix_observation_series",
            "region_code", "indicator_id", "measure", "base_unit", "year", "priority", "value",
            "source_kind",
        ),
    )  # fmt: skip


class Framework(Base):
    """A numbered concept that organises a plan (“123”总体工作思路), with its members."""

    __tablename__ = "framework"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    count: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    source_start: Mapped[int] = mapped_column(Integer)
    source_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text, default="")
    parent: Mapped[str | None] = mapped_column(Text)
    explain: Mapped[dict[str, Any]] = mapped_column(default=dict)

    document: Mapped[Document] = relationship(back_populates="frameworks")
    members: Mapped[list[FrameworkMember]] = relationship(
        back_populates="framework",
        cascade="all, delete-orphan",
        order_by="FrameworkMember.position",
    )


class FrameworkMember(Base):
    """One member of a framework, in order, with its span when it was located."""

    __tablename__ = "framework_member"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    framework_id: Mapped[int] = mapped_column(
        ForeignKey("framework.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)

    framework: Mapped[Framework] = relationship(back_populates="members")


class Passage(Base):
    """A sentence of a stored document, with its offsets in the text, for full-text search.

    The search index itself (``passage_fts``: an FTS5 table on SQLite, a tsvector table on
    PostgreSQL) is dialect-specific and lives outside these models; see ``store.search``.
    """

    __tablename__ = "passage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
