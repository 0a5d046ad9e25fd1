"""The `missioncj` command line: verify-audit, token create, and the health check."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from missioncj.accounts.models import ApiToken
from missioncj.cli import main
from missioncj.conftest import World
from missioncj.core.audit import verify_chain
from missioncj.core.models import AuditEvent, AuditKind
from missioncj.core.tests.test_audit import raw_delete, raw_set_after


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# --- verify-audit ---------------------------------------------------------------------------


def test_verify_audit_passes_on_an_intact_chain(world: World) -> None:
    output = run("verify_audit")
    assert f"Audit chain intact: {AuditEvent.objects.count()} events verified in " in output


def test_verify_audit_names_the_altered_event(world: World) -> None:
    target = AuditEvent.objects.filter(action="contact.create").order_by("pk").first()
    assert target is not None
    raw_set_after(target.pk, {"note": "rewritten"})
    with pytest.raises(CommandError) as caught:
        run("verify_audit")
    message = str(caught.value)
    assert f"Audit chain broken at event {target.pk}:" in message
    assert "altered" in message


def test_verify_audit_names_the_event_after_a_removed_one(world: World) -> None:
    person = world.north_person.public_id
    ids = list(
        AuditEvent.objects.filter(participant_public_id=person)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    raw_delete(ids[2])
    with pytest.raises(CommandError, match=rf"Audit chain broken at event {ids[3]}: .*removed"):
        run("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_missioncj_verify_audit_exit_status(world: World, capsys: Any) -> None:
    """Through the real entry point (`missioncj verify-audit`): 0 when intact, 1 when not."""
    main(["verify-audit"])  # returns normally: exit status 0
    assert "Audit chain intact" in capsys.readouterr().out

    newest = AuditEvent.objects.order_by("-pk").first()
    assert newest is not None
    raw_delete(newest.pk)
    with pytest.raises(SystemExit) as caught:
        main(["verify-audit"])
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert f"Audit chain broken at event {newest.pk}" in err
    assert "newest events are missing" in err


# --- token create ---------------------------------------------------------------------------


def test_token_create_prints_a_working_token(world: World) -> None:
    token = run("token", "create", "casemanager", "--name", "reporting").strip()
    assert token.startswith("mcj_")
    assert len(token) > 40
    # Only the hash is stored.
    stored = ApiToken.objects.get(user=world.user("casemanager"))
    assert stored.key_hash == ApiToken.hash_key(token)
    assert stored.prefix == token[:12]
    assert stored.name == "reporting"
    assert not ApiToken.objects.filter(key_hash=token).exists()
    issued = AuditEvent.objects.get(action="api_token.issue")
    assert issued.kind == AuditKind.TOKEN
    assert issued.actor_label == "cli"
    assert issued.after == {"user": "casemanager", "prefix": token[:12], "name": "reporting"}
    assert token not in str(issued.after)

    response = Client().get("/api/v1/participants", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content
    body = response.json()
    # The token acts as the case manager: their team's participant only.
    assert body["count"] == 1
    assert [item["id"] for item in body["items"]] == [str(world.north_person.public_id)]
    listed = AuditEvent.objects.order_by("-pk").first()
    assert listed is not None
    assert listed.action == "api.participant.list"
    assert listed.actor == world.user("casemanager")
    assert verify_chain().ok


def test_api_refuses_missing_and_wrong_tokens(world: World) -> None:
    token = run("token", "create", "casemanager").strip()
    client = Client()
    assert client.get("/api/v1/participants").status_code == 401
    wrong = client.get("/api/v1/participants", headers={"Authorization": f"Bearer {token}x"})
    assert wrong.status_code == 401


def test_token_for_an_unknown_or_inactive_user_is_a_clear_error(world: World) -> None:
    with pytest.raises(CommandError, match="No active user named 'nobody'"):
        run("token", "create", "nobody")
    peer = world.user("peer")
    peer.is_active = False
    peer.save()
    with pytest.raises(CommandError, match="No active user named 'peer'"):
        run("token", "create", "peer")
    assert not ApiToken.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_missioncj_token_create_entry_point(world: World, capsys: Any) -> None:
    main(["token", "create", "casemanager"])
    token = capsys.readouterr().out.strip()
    assert token.startswith("mcj_")
    response = Client().get("/api/v1/participants", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200

    with pytest.raises(SystemExit) as caught:
        main(["token", "create", "nobody"])
    assert caught.value.code == 1
    captured = capsys.readouterr()
    assert "No active user named 'nobody'" in captured.err
    assert "mcj_" not in captured.out


# --- health ---------------------------------------------------------------------------------


def test_healthz(db: Any) -> None:
    from django.db import connection

    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": connection.vendor}
    assert response["Cache-Control"] == "no-store"
    assert response["X-Request-ID"]


def test_healthz_only_answers_get(db: Any) -> None:
    assert Client().post("/healthz").status_code == 405
