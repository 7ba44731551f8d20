"""Settings from the environment, with safe defaults for a laptop.

PRONGSAI_DATA_DIR  default ./data: the SQLite file, uploads, a generated secret key
DATABASE_URL   default: SQLite file in the data directory; postgres://… for PostgreSQL
DATABASE_PREPARE_AFTER  PostgreSQL: prepare a statement after a connection ran it this many
               times (default 2); "off" behind a pooler that cannot keep prepared statements
SECRET_KEY     default: a random key generated once and kept in the data directory
DEBUG          1/0, default 0 — the README's start command sets 1
ALLOWED_HOSTS  comma-separated, default localhost,127.0.0.1
MEDIA_ROOT     uploaded evidence files, default $PRONGSAI_DATA_DIR/media
PRONGSAI_MIN_CELL  smallest respondent count a breakdown cell may show (default 5)
PRONGSAI_SURVEY_RATE  questionnaire submissions per client address, "count/seconds" (default 120/600)
PRONGSAI_PROXIES  how many reverse proxies of yours stand in front (default 0): the client address
               is then the one the outermost of them saw (X-Forwarded-For, the N-th entry from the right)
CACHE_URL      the cache that counts rate limits and login failures; default: each process its own
               memory. With several workers or servers share one: redis://host:6379/0 (needs the
               redis package) or db:// (a table in the database; run `prongsai createcachetable`)
PRONGSAI_API_RATE  API requests per user, DRF's "count/period" (default 1200/hour); PRONGSAI_API_ANON_RATE 60/minute
PRONGSAI_API_TOKEN_DAYS  days an API token works after it is made (default 90; 0 = no expiry)
PRONGSAI_OIT_DUE_SOON_DAYS, PRONGSAI_OIT_MAX_UPLOAD, PRONGSAI_LINK_TIMEOUT, PRONGSAI_LINK_CONCURRENCY,
PRONGSAI_LINK_MAX_BYTES, PRONGSAI_LINK_MAX_REDIRECTS, PRONGSAI_LINK_ALLOW_PRIVATE  OIT (docs/oit.md)
A number or rate that cannot be read stops the start with a line naming the variable.
"""
import os
from pathlib import Path

import secrets

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in ("1", "true", "yes", "on")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """A whole number from the environment; a wrong one stops the start with the variable's name
    (not a bare "invalid literal for int()", nor a failure at a request that reads it)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdecimal() or int(raw) < minimum:  # isdecimal: what int() reads (Thai digits too), not "²"
        raise ImproperlyConfigured(f"{name}={raw!r}: give a whole number of at least {minimum}")
    return int(raw)


def env_seconds(name: str, default: float) -> float:
    """A number of seconds above 0 from the environment (a fraction allowed)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise ImproperlyConfigured(f"{name}={raw!r}: give a number of seconds above 0, e.g. 10 or 2.5")
    return value


RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}  # DRF reads a period by its first letter


def env_rate(name: str, default: str, per: str) -> str:
    """A rate limit "count/seconds" (per="seconds"; a count of 0: no limit) or DRF's "count/period"
    (per="period": second, minute, hour or day; empty: no limit). Checked at start: a wrong one
    would fail every request it limits. Returned without spaces, as the readers split it."""
    raw = os.environ.get(name, default).strip()
    if per == "period" and not raw:
        return raw
    parts = [part.strip() for part in raw.split("/")]
    count, period = parts if len(parts) == 2 else ("", "")
    if per == "seconds":
        good = count.isdecimal() and period.isdecimal() and (int(period) >= 1 or int(count) == 0)
        form = "count/seconds, e.g. 120/600 (0/1: no limit)"
    else:
        good = count.isdecimal() and period[:1] in RATE_PERIODS
        form = "count/period, the period second, minute, hour or day, e.g. 60/minute"
    if not good:
        raise ImproperlyConfigured(f"{name}={raw!r}: give {form}")
    return f"{count}/{period}"


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("PRONGSAI_DATA_DIR", Path.cwd() / "data")).resolve()

DEBUG = env_bool("DEBUG")


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept (0600) in the data directory."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "prongsai.frameworks",
    "prongsai.agencies",
    "prongsai.surveys",
    "prongsai.oit",
    "prongsai.reports",
    "prongsai.measures",
    "prongsai.documents",
    "prongsai.people",
    "prongsai.central",
    "prongsai.backups",
    "prongsai.demo",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "prongsai.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "prongsai.middleware.SlidingSessionMiddleware",
    "prongsai.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "prongsai.people.readonly.ReadOnlyRolesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "prongsai.urls"
WSGI_APPLICATION = "prongsai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'prongsai.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if os.environ.get("TEST_DATABASE_NAME") and "sqlite" not in DATABASES["default"]["ENGINE"]:
    # lets parallel test runs share one PostgreSQL server (SQLite tests stay in memory, not a file in the cwd)
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, and a statement that a connection runs again and again
    # planned once, after DATABASE_PREPARE_AFTER runs: a questionnaire's write then costs
    # PostgreSQL 0.85 ms of CPU instead of 1.4 (docs/scale.md). "off" behind a pooler that cannot
    # keep prepared statements (PgBouncer before 1.21 in transaction mode, docs/deployment.md).
    # Run migrations that change a column's type with the app servers stopped (or restart them
    # after): a statement prepared before would fail with "cached plan must not change result type".
    prepare_after = os.environ.get("DATABASE_PREPARE_AFTER", "2").strip().lower()
    if prepare_after in ("off", "none", "false", "no", "0", ""):
        prepare_threshold = None  # (psycopg's 0 would mean "prepare every statement at once")
    elif prepare_after.isdecimal():
        prepare_threshold = int(prepare_after)
    else:
        raise ImproperlyConfigured(f"DATABASE_PREPARE_AFTER={prepare_after!r}: give a number of runs, or off")
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=prepare_threshold)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# SQLite cannot enforce "NULLs not distinct" on the aggregate-count tables (models.W047); there the
# code that writes counts keeps one row per cell, inside IMMEDIATE transactions. PostgreSQL enforces it.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
if os.environ.get("SILENCE_HSTS_PRELOAD_CHECK", "1") == "1":
    SILENCED_SYSTEM_CHECKS.append("security.W021")  # HSTS preload is a domain owner's decision

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here after collectstatic
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))

# Security: HTTPS only in production (behind a proxy that sets X-Forwarded-Proto), secure
# HttpOnly cookies, HSTS, no framing, same-origin referrers, and a Content-Security-Policy
# without inline scripts (style attributes are allowed: the CSS bar charts use them).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_FAILURE_VIEW = "prongsai.surveys.views.csrf_failure"  # a refused questionnaire keeps its answers
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# People: log in at /people/login/, sessions end 8 hours after the last request, lockout after failed logins.
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = None
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
# counted from the last request, not from the login (prongsai.middleware.SlidingSessionMiddleware)
PRONGSAI_LOGIN_MAX_FAILURES = env_int("PRONGSAI_LOGIN_MAX_FAILURES", 5, minimum=1)
PRONGSAI_LOGIN_LOCKOUT_SECONDS = env_int("PRONGSAI_LOGIN_LOCKOUT_SECONDS", 900)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Anonymity: the smallest number of respondents a breakdown cell may rest on (DESIGN.md).
PRONGSAI_MIN_CELL = env_int("PRONGSAI_MIN_CELL", 5, minimum=1)
# Public questionnaires: submissions allowed per client address per window ("count/seconds"; 0/1 = off).
PRONGSAI_SURVEY_RATE = env_rate("PRONGSAI_SURVEY_RATE", "120/600", per="seconds")
# Reverse proxies in front of the app (nginx, a load balancer): rate limits and login lockouts
# then key on the address the outermost of them saw (X-Forwarded-For, the N-th entry from the right).
PRONGSAI_PROXIES = env_int("PRONGSAI_PROXIES", 0)
# API tokens stop working this many days after they are made (0: never).
PRONGSAI_API_TOKEN_DAYS = env_int("PRONGSAI_API_TOKEN_DAYS", 90)

# Improvement plans: the largest evidence upload (photo or file) accepted, in bytes.
PRONGSAI_EVIDENCE_MAX_BYTES = env_int("PRONGSAI_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
PRONGSAI_EVIDENCE_MAX_PHOTO_BYTES = env_int("PRONGSAI_EVIDENCE_MAX_PHOTO_BYTES", 25 * 1024 * 1024, minimum=1)

# OIT (docs/oit.md): an item due within this many days is at risk; the largest attached file; the link
# checker's limits per link (seconds, bytes, redirects), links checked at once, and whether it may open
# private or loopback addresses (an intranet's own site; refused by default).
PRONGSAI_OIT_DUE_SOON_DAYS = env_int("PRONGSAI_OIT_DUE_SOON_DAYS", 14)
PRONGSAI_OIT_MAX_UPLOAD = env_int("PRONGSAI_OIT_MAX_UPLOAD", 10 * 1024 * 1024, minimum=1)
PRONGSAI_LINK_TIMEOUT = env_seconds("PRONGSAI_LINK_TIMEOUT", 10.0)
PRONGSAI_LINK_CONCURRENCY = env_int("PRONGSAI_LINK_CONCURRENCY", 8, minimum=1)
PRONGSAI_LINK_MAX_BYTES = env_int("PRONGSAI_LINK_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
PRONGSAI_LINK_MAX_REDIRECTS = env_int("PRONGSAI_LINK_MAX_REDIRECTS", 10)
PRONGSAI_LINK_ALLOW_PRIVATE = env_bool("PRONGSAI_LINK_ALLOW_PRIVATE")

# Rate limits and login lockouts live in the cache: shared by every worker and server only when
# CACHE_URL names a shared cache (docs/deployment.md).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL.startswith("db://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": CACHE_URL[len("db://"):] or "prongsai_cache"}}
elif CACHE_URL:
    raise ValueError(f"CACHE_URL must start with redis://, rediss:// or db://, not {CACHE_URL!r}")

# The JSON API at /api/ (docs/api.md): token or session sign-in, the same roles as the UI, 25 per page
# (max 100), and requests per user / per anonymous address in DRF's "count/period" form.
PRONGSAI_API_RATE = env_rate("PRONGSAI_API_RATE", "1200/hour", per="period")
PRONGSAI_API_ANON_RATE = env_rate("PRONGSAI_API_ANON_RATE", "60/minute", per="period")
from prongsai.api.conf import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: E402, F401  (Django reads settings by name)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
