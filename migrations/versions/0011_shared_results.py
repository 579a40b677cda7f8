"""the group's results shared with the young people: which focus areas and which approved open answers

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shared_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measurement_id', sa.Integer(), nullable=False),
    sa.Column('focus_area_keys', sa.JSON(), nullable=False),
    sa.Column('answer_ids', sa.JSON(), nullable=False),
    sa.Column('shared_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['measurement_id'], ['measurements.id'],
                            name=op.f('fk_shared_results_measurement_id_measurements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_results')),
    sa.UniqueConstraint('measurement_id', name=op.f('uq_shared_results_measurement_id'))
    )


def downgrade() -> None:
    op.drop_table('shared_results')
