"""billing periods and large consumer reviews

Billing periods (a billed month stays draft until the manager authorizes it), the manager's
review of each large consumer in a period, the category a large consumer is filed under, and
an index on the month's billed charges (billing analysis reads it instead of every charge).

Revision ID: a1b2c3d4e5f6
Revises: f1c3e5a7b902
Create Date: 2026-12-07 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1b2c3d4e5f6'
down_revision = 'f1c3e5a7b902'
branch_labels = None
depends_on = None

BILLED_WHERE = "origin = 'billing' OR origin = 'import'"


def upgrade():
    op.create_table(
        'billing_periods',
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('authorized_by', sa.Uuid(), nullable=True),
        sa.Column('authorized_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status = 'draft' OR status = 'authorized'",
                           name=op.f('ck_billing_periods_status_known')),
        sa.ForeignKeyConstraint(['authorized_by'], ['staff_users.id'],
                                name=op.f('fk_billing_periods_authorized_by_staff_users')),
        sa.PrimaryKeyConstraint('period', name=op.f('pk_billing_periods')),
    )
    op.create_table(
        'large_consumer_reviews',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('account_id', sa.Uuid(), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('consumption_m3', sa.Integer(), nullable=False),
        sa.Column('average_m3', sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column('stop_id', sa.Uuid(), nullable=True),
        sa.Column('decided_by', sa.Uuid(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action = 'validated' OR action = 'explained' OR action = 'inspection_sent'",
            name=op.f('ck_large_consumer_reviews_action_known')),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'],
                                name=op.f('fk_large_consumer_reviews_account_id_accounts')),
        sa.ForeignKeyConstraint(['decided_by'], ['staff_users.id'],
                                name=op.f('fk_large_consumer_reviews_decided_by_staff_users')),
        sa.ForeignKeyConstraint(['stop_id'], ['stops.id'],
                                name=op.f('fk_large_consumer_reviews_stop_id_stops')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_large_consumer_reviews')),
        sa.UniqueConstraint('period', 'account_id',
                            name=op.f('uq_large_consumer_reviews_period_account_id')),
    )
    with op.batch_alter_table('large_consumer_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_large_consumer_reviews_account_id'),
                              ['account_id'], unique=False)
    op.create_table(
        'large_consumer_categories',
        sa.Column('account_id', sa.Uuid(), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(['account_id'], ['accounts.id'],
                                name=op.f('fk_large_consumer_categories_account_id_accounts')),
        sa.ForeignKeyConstraint(['updated_by'], ['staff_users.id'],
                                name=op.f('fk_large_consumer_categories_updated_by_staff_users')),
        sa.PrimaryKeyConstraint('account_id', name=op.f('pk_large_consumer_categories')),
    )
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.create_index('ix_charges_billing_period',
                              ['period', 'property_class', 'service', 'concept'], unique=False,
                              postgresql_include=['amount', 'consumption_m3', 'account_id'],
                              sqlite_where=sa.text(BILLED_WHERE),
                              postgresql_where=sa.text(BILLED_WHERE))


def downgrade():
    with op.batch_alter_table('charges', schema=None) as batch_op:
        batch_op.drop_index('ix_charges_billing_period')
    op.drop_table('large_consumer_categories')
    with op.batch_alter_table('large_consumer_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_large_consumer_reviews_account_id'))
    op.drop_table('large_consumer_reviews')
    op.drop_table('billing_periods')
