"""Mina Svar: a survey and dialogue tool for collective-impact work with young people."""

from itertools import chain
from pathlib import Path

from flask import Flask, abort, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import (
    accounts,
    assets,
    charts,
    cli,
    config,
    csrf_masks,
    db,
    errors,
    i18n,
    ids,
    in_words,
    mailing,
    question_kinds,
    skip_logic,
)
from .extensions import csrf, htmx, limiter, login_manager
from .questionnaire import StructureCache, text

ROOT = Path(__file__).resolve().parent.parent
HTMX_VERSION = "2.0.11"


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, template_folder=str(ROOT / "templates"))
    app.url_map.converters["int"] = DatabaseId
    testing = bool(test_config and test_config.get("TESTING"))
    app.config.from_mapping(config.load(app.instance_path, development=app.debug or testing))
    if test_config:
        app.config.update(test_config)

    if app.config["PROXIES"]:
        # The client's own address for the limits, behind as many proxies as configured.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXIES"], x_proto=app.config["PROXIES"])  # type: ignore[method-assign]
    db.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "account.sign_in"
    login_manager.login_message = None
    login_manager.user_loader(lambda user_id: accounts.load_user(db.session(), user_id))
    limiter.init_app(app)
    mailing.init_app(app)
    assets.init_app(app)
    csrf_masks.init_app(app, NOT_KEPT)  # after the compression's: runs before it
    app.extensions["mina_svar.structures"] = StructureCache()
    app.jinja_env.filters["tr"] = text
    app.jinja_env.filters["text_dir"] = i18n.text_direction
    app.jinja_env.filters["own"] = i18n.isolated
    app.jinja_env.filters["in_language"] = i18n.in_language
    app.jinja_env.filters["language_name"] = i18n.language_name
    app.jinja_env.filters["relevant"] = skip_logic.expression
    app.jinja_env.globals["in_locale"] = i18n.in_locale
    app.jinja_env.filters["upper_label"] = charts.upper_label
    app.jinja_env.globals.update(value_colours=charts.value_colours, scales_of=charts.scales,
                                 side_of=in_words.side, level_of=in_words.level, change_of=in_words.change)
    app.jinja_env.globals["htmx_script"] = f"vendor/htmx/htmx-{HTMX_VERSION}.min.js"
    app.jinja_env.globals["poll_every"] = _poll_every
    app.jinja_env.globals.update(kind_of=question_kinds.kind_of, chosen_in=question_kinds.chosen_in)
    app.jinja_env.tests["background_question"] = lambda question: question_kinds.kind_of(question).background
    app.jinja_env.tests["in_own_words"] = lambda question: question_kinds.kind_of(question).words

    from .account import bp as account_bp
    from .coordinate import bp as coordinate_bp
    from .digests import bp as digest_bp
    from .evaluate import bp as evaluate_bp
    from .lead import bp as lead_bp
    from .learning_log import bp as learning_bp
    from .partners import bp as partners_bp
    from .present import bp as present_bp
    from .respond import bp as respond_bp
    from .steering_group import bp as steering_bp

    for blueprint in (respond_bp, account_bp, lead_bp, coordinate_bp, evaluate_bp, partners_bp, learning_bp,
                      steering_bp, digest_bp, present_bp):
        app.register_blueprint(blueprint)
    errors.init_app(app)
    cli.init_app(app)
    app.before_request(_refuse_nul_characters)
    app.after_request(_security_headers)
    # For load balancers and for bench/: the cheapest answer the app can give.
    app.add_url_rule("/health", "health", lambda: ("ok", 200, {"Content-Type": "text/plain"}))
    return app


def _poll_every(seconds: float) -> str:
    """An htmx polling trigger: every ``seconds``, times POLL_SCALE (the browser tests poll four times as
    often, so that they wait less for what a room sees within seconds)."""
    return f"every {round(seconds * 1000 * current_app.config['POLL_SCALE'])}ms"


class DatabaseId(IntegerConverter):
    """``<int:...>`` in our URLs: an id the database can hold, so a larger one is a 404, not an error."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", ids.LARGEST)
        super().__init__(map, *args, **kwargs)


# Pages for staff: results, open answers, the presenter, exports and PDFs. A shared computer keeps none of them
# after signing out (the back button and the browser's cache would otherwise show them to the next person).
NOT_KEPT = frozenset({"lead", "coordinate", "present", "account"})


def _refuse_nul_characters():
    """A NUL character can be stored in no text column of PostgreSQL: a request carrying one (no keyboard types
    it) is refused as a whole, before anything reads it."""
    sent = [request.args] + ([request.form] if request.method == "POST" else [])
    if any("\x00" in value for values in sent for value in chain.from_iterable(values.listvalues())):
        abort(400)
    return None


def _security_headers(response):
    if request.blueprint in NOT_KEPT:
        response.cache_control.no_store = True
    inline_style = current_app.extensions["mina_svar.stylesheet"]().csp_source  # our own stylesheet, nothing else
    response.headers.setdefault(
        "Content-Security-Policy",
        f"default-src 'self'; img-src 'self' data:; style-src 'self' {inline_style}; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        # Cookies only over HTTPS: then the browser should never try plain HTTP again either.
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
