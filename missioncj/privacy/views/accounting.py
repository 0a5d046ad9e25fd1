"""The accounting of disclosures for one participant: one click for the page (a period, by
default the last three years), one more for its CSV. Staff who may see the participant may
read it; each reading is audited with the period and the disclosures shown."""

from __future__ import annotations

import csv
import io
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from missioncj.participants.policies import visible_participant
from missioncj.privacy import accounting, policies
from missioncj.privacy.forms import PeriodForm


@login_required
@require_GET
def disclosures(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episode = policies.visible_episodes(request.user, participant).first()
    zone = episode.program.zone if episode else timezone.get_default_timezone()
    today = timezone.localtime(timezone.now(), zone).date()
    form = PeriodForm({"start": request.GET.get("from") or "", "end": request.GET.get("to") or ""})
    context = {"participant": participant, "form": form, "zone": zone}
    if not form.is_valid():
        return render(request, "privacy/accounting.html", context, status=422)
    try:
        within = accounting.period(
            form.cleaned_data["start"], form.cleaned_data["end"], today, zone
        )
    except ValidationError as exc:  # pragma: no cover - PeriodForm checks the order first
        form.add_error("end", exc.messages)
        return render(request, "privacy/accounting.html", context, status=422)
    rows = [accounting.row(d, zone) for d in accounting.disclosures(participant, within)]
    as_csv = request.GET.get("format") == "csv"
    accounting.record_accounting_read(
        actor=request.user,
        participant=participant,
        action="privacy.disclosures.csv" if as_csv else "privacy.disclosures.read",
        within=within,
        shown=[r["id"] for r in rows],
    )
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(accounting.CSV_HEADER)
        writer.writerows(accounting.csv_row(r) for r in rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        name = f"disclosures-{participant.public_id}-{within.start}-{within.end}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context |= {"rows": rows, "within": within, "zone_name": str(zone)}
    return render(request, "privacy/accounting.html", context)
