"""report exports

The figure cache of the dashboard and reports, and export runs (background files with
progress).

Revision ID: f6a7b8c9d0e1
Revises: e5f6a7b8c9d0
Create Date: 2026-12-07 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6a7b8c9d0e1'
down_revision = 'e5f6a7b8c9d0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_cache',
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('watermark', sa.String(length=200), nullable=False),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('duration_ms', sa.Integer(), nullable=False),
        sa.Column('refreshing_since', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_report_cache')),
    )
    op.create_table(
        'report_export_runs',
        sa.Column('report', sa.String(length=30), nullable=False),
        sa.Column('format', sa.String(length=5), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('rows_total', sa.Integer(), nullable=False),
        sa.Column('rows_done', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('file_sha256', sa.String(length=64), nullable=True),
        sa.Column('file_size', sa.Integer(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('created_by', sa.Uuid(), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('queued','running','done','failed')",
                           name=op.f('ck_report_export_runs_status_known')),
        sa.CheckConstraint("format IN ('xlsx','pdf')",
                           name=op.f('ck_report_export_runs_format_known')),
        sa.ForeignKeyConstraint(['created_by'], ['staff_users.id'],
                                name=op.f('fk_report_export_runs_created_by_staff_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_export_runs')),
    )
    with op.batch_alter_table('report_export_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_export_runs_created_by'), ['created_by'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('report_export_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_export_runs_created_by'))
    op.drop_table('report_export_runs')
    op.drop_table('report_cache')
