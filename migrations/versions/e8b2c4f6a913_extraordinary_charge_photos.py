"""extraordinary charge photos

The operations department's evidence of the work behind an extraordinary charge: up to six
photos, named by their SHA-256 (blobs uploaded through the sync blob endpoint), so the
manager sees them before authorizing. Existing charges have none.

Revision ID: e8b2c4f6a913
Revises: d3a7b9e2c410
Create Date: 2026-12-07 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8b2c4f6a913'
down_revision = 'd3a7b9e2c410'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('extraordinary_charges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photos', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))


def downgrade():
    with op.batch_alter_table('extraordinary_charges', schema=None) as batch_op:
        batch_op.drop_column('photos')
