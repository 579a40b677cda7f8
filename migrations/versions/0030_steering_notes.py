"""the steering group's own dated notes and decisions

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'steering_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('written_on', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('question', sa.String(length=20), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('note', 'decision')", name=op.f('ck_steering_notes_kind')),
        sa.CheckConstraint("question IS NULL OR question IN ('time', 'connections', 'actors', 'successes', "
                           "'learning')", name=op.f('ck_steering_notes_question')),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_steering_notes_author_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_steering_notes')),
    )
    op.create_index(op.f('ix_steering_notes_written_on'), 'steering_notes', ['written_on'])


def downgrade() -> None:
    op.drop_index(op.f('ix_steering_notes_written_on'), table_name='steering_notes')
    op.drop_table('steering_notes')
