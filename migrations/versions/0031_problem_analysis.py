"""a need's joint problem analysis: root causes, what is known and not, who is part of it, its evidence

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None

TEXTS = ('root_causes', 'known', 'unknown', 'part_of_problem', 'evidence_words')


def upgrade() -> None:
    with op.batch_alter_table('needs') as batch_op:
        for name in TEXTS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('evidence_figure', sa.String(length=101), nullable=True))
        batch_op.add_column(sa.Column('evidence_series_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('needs') as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_needs_evidence_series_id_statistic_series'), 'statistic_series',
                                    ['evidence_series_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('needs') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_needs_evidence_series_id_statistic_series'), type_='foreignkey')
        batch_op.drop_column('evidence_series_id')
        batch_op.drop_column('evidence_figure')
        for name in reversed(TEXTS):
            batch_op.drop_column(name)
