"""a routine Läget: a round a coordinator opens for every group at once, outside the cycles, and closes for all

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'rounds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rounds')),
        sa.UniqueConstraint('title', name=op.f('uq_rounds_title')),
    )
    with op.batch_alter_table('measurements') as batch_op:
        batch_op.add_column(sa.Column('round_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_measurements_round_id'), ['round_id'])
        batch_op.create_foreign_key(batch_op.f('fk_measurements_round_id_rounds'), 'rounds', ['round_id'], ['id'])
        batch_op.create_unique_constraint(batch_op.f('uq_measurements_round_id'), ['round_id', 'group_id'])


def downgrade() -> None:
    with op.batch_alter_table('measurements') as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_measurements_round_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_measurements_round_id_rounds'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_measurements_round_id'))
        batch_op.drop_column('round_id')
    op.drop_table('rounds')
