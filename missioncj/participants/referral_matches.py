"""Possible matches on the new-referral form: people already on file who may be the person
being referred. Shown live (htmx, once first name, last name and date of birth are in) and,
without JavaScript, when the form is sent: a referral with possible matches is created only
once the user confirms "this is a new person" for exactly these details."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from missioncj.core.forms import attach_errors
from missioncj.participants import services
from missioncj.participants.duplicates import Candidate, check_birth_date, find_candidates
from missioncj.participants.names import fold
from missioncj.participants.services import PERSON_FIELDS

CONFIRM_FIELD = "confirm_new"
KEY_FIELD = "matches_for"
MUST_CONFIRM = (
    "Someone on file may be this person (see the possible matches). Open their record to "
    "re-enroll them, or tick this box if this is a new person."
)


def details_key(first_name: str, last_name: str, date_of_birth: Any) -> str:
    """Which details a "this is a new person" answer was given for."""
    return "|".join([fold(first_name or ""), fold(last_name or ""), str(date_of_birth or "")])


def matches_for(user: Any, data: dict[str, Any]) -> list[Candidate]:
    identifier = (data.get("identifier_value") or "").strip()
    return find_candidates(
        user,
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data["date_of_birth"],
        identifiers=[identifier] if identifier else [],
    )


def check_referral(request: HttpRequest, form: forms.BaseForm) -> list[Candidate]:
    """On a valid POST: the possible matches, and unless the user confirmed a new person for
    these very details, an error on the confirm box (which keeps the form from saving)."""
    if request.method != "POST" or not form.is_valid():
        return []
    data = form.cleaned_data
    key = details_key(data["first_name"], data["last_name"], data["date_of_birth"])
    if data.get(CONFIRM_FIELD) and request.POST.get(KEY_FIELD) == key:
        return []
    person = {name: data[name] for name in PERSON_FIELDS if name in data}
    team = data["team"]
    try:
        # A referral the service would refuse is refused first, without a search.
        services.check_referral(
            actor=request.user,
            program=team.program,
            team=team,
            referral_date=data["referral_date"],
            **person,
        )
    except ValidationError as error:
        attach_errors(form, error)
        return []
    matches = matches_for(request.user, data)
    if matches:
        form.add_error(CONFIRM_FIELD, MUST_CONFIRM)
    return matches


def matches_context(
    form: forms.BaseForm, matches: list[Candidate], data: dict[str, Any]
) -> dict[str, Any]:
    """What the matches box shows: the candidates, the confirm box and, hidden, the details
    the confirmation is for."""
    return {
        "matches": matches,
        "confirm": form[CONFIRM_FIELD],
        "matches_key": details_key(
            data.get("first_name", ""), data.get("last_name", ""), data.get("date_of_birth")
        ),
    }


class _Details(forms.Form):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    date_of_birth = forms.DateField()
    identifier_value = forms.CharField(max_length=64, required=False)
    confirm_new = forms.BooleanField(
        required=False, label="This is a new person, not one of the possible matches"
    )


@login_required
@require_GET
def possible_matches(request: HttpRequest) -> HttpResponse:
    """The possible-matches box of the referral form (htmx). Nothing is looked up until the
    name and a possible date of birth are in; the box is then empty rather than an error."""
    details = _Details(request.GET)
    matches: list[Candidate] = []
    data: dict[str, Any] = {}
    if details.is_valid() and not check_birth_date(details.cleaned_data["date_of_birth"]):
        data = details.cleaned_data
        matches = matches_for(request.user, data)
    context = matches_context(_Details(), matches, data)
    return render(request, "participants/referral.html#matches", context)
