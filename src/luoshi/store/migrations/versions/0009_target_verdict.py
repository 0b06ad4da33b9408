"""Kept verdicts: every target's status as last judged, for the supervision lists.

``target_verdict`` holds one row per judged target with the columns the lists filter and
sort on (region, indicator, deadline, severity, shortfall); ``verdict_state`` says what
they were judged on (the year, the rules, the newest target and observation seen).
Both are derived data: ``luoshi.track.standing`` fills them and brings them up to date,
so the table starts empty and an upgrade loses nothing.

Revision ID: 0009_target_verdict
Revises: 0008_ledger
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_target_verdict"
down_revision: str | None = "0008_ledger"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "target_verdict",
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=32), nullable=True),
        sa.Column("indicator_id", sa.String(length=64), nullable=True),
        sa.Column("deadline_year", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("severity", sa.SmallInteger(), nullable=False),
        sa.Column("actual", sa.Float(), nullable=True),
        sa.Column("actual_year", sa.Integer(), nullable=True),
        sa.Column("ratio", sa.Float(), nullable=True),
        sa.Column("shortfall", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["target.id"],
            name=op.f("fk_target_verdict_target_id_target"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("target_id", name=op.f("pk_target_verdict")),
    )
    with op.batch_alter_table("target_verdict", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_target_verdict_severity_deadline_year"),
            ["severity", "deadline_year"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_target_verdict_region_code_severity"),
            ["region_code", "severity"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_target_verdict_indicator_id_severity"),
            ["indicator_id", "severity"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_target_verdict_deadline_year"), ["deadline_year"], unique=False
        )
    op.create_table(
        "verdict_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Integer(), nullable=False),
        sa.Column("rules", sa.String(length=64), nullable=False),
        sa.Column("max_target_id", sa.Integer(), nullable=False),
        sa.Column("max_observation_id", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdict_state")),
    )


def downgrade() -> None:
    """Undo this revision."""
    op.drop_table("verdict_state")
    with op.batch_alter_table("target_verdict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_verdict_deadline_year"))
        batch_op.drop_index(batch_op.f("ix_target_verdict_indicator_id_severity"))
        batch_op.drop_index(batch_op.f("ix_target_verdict_region_code_severity"))
        batch_op.drop_index(batch_op.f("ix_target_verdict_severity_deadline_year"))
    op.drop_table("target_verdict")
