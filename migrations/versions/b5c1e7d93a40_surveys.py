"""surveys

Opinion surveys: forms as data, one row per version (published and retired versions are
synced to every field device, drafts stay in the office), the requests that ask one account
(synced to the worker asked), the answers from the field (append-only, one item row per
answered question for the results in SQL) and the complaints they raise in the manager's
inbox.

Revision ID: b5c1e7d93a40
Revises: a4d81c6e3f52
Create Date: 2026-12-07 16:13:17.243024

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5c1e7d93a40'
down_revision = 'a4d81c6e3f52'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey_forms',
    sa.Column('form_key', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('triggers', sa.JSON(), nullable=False),
    sa.Column('complaint_threshold', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rv', sa.BigInteger(), server_default='0', nullable=False),
    sa.CheckConstraint("status IN ('draft','published','retired')", name=op.f('ck_survey_forms_status_known')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_survey_forms_version_positive')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_users.id'], name=op.f('fk_survey_forms_created_by_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_forms')),
    sa.UniqueConstraint('form_key', 'version', name=op.f('uq_survey_forms_form_key_version'))
    )
    with op.batch_alter_table('survey_forms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_forms_form_key'), ['form_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_forms_rv'), ['rv'], unique=False)

    op.create_table('survey_requests',
    sa.Column('form_key', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('stop_id', sa.Uuid(), nullable=True),
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rv', sa.BigInteger(), server_default='0', nullable=False),
    sa.CheckConstraint("reason IN ('route','discount_approved','office')", name=op.f('ck_survey_requests_reason_known')),
    sa.CheckConstraint("status IN ('open','answered','cancelled')", name=op.f('ck_survey_requests_status_known')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_survey_requests_account_id_accounts')),
    sa.ForeignKeyConstraint(['stop_id'], ['stops.id'], name=op.f('fk_survey_requests_stop_id_stops')),
    sa.ForeignKeyConstraint(['worker_id'], ['staff_users.id'], name=op.f('fk_survey_requests_worker_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_requests')),
    sa.UniqueConstraint('form_key', 'stop_id', name=op.f('uq_survey_requests_form_key_stop_id'))
    )
    with op.batch_alter_table('survey_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_requests_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_survey_requests_form_key_status', ['form_key', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_requests_rv'), ['rv'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_requests_worker_id'), ['worker_id'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('form_id', sa.Uuid(), nullable=False),
    sa.Column('form_key', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=True),
    sa.Column('stop_id', sa.Uuid(), nullable=True),
    sa.Column('request_id', sa.Uuid(), nullable=True),
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=True),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('neighborhood_id', sa.Integer(), nullable=True),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('args_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_survey_responses_account_id_accounts')),
    sa.ForeignKeyConstraint(['form_id'], ['survey_forms.id'], name=op.f('fk_survey_responses_form_id_survey_forms')),
    sa.ForeignKeyConstraint(['neighborhood_id'], ['neighborhoods.id'], name=op.f('fk_survey_responses_neighborhood_id_neighborhoods')),
    sa.ForeignKeyConstraint(['request_id'], ['survey_requests.id'], name=op.f('fk_survey_responses_request_id_survey_requests')),
    sa.ForeignKeyConstraint(['stop_id'], ['stops.id'], name=op.f('fk_survey_responses_stop_id_stops')),
    sa.ForeignKeyConstraint(['worker_id'], ['staff_users.id'], name=op.f('fk_survey_responses_worker_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses'))
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_responses_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_survey_responses_form_version_started', ['form_key', 'version', 'started_at'], unique=False)

    op.create_table('survey_answer_items',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('response_id', sa.Uuid(), nullable=False),
    sa.Column('form_key', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=40), nullable=False),
    sa.Column('value_text', sa.Text(), nullable=True),
    sa.Column('value_num', sa.Numeric(precision=20, scale=4), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('neighborhood_id', sa.Integer(), nullable=True),
    sa.Column('worker_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['survey_responses.id'], name=op.f('fk_survey_answer_items_response_id_survey_responses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer_items'))
    )
    with op.batch_alter_table('survey_answer_items', schema=None) as batch_op:
        batch_op.create_index('ix_survey_answer_items_form_question', ['form_key', 'version', 'question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_answer_items_response_id'), ['response_id'], unique=False)

    op.create_table('survey_complaints',
    sa.Column('response_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=True),
    sa.Column('question_ids', sa.JSON(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('closed_by', sa.Uuid(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open','closed')", name=op.f('ck_survey_complaints_status_known')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_survey_complaints_account_id_accounts')),
    sa.ForeignKeyConstraint(['closed_by'], ['staff_users.id'], name=op.f('fk_survey_complaints_closed_by_staff_users')),
    sa.ForeignKeyConstraint(['response_id'], ['survey_responses.id'], name=op.f('fk_survey_complaints_response_id_survey_responses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_complaints')),
    sa.UniqueConstraint('response_id', name=op.f('uq_survey_complaints_response_id'))
    )
    with op.batch_alter_table('survey_complaints', schema=None) as batch_op:
        batch_op.create_index('ix_survey_complaints_status_created', ['status', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('survey_complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_complaints_status_created')

    op.drop_table('survey_complaints')
    with op.batch_alter_table('survey_answer_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_answer_items_response_id'))
        batch_op.drop_index('ix_survey_answer_items_form_question')

    op.drop_table('survey_answer_items')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_responses_form_version_started')
        batch_op.drop_index(batch_op.f('ix_survey_responses_account_id'))

    op.drop_table('survey_responses')
    with op.batch_alter_table('survey_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_requests_worker_id'))
        batch_op.drop_index(batch_op.f('ix_survey_requests_rv'))
        batch_op.drop_index('ix_survey_requests_form_key_status')
        batch_op.drop_index(batch_op.f('ix_survey_requests_account_id'))

    op.drop_table('survey_requests')
    with op.batch_alter_table('survey_forms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_forms_rv'))
        batch_op.drop_index(batch_op.f('ix_survey_forms_form_key'))

    op.drop_table('survey_forms')
