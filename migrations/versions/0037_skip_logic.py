"""a question asked only when an earlier answer says so (an XLSForm's relevant)

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0037'
down_revision = '0036'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('questions') as batch_op:
        batch_op.add_column(sa.Column('shown_if', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('questions') as batch_op:
        batch_op.drop_column('shown_if')
