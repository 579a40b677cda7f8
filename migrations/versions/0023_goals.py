"""the initiative's goals: a result in plain words, key figures with a baseline and a target, dated notes
beside the curve, and partners with a role

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'goals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('result', sa.Text(), nullable=False),
        sa.Column('focus_area_key', sa.String(length=50), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_goals')),
    )
    op.create_table(
        'key_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('figure_key', sa.String(length=101), nullable=False),
        sa.Column('place_id', sa.Integer(), nullable=True),
        sa.Column('baseline_value', sa.Double(), nullable=False),
        sa.Column('baseline_on', sa.Date(), nullable=False),
        sa.Column('target_value', sa.Double(), nullable=False),
        sa.Column('target_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('laget')", name=op.f('ck_key_figures_kind')),
        sa.CheckConstraint("target_on > baseline_on", name=op.f('ck_key_figures_target_after_baseline')),
        sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_key_figures_goal_id_goals'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_key_figures_place_id_places')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_key_figures')),
    )
    op.create_index(op.f('ix_key_figures_goal_id'), 'key_figures', ['goal_id'])
    op.create_table(
        'goal_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('written_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('story', 'what_works', 'doing')", name=op.f('ck_goal_notes_kind')),
        sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_notes_goal_id_goals'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_notes')),
    )
    op.create_index(op.f('ix_goal_notes_goal_id'), 'goal_notes', ['goal_id'])
    op.create_table(
        'goal_partners',
        sa.Column('goal_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_partners_goal_id_goals'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_goal_partners_organisation_id_organisations')),
        sa.PrimaryKeyConstraint('goal_id', 'organisation_id', name=op.f('pk_goal_partners')),
    )


def downgrade() -> None:
    op.drop_table('goal_partners')
    op.drop_index(op.f('ix_goal_notes_goal_id'), table_name='goal_notes')
    op.drop_table('goal_notes')
    op.drop_index(op.f('ix_key_figures_goal_id'), table_name='key_figures')
    op.drop_table('key_figures')
    op.drop_table('goals')
