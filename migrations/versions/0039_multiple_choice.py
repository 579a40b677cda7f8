"""multiple-choice questions: a question of kind "multiple", its answer the options chosen, counted per option

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-06
"""

from alembic import op

revision = '0039'
down_revision = '0038'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('questions') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_questions_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_questions_kind'),
                                         "kind IN ('scale', 'open', 'choice', 'multiple')")


def downgrade() -> None:
    with op.batch_alter_table('questions') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_questions_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_questions_kind'), "kind IN ('scale', 'open', 'choice')")
