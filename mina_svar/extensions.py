from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
htmx = HTMX()
login_manager = LoginManager()
# Only sign-in is limited; its counts live in MINA_SVAR_RATELIMIT_STORAGE (memory by default).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
