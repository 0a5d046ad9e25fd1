"""The SMS adapter against a real HTTP server on 127.0.0.1 that answers like the provider:
the request's shape, a success, refusals, an outage, a timeout, nobody listening."""

from __future__ import annotations

import base64
import socket
import time
from collections.abc import Iterator

import pytest

from missioncj.notify.channels import SmsHttpChannel, channel_for
from missioncj.notify.models import Message
from missioncj.notify.tests.provider import ACCOUNT, FROM, TOKEN, Provider, running_provider


@pytest.fixture
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


def channel(url: str, timeout: float = 1.0, callback: str = "") -> SmsHttpChannel:
    return SmsHttpChannel(
        url=url,
        account=ACCOUNT,
        token=TOKEN,
        from_number=FROM,
        timeout=timeout,
        status_callback=callback,
    )


def message() -> Message:
    return Message(to="+15550142000", body="Reminder: your court date is … Reply STOP", kind="x")


def test_posts_the_providers_form_with_basic_auth(provider):
    result = channel(provider.url, callback="https://example.org/notify/sms/status").send(message())
    assert result.ok
    assert result.provider_id == "SM" + "1".zfill(32)
    (request,) = provider.received
    assert request["path"] == f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    assert request["content_type"] == "application/x-www-form-urlencoded"
    scheme, encoded = request["authorization"].split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == f"{ACCOUNT}:{TOKEN}"
    assert request["form"] == {
        "To": "+15550142000",
        "From": FROM,
        "Body": "Reminder: your court date is … Reply STOP",
        "StatusCallback": "https://example.org/notify/sms/status",
    }


def test_an_invalid_number_is_a_refusal_about_the_address(provider):
    provider.mode = "invalid"
    result = channel(provider.url).send(message())
    assert not result.ok
    assert result.address_problem
    assert result.error == (
        "provider refused (400, code 21211): The 'To' number +15550142000 is not a valid "
        "phone number."
    )


def test_a_failed_status_in_the_answer_is_about_the_address(provider):
    provider.mode = "failed"
    result = channel(provider.url).send(message())
    assert (result.ok, result.address_problem) == (False, True)
    assert result.provider_id.startswith("SM")
    assert "Landline or unreachable carrier" in result.error


@pytest.mark.parametrize(
    ("mode", "says"),
    [("auth", "provider refused (401, code 20003): Authenticate"),
     ("server", "provider refused (503, code 20500): Service unavailable")],
)  # fmt: skip
def test_setup_errors_and_outages_are_not_about_the_address(provider, mode, says):
    provider.mode = mode
    result = channel(provider.url).send(message())
    assert (result.ok, result.address_problem, result.error) == (False, False, says)


def test_a_provider_that_does_not_answer_times_out(provider):
    provider.mode = "slow"
    provider.delay = 2.0
    started = time.monotonic()
    result = channel(provider.url, timeout=0.5).send(message())
    elapsed = time.monotonic() - started
    assert not result.ok and not result.address_problem
    assert result.error == "provider did not answer within 0.5 s"
    assert elapsed < 1.5


def test_nobody_listening_is_not_reachable():
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = channel(f"http://127.0.0.1:{port}/2010-04-01").send(message())
    assert not result.ok and not result.address_problem
    assert result.error.startswith("provider not reachable:")


def test_the_backend_setting_picks_the_channel(settings, provider):
    settings.MISSIONCJ_NOTIFY_BACKEND = "file"
    assert type(channel_for("sms")).__name__ == "FileChannel"
    assert type(channel_for("email")).__name__ == "FileChannel"
    settings.MISSIONCJ_NOTIFY_BACKEND = "live"
    settings.MISSIONCJ_SMS_URL = provider.url
    settings.MISSIONCJ_SMS_ACCOUNT = ACCOUNT
    settings.MISSIONCJ_SMS_TOKEN = TOKEN
    settings.MISSIONCJ_SMS_FROM = FROM
    sms = channel_for("sms")
    assert isinstance(sms, SmsHttpChannel)
    assert sms.endpoint == f"{provider.url}/Accounts/{ACCOUNT}/Messages.json"
    assert type(channel_for("email")).__name__ == "EmailChannel"
