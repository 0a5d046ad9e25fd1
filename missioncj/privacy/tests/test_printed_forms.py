"""The printable consent forms carry every 42 CFR 2.31 element and the statements each kind
needs, in English and Spanish; blank (to sign on paper) and filled (a recorded consent)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from missioncj.privacy.models import ConsentKind
from missioncj.privacy.wording import FORM_LABELS, FORM_STATEMENTS, form_statements

ELEMENTS = ["patient", "discloser", "information", "recipients", "purpose", "revoke", "expiry"]
KIND_STATEMENTS = {
    "criminal_justice": ["intro", "revoke_cj", "cj_use"],
    "tpo": ["intro", "revoke_any_time", "tpo_redisclosure", "refusal"],
    "single": ["intro", "revoke_any_time"],
    "counseling_notes": ["intro", "revoke_any_time", "counseling_alone"],
}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("kind", ConsentKind.values)
def test_blank_form_has_every_element_and_statement(world, login, kind, lang):
    url = reverse("privacy:consent_blank", args=[world.north_person.public_id, kind])
    text = text_of(login("casemanager").get(url, {"lang": lang}))
    words = FORM_STATEMENTS[lang]
    for key in KIND_STATEMENTS[kind]:
        assert words[key] in text, (kind, lang, key)
    assert form_statements(kind, lang) == [words[k] for k in KIND_STATEMENTS[kind]]
    for element in ELEMENTS:
        assert FORM_LABELS[lang][element] in text, element
    assert words["title"] in text and words["signature"] in text and words["date"] in text
    assert world.north_person.legal_name in text and "Drug Court" in text
    if kind == "criminal_justice":
        assert FORM_LABELS[lang]["case"] in text and FORM_LABELS[lang]["revocable_from"] in text
    # A statement of another kind is not on the form.
    if kind != "tpo":
        assert words["tpo_redisclosure"] not in text
    if kind != "counseling_notes":
        assert words["counseling_alone"] not in text
    assert f'lang="{lang}"' in text


def test_filled_form_in_spanish(world, login, north_case, consent):
    signed = consent(north_case, language="es")
    url = reverse("privacy:consent_print", args=[world.north_person.public_id, signed.public_id])
    text = text_of(login("casemanager").get(url))
    es = FORM_STATEMENTS["es"]
    for key in KIND_STATEMENTS["criminal_justice"]:
        assert es[key] in text, key
    assert "26CR0001" in text and "Harbor Drug Court" in text
    assert "2027-09-01" in text and "2027-03-01" in text and "/s/ Test North" in text
    assert "Si asistí a citas" in text  # the category in plain Spanish
    english = text_of(login("casemanager").get(url, {"lang": "en"}))
    assert FORM_STATEMENTS["en"]["revoke_cj"] in english
