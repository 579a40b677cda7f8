"""an evaluator's account: reads the initiative's data, changes nothing

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06
"""

from alembic import op

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def _roles(allowed: str) -> None:
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_users_role'), type_='check')
    with op.batch_alter_table('users') as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_users_role'), f"role IN ({allowed})")


def upgrade() -> None:
    _roles("'leader', 'coordinator', 'evaluator'")


def downgrade() -> None:
    op.execute("UPDATE users SET active = false WHERE role = 'evaluator'")
    op.execute("UPDATE users SET role = 'leader' WHERE role = 'evaluator'")
    _roles("'leader', 'coordinator'")
