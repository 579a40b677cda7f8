"""public statistics beside Läget: series by area and period, with their source and date

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'statistic_series',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('unit', sa.String(length=100), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('published_on', sa.Date(), nullable=True),
        sa.Column('focus_area_key', sa.String(length=50), nullable=True),
        sa.Column('origin', sa.String(length=500), nullable=False),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_statistic_series')),
    )
    op.create_table(
        'statistic_values',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('series_id', sa.Integer(), nullable=False),
        sa.Column('area', sa.String(length=200), nullable=False),
        sa.Column('place_id', sa.Integer(), nullable=True),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('value', sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(['series_id'], ['statistic_series.id'],
                                name=op.f('fk_statistic_values_series_id_statistic_series'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_statistic_values_place_id_places')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_statistic_values')),
        sa.UniqueConstraint('series_id', 'area', 'period', name=op.f('uq_statistic_values_series_id')),
    )
    op.create_index(op.f('ix_statistic_values_place_id'), 'statistic_values', ['place_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_statistic_values_place_id'), table_name='statistic_values')
    op.drop_table('statistic_values')
    op.drop_table('statistic_series')
