"""`GET /api/v1/participants/duplicates`: candidates for a name and date of birth, with score
and reasons; ids, names and dates of birth only, and only of people in the caller's scope."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Schema, Status
from pydantic import Field

from missioncj.participants.duplicates import MAX_LIMIT, find_candidates, make_probe

DESCRIPTION = (
    "Looks for people already on file who may be the person described: name typos and "
    "sound-alikes, nicknames (Bill / William, Pepe / José), first and last names swapped, "
    "day and month of birth swapped, a date of birth one digit off, and shared identifiers. "
    "`date_of_birth` is YYYY-MM-DD; `identifier` may be repeated. Answers at most `limit` "
    "candidates (score 0 to 100, best first), each with the reasons in words. Only people you "
    "may see are searched; the search is recorded in the audit log. Bad input is a 422 "
    "naming each wrong parameter."
)


class DuplicateQuery(Schema):
    first_name: str = ""
    last_name: str = ""
    date_of_birth: str = Field("", description="YYYY-MM-DD")
    identifier: list[str] = Field(default_factory=list, description="docket, booking, SID …")
    limit: int = 10


class DuplicateOut(Schema):
    id: UUID
    first_name: str
    middle_name: str
    last_name: str
    preferred_name: str
    date_of_birth: dt.date
    score: int = Field(description="0 to 100; 80 and above is a likely match")
    reasons: list[str]


class DuplicatesOut(Schema):
    count: int
    items: list[DuplicateOut]


class Problem(Schema):
    loc: list[str]
    msg: str
    type: str


class ProblemOut(Schema):
    detail: list[Problem]


def _birth_date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        shaped = len(text) == 10 and text[4] == "-" and text[7] == "-"
        if shaped and text.replace("-", "").isdigit():
            raise ValidationError({"date_of_birth": f"{text} is not a real date."}) from None
        raise ValidationError({"date_of_birth": "Give the date of birth as YYYY-MM-DD."}) from None


def _problems(query: DuplicateQuery) -> tuple[dt.date | None, dict[str, list[str]]]:
    """The date of birth, and every problem with the query at once."""
    errors: dict[str, list[str]] = {}
    born = None
    try:
        born = _birth_date(query.date_of_birth)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        make_probe(
            first_name=query.first_name,
            last_name=query.last_name,
            date_of_birth=born,
            identifiers=query.identifier,
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if not 1 <= query.limit <= MAX_LIMIT:
        errors["limit"] = [f"Ask for between 1 and {MAX_LIMIT} candidates."]
    return born, errors


def answer(request: HttpRequest, query: DuplicateQuery) -> Status:
    born, errors = _problems(query)
    if errors:
        problems = [
            {"loc": ["query", name], "msg": message, "type": "value_error"}
            for name, messages in errors.items()
            for message in messages
        ]
        return Status(422, {"detail": problems})
    candidates = find_candidates(
        request.user,
        first_name=query.first_name,
        last_name=query.last_name,
        date_of_birth=born,
        identifiers=query.identifier,
        limit=query.limit,
    )
    items = [
        {
            "id": c.participant.public_id,
            "first_name": c.participant.first_name,
            "middle_name": c.participant.middle_name,
            "last_name": c.participant.last_name,
            "preferred_name": c.participant.preferred_name,
            "date_of_birth": c.participant.date_of_birth,
            "score": c.score,
            "reasons": c.reasons,
        }
        for c in candidates
    ]
    return Status(200, {"count": len(items), "items": items})
