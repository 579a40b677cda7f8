"""a young person's idea is an idea, not the group's decision (the approved ideas of a joint analysis were kept
as "decision"); an activity says which priority or idea it was made from, and which needs it answers

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conclusions') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_conclusions_kind'), type_='check')
    # Only approved ideas from the phones were ever kept as "decision".
    op.execute("UPDATE conclusions SET kind = 'idea' WHERE kind = 'decision'")
    with op.batch_alter_table('conclusions') as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_conclusions_kind'),
                                         "kind IN ('interpretation', 'priority', 'idea')")
    with op.batch_alter_table('activities') as batch_op:
        batch_op.add_column(sa.Column('from_conclusion_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_activities_from_conclusion_id_conclusions'), 'conclusions',
                                    ['from_conclusion_id'], ['id'], ondelete='SET NULL')
        batch_op.create_unique_constraint(batch_op.f('uq_activities_from_conclusion_id'), ['from_conclusion_id'])
        batch_op.add_column(sa.Column('need_ids', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('activities') as batch_op:
        batch_op.drop_column('need_ids')
        batch_op.drop_constraint(batch_op.f('uq_activities_from_conclusion_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_activities_from_conclusion_id_conclusions'), type_='foreignkey')
        batch_op.drop_column('from_conclusion_id')
    with op.batch_alter_table('conclusions') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_conclusions_kind'), type_='check')
    op.execute("UPDATE conclusions SET kind = 'decision' WHERE kind = 'idea'")
    with op.batch_alter_table('conclusions') as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_conclusions_kind'),
                                         "kind IN ('interpretation', 'priority', 'decision')")
