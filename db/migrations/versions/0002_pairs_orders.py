"""Pairs and groups: status details, order register, banned matches, individual plans (ИПР).

Revision ID: 0002_pairs_orders
Revises: 0001_initial
Create Date: 2026-11-26 05:12:39.609393
"""

from alembic import op
import sqlalchemy as sa


revision = '0002_pairs_orders'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mentoring_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('number', sa.String(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('academic_year', sa.String(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number', 'date'),
    sa.UniqueConstraint('uuid')
    )
    op.create_table('banned_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mentee_id'], ['mentee.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['mentor.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('mentee_id', 'mentor_id')
    )
    with op.batch_alter_table('banned_match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_banned_match_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_banned_match_mentor_id'), ['mentor_id'], unique=False)

    op.create_table('order_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('change', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['mentoring_group.id'], ),
    sa.ForeignKeyConstraint(['order_id'], ['mentoring_order.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('order_id', 'group_id')
    )
    with op.batch_alter_table('order_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_group_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_group_order_id'), ['order_id'], unique=False)

    op.create_table('plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('goal', sa.String(), nullable=False),
    sa.Column('task', sa.String(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('done_date', sa.Date(), nullable=True),
    sa.Column('result', sa.String(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['mentoring_group.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentee_id'], ['mentee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_item_mentee_id'), ['mentee_id'], unique=False)

    with op.batch_alter_table('mentoring_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_reason', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('status_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('source', sa.String(), nullable=False, server_default='manual'))
        batch_op.add_column(sa.Column('pinned', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('over_capacity_note', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('order_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=False,
                                      server_default=sa.text('CURRENT_TIMESTAMP')))
        batch_op.create_index(batch_op.f('ix_mentoring_group_order_id'), ['order_id'], unique=False)
        batch_op.create_foreign_key('fk_mentoring_group_order_id', 'mentoring_order', ['order_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('mentoring_group', schema=None) as batch_op:
        batch_op.drop_constraint('fk_mentoring_group_order_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_mentoring_group_order_id'))
        batch_op.drop_column('updated_at')
        batch_op.drop_column('order_id')
        batch_op.drop_column('over_capacity_note')
        batch_op.drop_column('pinned')
        batch_op.drop_column('source')
        batch_op.drop_column('status_date')
        batch_op.drop_column('status_reason')

    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_mentee_id'))
        batch_op.drop_index(batch_op.f('ix_plan_item_group_id'))

    op.drop_table('plan_item')
    with op.batch_alter_table('order_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_group_order_id'))
        batch_op.drop_index(batch_op.f('ix_order_group_group_id'))

    op.drop_table('order_group')
    with op.batch_alter_table('banned_match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_banned_match_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_banned_match_mentee_id'))

    op.drop_table('banned_match')
    op.drop_table('mentoring_order')
    
