"""The accounting of disclosures for one participant: one click for the page (a period, by
default the last three years), one more for its CSV or XLSX (the shared table writer). Staff
who may see the participant may read it; each reading is audited with the period and the
disclosures shown."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from missioncj.core.exports import Table, export_response, wanted_format
from missioncj.participants.policies import visible_participant
from missioncj.privacy import accounting, policies
from missioncj.privacy.forms import PeriodForm


@login_required
@require_GET
def disclosures(request: HttpRequest, public_id: UUID) -> HttpResponseBase:
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
    fmt = wanted_format(request)
    accounting.record_accounting_read(
        actor=request.user,
        participant=participant,
        action=f"privacy.disclosures.{fmt}" if fmt else "privacy.disclosures.read",
        within=within,
        shown=[r["id"] for r in rows],
    )
    if fmt:
        table = Table(
            "disclosures",
            accounting.CSV_COLUMNS,
            (accounting.csv_row(r) for r in rows),
        )
        return export_response(
            request,
            table,
            fmt,
            program=episode.program if episode else None,
            name="privacy.disclosures",
            identified=True,
            participant_count=1,
        )
    context |= {"rows": rows, "within": within, "zone_name": str(zone)}
    return render(request, "privacy/accounting.html", context)
