"""a form's note between questions, shown before the question that follows it

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0038'
down_revision = '0037'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('questions') as batch_op:
        batch_op.add_column(sa.Column('lead_in', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('questions') as batch_op:
        batch_op.drop_column('lead_in')
