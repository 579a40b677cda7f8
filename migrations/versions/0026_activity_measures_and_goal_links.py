"""activities and cycles linked to the initiative's goals; an activity's sessions; activity key figures

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('activities') as batch_op:
        batch_op.add_column(sa.Column('sessions', sa.Integer(), nullable=True))
    for table, owner, owners in (('activity_goals', 'activity', 'activities'), ('cycle_goals', 'cycle', 'cycles')):
        op.create_table(
            table,
            sa.Column(f'{owner}_id', sa.Integer(), nullable=False),
            sa.Column('goal_id', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint([f'{owner}_id'], [f'{owners}.id'], name=op.f(f'fk_{table}_{owner}_id_{owners}'),
                                    ondelete='CASCADE'),
            sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f(f'fk_{table}_goal_id_goals'),
                                    ondelete='CASCADE'),
            sa.PrimaryKeyConstraint(f'{owner}_id', 'goal_id', name=op.f(f'pk_{table}')),
        )
        op.create_index(op.f(f'ix_{table}_goal_id'), table, ['goal_id'])
    with op.batch_alter_table('key_figures') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_key_figures_kind'), type_='check')
    with op.batch_alter_table('key_figures') as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_key_figures_kind'),
                                         "kind IN ('laget', 'statistic', 'activity')")


def downgrade() -> None:
    op.execute("DELETE FROM key_figures WHERE kind = 'activity'")
    with op.batch_alter_table('key_figures') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_key_figures_kind'), type_='check')
    with op.batch_alter_table('key_figures') as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_key_figures_kind'), "kind IN ('laget', 'statistic')")
    for table in ('cycle_goals', 'activity_goals'):
        op.drop_index(op.f(f'ix_{table}_goal_id'), table_name=table)
        op.drop_table(table)
    with op.batch_alter_table('activities') as batch_op:
        batch_op.drop_column('sessions')
