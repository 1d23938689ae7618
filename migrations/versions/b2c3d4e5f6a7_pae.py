"""PAE debtor list: sent-to-PAE records

Revision ID: b2c3d4e5f6a7
Revises: a1b2c3d4e5f6
Create Date: 2026-12-07 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2c3d4e5f6a7'
down_revision = 'a1b2c3d4e5f6'
branch_labels = None
depends_on = None

OPEN_WHERE = "status = 'open'"


def upgrade():
    op.create_table(
        'pae_referrals',
        sa.Column('account_id', sa.Uuid(), nullable=False),
        sa.Column('mandate_number', sa.String(length=40), nullable=False),
        sa.Column('officer_name', sa.String(length=160), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('debt_amount', sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column('months_past_due', sa.Integer(), nullable=False),
        sa.Column('closed_on', sa.Date(), nullable=True),
        sa.Column('close_reason', sa.String(length=300), nullable=True),
        sa.Column('created_by', sa.Uuid(), nullable=True),
        sa.Column('closed_by', sa.Uuid(), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status = 'open' OR status = 'closed'",
                           name=op.f('ck_pae_referrals_status_known')),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'],
                                name=op.f('fk_pae_referrals_account_id_accounts')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pae_referrals')),
    )
    with op.batch_alter_table('pae_referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pae_referrals_account_id'), ['account_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_pae_referrals_mandate_number'),
                              ['mandate_number'], unique=False)
        batch_op.create_index('uq_pae_referrals_open_account', ['account_id'], unique=True,
                              sqlite_where=sa.text(OPEN_WHERE),
                              postgresql_where=sa.text(OPEN_WHERE))


def downgrade():
    with op.batch_alter_table('pae_referrals', schema=None) as batch_op:
        batch_op.drop_index('uq_pae_referrals_open_account')
        batch_op.drop_index(batch_op.f('ix_pae_referrals_mandate_number'))
        batch_op.drop_index(batch_op.f('ix_pae_referrals_account_id'))
    op.drop_table('pae_referrals')
