"""background questions: a question of kind "choice", its options unordered and never scored

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('questions') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_questions_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_questions_kind'), "kind IN ('scale', 'open', 'choice')")


def downgrade() -> None:
    with op.batch_alter_table('questions') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_questions_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_questions_kind'), "kind IN ('scale', 'open')")
