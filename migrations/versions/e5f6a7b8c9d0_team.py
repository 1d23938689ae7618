"""staff management and device wipe

Revision ID: e5f6a7b8c9d0
Revises: d4e5f6a7b8c9
Create Date: 2026-12-07 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5f6a7b8c9d0'
down_revision = 'd4e5f6a7b8c9'
branch_labels = None
depends_on = None


def upgrade():
    # A staff user's tokens carry `tv`; bumping it ends every session she has (password
    # reset, deactivation, a lost device).
    with op.batch_alter_table('staff_users') as batch:
        batch.add_column(sa.Column('token_version', sa.Integer(), nullable=False,
                                   server_default=sa.text('0')))
    # A lost device: the office revoked it; its next sync contact gets the wipe directive.
    op.create_table(
        'revoked_devices',
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('reason', sa.String(length=255), nullable=False),
        sa.Column('requested_by', sa.Uuid(), nullable=True),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['client_id'], ['sync_clients.id'],
                                name=op.f('fk_revoked_devices_client_id_sync_clients')),
        sa.ForeignKeyConstraint(['user_id'], ['staff_users.id'],
                                name=op.f('fk_revoked_devices_user_id_staff_users')),
        sa.ForeignKeyConstraint(['requested_by'], ['staff_users.id'],
                                name=op.f('fk_revoked_devices_requested_by_staff_users')),
        sa.PrimaryKeyConstraint('client_id', name=op.f('pk_revoked_devices')),
    )
    op.create_index(op.f('ix_revoked_devices_user_id'), 'revoked_devices', ['user_id'])


def downgrade():
    op.drop_index(op.f('ix_revoked_devices_user_id'), table_name='revoked_devices')
    op.drop_table('revoked_devices')
    with op.batch_alter_table('staff_users') as batch:
        batch.drop_column('token_version')
