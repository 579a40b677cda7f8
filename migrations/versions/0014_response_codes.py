"""a private code per response to follow a young person's own change, as keyed hashes; the cycle's key;
activity feedback counted in batches

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('activity_feedback') as batch_op:
        batch_op.add_column(sa.Column('released', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('cycles') as batch_op:
        batch_op.add_column(sa.Column('pairing_key', sa.String(length=64), nullable=True))
    op.create_table('response_codes',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('elements', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_response_codes_response_id_responses'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', name=op.f('pk_response_codes'))
    )


def downgrade() -> None:
    with op.batch_alter_table('activity_feedback') as batch_op:
        batch_op.drop_column('released')
    op.drop_table('response_codes')
    with op.batch_alter_table('cycles') as batch_op:
        batch_op.drop_column('pairing_key')
