"""a goal's key figure can follow a public statistics series

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('key_figures') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_key_figures_kind'), type_='check')
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('key_figures') as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_key_figures_series_id_statistic_series'), 'statistic_series',
                                    ['series_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_key_figures_series_id'), ['series_id'])
        batch_op.create_check_constraint(batch_op.f('ck_key_figures_kind'), "kind IN ('laget', 'statistic')")
        batch_op.create_check_constraint(batch_op.f('ck_key_figures_series_of_statistic'),
                                         "(kind = 'statistic') = (series_id IS NOT NULL)")


def downgrade() -> None:
    op.execute("DELETE FROM key_figures WHERE kind = 'statistic'")
    with op.batch_alter_table('key_figures') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_key_figures_series_of_statistic'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_key_figures_kind'), type_='check')
        batch_op.drop_index(batch_op.f('ix_key_figures_series_id'))
        batch_op.drop_constraint(batch_op.f('fk_key_figures_series_id_statistic_series'), type_='foreignkey')
        batch_op.drop_column('series_id')
    with op.batch_alter_table('key_figures') as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_key_figures_kind'), "kind IN ('laget')")
