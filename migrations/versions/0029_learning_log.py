"""the learning log: what was tried, what happened, what was learned and what changes

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'learning_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('written_on', sa.Date(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('tried', sa.Text(), nullable=False),
        sa.Column('happened', sa.Text(), nullable=False),
        sa.Column('learned', sa.Text(), nullable=False),
        sa.Column('changing', sa.Text(), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=True),
        sa.Column('activity_id', sa.Integer(), nullable=True),
        sa.Column('cycle_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_learning_entries_author_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_learning_entries_goal_id_goals'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['activity_id'], ['activities.id'],
                                name=op.f('fk_learning_entries_activity_id_activities'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_learning_entries_cycle_id_cycles'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_entries')),
    )
    op.create_index(op.f('ix_learning_entries_written_on'), 'learning_entries', ['written_on'])
    op.create_index(op.f('ix_learning_entries_goal_id'), 'learning_entries', ['goal_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_learning_entries_goal_id'), table_name='learning_entries')
    op.drop_index(op.f('ix_learning_entries_written_on'), table_name='learning_entries')
    op.drop_table('learning_entries')
