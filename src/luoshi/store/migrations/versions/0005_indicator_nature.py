"""An indicator's nature (stock, flow or rate) and whether its target is a ceiling.

Tracking links a target to the figure that answers it by these: a flow (城镇新增就业) is
answered by its own year's figure alone, a stock is followed along its trend, a rate is
compared with itself; a ceiling (居民消费价格涨幅3%左右) is met at or below its value.
The values themselves come from the vocabulary, which ``Store.migrate`` syncs.

Revision ID: 0005_indicator_nature
Revises: 0004_loop
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_indicator_nature"
down_revision: str | None = "0004_loop"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.add_column(
        "indicator",
        sa.Column("nature", sa.String(length=10), server_default="stock", nullable=False),
    )
    op.add_column(
        "indicator",
        sa.Column("ceiling", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("indicator") as batch_op:
        batch_op.drop_column("ceiling")
        batch_op.drop_column("nature")
