"""audiences by relationship (follows, per-organisation opt-outs), hashed revocable invites, least data

Revision ID: 0003
Revises: 0002
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follows",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", "organization_id"),
    )
    op.create_index("ix_follows_organization_id", "follows", ["organization_id"])
    op.create_table(
        "organization_optouts",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", "organization_id"),
    )
    op.create_index("ix_organization_optouts_organization_id", "organization_optouts", ["organization_id"])
    op.create_index("ix_audit_log_actor", "audit_log", ["actor"])

    # Least data: names are no longer kept, and no number before consent.
    op.execute("UPDATE identities SET display_name = NULL")
    op.execute("UPDATE contacts SET phone_e164 = NULL WHERE consent_at IS NULL")

    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("code_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("revoked_by", sa.Integer(), nullable=True))
    # Codes already handed out keep working: store their hash, then forget them.
    bind = op.get_bind()
    invites = sa.table("invites", sa.column("id", sa.Integer), sa.column("code", sa.String),
                       sa.column("code_hash", sa.String))
    for invite_id, code in bind.execute(sa.select(invites.c.id, invites.c.code)).all():
        digest = hashlib.sha256(code.encode()).hexdigest()
        bind.execute(invites.update().where(invites.c.id == invite_id).values(code_hash=digest))
    with op.batch_alter_table("invites") as batch:
        batch.alter_column("code_hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint("uq_invites_code_hash", ["code_hash"])
        batch.create_foreign_key("fk_invites_revoked_by", "contacts", ["revoked_by"], ["id"], ondelete="SET NULL")
        batch.drop_column("code")


def downgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("code", sa.String(length=40), nullable=True))
        batch.drop_constraint("fk_invites_revoked_by", type_="foreignkey")
        batch.drop_constraint("uq_invites_code_hash", type_="unique")
        batch.drop_column("revoked_by")
        batch.drop_column("revoked_at")
        batch.drop_column("code_hash")
    op.drop_index("ix_audit_log_actor", table_name="audit_log")
    op.drop_table("organization_optouts")
    op.drop_table("follows")
