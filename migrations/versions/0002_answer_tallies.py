"""answer tallies

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('answer_tallies',
    sa.Column('measurement_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('value', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['measurement_id'], ['measurements.id'], name=op.f('fk_answer_tallies_measurement_id_measurements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_answer_tallies_question_id_questions')),
    sa.PrimaryKeyConstraint('measurement_id', 'question_id', 'language', 'value', name=op.f('pk_answer_tallies'))
    )
    # Responses sent before this migration are tallied here.
    op.execute(
        "INSERT INTO answer_tallies (measurement_id, question_id, language, value, n) "
        "SELECT r.measurement_id, a.question_id, r.language, CASE WHEN a.dont_know THEN 0 ELSE a.value END, count(*) "
        "FROM answers a JOIN responses r ON r.id = a.response_id "
        "WHERE r.completed_at IS NOT NULL AND a.text IS NULL AND (a.value IS NOT NULL OR a.dont_know) "
        "GROUP BY r.measurement_id, a.question_id, r.language, CASE WHEN a.dont_know THEN 0 ELSE a.value END"
    )


def downgrade() -> None:
    op.drop_table('answer_tallies')
