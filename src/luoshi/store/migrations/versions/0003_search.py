"""Full-text search: the passage table and its dialect-specific index ``passage_fts``.

SQLite gets an FTS5 virtual table over the passage's words (segmented by jieba before
they are stored, since FTS5's tokenizers do not split Chinese into words); PostgreSQL
gets a table of tsvectors built from the same words with a GIN index. Existing
documents are indexed by ``store.search.index_missing`` (``Store.migrate`` cannot: the
segmenter is Python).

Revision ID: 0003_search
Revises: 0002_series
Create Date: 2026-11-23 21:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_search"
down_revision: str | None = "0002_series"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "passage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_passage_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passage")),
    )
    with op.batch_alter_table("passage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passage_document_id"), ["document_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE passage_fts USING fts5(words)")
        # a virtual table has no foreign keys: its rows follow their passages by trigger
        op.execute(
            "CREATE TRIGGER passage_fts_delete AFTER DELETE ON passage "
            "BEGIN DELETE FROM passage_fts WHERE rowid = old.id; END"
        )
    else:
        op.execute(
            "CREATE TABLE passage_fts ("
            " passage_id integer PRIMARY KEY REFERENCES passage(id) ON DELETE CASCADE,"
            " words tsvector NOT NULL)"
        )
        op.execute("CREATE INDEX ix_passage_fts_words ON passage_fts USING gin (words)")


def downgrade() -> None:
    """Revert this revision."""
    if op.get_bind().dialect.name == "sqlite":  # PostgreSQL's index has no trigger
        op.execute("DROP TRIGGER IF EXISTS passage_fts_delete")
    op.execute("DROP TABLE IF EXISTS passage_fts")
    with op.batch_alter_table("passage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passage_document_id"))
    op.drop_table("passage")
