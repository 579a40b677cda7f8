import re

import pytest

from mina_svar import create_app


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_init_is_safe_to_run_twice(runner):
    for _ in range(2):
        result = runner.invoke(args=["init"])
        assert result.exit_code == 0, result.output
        assert "Läget questionnaire is loaded" in result.output


def test_demo_prints_where_to_go_and_reuses_what_it_made(runner):
    first = runner.invoke(args=["demo", "--base-url", "http://example.test:8000/"])
    assert first.exit_code == 0, first.output
    code = re.search(r"Join code\s+([A-Z0-9]{6})", first.output).group(1)
    assert f"http://example.test:8000/j/{code}" in first.output
    assert "ledare@example.org / demo-ledare" in first.output
    assert "samordnare@example.org / demo-samordnare" in first.output
    again = runner.invoke(args=["demo"])
    assert f"Join code              {code}" in again.output


def test_measurements_lists_code_state_and_completed(app, runner, client):
    assert "No measurements yet." in runner.invoke(args=["measurements"]).output
    code = re.search(r"Join code\s+(\w+)", runner.invoke(args=["demo"]).output).group(1)
    from .test_respond import _start

    token = _start(client, code)
    assert client.post(f"/j/{code}/finish", data={"csrf_token": token}).status_code < 400
    lines = runner.invoke(args=["measurements"]).output.strip().splitlines()
    assert re.fullmatch(r"[A-Z0-9]{6}\s+closed\s+36 completed\s+Fritidsgården · Läget 1 – Hösten 2026", lines[0])
    assert re.fullmatch(rf"{code}\s+open\s+1 completed\s+Demogruppen · Läget – demo", lines[1])


def test_secret_key_is_required_outside_development(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("MINA_SVAR_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert create_app().config["SECRET_KEY"] == "from-the-environment"
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    development = create_app()
    assert len(development.config["SECRET_KEY"]) == 64
    assert create_app().config["SECRET_KEY"] == development.config["SECRET_KEY"]
