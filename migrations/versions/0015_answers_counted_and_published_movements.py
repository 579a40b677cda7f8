"""an answer is counted in the results on its own (late answers are counted question by question, when
enough to each have come in); the figures a release hid, which stay hidden; the movement of matched pairs as
last published

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('answers') as batch_op:
        batch_op.add_column(sa.Column('counted', sa.Boolean(), nullable=False, server_default=sa.false()))
    # Until now every answer of a released response was counted.
    op.execute("UPDATE answers SET counted = TRUE WHERE response_id IN (SELECT id FROM responses WHERE released)")
    op.create_table('hidden_figures',
    sa.Column('measurement_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.ForeignKeyConstraint(['measurement_id'], ['measurements.id'],
                            name=op.f('fk_hidden_figures_measurement_id_measurements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measurement_id', 'key', name=op.f('pk_hidden_figures'))
    )
    op.create_table('published_movements',
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('area_key', sa.String(length=50), nullable=False),
    sa.Column('minimum', sa.Integer(), nullable=False),
    sa.Column('pairs', sa.Integer(), nullable=False),
    sa.Column('up', sa.Integer(), nullable=False),
    sa.Column('stayed', sa.Integer(), nullable=False),
    sa.Column('down', sa.Integer(), nullable=False),
    sa.Column('mean_change', sa.Double(), nullable=False),
    sa.Column('margin', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_published_movements_cycle_id_cycles'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cycle_id', 'area_key', name=op.f('pk_published_movements'))
    )


def downgrade() -> None:
    op.drop_table('published_movements')
    op.drop_table('hidden_figures')
    with op.batch_alter_table('answers') as batch_op:
        batch_op.drop_column('counted')
