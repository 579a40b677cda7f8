"""Entry point for a WSGI server: ``gunicorn wsgi:app``."""

from mina_svar import create_app

app = create_app()
