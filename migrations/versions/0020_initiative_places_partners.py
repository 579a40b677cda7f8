"""the initiative: its name and purpose, its places (each group belongs to one), and its partners' sector and
contact person

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

SECTORS = ("work", "housing", "health", "leisure", "education", "democracy")


def upgrade() -> None:
    op.create_table(
        'initiatives',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('purpose', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_initiatives')),
    )
    op.create_table(
        'places',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_places')),
        sa.UniqueConstraint('name', name=op.f('uq_places_name')),
    )
    with op.batch_alter_table('organisations') as batch_op:
        batch_op.add_column(sa.Column('sector', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=320), nullable=False, server_default=''))
        batch_op.create_check_constraint('sector', f"sector IS NULL OR sector IN {SECTORS}")
    with op.batch_alter_table('groups') as batch_op:
        batch_op.add_column(sa.Column('place_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_groups_place_id'), ['place_id'])
        batch_op.create_foreign_key(batch_op.f('fk_groups_place_id_places'), 'places', ['place_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('groups') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_groups_place_id_places'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_groups_place_id'))
        batch_op.drop_column('place_id')
    with op.batch_alter_table('organisations') as batch_op:
        batch_op.drop_constraint('sector', type_='check')
        batch_op.drop_column('contact_email')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('sector')
    op.drop_table('places')
    op.drop_table('initiatives')
