"""registration questions and per-event surveys

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_questions",
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("standard", sa.JSON(), nullable=False),
        sa.Column("custom", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "contact_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("question", sa.String(40), nullable=False),
        sa.Column("answer", sa.String(300), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("contact_id", "question"),
    )
    op.create_index("ix_contact_answers_contact_id", "contact_answers", ["contact_id"])


def downgrade() -> None:
    op.drop_index("ix_contact_answers_contact_id", table_name="contact_answers")
    op.drop_table("contact_answers")
    op.drop_table("event_questions")
