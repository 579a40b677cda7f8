"""what did not come across from an uploaded form, listed on its draft's page

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('questionnaires') as batch_op:
        batch_op.add_column(sa.Column('left_out', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('questionnaires') as batch_op:
        batch_op.drop_column('left_out')
