"""arrears clean-up: proposals and write-offs

Revision ID: c3d4e5f6a7b8
Revises: b2c3d4e5f6a7
Create Date: 2026-12-07 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d4e5f6a7b8'
down_revision = 'b2c3d4e5f6a7'
branch_labels = None
depends_on = None

PENDING_WRITE_OFF = "status = 'pending' AND kind = 'write_off'"
ZERO_CONSUMPTION = "consumption_m3 = 0 AND concept = 'consumption'"


def upgrade():
    op.create_table(
        'cleanup_proposals',
        sa.Column('account_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('suspect_kind', sa.String(length=30), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('all_open', sa.Boolean(), nullable=False),
        sa.Column('charge_ids', sa.JSON(), nullable=False),
        sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column('proposed_by', sa.Uuid(), nullable=False),
        sa.Column('decided_by', sa.Uuid(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_reason', sa.Text(), nullable=True),
        sa.Column('credit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                  nullable=True),
        sa.Column('change_proposal_ids', sa.JSON(), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('reclassification','write_off')",
                           name=op.f('ck_cleanup_proposals_kind_known')),
        sa.CheckConstraint("status IN ('pending','approved','rejected')",
                           name=op.f('ck_cleanup_proposals_status_known')),
        sa.CheckConstraint("amount IS NULL OR amount > 0",
                           name=op.f('ck_cleanup_proposals_amount_positive')),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'],
                                name=op.f('fk_cleanup_proposals_account_id_accounts')),
        sa.ForeignKeyConstraint(['credit_id'], ['credits.id'],
                                name=op.f('fk_cleanup_proposals_credit_id_credits')),
        sa.ForeignKeyConstraint(['decided_by'], ['staff_users.id'],
                                name=op.f('fk_cleanup_proposals_decided_by_staff_users')),
        sa.ForeignKeyConstraint(['proposed_by'], ['staff_users.id'],
                                name=op.f('fk_cleanup_proposals_proposed_by_staff_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cleanup_proposals')),
    )
    with op.batch_alter_table('cleanup_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cleanup_proposals_account_id'), ['account_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_cleanup_proposals_status'), ['status'],
                              unique=False)
        batch_op.create_index('uq_cleanup_proposals_pending_write_off', ['account_id'],
                              unique=True, sqlite_where=sa.text(PENDING_WRITE_OFF),
                              postgresql_where=sa.text(PENDING_WRITE_OFF))
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.create_index('ix_charges_zero_consumption', ['period', 'account_id'],
                              unique=False, sqlite_where=sa.text(ZERO_CONSUMPTION),
                              postgresql_where=sa.text(ZERO_CONSUMPTION))


def downgrade():
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.drop_index('ix_charges_zero_consumption')
    with op.batch_alter_table('cleanup_proposals', schema=None) as batch_op:
        batch_op.drop_index('uq_cleanup_proposals_pending_write_off')
        batch_op.drop_index(batch_op.f('ix_cleanup_proposals_status'))
        batch_op.drop_index(batch_op.f('ix_cleanup_proposals_account_id'))
    op.drop_table('cleanup_proposals')
