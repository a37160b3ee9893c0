"""covering index for the dashboard's per-event figures

Revision ID: 0008
Revises: 0007
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # (event_id, status) is its prefix, so it replaces ix_registrations_event_status; checked_in_at
    # and contact_id make the dashboard's counts index-only scans.
    op.create_index("ix_registrations_event_figures", "registrations",
                    ["event_id", "status", "checked_in_at", "contact_id"])
    op.drop_index("ix_registrations_event_status", table_name="registrations")


def downgrade() -> None:
    op.create_index("ix_registrations_event_status", "registrations", ["event_id", "status"])
    op.drop_index("ix_registrations_event_figures", table_name="registrations")
