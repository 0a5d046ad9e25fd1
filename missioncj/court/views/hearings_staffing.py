"""The staffing meeting page: each participant's recommendation on the staffing meeting(s) of a
date, read and recorded by the program's staff."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from missioncj.core.forms import submit
from missioncj.court import docket as reads
from missioncj.court.models import HearingKind
from missioncj.court.policies import visible_courts
from missioncj.court.services import docket_entries
from missioncj.court.views import hearings_forms as f


@login_required
def staffing(request: HttpRequest, court_id: UUID, day: dt.date) -> HttpResponse:
    """Recommendations for each participant on the staffing meeting(s) of a date."""
    court = get_object_or_404(visible_courts(request.user), public_id=court_id)
    meetings = [
        h
        for h in reads.docket_for(request.user, court, day)
        if h.hearing.kind == HearingKind.STAFFING
    ]
    entries = {e.public_id: e for h in meetings for e in h.entries}
    posted: f.StaffingForm | None = None
    if request.method == "POST":
        posted = f.StaffingForm(request.POST)
        if posted.is_valid() and posted.cleaned_data["entry"] not in entries:
            raise Http404("No such docket entry")
        if posted.is_valid():
            entry = entries[posted.cleaned_data["entry"]]
            url = (
                reverse("court:staffing", args=[court.public_id, day]) + f"#entry-{entry.public_id}"
            )
            response = submit(
                request,
                posted,
                lambda data: docket_entries.record_staffing(
                    actor=request.user,
                    entry=entry,
                    recommendation=data["recommendation"],
                    staffing_note=data["staffing_note"],
                ),
                done=f"Recommendation saved for {entry.participant.display_name}.",
                then=url,
            )
            if response is not None:
                return response
    for entry in entries.values():
        if (
            posted is not None
            and posted.is_bound
            and posted.data.get("entry") == str(entry.public_id)
        ):
            entry.form = posted  # type: ignore[attr-defined]
        else:
            entry.form = f.StaffingForm(  # type: ignore[attr-defined]
                initial={
                    "entry": entry.public_id,
                    "recommendation": entry.recommendation,
                    "staffing_note": entry.staffing_note,
                },
                auto_id=f"id_%s_{entry.public_id.hex[:8]}",
            )
    docket_entries.record_docket_read(
        actor=request.user,
        court=court,
        day=day,
        shown=[e.participant for e in entries.values()],
        action="staffing.read",
    )
    context = {"court": court, "day": day, "meetings": meetings, "count": len(entries)}
    failed = posted is not None and bool(posted.errors)
    return render(request, "court/hearings_staffing.html", context, status=422 if failed else 200)
