"""questionnaire versions: drafts and published versions, whose they are and what they were made from

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every questionnaire loaded so far was asked as it is: published.
    with op.batch_alter_table('questionnaires') as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=10), server_default='published', nullable=False))
        batch_op.add_column(sa.Column('published_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('based_on_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_questionnaires_organisation_id_organisations'),
                                    'organisations', ['organisation_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_questionnaires_based_on_id_questionnaires'),
                                    'questionnaires', ['based_on_id'], ['id'])
        batch_op.create_check_constraint(batch_op.f('ck_questionnaires_state'), "state IN ('draft', 'published')")


def downgrade() -> None:
    with op.batch_alter_table('questionnaires') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_questionnaires_state'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_questionnaires_based_on_id_questionnaires'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_questionnaires_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_column('based_on_id')
        batch_op.drop_column('organisation_id')
        batch_op.drop_column('published_at')
        batch_op.drop_column('state')
