"""partners and the steering group as roles; who is responsible for an activity; who made a win

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def _roles(allowed: str) -> None:
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
    with op.batch_alter_table('users') as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), f"role IN ({allowed})")


def upgrade() -> None:
    _roles("'leader', 'coordinator', 'evaluator', 'partner', 'steering'")
    with op.batch_alter_table('activities') as batch_op:
        batch_op.add_column(sa.Column('responsible_person', sa.String(length=200), nullable=False, server_default=''))
    with op.batch_alter_table('activity_wins') as batch_op:
        batch_op.add_column(sa.Column('made_by', sa.String(length=20), nullable=False, server_default='group'))
        batch_op.add_column(sa.Column('made_by_organisation_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('activity_wins') as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_activity_wins_made_by_organisation_id_organisations'),
                                    'organisations', ['made_by_organisation_id'], ['id'])
        batch_op.create_check_constraint(batch_op.f('ck_activity_wins_made_by'),
                                         "made_by IN ('group', 'young_people', 'partner')")
        batch_op.create_check_constraint(batch_op.f('ck_activity_wins_partner_named'),
                                         "(made_by = 'partner') = (made_by_organisation_id IS NOT NULL)")


def downgrade() -> None:
    with op.batch_alter_table('activity_wins') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_activity_wins_partner_named'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_activity_wins_made_by'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_activity_wins_made_by_organisation_id_organisations'),
                                 type_='foreignkey')
        batch_op.drop_column('made_by_organisation_id')
        batch_op.drop_column('made_by')
    with op.batch_alter_table('activities') as batch_op:
        batch_op.drop_column('responsible_person')
    op.execute("UPDATE users SET active = false WHERE role IN ('partner', 'steering')")
    op.execute("UPDATE users SET role = 'leader' WHERE role IN ('partner', 'steering')")
    _roles("'leader', 'coordinator', 'evaluator'")
