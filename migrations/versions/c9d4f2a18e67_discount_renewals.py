"""discount renewals

Renewal tasks of social discounts are stops of kind "renewal" on a social worker's route,
naming the application being renewed (stops.discount_application_id); an application
answered by a newer one (the office asked for more information) becomes "answered"; the
applications are indexed by worker (her device's scope is derived from them).

Revision ID: c9d4f2a18e67
Revises: b5c1e7d93a40
Create Date: 2026-12-07 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9d4f2a18e67'
down_revision = 'b5c1e7d93a40'
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('submitted','needs_info','approved','rejected')"
NEW_STATUSES = "status IN ('submitted','needs_info','answered','approved','rejected')"


def upgrade():
    with op.batch_alter_table('stops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('discount_application_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_stops_discount_application_id'),
                              ['discount_application_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_stops_discount_application_id_discount_applications'),
            'discount_applications', ['discount_application_id'], ['id'])

    with op.batch_alter_table('discount_applications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_discount_applications_status_known'), type_='check')
        batch_op.create_check_constraint('status_known', NEW_STATUSES)
        # A worker's device holds her applications (scope is recomputed from them).
        batch_op.create_index(batch_op.f('ix_discount_applications_worker_id'), ['worker_id'],
                              unique=False)

    with op.batch_alter_table('discount_postings', schema=None) as batch_op:
        # The posting credits a charge once, whichever application: looked up by charge.
        batch_op.create_index(batch_op.f('ix_discount_postings_charge_id'), ['charge_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('discount_postings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discount_postings_charge_id'))

    # An answered application goes back to what it was before the answer arrived.
    op.execute("UPDATE discount_applications SET status = 'needs_info' "
               "WHERE status = 'answered'")
    with op.batch_alter_table('discount_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discount_applications_worker_id'))
        batch_op.drop_constraint(op.f('ck_discount_applications_status_known'), type_='check')
        batch_op.create_check_constraint('status_known', OLD_STATUSES)

    with op.batch_alter_table('stops', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_stops_discount_application_id_discount_applications'),
            type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_stops_discount_application_id'))
        batch_op.drop_column('discount_application_id')
