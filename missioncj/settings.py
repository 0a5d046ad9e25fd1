"""Django settings, derived from the validated `missioncj.config.Config`."""

from __future__ import annotations

from missioncj.config import BASE_DIR, config

DATA_DIR = config.data_dir
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = config.resolved_secret_key()
DEBUG = config.debug
ALLOWED_HOSTS = config.allowed_hosts

# Demo mode: synthetic data, a visible banner, MFA offered but not required.
MISSIONCJ_DEMO = config.demo
MISSIONCJ_DEMO_PASSWORD = config.demo_password
MISSIONCJ_MFA_REQUIRED = not config.demo
MISSIONCJ_SESSION_MAX_SECONDS = config.session_max_hours * 3600
# Restricted records: who may break the glass, and for how long (docs/privacy.md).
MISSIONCJ_BREAK_GLASS_ROLES = list(config.break_glass_roles)
MISSIONCJ_BREAK_GLASS_MINUTES = config.break_glass_minutes
MISSIONCJ_TASKS = config.tasks
MISSIONCJ_AUDIT_CHAINS = config.audit_chains

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "missioncj.core",
    "missioncj.accounts",
    "missioncj.programs",
    "missioncj.participants",
    "missioncj.care",
    "missioncj.assessments",
    "missioncj.court",
    "missioncj.linkage",
    "missioncj.notify",
    "missioncj.privacy",
    "missioncj.outcomes",
    "missioncj.interop",
    "missioncj.demo",
    "missioncj.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "missioncj.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "missioncj.accounts.middleware.SessionLifetimeMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "missioncj.accounts.middleware.RequireMfaMiddleware",
    "missioncj.accounts.middleware.ProgramTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "missioncj.core.middleware.PrivateResponseMiddleware",
]

ROOT_URLCONF = "missioncj.urls"
WSGI_APPLICATION = "missioncj.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "missioncj" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "missioncj.core.context_processors.missioncj",
                "missioncj.accounts.context_processors.roles",
                "missioncj.privacy.restricted.break_glass_banner",
            ],
        },
    }
]

DATABASES = {"default": config.database(config.sqlite_busy_timeout_seconds)}
# Reports may read from a replica (docs/scaling.md): `core.routers.reading_replica()`.
if config.replica_url:
    DATABASES["replica"] = config.database(config.sqlite_busy_timeout_seconds, config.replica_url)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["missioncj.core.routers.ReplicaRouter"]
# One cache for every worker process and app server, in the database: sign-in rate limits and
# used TOTP codes (replay protection) must count once per installation, not once per process.
# The table is made by `migrate` (core.apps).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "missioncj_cache",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/accounts/login/"

# allauth: staff accounts are made by administrators, never by self sign-up.
ACCOUNT_ADAPTER = "missioncj.accounts.adapters.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "missioncj"

# Sessions end after idle minutes (refreshed on each request, checked server side) and after an
# absolute lifetime (SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = config.session_idle_minutes * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Serve straight from the app directories: no collectstatic step for the embedded server.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
