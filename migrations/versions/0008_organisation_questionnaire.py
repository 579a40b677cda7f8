"""the questionnaire an organisation's groups measure with (none: the shipped Läget)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organisations') as batch_op:
        batch_op.add_column(sa.Column('questionnaire_key', sa.String(length=50), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('organisations') as batch_op:
        batch_op.drop_column('questionnaire_key')
