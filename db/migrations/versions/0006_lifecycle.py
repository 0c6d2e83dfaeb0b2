"""Programme lifecycle: roadmap items, school-year rollovers, partner agreements, pair completion, class history.

Revision ID: 0006_lifecycle
Revises: 0005_municipality
Create Date: 2026-11-26 10:06:08.678598
"""

from alembic import op
import sqlalchemy as sa


revision = '0006_lifecycle'
down_revision = '0005_municipality'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('roadmap_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('academic_year', sa.String(), nullable=False),
    sa.Column('number', sa.String(), nullable=False),
    sa.Column('section', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('deadline_text', sa.String(), nullable=False),
    sa.Column('recurrence', sa.String(), nullable=False),
    sa.Column('series', sa.String(), nullable=False),
    sa.Column('responsible', sa.String(), nullable=False),
    sa.Column('result', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('done_date', sa.Date(), nullable=True),
    sa.Column('evidence_number', sa.String(), nullable=False),
    sa.Column('evidence_date', sa.Date(), nullable=True),
    sa.Column('evidence_note', sa.String(), nullable=False),
    sa.Column('evidence_path', sa.String(), nullable=False),
    sa.Column('template_code', sa.String(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('roadmap_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_item_academic_year'), ['academic_year'], unique=False)

    op.create_table('year_rollover',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('from_year', sa.String(), nullable=False),
    sa.Column('to_year', sa.String(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=False),
    sa.Column('backup_path', sa.String(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('mentee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('class_history', sa.JSON(), server_default='{}', nullable=False))

    with op.batch_alter_table('mentor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('class_history', sa.JSON(), server_default='{}', nullable=False))

    with op.batch_alter_table('mentoring_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('case_url', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('final_survey_done', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('partner_organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_person', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('agreement_number', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('agreement_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('agreement_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('notes', sa.String(), nullable=False, server_default=''))



def downgrade() -> None:
    with op.batch_alter_table('partner_organization', schema=None) as batch_op:
        batch_op.drop_column('notes')
        batch_op.drop_column('agreement_until')
        batch_op.drop_column('agreement_date')
        batch_op.drop_column('agreement_number')
        batch_op.drop_column('contact_person')

    with op.batch_alter_table('mentoring_group', schema=None) as batch_op:
        batch_op.drop_column('final_survey_done')
        batch_op.drop_column('case_url')
        batch_op.drop_column('results')

    with op.batch_alter_table('mentor', schema=None) as batch_op:
        batch_op.drop_column('class_history')

    with op.batch_alter_table('mentee', schema=None) as batch_op:
        batch_op.drop_column('class_history')

    op.drop_table('year_rollover')
    with op.batch_alter_table('roadmap_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_item_academic_year'))

    op.drop_table('roadmap_item')
