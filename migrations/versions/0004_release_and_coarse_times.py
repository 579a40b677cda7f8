"""released responses, the day a response was sent, random answer ids, contributor tallies,
sessions that end on signing out

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('released', sa.Boolean(), nullable=False, server_default=sa.false()))
    # Only the day is kept; responses of closed measurements count as released
    # (they were shown before), and an open measurement shows nothing until closed.
    day = "date(completed_at)" if op.get_bind().dialect.name == "sqlite" else "CAST(completed_at AS DATE)"
    op.execute(f"UPDATE responses SET sent_on = {day} WHERE completed_at IS NOT NULL")
    op.execute("UPDATE responses SET released = (completed_at IS NOT NULL AND measurement_id IN "
               "(SELECT id FROM measurements WHERE state = 'closed'))")
    op.execute("DELETE FROM answer_tallies WHERE measurement_id IN (SELECT id FROM measurements WHERE state = 'open')")
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.alter_column('released', server_default=None)
        batch_op.drop_column('completed_at')
        batch_op.drop_column('started_at')

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_id', sa.String(length=24), nullable=True))
    answers = sa.table('answers', sa.column('id', sa.Integer), sa.column('public_id', sa.String))
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.select(answers.c.id))]
    for answer_id in ids:
        connection.execute(answers.update().where(answers.c.id == answer_id)
                           .values(public_id=secrets.token_urlsafe(12)))
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.alter_column('public_id', existing_type=sa.String(length=24), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_answers_public_id'), ['public_id'])

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('session_generation', server_default=None)

    # Joint-session phones and their texts keep no time either.
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('joined_at')
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_column('created_at')

    op.create_table('contributor_tallies',
    sa.Column('measurement_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=120), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['measurement_id'], ['measurements.id'], name=op.f('fk_contributor_tallies_measurement_id_measurements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measurement_id', 'scope', name=op.f('pk_contributor_tallies'))
    )
    for scope, grouped in (
        ("f.key", "f.key"),
        ("f.key || '.' || i.key", "f.key, i.key"),
    ):
        op.execute(
            "INSERT INTO contributor_tallies (measurement_id, scope, n) "
            f"SELECT r.measurement_id, {scope}, count(DISTINCT r.id) "
            "FROM answers a JOIN responses r ON r.id = a.response_id JOIN questions q ON q.id = a.question_id "
            "JOIN indicators i ON i.id = q.indicator_id JOIN focus_areas f ON f.id = i.focus_area_id "
            "WHERE r.released AND a.value IS NOT NULL "
            f"GROUP BY r.measurement_id, {grouped}"
        )


def downgrade() -> None:
    op.drop_table('contributor_tallies')
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joined_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_answers_public_id'), type_='unique')
        batch_op.drop_column('public_id')
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_column('released')
        batch_op.drop_column('sent_on')
