"""a scale read from a form's worded answers: which end is best, confirmed by the coordinator before publishing

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0040'
down_revision = '0039'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('questions') as batch_op:
        batch_op.add_column(sa.Column('best_end_confirmed', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('questions') as batch_op:
        batch_op.drop_column('best_end_confirmed')
