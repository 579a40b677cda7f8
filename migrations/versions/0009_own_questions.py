"""a group's own questions: up to five per cycle, and the versions that add them to a questionnaire

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cycle_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.JSON(), nullable=False),
    sa.Column('scale', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('position BETWEEN 1 AND 5', name=op.f('ck_cycle_questions_position')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_cycle_questions_cycle_id_cycles'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_questions')),
    sa.UniqueConstraint('cycle_id', 'position', name=op.f('uq_cycle_questions_cycle_id'))
    )
    with op.batch_alter_table('questionnaires') as batch_op:
        batch_op.add_column(sa.Column('cycle_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_questionnaires_cycle_id_cycles'), 'cycles', ['cycle_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('questionnaires') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_questionnaires_cycle_id_cycles'), type_='foreignkey')
        batch_op.drop_column('cycle_id')
    op.drop_table('cycle_questions')
