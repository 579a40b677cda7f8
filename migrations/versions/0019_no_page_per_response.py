"""a response no longer keeps the page its phone last showed: going on starts from its answers, and opening a
page writes nothing

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('responses') as batch_op:
        batch_op.drop_column('page')


def downgrade() -> None:
    with op.batch_alter_table('responses') as batch_op:
        batch_op.add_column(sa.Column('page', sa.Integer(), nullable=False, server_default='0'))
