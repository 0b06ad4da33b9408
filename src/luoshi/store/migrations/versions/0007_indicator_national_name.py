"""An indicator's national name: what a national document calls it, where that differs.

One indicator is one concept at every level: the nation's 国内生产总值 and a province's
地区生产总值 are one series. A display of the nation's figures shows the national name
(``Indicator.name_at("national")``). The values come from the vocabulary, which
``Store.migrate`` syncs.

Revision ID: 0007_indicator_national_name
Revises: 0006_login_throttle
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_indicator_national_name"
down_revision: str | None = "0006_login_throttle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.add_column(
        "indicator",
        sa.Column("national_name", sa.String(length=200), server_default="", nullable=False),
    )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("indicator") as batch_op:
        batch_op.drop_column("national_name")
