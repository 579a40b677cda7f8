"""a phone's guess of how a slide's figure turned out, before the joint analysis shows it

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('guesses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('slide_key', sa.String(length=120), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.CheckConstraint("level IN ('well', 'fairly_well', 'not_so_well', 'badly')", name=op.f('ck_guesses_level')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                            name=op.f('fk_guesses_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['analysis_sessions.id'],
                            name=op.f('fk_guesses_session_id_analysis_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guesses')),
    sa.UniqueConstraint('participant_id', 'slide_key', name=op.f('uq_guesses_participant_id'))
    )
    with op.batch_alter_table('guesses') as batch_op:
        batch_op.create_index(batch_op.f('ix_guesses_session_id'), ['session_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('guesses') as batch_op:
        batch_op.drop_index(batch_op.f('ix_guesses_session_id'))
    op.drop_table('guesses')
