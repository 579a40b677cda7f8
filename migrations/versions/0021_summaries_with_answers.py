"""kept summaries hold each shown figure's number of answers and the indicators' figures too, for the
initiative's pooled results; the summaries kept so far are made again when next needed

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM area_summaries")  # a cache: made again, with the answers, when next needed
    with op.batch_alter_table('area_summaries') as batch_op:
        batch_op.add_column(sa.Column('answers', sa.Integer(), nullable=False, server_default='0'))
        # An indicator's key: its area's and its own, 50 characters each, and the dot between.
        batch_op.alter_column('area_key', existing_type=sa.String(length=50), type_=sa.String(length=101))


def downgrade() -> None:
    op.execute("DELETE FROM area_summaries")
    with op.batch_alter_table('area_summaries') as batch_op:
        batch_op.alter_column('area_key', existing_type=sa.String(length=101), type_=sa.String(length=50))
        batch_op.drop_column('answers')
