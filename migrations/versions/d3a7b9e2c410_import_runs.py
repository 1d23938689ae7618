"""import runs

Imports started from the office screens run as jobs; each run keeps its file's hash (the
bytes live in the blob storage), its progress (rows done / total) and its report.

Revision ID: d3a7b9e2c410
Revises: c9d4f2a18e67
Create Date: 2026-12-07 18:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3a7b9e2c410'
down_revision = 'c9d4f2a18e67'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_runs',
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('mode', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('file_sha256', sa.String(length=64), nullable=False),
        sa.Column('file_size', sa.Integer(), nullable=False),
        sa.Column('rows_total', sa.Integer(), nullable=False),
        sa.Column('rows_done', sa.Integer(), nullable=False),
        sa.Column('imported', sa.Integer(), nullable=False),
        sa.Column('errors_count', sa.Integer(), nullable=False),
        sa.Column('report', sa.JSON(), nullable=False),
        sa.Column('preview_of', sa.Uuid(), nullable=True),
        sa.Column('created_by', sa.Uuid(), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('registry','ledger','payments')",
                           name=op.f('ck_import_runs_kind_known')),
        sa.CheckConstraint("mode IN ('dry_run','all_or_nothing','skip_invalid')",
                           name=op.f('ck_import_runs_mode_known')),
        sa.CheckConstraint("status IN ('queued','running','done','failed')",
                           name=op.f('ck_import_runs_status_known')),
        sa.ForeignKeyConstraint(['created_by'], ['staff_users.id'],
                                name=op.f('fk_import_runs_created_by_staff_users')),
        sa.ForeignKeyConstraint(['preview_of'], ['import_runs.id'],
                                name=op.f('fk_import_runs_preview_of_import_runs')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_runs')),
    )
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_runs_created_by'), ['created_by'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_runs_created_by'))
    op.drop_table('import_runs')
