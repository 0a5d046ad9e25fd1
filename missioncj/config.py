"""Settings read from the environment and validated once, at start-up."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, unquote, urlparse

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

BASE_DIR = Path(__file__).resolve().parent.parent


class Config(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MISSIONCJ_", extra="ignore")

    data_dir: Path = Field(default=BASE_DIR / "var")
    database_url: str = ""
    # A read replica of the primary (PostgreSQL streaming replica): reports read from it
    # inside `core.routers.reading_replica()`; everything else uses the primary.
    replica_url: str = ""
    secret_key: str = ""
    debug: bool = False
    demo: bool = False
    demo_password: str = "mission-demo-2026"  # noqa: S105  (demo mode only; printed at start)
    allowed_hosts: list[str] = ["127.0.0.1", "localhost", "[::1]", "testserver"]
    # Idle minutes before a session ends (server side) and absolute hours a login may last.
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_max_hours: int = Field(default=12, ge=1, le=72)
    sqlite_busy_timeout_seconds: int = Field(default=20, ge=1, le=600)
    # Reminders (docs/notify.md): `file` writes every message to <data_dir>/outbox.jsonl (demo,
    # tests); `live` sends e-mail through Django's EMAIL_BACKEND and texts through the SMS provider.
    notify_backend: Literal["file", "live"] = "file"
    notify_webhook_secret: str = ""  # shared secret the provider's webhooks must present
    notify_email_from: str = ""  # From: of reminder e-mails (DEFAULT_FROM_EMAIL when empty)
    sms_url: str = ""  # provider API base, e.g. https://api.twilio.com/2010-04-01
    sms_account: str = ""
    sms_token: str = ""
    sms_from: str = ""  # the number texts come from, E.164
    sms_status_callback: str = ""  # public URL of /notify/sms/status (with ?secret=…)
    sms_timeout_seconds: float = Field(default=10, gt=0, le=60)
    # Which 42 CFR 2.32 statement goes on every disclosed page (docs/privacy.md): statement 1
    # (`long`, the full text) or statement 2 (`short`, one line).
    redisclosure_notice: Literal["long", "short"] = "long"
    # Break-the-glass (docs/privacy.md): the staff roles that may open a restricted record after
    # giving a reason (JSON list, e.g. MISSIONCJ_BREAK_GLASS_ROLES='["director","clinician"]'),
    # and how many minutes that access lasts. Court partners and evaluators can never be listed.
    break_glass_roles: list[
        Literal["director", "supervisor", "case_manager", "peer", "clinician"]
    ] = ["director", "supervisor", "clinician"]
    break_glass_minutes: int = Field(default=60, ge=5, le=24 * 60)
    # Independent audit hash chains (docs/scaling.md): events about one participant always share
    # a chain, so writers about different people do not queue behind one head row. Changing it
    # later is safe: every event stores its chain number.
    audit_chains: int = Field(default=64, ge=1, le=4096)
    # Background tasks (core/tasks.py): `thread` runs each in a thread of the web process once
    # its request commits; `inline` runs it in the request itself (tests, debugging); `queue`
    # leaves it for `missioncj tasks run --loop` worker processes (docs/scaling.md).
    tasks: Literal["thread", "inline", "queue"] = "thread"

    @field_validator("database_url", "replica_url")
    @classmethod
    def _known_scheme(cls, value: str, info: ValidationInfo) -> str:
        if value and urlparse(value).scheme not in {"sqlite", "postgres", "postgresql"}:
            name = f"MISSIONCJ_{(info.field_name or '').upper()}"
            raise ValueError(f"{name} must start with sqlite:// or postgresql://")
        return value

    @field_validator("demo_password")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if len(value) < 8:
            raise ValueError("MISSIONCJ_DEMO_PASSWORD must be at least 8 characters")
        return value

    @model_validator(mode="after")
    def _live_sms_configured(self) -> Config:
        if self.notify_backend == "live":
            missing = [
                f"MISSIONCJ_{name.upper()}"
                for name in ("sms_url", "sms_account", "sms_token", "sms_from")
                if not getattr(self, name)
            ]
            if missing:
                raise ValueError(
                    "MISSIONCJ_NOTIFY_BACKEND=live needs the SMS provider settings: "
                    + ", ".join(missing)
                )
        if self.sms_url and urlparse(self.sms_url).scheme not in {"http", "https"}:
            raise ValueError("MISSIONCJ_SMS_URL must start with https:// (or http:// locally)")
        return self

    def resolved_secret_key(self) -> str:
        """The configured key, or one kept in the data directory (demo and development)."""
        if self.secret_key:
            return self.secret_key
        key_file = self.data_dir / "secret_key"
        if key_file.exists():
            return key_file.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key

    def database(self, busy_timeout: int, url: str = "") -> dict[str, object]:
        url = url or self.database_url or f"sqlite:///{self.data_dir / 'missioncj.sqlite3'}"
        parsed = urlparse(url)
        if parsed.scheme == "sqlite":
            return {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": unquote(parsed.path)
                if parsed.netloc == ""
                else parsed.netloc + parsed.path,
                "OPTIONS": {
                    # IMMEDIATE takes the write lock at BEGIN so concurrent writers queue on the
                    # busy timeout instead of failing with "database is locked" on lock upgrade.
                    "transaction_mode": "IMMEDIATE",
                    "timeout": busy_timeout,
                    "init_command": (
                        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                    ),
                },
                "TEST": {"NAME": str(self.data_dir / "test.sqlite3")},
                # Each server thread keeps its connection: a new SQLite connection re-reads
                # the schema and runs the PRAGMAs above, several ms on every request.
                "CONN_MAX_AGE": 60,
                "CONN_HEALTH_CHECKS": True,
            }
        query = parse_qs(parsed.query)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parsed.path.lstrip("/") or "missioncj",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": query.get("host", [parsed.hostname or ""])[0],
            "PORT": query.get("port", [str(parsed.port or "")])[0],
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }


config = Config()
