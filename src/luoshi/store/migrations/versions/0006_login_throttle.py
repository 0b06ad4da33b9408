"""Login throttling counts failures per address too: an index on ``login_attempt``'s
address and time, as the per-account count has on its user name and time.

Revision ID: 0006_login_throttle
Revises: 0005_indicator_nature
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006_login_throttle"
down_revision: str | None = "0005_indicator_nature"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_attempt_address_at"), ["address", "at"], unique=False
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempt_address_at"))
