"""The nation as a region (100000, 全国, level nation), the parent of every province.

A State Council work report's targets belong to the nation, and the ledger's view of
one indicator across regions puts each province's target beside its parent's (the
national 5% beside the provinces' targets). Stores made before this revision hold
provinces without a parent: they get the nation as theirs.

Revision ID: 0006_nation
Revises: 0005_indicator_nature
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_nation"
down_revision: str | None = "0005_indicator_nature"
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
