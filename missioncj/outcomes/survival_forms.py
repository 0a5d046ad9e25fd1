"""The choices of a survival analysis, for the pages (Django forms) and the API (plain
values): one `run_record` / `run_upload` each uses, so both give the same figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from missioncj.core.audit import record
from missioncj.core.forms import DateInput
from missioncj.core.models import AuditKind
from missioncj.outcomes.access import below_floor, evaluator_floor, report_programs
from missioncj.outcomes.services import settings_for
from missioncj.outcomes.survival import AT_RISK_DAYS, MIN_EVENTS, Analysis, Subject, analyse
from missioncj.outcomes.survival_cohort import (
    FIDELITY,
    START_KINDS,
    CohortSpec,
    build_cohort,
    chosen_programs,
    covariate_choices,
    grouping_choices,
)
from missioncj.outcomes.survival_csv import MAX_BYTES, read_cohort
from missioncj.programs.models import Program


def parse_days(text: str) -> tuple[int, ...]:
    """'0, 90, 180' → (0, 90, 180)."""
    try:
        days = tuple(sorted({int(part) for part in text.replace(";", ",").split(",") if part}))
    except ValueError as error:
        raise ValidationError({"at_risk_days": "Give whole days separated by commas."}) from error
    if not days or any(d < 0 or d > 36500 for d in days) or len(days) > 12:
        raise ValidationError({"at_risk_days": "Give 1 to 12 days, each from 0 to 36500."})
    return days


def parse_names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def today_in(program: Program) -> dt.date:
    return timezone.now().astimezone(program.zone).date()


def audit_read(user: Any, program: Program, action: str, result: Analysis) -> None:
    record(
        kind=AuditKind.LIST,
        action=action,
        actor=user,
        subject=program,
        after={"n": result.n, "events": result.events, "group": result.group},
    )


class TooFewPeople(Exception):
    """The cohort is about fewer people than an evaluator may see figures for: the page says
    so (it is not an error in the filters)."""


def run_record(
    user: Any,
    program: Program,
    *,
    start_kind: str = "enrollment",
    enrolled_from: dt.date | None = None,
    enrolled_to: dt.date | None = None,
    also: Sequence[Any] = (),
    group: str = "",
    covariates: Sequence[str] = (),
    cutoff: dt.date | None = None,
    min_events: int = MIN_EVENTS,
    at_risk_days: Sequence[int] = AT_RISK_DAYS,
) -> Analysis:
    known = {key for key, _ in covariate_choices()}
    if group and group not in {key for key, _ in grouping_choices()}:
        raise ValidationError({"group": f"Not a grouping: {group}."})
    unknown = [c for c in covariates if c not in known]
    if unknown:
        raise ValidationError({"covariates": f"Not a covariate: {', '.join(unknown)}."})
    spec = CohortSpec(
        programs=chosen_programs(user, program, also),
        enrolled_from=enrolled_from,
        enrolled_to=enrolled_to,
        start_kind=start_kind,
        cutoff=cutoff or today_in(program),
    )
    subjects = build_cohort(user, spec, fidelity=FIDELITY in {group, *covariates})
    smallest = max(settings_for(p).small_cell_min for p in spec.programs)
    left_out: list[str] = []
    if group:
        subjects, left_out = small_groups_left_out(subjects, group, smallest)
    notice = below_floor(len(subjects), max(evaluator_floor(user, p) for p in spec.programs))
    if notice:
        raise TooFewPeople(notice)
    result = analyse(
        subjects,
        group=group or None,
        covariates=covariates,
        min_events=min_events,
        at_risk_days=at_risk_days,
    )
    return dataclasses.replace(result, left_out=tuple(left_out))


def small_groups_left_out(
    subjects: Sequence[Subject], group: str, smallest: int
) -> tuple[list[Subject], list[str]]:
    """A curve of a handful of people shows when each of them was re-arrested, so people in
    groups smaller than the program's small-cell threshold are left out of a grouped analysis
    (curves, log-rank and Cox alike). When only one group is that small, the next-smallest is
    left out too, so the hidden group cannot be found by comparing with the whole cohort."""
    sizes = Counter(str(s.attributes.get(group, "")) for s in subjects)
    if len(sizes) < 2:
        return list(subjects), []  # one group: the analysis says there is nothing to compare
    small = {name for name, n in sizes.items() if n < smallest}
    if len(small) == 1 and len(sizes) > 1:
        small.add(min((n, name) for name, n in sizes.items() if name not in small)[1])
    kept = [s for s in subjects if str(s.attributes.get(group, "")) not in small]
    if len({str(s.attributes.get(group, "")) for s in kept}) < 2:
        raise ValidationError(
            {
                "group": f"Fewer than two groups have {smallest} people or more; groups this "
                "small are not shown (the program's small-cell threshold)."
            }
        )
    return kept, sorted(small)


def run_upload(
    data: bytes | str,
    *,
    group: str = "",
    covariates: Sequence[str] = (),
    min_events: int = MIN_EVENTS,
    at_risk_days: Sequence[int] = AT_RISK_DAYS,
) -> Analysis:
    cohort = read_cohort(data)
    missing = [n for n in [group, *covariates] if n and n not in cohort.covariates]
    if group in missing:
        raise ValidationError({"group": f"The file has no column {group}."})
    if missing:
        raise ValidationError({"covariates": f"The file has no column {', '.join(missing)}."})
    return analyse(
        cohort.subjects,
        group=group or None,
        covariates=covariates,
        min_events=min_events,
        at_risk_days=at_risk_days,
    )


class _Common(forms.Form):
    min_events = forms.IntegerField(
        label="Fewest events for a comparison",
        min_value=1,
        max_value=1000,
        initial=MIN_EVENTS,
        required=False,
        help_text="Below this many re-arrests the log-rank test and the Cox model are refused.",
    )
    at_risk_days = forms.CharField(
        label="Numbers at risk on days",
        initial=", ".join(str(d) for d in AT_RISK_DAYS),
        required=False,
        help_text="Days since the start, separated by commas; blank means 0, 90, 180, 365, 730.",
    )

    def clean_at_risk_days(self) -> tuple[int, ...]:
        text = self.cleaned_data.get("at_risk_days") or ""
        if not text.strip():
            return AT_RISK_DAYS
        try:
            return parse_days(text)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["at_risk_days"]) from error

    def clean_min_events(self) -> int:
        return self.cleaned_data.get("min_events") or MIN_EVENTS


class RecordForm(_Common):
    start_kind = forms.ChoiceField(
        label="Time starts on",
        choices=list(START_KINDS.items()),
        initial="enrollment",
        required=False,
    )
    enrolled_from = forms.DateField(label="Enrolled from", required=False, widget=DateInput())
    enrolled_to = forms.DateField(label="Enrolled to", required=False, widget=DateInput())
    also = forms.MultipleChoiceField(
        label="Also include programs",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    group = forms.ChoiceField(label="Compare groups by", required=False)
    covariates = forms.MultipleChoiceField(
        label="Cox model covariates", required=False, widget=forms.CheckboxSelectMultiple
    )
    cutoff = forms.DateField(
        label="Data cut-off day",
        required=False,
        widget=DateInput(),
        help_text="Follow-up ends here; blank means today in the program's time zone.",
    )
    field_order = ["start_kind", "enrolled_from", "enrolled_to", "also", "group", "covariates"]

    def clean_start_kind(self) -> str:
        return self.cleaned_data.get("start_kind") or "enrollment"

    def __init__(self, *args: Any, user: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = report_programs(user).exclude(pk=program.pk)
        also = self.fields["also"]
        assert isinstance(also, forms.MultipleChoiceField)
        also.choices = [(str(p.public_id), p.name) for p in others]
        if not others:
            del self.fields["also"]
        group = self.fields["group"]
        assert isinstance(group, forms.ChoiceField)
        group.choices = [("", "No grouping (everyone)"), *grouping_choices()]
        covariates = self.fields["covariates"]
        assert isinstance(covariates, forms.MultipleChoiceField)
        covariates.choices = covariate_choices()


class UploadForm(_Common):
    file = forms.FileField(
        label="Cohort CSV file",
        help_text="Columns id, start_date, event_date, censor_date, then any covariates; "
        f"at most {MAX_BYTES // (1024 * 1024)} MB. The file is analysed and not kept.",
    )
    group = forms.CharField(
        label="Compare groups by column", required=False, help_text="A covariate column's name."
    )
    covariates = forms.CharField(
        label="Cox model covariate columns",
        required=False,
        help_text="Column names separated by commas.",
    )
    field_order = ["file", "group", "covariates"]

    def clean_covariates(self) -> list[str]:
        return parse_names(self.cleaned_data.get("covariates") or "")
