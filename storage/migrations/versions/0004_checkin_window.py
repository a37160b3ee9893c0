"""per-event check-in window; on PostgreSQL, inbox_person_open() for writers of one person

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


# Takes a lock on the person for the calling transaction, then looks with a fresh snapshot
# (VOLATILE): a second writer of the same person waits for the first and sees its row.
PERSON_OPEN = """
CREATE OR REPLACE FUNCTION inbox_person_open(key text) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('inbox:' || key));
    RETURN EXISTS (SELECT 1 FROM inbox WHERE person_key = key
                   AND (state IN ('pending', 'processing') OR reply_state IN ('pending', 'sending')));
END
$$
"""


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("checkin_opens_minutes_before", sa.Integer(), nullable=False,
                                   server_default="120"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PERSON_OPEN)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS inbox_person_open(text)")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("checkin_opens_minutes_before")
