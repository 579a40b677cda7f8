"""the young people propose what Läget should ask and support ideas; a coordinator adopts them

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contributions') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_contributions_kind'), type_='check')
        batch_op.add_column(sa.Column('adopted_into', sa.String(length=20), nullable=True))
    with op.batch_alter_table('contributions') as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_contributions_kind'),
                                         "kind IN ('interpretation', 'idea', 'proposal')")
        batch_op.create_check_constraint(batch_op.f('ck_contributions_adopted_into'),
                                         "adopted_into IS NULL OR adopted_into IN ('questionnaire', 'plan')")
    op.create_table(
        'idea_supports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contribution_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['contribution_id'], ['contributions.id'],
                                name=op.f('fk_idea_supports_contribution_id_contributions'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_idea_supports_participant_id_participants'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_supports')),
        sa.UniqueConstraint('contribution_id', 'participant_id', name=op.f('uq_idea_supports_contribution_id')),
    )
    op.create_index(op.f('ix_idea_supports_contribution_id'), 'idea_supports', ['contribution_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_idea_supports_contribution_id'), table_name='idea_supports')
    op.drop_table('idea_supports')
    op.execute("DELETE FROM contributions WHERE kind = 'proposal'")
    with op.batch_alter_table('contributions') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_contributions_adopted_into'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_contributions_kind'), type_='check')
        batch_op.drop_column('adopted_into')
    with op.batch_alter_table('contributions') as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_contributions_kind'), "kind IN ('interpretation', 'idea')")
