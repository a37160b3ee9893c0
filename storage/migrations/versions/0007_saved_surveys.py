"""surveys saved by an organisation and chosen per event

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_surveys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("organization_id", sa.Integer(), sa.ForeignKey("organizations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("organization_id", "name", name="uq_saved_surveys_org_name"),
    )
    op.create_index("ix_saved_surveys_organization_id", "saved_surveys", ["organization_id"])
    # A plain ADD COLUMN: a batch copy of `events` on SQLite would drop the old table, and with
    # foreign keys on that cascades to registrations. SQLite takes an inline REFERENCES on a NULL
    # column (but reflects no ON DELETE from it, so there is none: the service clears the column).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE events ADD COLUMN saved_survey_id INTEGER "
                   "REFERENCES saved_surveys (id)")
    else:
        op.add_column("events", sa.Column("saved_survey_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_events_saved_survey_id", "events", "saved_surveys", ["saved_survey_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite 3.35+ drops a column that no index uses; its inline REFERENCES goes with it.
        op.execute("ALTER TABLE events DROP COLUMN saved_survey_id")
    else:
        op.drop_constraint("fk_events_saved_survey_id", "events", type_="foreignkey")
        op.drop_column("events", "saved_survey_id")
    op.drop_index("ix_saved_surveys_organization_id", table_name="saved_surveys")
    op.drop_table("saved_surveys")
