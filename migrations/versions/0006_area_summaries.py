"""each released measurement's figure per focus area, kept for the coordinator's overview (a cache)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Starts empty: the overview fills it the first time it needs a measurement's figures.
    op.create_table('area_summaries',
    sa.Column('measurement_id', sa.Integer(), nullable=False),
    sa.Column('area_key', sa.String(length=50), nullable=False),
    sa.Column('minimum', sa.Integer(), nullable=False),
    sa.Column('respondents', sa.Integer(), nullable=False),
    sa.Column('shown', sa.Boolean(), nullable=False),
    sa.Column('value', sa.Double(), nullable=True),
    sa.ForeignKeyConstraint(['measurement_id'], ['measurements.id'], name=op.f('fk_area_summaries_measurement_id_measurements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measurement_id', 'area_key', name=op.f('pk_area_summaries'))
    )


def downgrade() -> None:
    op.drop_table('area_summaries')
