"""billing periods and large consumer reviews

Revision ID: a1b2c3d4e5f6
Revises: f1c3e5a7b902
Create Date: 2026-12-07 19:30:00.000000

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = 'a1b2c3d4e5f6'
down_revision = 'f1c3e5a7b902'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
