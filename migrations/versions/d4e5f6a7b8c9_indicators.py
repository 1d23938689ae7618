"""indicator snapshots, and the indexes a month's indicators read

Revision ID: d4e5f6a7b8c9
Revises: c3d4e5f6a7b8
Create Date: 2026-12-07 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e5f6a7b8c9'
down_revision = 'c3d4e5f6a7b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'indicator_snapshots',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('measures', sa.JSON(), nullable=False),
        sa.Column('indicators', sa.JSON(), nullable=False),
        sa.Column('formulas', sa.JSON(), nullable=False),
        sa.Column('breakdowns', sa.JSON(), nullable=False),
        sa.Column('note', sa.String(length=300), nullable=True),
        sa.Column('duration_ms', sa.Integer(), nullable=False),
        sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('taken_by', sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(['taken_by'], ['staff_users.id'],
                                name=op.f('fk_indicator_snapshots_taken_by_staff_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_snapshots')),
        sa.UniqueConstraint('period', 'version',
                            name=op.f('uq_indicator_snapshots_period_version')),
    )
    # IF NOT EXISTS: the bench database got them by hand before this revision ran there.
    op.create_index('ix_charges_due', 'charges', ['due_date'], unique=False,
                    postgresql_include=['id', 'account_id', 'concept', 'amount',
                                        'consumption_m3', 'cleared_on', 'period'],
                    if_not_exists=True)
    op.create_index('ix_charges_cleared_on', 'charges', ['cleared_on'], unique=False,
                    postgresql_include=['account_id', 'period', 'due_date', 'concept'],
                    if_not_exists=True)
    op.create_index('ix_allocations_applied_on', 'allocations', ['applied_on'], unique=False,
                    postgresql_include=['charge_id', 'payment_id', 'amount'],
                    if_not_exists=True)


def downgrade():
    op.drop_index('ix_allocations_applied_on', table_name='allocations')
    op.drop_index('ix_charges_cleared_on', table_name='charges')
    op.drop_index('ix_charges_due', table_name='charges')
    op.drop_table('indicator_snapshots')
