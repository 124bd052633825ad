"""Configuration read from the environment; nothing secret lives in code."""
import os
import secrets

BASE_DIR = os.path.abspath(os.path.dirname(__file__))
INSTANCE_DIR = os.path.join(BASE_DIR, "instance")


# What a deployment on a real MongoDB must give: a random value per process would end every session at each
# restart, differ between workers, and void the payment callbacks signed before.
REQUIRED_WITH_MONGODB = ("SECRET_KEY", "PAYMENT_SECRET")


def missing_settings(settings):
    """The names of REQUIRED_WITH_MONGODB that `settings` (a mapping) lacks while it names a MongoDB."""
    if not settings.get("MONGODB_URI"):
        return []
    return [name for name in REQUIRED_WITH_MONGODB if not settings.get(name)]


def missing_message(missing):
    return f"Not starting: MONGODB_URI is set, and these settings are missing: {', '.join(missing)}."


def _env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Defaults for a running server. Every setting can be overridden by the environment."""

    # Business data: unset means the embedded demo store (mongomock, in memory).
    MONGODB_URI = os.environ.get("MONGODB_URI") or None
    # A random key per start in demo mode: sessions end with the process, as the data does. On a real MongoDB it
    # must be given (missing_settings).
    SECRET_KEY = os.environ.get("SECRET_KEY") or (secrets.token_hex(32) if MONGODB_URI is None else None)
    # Staff users and permissions: FAB's own SQL tables.
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "SQLALCHEMY_DATABASE_URI", "sqlite:///" + os.path.join(INSTANCE_DIR, "staff.db")
    )
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    # Flask-AppBuilder
    APP_NAME = "自学考试考生服务平台"
    # The province the platform serves: a transfer in 转入 comes from any other (the demo's districts are 天津市's).
    PROVINCE = os.environ.get("PROVINCE", "天津市")
    AUTH_TYPE = 1  # AUTH_DB: staff log in with a user name and password
    AUTH_ROLE_ADMIN = "admin"
    AUTH_ROLE_PUBLIC = "Public"
    AUTH_RATE_LIMITED = True
    # How staff and candidate passwords are hashed: werkzeug's method (app/passwords.py). Not read from the
    # environment: only TestConfig lowers its cost.
    FAB_PASSWORD_HASH_METHOD = "scrypt"
    # Staff sign-ins per address (FAB's AUTH_RATE_LIMIT), and failed ones per account, counted since the
    # account's latest success: past either the attempt is refused and recorded (app/security.py).
    AUTH_RATE_LIMIT = os.environ.get("STAFF_LOGIN_RATE_LIMIT", "10 per minute")
    STAFF_ACCOUNT_LOGIN_LIMIT = os.environ.get("STAFF_ACCOUNT_LOGIN_LIMIT", "5 per 15 minutes")
    # FAB's REST API over users, roles and permissions: nothing uses it, and its JSON login is closed too
    # (app/security.py). On, FAB 5.3 fails to start with marshmallow 4 (FAB #2361, #2425).
    FAB_ADD_SECURITY_API = False
    FAB_API_SWAGGER_UI = False
    FAB_UPDATE_PERMS = True
    # Permissions are declared as data in app/roles.py; create_app puts them here, and FAB syncs them at start.
    FAB_ROLES = None

    # Languages: Chinese first, English available.
    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_TRANSLATION_DIRECTORIES = os.path.join(BASE_DIR, "app", "translations")
    LANGUAGES = {
        "zh": {"flag": "cn", "name": "中文"},
        "en": {"flag": "gb", "name": "English"},
    }

    # Rate limits (Flask-Limiter); storage in memory unless a shared one is configured.
    # Flask-AppBuilder turns the limiter off unless this is set.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # A shared store that stops answering lets requests through (and logs it) rather than failing every limited page;
    # the sign-in throttles and SMS limits in MongoDB still hold.
    RATELIMIT_SWALLOW_ERRORS = True
    CANDIDATE_LOGIN_RATE_LIMIT = os.environ.get("CANDIDATE_LOGIN_RATE_LIMIT", "10 per minute")
    CANDIDATE_REGISTER_RATE_LIMIT = os.environ.get("CANDIDATE_REGISTER_RATE_LIMIT", "5 per minute")
    FEEDBACK_RATE_LIMIT = os.environ.get("FEEDBACK_RATE_LIMIT", "10 per hour")
    SMS_SEND_RATE_LIMIT = os.environ.get("SMS_SEND_RATE_LIMIT", "5 per minute")
    CAPTCHA_RATE_LIMIT = os.environ.get("CAPTCHA_RATE_LIMIT", "30 per minute")

    # SMS codes (app/services/sms.py): "local" logs them (and demo mode shows them); a real provider is
    # "package.module:GatewayClass", a class whose instances have send(phone, text).
    SMS_BACKEND = os.environ.get("SMS_BACKEND", "local")
    SMS_CODE_TTL_SECONDS = int(os.environ.get("SMS_CODE_TTL_SECONDS", "300"))
    # At most this many codes go out in one clock hour, to all phones together: what a flood of solved
    # captchas can cost, whatever addresses it comes from.
    SMS_HOURLY_BUDGET = int(os.environ.get("SMS_HOURLY_BUDGET", "1000"))
    # Payments (app/services/payment.py): "sandbox" is our own cashier page and signed callback, for development
    # and the demo; a real provider is "package.module:GatewayClass". PAYMENT_SECRET signs the sandbox's callbacks.
    # The sandbox takes no money, so it is the default only in demo mode; a real deployment names its gateway.
    PAYMENT_BACKEND = os.environ.get("PAYMENT_BACKEND") or ("sandbox" if MONGODB_URI is None else None)
    PAYMENT_SECRET = os.environ.get("PAYMENT_SECRET") or (secrets.token_hex(32) if MONGODB_URI is None else None)
    # Graphic captchas (app/services/captcha.py). CAPTCHA_ENABLED is not read from the environment: a
    # served app always checks them; only TestConfig turns them off. The TTL is how long an image may be answered.
    CAPTCHA_ENABLED = True
    CAPTCHA_TTL_SECONDS = int(os.environ.get("CAPTCHA_TTL_SECONDS", "300"))

    # Background jobs (app/jobs/, Huey). REDIS_URL set: the queue lives in Redis and `flask jobs work` (make worker)
    # runs it; unset: in this process's memory, run by threads of the serving process itself. Deployments (and test
    # runs) sharing one Redis keep apart by queue name.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    JOBS_QUEUE_NAME = os.environ.get("JOBS_QUEUE_NAME", "zikao")
    JOBS_WORKERS = int(os.environ.get("JOBS_WORKERS", "2"))
    JOBS_RETRY_DELAY_SECONDS = int(os.environ.get("JOBS_RETRY_DELAY_SECONDS", "10"))
    # Run each job inside the request that asks for it (tests only: a served app always queues).
    JOBS_IMMEDIATE = False
    # A running job that has reported no progress for this long has lost its process, and is shown failed.
    JOBS_STALE_MINUTES = int(os.environ.get("JOBS_STALE_MINUTES", "10"))
    # A batch graduation pre-audit reads and audits this many candidates at a time, reporting its progress after each.
    PREAUDIT_BATCH_SIZE = int(os.environ.get("PREAUDIT_BATCH_SIZE", "100"))
    # ... in this many worker processes at once; 0: one per core.
    PREAUDIT_PROCESSES = int(os.environ.get("PREAUDIT_PROCESSES", "0"))

    # Data imports 数据导入 (app/services/imports/): the largest file and the most rows one import takes, and how many
    # rows are checked against the store (and written) at a time, progress reported after each.
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(30 * 1024 * 1024)))
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
    IMPORT_BATCH_SIZE = int(os.environ.get("IMPORT_BATCH_SIZE", "5000"))

    # PDFs embed this font (an OpenType/TrueType file with Chinese glyphs); unset: Noto Sans SC from
    # the pylopdf-fonts-zh-cn package.
    PDF_FONT_PATH = os.environ.get("PDF_FONT_PATH") or None

    # Score recheck 成绩复核 is open this many working days (Mon–Fri) after a sitting's scores are published.
    RECHECK_WORKING_DAYS = int(os.environ.get("RECHECK_WORKING_DAYS", "3"))

    # No request may carry more than this (a form's uploads together); each file has its own, smaller rule.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(40 * 1024 * 1024)))

    # Sessions live on the server (app/sessions.py): every one ends this long after sign-in; a staff session also
    # ends after this many idle minutes. Candidates' idle limit is off by default (0): a candidate writing a long
    # answer on a phone must not lose it to a timeout, and their pages save each step.
    SESSION_LIFETIME_HOURS = int(os.environ.get("SESSION_LIFETIME_HOURS", "12"))
    STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))
    CANDIDATE_IDLE_MINUTES = int(os.environ.get("CANDIDATE_IDLE_MINUTES", "0"))
    SESSION_COOKIE_HTTPONLY = True
    # Behind TLS: redirect plain HTTP to HTTPS (off by default: the TLS proxy usually does it). HSTS is sent on
    # every HTTPS response.
    FORCE_HTTPS = _env_flag("FORCE_HTTPS")
    HSTS_MAX_AGE = int(os.environ.get("HSTS_MAX_AGE", str(365 * 24 * 3600)))
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_flag("SESSION_COOKIE_SECURE")
    WTF_CSRF_ENABLED = True
    # A form's token lasts as long as its session (which has its own lifetime), not an hour: a candidate writing a
    # long answer must not lose it to an expired token.
    WTF_CSRF_TIME_LIMIT = None

    # Proxies in front of the app (a load balancer, a TLS proxy): how many to trust. Each adds itself to
    # X-Forwarded-For and sets X-Forwarded-Proto; with N trusted, the client's address is the Nth entry from the right,
    # so rate limits, sign-in throttles and records see the real client. 0 (the default): none is trusted, and the
    # address is the connection's.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    # Seed the demo data at start when running on the embedded store.
    SEED_DEMO_ON_START = _env_flag("SEED_DEMO_ON_START", default=True)
    HOST = os.environ.get("HOST", "127.0.0.1")
    PORT = int(os.environ.get("PORT", "5000"))


class TestConfig(Config):
    """In-memory stores, fixed key, limits off unless a test turns them on."""

    TESTING = True
    SECRET_KEY = "test-secret-key"
    MONGODB_URI = None
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    AUTH_RATE_LIMITED = False
    SMS_SEND_RATE_LIMIT = "1000 per minute"
    CAPTCHA_RATE_LIMIT = "1000 per minute"
    # Off, as CSRF is, so tests of other pages sign in with a plain post; captcha tests turn it on.
    CAPTCHA_ENABLED = False
    SEED_DEMO_ON_START = False
    FAB_UPDATE_PERMS = True
    PAYMENT_BACKEND = "sandbox"
    PAYMENT_SECRET = "test-payment-secret"
    # Jobs run inside the request that queues them (a code is sent before the page answers); the queue's own tests
    # run a real consumer, in memory and on Redis.
    REDIS_URL = None
    JOBS_IMMEDIATE = True
    JOBS_RETRY_DELAY_SECONDS = 0
    # The same scrypt at 1/32 of the work: the tests sign in and register hundreds of times.
    FAB_PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
