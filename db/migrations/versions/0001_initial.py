"""Initial schema: school, reference lists, settings, bases, consents, pairs.

Revision ID: 0001_initial
Revises: 
Create Date: 2026-11-26 04:01:26.966138
"""

from alembic import op
import sqlalchemy as sa


revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('mentee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('last_name', sa.String(), nullable=False),
    sa.Column('first_name', sa.String(), nullable=False),
    sa.Column('middle_name', sa.String(), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(), nullable=False),
    sa.Column('group_name', sa.String(), nullable=False),
    sa.Column('experience_years', sa.Float(), nullable=True),
    sa.Column('contacts', sa.String(), nullable=False),
    sa.Column('representative', sa.String(), nullable=False),
    sa.Column('requests', sa.JSON(), nullable=False),
    sa.Column('request_text', sa.String(), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=True),
    sa.Column('exit_date', sa.Date(), nullable=True),
    sa.Column('results', sa.String(), nullable=False),
    sa.Column('case_url', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('notes', sa.String(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    op.create_table('partner_organization',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('contact', sa.String(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name'),
    sa.UniqueConstraint('uuid')
    )
    op.create_table('reference_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('list_code', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('parent', sa.String(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('list_code', 'parent', 'name'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('reference_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reference_item_list_code'), ['list_code'], unique=False)

    op.create_table('school',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('full_name', sa.String(), nullable=False),
    sa.Column('short_name', sa.String(), nullable=False),
    sa.Column('municipality', sa.String(), nullable=False),
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('director_name', sa.String(), nullable=False),
    sa.Column('director_position', sa.String(), nullable=False),
    sa.Column('curator_name', sa.String(), nullable=False),
    sa.Column('curator_contact', sa.String(), nullable=False),
    sa.Column('regulation_number', sa.String(), nullable=False),
    sa.Column('regulation_date', sa.Date(), nullable=True),
    sa.Column('academic_year', sa.String(), nullable=False),
    sa.Column('pseudonym_secret', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    op.create_table('setting',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('mentor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('last_name', sa.String(), nullable=False),
    sa.Column('first_name', sa.String(), nullable=False),
    sa.Column('middle_name', sa.String(), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(), nullable=False),
    sa.Column('group_name', sa.String(), nullable=False),
    sa.Column('workplace', sa.String(), nullable=False),
    sa.Column('experience_years', sa.Float(), nullable=True),
    sa.Column('contacts', sa.String(), nullable=False),
    sa.Column('competencies', sa.JSON(), nullable=False),
    sa.Column('achievements', sa.String(), nullable=False),
    sa.Column('interests', sa.String(), nullable=False),
    sa.Column('desired_age_min', sa.Integer(), nullable=True),
    sa.Column('desired_age_max', sa.Integer(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('training_date', sa.Date(), nullable=True),
    sa.Column('training_document', sa.String(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('entry_date', sa.Date(), nullable=True),
    sa.Column('results', sa.String(), nullable=False),
    sa.Column('case_url', sa.String(), nullable=False),
    sa.Column('photo_url', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('notes', sa.String(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner_organization.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    op.create_table('consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=True),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('signer', sa.String(), nullable=False),
    sa.Column('representative_name', sa.String(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['mentee_id'], ['mentee.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['mentor.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_mentor_id'), ['mentor_id'], unique=False)

    op.create_table('mentoring_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(), nullable=False),
    sa.Column('role_model', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('goal', sa.String(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('planned_end_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mentor_id'], ['mentor.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('mentoring_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_group_mentor_id'), ['mentor_id'], unique=False)

    op.create_table('group_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['mentoring_group.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentee_id'], ['mentee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('group_id', 'mentee_id')
    )
    with op.batch_alter_table('group_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_member_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_member_mentee_id'), ['mentee_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('group_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_member_mentee_id'))
        batch_op.drop_index(batch_op.f('ix_group_member_group_id'))

    op.drop_table('group_member')
    with op.batch_alter_table('mentoring_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_group_mentor_id'))

    op.drop_table('mentoring_group')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_consent_mentee_id'))

    op.drop_table('consent')
    op.drop_table('mentor')
    op.drop_table('setting')
    op.drop_table('school')
    with op.batch_alter_table('reference_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reference_item_list_code'))

    op.drop_table('reference_item')
    op.drop_table('partner_organization')
    op.drop_table('mentee')
    
