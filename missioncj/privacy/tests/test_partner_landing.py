from __future__ import annotations

from django.urls import reverse


def test_a_court_partner_lands_on_their_own_pages(world, login):
    response = login("court").get("/")
    assert response.status_code == 302
    assert response.url == reverse("privacy:partner_home")


def test_staff_and_evaluators_keep_the_caseload(world, login):
    assert login("casemanager").get("/").status_code == 200
    assert login("evaluator").get("/").status_code == 200
