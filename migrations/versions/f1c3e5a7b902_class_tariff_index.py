"""class tariff index

The estimated tariff effect of a class change (registry `class-effect`) reads a class's
monthly water charges of its last billed periods: a partial index on (class, concept,
period) of those charges, with amount and m³ included, answers it from the index alone
(2.5–4 s on 13 million charges without it).

Revision ID: f1c3e5a7b902
Revises: e8b2c4f6a913
Create Date: 2026-12-07 18:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1c3e5a7b902'
down_revision = 'e8b2c4f6a913'
branch_labels = None
depends_on = None

WHERE = ("service = 'water' AND (concept = 'consumption' OR concept = 'fixed') "
         "AND (origin = 'billing' OR origin = 'import')")


def upgrade():
    op.create_index('ix_charges_class_water_tariff', 'charges',
                    ['property_class', 'concept', 'period'], unique=False,
                    postgresql_include=['amount', 'consumption_m3'],
                    sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))


def downgrade():
    op.drop_index('ix_charges_class_water_tariff', table_name='charges',
                  sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))
