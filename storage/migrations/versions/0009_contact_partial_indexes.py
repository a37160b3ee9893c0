"""partial indexes on contacts: the unconsented purge and governorate segments

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_contacts_unconsented", "contacts", ["id"],
                    postgresql_where=sa.text("consent_at IS NULL"), sqlite_where=sa.text("consent_at IS NULL"))
    op.create_index("ix_contacts_reachable_governorate", "contacts", ["governorate", "id"],
                    postgresql_where=sa.text("consent_at IS NOT NULL AND opted_out IS false"),
                    sqlite_where=sa.text("consent_at IS NOT NULL AND opted_out IS 0"))


def downgrade() -> None:
    op.drop_index("ix_contacts_reachable_governorate", table_name="contacts")
    op.drop_index("ix_contacts_unconsented", table_name="contacts")
