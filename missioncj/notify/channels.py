"""Where messages go. Every channel has one method, `send(message) -> SendResult`; the backend
setting (`MISSIONCJ_NOTIFY_BACKEND`) picks them:

- `file` (default; demo and tests): FileChannel appends one JSON line per message to
  `<MISSIONCJ_DATA_DIR>/outbox.jsonl` and logs it, for every channel;
- `live`: EmailChannel sends through Django's mail (EMAIL_BACKEND), SmsHttpChannel posts to the
  SMS provider's REST API (Twilio's "Messages" resource shape).

A channel never raises for a failed send: it answers `SendResult(ok=False, error=…)`, and says
whether the failure was about the address (an invalid or unreachable number, a refused mailbox)
so only those count toward marking an opt-in unreachable; an outage or a setup error does not.
"""

from __future__ import annotations

import base64
import json
import logging
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from missioncj.notify.conf import setting
from missioncj.notify.models import Channel as ChannelKind
from missioncj.notify.models import Message

log = logging.getLogger("missioncj.notify")
log.setLevel(logging.INFO)  # the file channel's lines reach the console handler

# HTTP answers that are about our setup or the provider's load, not about the recipient.
_NOT_ADDRESS_STATUSES = {401, 403, 404, 405, 408, 429}


@dataclass(frozen=True)
class SendResult:
    ok: bool
    provider_id: str = ""
    error: str = ""
    address_problem: bool = False  # the failure is about the address (counts toward unreachable)


class Channel(Protocol):
    def send(self, message: Message) -> SendResult: ...


class FileChannel:
    """Appends the message to the outbox file: what the demo and the tests "send"."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(settings.DATA_DIR) / "outbox.jsonl"

    def send(self, message: Message) -> SendResult:
        line = {
            "at": timezone.now().isoformat(),
            "id": str(message.public_id),
            "channel": message.channel,
            "to": message.to,
            "subject": message.subject,
            "body": message.body,
            "kind": message.kind,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as outbox:
                outbox.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as exc:
            return SendResult(False, error=f"could not write the outbox: {exc}"[:300])
        log.info("outbox %s to %s: %s", message.channel, message.to, message.body)
        return SendResult(True, provider_id=f"file:{message.public_id}")


class EmailChannel:
    """Django's send_mail with the configured EMAIL_BACKEND (SMTP in production)."""

    def send(self, message: Message) -> SendResult:
        sender = setting("notify_email_from") or settings.DEFAULT_FROM_EMAIL
        try:
            send_mail(message.subject or "Reminder", message.body, sender, [message.to])
        except smtplib.SMTPRecipientsRefused as exc:
            return SendResult(
                False, error=f"mail server refused the address: {exc}"[:300], address_problem=True
            )
        except (smtplib.SMTPException, OSError) as exc:
            return SendResult(False, error=f"mail not sent: {exc}"[:300])
        return SendResult(True, provider_id=f"email:{message.public_id}")


class SmsHttpChannel:
    """POST To / From / Body (form-encoded, HTTP basic auth with the account and token) to
    `<url>/Accounts/<account>/Messages.json`; the provider answers JSON with `sid` and `status`,
    or an error status with `code` and `message`."""

    def __init__(
        self,
        *,
        url: str,
        account: str,
        token: str,
        from_number: str,
        timeout: float,
        status_callback: str = "",
    ) -> None:
        self.endpoint = f"{url.rstrip('/')}/Accounts/{quote(account, safe='')}/Messages.json"
        credentials = base64.b64encode(f"{account}:{token}".encode()).decode()
        self.authorization = f"Basic {credentials}"
        self.from_number = from_number
        self.timeout = timeout
        self.status_callback = status_callback

    def _request(self, message: Message) -> urllib.request.Request:
        fields = {"To": message.to, "From": self.from_number, "Body": message.body}
        if self.status_callback:
            fields["StatusCallback"] = self.status_callback
        return urllib.request.Request(  # noqa: S310 (the URL is the configured https endpoint)
            self.endpoint,
            data=urlencode(fields).encode(),
            method="POST",
            headers={
                "Authorization": self.authorization,
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )

    def send(self, message: Message) -> SendResult:
        try:
            with urllib.request.urlopen(  # noqa: S310
                self._request(message), timeout=self.timeout
            ) as response:
                body = _json(response.read())
        except urllib.error.HTTPError as exc:
            return _refused(exc.code, _json(exc.read()))
        except TimeoutError:
            return SendResult(False, error=f"provider did not answer within {self.timeout:g} s")
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                return SendResult(False, error=f"provider did not answer within {self.timeout:g} s")
            return SendResult(False, error=f"provider not reachable: {reason}"[:300])
        sid = str(body.get("sid") or "")
        if not sid:
            return SendResult(False, error="provider answer had no message id")
        if body.get("status") in {"failed", "undelivered"}:
            detail = body.get("error_message") or body.get("error_code") or body["status"]
            return SendResult(False, sid, f"provider: {detail}"[:300], address_problem=True)
        return SendResult(True, provider_id=sid)


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _refused(status: int, body: dict[str, Any]) -> SendResult:
    code = body.get("code")
    text = body.get("message") or "no reason given"
    error = f"provider refused ({status}{f', code {code}' if code else ''}): {text}"
    address = 400 <= status < 500 and status not in _NOT_ADDRESS_STATUSES
    return SendResult(False, error=error[:300], address_problem=address)


def channel_for(kind: str) -> Channel:
    """The channel that sends messages of this kind (sms / email) under the current backend."""
    if setting("notify_backend") != "live":
        return FileChannel()
    if kind == ChannelKind.EMAIL:
        return EmailChannel()
    return SmsHttpChannel(
        url=setting("sms_url"),
        account=setting("sms_account"),
        token=setting("sms_token"),
        from_number=setting("sms_from"),
        timeout=float(setting("sms_timeout_seconds")),
        status_callback=setting("sms_status_callback"),
    )
