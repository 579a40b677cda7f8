"""what came of an activity, noted as it happens

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activity_wins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_activity_wins_activity_id_activities'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_wins'))
    )
    op.create_index(op.f('ix_activity_wins_activity_id'), 'activity_wins', ['activity_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_activity_wins_activity_id'), table_name='activity_wins')
    op.drop_table('activity_wins')
