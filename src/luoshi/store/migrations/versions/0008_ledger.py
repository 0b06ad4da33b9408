"""The ledger: what span each observation covers, the nation as a region, and an index
of targets by indicator and year (one indicator's targets across regions).

``observation.period`` says whether a figure is one year's (``year``), an average or a
total over several years (``average``, ``total``: 年均, 累计, a figure of a five-year
review) or part of a year (``to_date``); a one-year target is answered only by a one-year
figure. Ingest sets it from the figure's words, its paragraph and its headings; rows
stored before this revision keep NULL, and the ledger reads their sentence's words.

The nation is a region (100000, 全国, level nation), the parent of every province: a State
Council work report's targets belong to it, and the ledger's view of one indicator across
regions puts each province's target beside its parent's. Provinces stored without a
parent get the nation as theirs.

Revision ID: 0008_ledger
Revises: 0007_indicator_national_name
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_ledger"
down_revision: str | None = "0007_indicator_national_name"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_region = sa.table(
    "region",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("level", sa.String),
    sa.column("parent_code", sa.String),
    sa.column("is_official", sa.Boolean),
)
_orphans = sa.and_(
    _region.c.level == "province",
    _region.c.parent_code.is_(None),
    _region.c.is_official.is_(sa.true()),
)


def upgrade() -> None:
    """Apply this revision."""
    op.add_column("observation", sa.Column("period", sa.String(length=10), nullable=True))
    op.create_index(
        "ix_target_indicator_id_deadline_year", "target", ["indicator_id", "deadline_year"]
    )
    bind = op.get_bind()
    provinces = bind.execute(sa.select(sa.func.count()).where(_orphans)).scalar() or 0
    present = bind.execute(sa.select(_region.c.code).where(_region.c.code == "100000")).first()
    if provinces and present is None:
        op.execute(
            _region.insert().values(
                code="100000", name="全国", level="nation", parent_code=None, is_official=True
            )
        )
    if provinces:
        op.execute(_region.update().where(_orphans).values(parent_code="100000"))


def downgrade() -> None:
    """Revert this revision (the nation stays if anything refers to it)."""
    op.execute(_region.update().where(_region.c.parent_code == "100000").values(parent_code=None))
    op.drop_index("ix_target_indicator_id_deadline_year", table_name="target")
    with op.batch_alter_table("observation") as batch_op:
        batch_op.drop_column("period")
