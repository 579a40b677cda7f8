"""feedback on each activity from the young people's phones, by the activity's own link

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('activities') as batch_op:
        batch_op.add_column(sa.Column('feedback_code', sa.String(length=12), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_activities_feedback_code'), ['feedback_code'])
    op.create_table('activity_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('face', sa.Integer(), nullable=False),
    sa.Column('word', sa.Text(), nullable=True),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.CheckConstraint('face IN (1, 2, 3, 4, 5)', name=op.f('ck_activity_feedback_face')),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'],
                            name=op.f('fk_activity_feedback_activity_id_activities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_feedback')),
    sa.UniqueConstraint('activity_id', 'token', name=op.f('uq_activity_feedback_activity_id'))
    )
    op.create_index(op.f('ix_activity_feedback_activity_id'), 'activity_feedback', ['activity_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_activity_feedback_activity_id'), table_name='activity_feedback')
    op.drop_table('activity_feedback')
    with op.batch_alter_table('activities') as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_activities_feedback_code'), type_='unique')
        batch_op.drop_column('feedback_code')
