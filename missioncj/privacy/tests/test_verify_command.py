from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from missioncj.privacy.decisions import Recipient, decide
from missioncj.privacy.models import Category, Channel, Purpose
from missioncj.privacy.services.disclosures import record_disclosure


def test_verify_names_the_disclosure_of_a_file_and_fails_on_an_unknown_one(
    world, north_case, consent, tmp_path, capsys
):
    consent(north_case)
    sent = tmp_path / "packet.pdf"
    sent.write_bytes(b"%PDF-1.7 the packet as sent")
    record_disclosure(
        actor=world.user("supervisor"),
        decision=decide(
            participant=world.north_person,
            recipient=Recipient.for_court(north_case.court),
            purpose=Purpose.COURT_MONITORING,
            categories=[Category.DRUG_TESTS],
        ),
        channel=Channel.PACKET,
        content=sent.read_bytes(),
        description="Staffing packet",
    )
    call_command("disclosures", "verify", str(sent))
    out = capsys.readouterr().out
    assert "Staffing packet to Harbor Drug Court team" in out
    assert str(world.north_person.public_id) in out
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(b"%PDF-1.7 the packet, altered")
    with pytest.raises(CommandError, match=r"altered\.pdf"):
        call_command("disclosures", "verify", str(sent), str(altered))
