"""Every write to drug and alcohol tests: one transaction each, with its audit event. A test goes
notice → collection → results → confirmation, or ends missed, refused or excused; its `outcome`
is recomputed by `drug_tests.outcome_of` on every write. Random call-in schedules are
`services/random_testing.py`.

Bad input raises a ValidationError naming the field (for analyte rows `results.<i>.<field>`,
e.g. `results.2.analyte`) before anything is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from missioncj.core.audit import record, snapshot
from missioncj.core.models import AuditKind
from missioncj.court.drug_tests import outcome_of
from missioncj.court.models import (
    Analyte,
    AnalyteOutcome,
    AnalyteResult,
    Confirmation,
    DrugTest,
    Specimen,
    TestReason,
    TestStatus,
    Validity,
)
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.participants.policies import require_work_scope

# A few minutes of clock difference between a phone and the server are not an error.
_CLOCK_SLACK = dt.timedelta(minutes=10)
TEST_FIELDS = [
    "episode",
    "reason",
    "specimen",
    "observed",
    "panel",
    "notified_at",
    "collected_at",
    "status",
    "validity",
    "resulted_at",
    "outcome",
    "local_date",
    "note",
]
RESULT_FIELDS = ["analyte", "result", "level", "cutoff", "confirmation", "confirmed_at"]


# --- tests: shared checks -------------------------------------------------------------------------


def _aware(field: str, value: dt.datetime | None, errors: dict[str, str]) -> None:
    if value is None:
        return
    if timezone.is_naive(value):
        errors[field] = "Give the time with its time zone."
    elif value > timezone.now() + _CLOCK_SLACK:
        errors[field] = "This time is in the future."


def _when(value: dt.datetime, episode: Episode) -> str:
    local = value.astimezone(episode.program.zone)
    return f"{local:%d %b %Y %H:%M}"


def _local_date(test: DrugTest, due_on: dt.date | None = None) -> dt.date:
    zone = test.episode.program.zone
    moment = test.collected_at or test.notified_at
    if moment is not None:
        return moment.astimezone(zone).date()
    assert due_on is not None
    return due_on


def _check_episode(actor: Any, episode: Episode) -> None:
    require_work_scope(actor, episode)
    if episode.status == EpisodeStatus.NOT_ENROLLED:
        raise ValidationError({"episode": "This episode closed before enrollment."})


def _check_day(test: DrugTest, errors: dict[str, str], field: str) -> None:
    referral = test.episode.referral_date
    if test.local_date < referral:
        errors.setdefault(field, f"This is before the referral on {referral:%d %b %Y}.")


def _settle(test: DrugTest, results: Iterable[AnalyteResult] | None = None) -> None:
    """Recompute the stored outcome from status, validity and results."""
    rows = list(results) if results is not None else list(test.results.all())
    test.outcome = outcome_of(test.status, test.validity, test.resulted_at, rows)


def _locked(test: DrugTest) -> DrugTest:
    return (
        DrugTest.objects.select_for_update(of=("self",))
        .select_related("episode__program", "episode__team", "participant")
        .get(pk=test.pk)
    )


def _save(
    test: DrugTest,
    *,
    actor: Any,
    action: str,
    kind: AuditKind,
    before: dict[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> DrugTest:
    test.full_clean(exclude=["participant", "episode", "recorded_by"])
    test.save()
    after = snapshot(test, TEST_FIELDS)
    if extra:
        after.update(extra)
    record(
        kind=kind,
        action=action,
        actor=actor,
        participant=test.participant,
        subject=test,
        before=before,
        after=after,
    )
    return test


# --- notice, collection, missed / refused / excused -----------------------------------------------


@transaction.atomic
def record_notice(
    *,
    actor: Any,
    episode: Episode,
    notified_at: dt.datetime | None = None,
    reason: str = TestReason.RANDOM,
    specimen: str = Specimen.URINE,
    note: str = "",
) -> DrugTest:
    """The participant was told to come in (by default now, for a random call-in)."""
    _check_episode(actor, episode)
    notified_at = notified_at or timezone.now()
    errors: dict[str, str] = {}
    _aware("notified_at", notified_at, errors)
    if errors:
        raise ValidationError(errors)
    test = DrugTest(
        participant_id=episode.participant_id,
        episode=episode,
        reason=reason,
        specimen=specimen,
        notified_at=notified_at,
        status=TestStatus.NOTIFIED,
        note=note,
        recorded_by=actor,
    )
    test.local_date = _local_date(test)
    _check_day(test, errors, "notified_at")
    if errors:
        raise ValidationError(errors)
    _settle(test, [])
    return _save(test, actor=actor, action="drug_test.notice", kind=AuditKind.CREATE)


def _open_test(test: DrugTest, field: str = "test") -> None:
    if test.status != TestStatus.NOTIFIED:
        raise ValidationError({field: f"This test is already {test.get_status_display().lower()}."})


@transaction.atomic
def record_collection(
    *,
    actor: Any,
    collected_at: dt.datetime,
    specimen: str,
    test: DrugTest | None = None,
    episode: Episode | None = None,
    observed: bool = False,
    panel: str = "",
    reason: str = TestReason.WALK_IN,
    note: str = "",
) -> DrugTest:
    """A specimen was collected: for a notified test (`test`), or a new one (`episode`, with
    its `reason`) when nobody recorded a notice."""
    before = None
    if test is not None:
        test = _locked(test)
        _check_episode(actor, test.episode)
        _open_test(test)
        before = snapshot(test, TEST_FIELDS)
    elif episode is not None:
        _check_episode(actor, episode)
        test = DrugTest(
            participant_id=episode.participant_id,
            episode=episode,
            reason=reason,
            recorded_by=actor,
        )
    else:
        raise ValidationError({"test": "Choose the test or the episode this collection is for."})
    errors: dict[str, str] = {}
    _aware("collected_at", collected_at, errors)
    if not errors and test.notified_at is not None and collected_at < test.notified_at:
        errors["collected_at"] = (
            f"Collected at {_when(collected_at, test.episode)}, before the notice at "
            f"{_when(test.notified_at, test.episode)}."
        )
    if errors:
        raise ValidationError(errors)
    test.collected_at = collected_at
    test.specimen = specimen
    test.observed = observed
    test.panel = panel
    test.status = TestStatus.COLLECTED
    if note:
        test.note = note
    test.local_date = _local_date(test)
    _check_day(test, errors, "collected_at")
    if errors:
        raise ValidationError(errors)
    _settle(test, [])
    kind = AuditKind.UPDATE if before else AuditKind.CREATE
    return _save(test, actor=actor, action="drug_test.collect", kind=kind, before=before)


def _close(
    status: TestStatus,
    *,
    actor: Any,
    reason: str,
    test: DrugTest | None,
    episode: Episode | None,
    due_on: dt.date | None,
    specimen: str,
) -> DrugTest:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": f"Say why the test was {status.label.lower()}."})
    before = None
    if test is not None:
        test = _locked(test)
        _check_episode(actor, test.episode)
        _open_test(test)
        before = snapshot(test, TEST_FIELDS)
    elif episode is not None and due_on is not None:
        _check_episode(actor, episode)
        test = DrugTest(
            participant_id=episode.participant_id,
            episode=episode,
            reason=TestReason.RANDOM,
            specimen=specimen,
            recorded_by=actor,
        )
        test.local_date = due_on
        errors: dict[str, str] = {}
        _check_day(test, errors, "due_on")
        if due_on > timezone.now().astimezone(episode.program.zone).date():
            errors["due_on"] = "This date is in the future."
        if errors:
            raise ValidationError(errors)
    else:
        raise ValidationError({"test": "Choose the test, or the episode and the day it was due."})
    test.status = status
    test.note = reason[:300]
    _settle(test, [])
    kind = AuditKind.TRANSITION if before else AuditKind.CREATE
    return _save(test, actor=actor, action=f"drug_test.{status.value}", kind=kind, before=before)


def record_missed(
    *,
    actor: Any,
    reason: str,
    test: DrugTest | None = None,
    episode: Episode | None = None,
    due_on: dt.date | None = None,
    specimen: str = Specimen.URINE,
) -> DrugTest:
    with transaction.atomic():
        return _close(
            TestStatus.MISSED,
            actor=actor,
            reason=reason,
            test=test,
            episode=episode,
            due_on=due_on,
            specimen=specimen,
        )


def record_refused(
    *,
    actor: Any,
    reason: str,
    test: DrugTest | None = None,
    episode: Episode | None = None,
    due_on: dt.date | None = None,
    specimen: str = Specimen.URINE,
) -> DrugTest:
    with transaction.atomic():
        return _close(
            TestStatus.REFUSED,
            actor=actor,
            reason=reason,
            test=test,
            episode=episode,
            due_on=due_on,
            specimen=specimen,
        )


def record_excused(
    *,
    actor: Any,
    reason: str,
    test: DrugTest | None = None,
    episode: Episode | None = None,
    due_on: dt.date | None = None,
    specimen: str = Specimen.URINE,
) -> DrugTest:
    with transaction.atomic():
        return _close(
            TestStatus.EXCUSED,
            actor=actor,
            reason=reason,
            test=test,
            episode=episode,
            due_on=due_on,
            specimen=specimen,
        )


# --- results and confirmation ---------------------------------------------------------------------


def _label(analyte: str) -> str:
    return str(Analyte(analyte).label) if analyte in Analyte.values else analyte


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(str(value)) from exc


def _check_row(index: int, row: Mapping[str, Any], seen: set[str], errors: dict[str, str]) -> None:
    prefix = f"results.{index}"
    analyte = str(row.get("analyte", "")).strip()
    if analyte not in Analyte.values:
        errors[f"{prefix}.analyte"] = (
            f"Unknown analyte “{analyte}”." if analyte else "Choose the analyte."
        )
    elif analyte in seen:
        errors[f"{prefix}.analyte"] = f"{_label(analyte)} is listed twice."
    seen.add(analyte)
    result = row.get("result", "")
    if result not in AnalyteOutcome.values:
        errors[f"{prefix}.result"] = (
            f"Unknown result “{result}” for {_label(analyte)}: use negative, positive or "
            "prescribed."
        )
    if row.get("confirmation", "") not in ("", Confirmation.PENDING):
        errors[f"{prefix}.confirmation"] = (
            f"{_label(analyte)}: a new result is either not sent or sent for confirmation "
            "(pending); record the confirmation itself afterwards."
        )
    for field in ("level", "cutoff"):
        try:
            value = _decimal(row.get(field))
        except ValueError:
            errors[f"{prefix}.{field}"] = f"The {field} for {_label(analyte)} is not a number."
            continue
        if value is not None and value < 0:
            errors[f"{prefix}.{field}"] = f"The {field} for {_label(analyte)} cannot be negative."


@transaction.atomic
def record_results(
    *,
    actor: Any,
    test: DrugTest,
    results: Sequence[Mapping[str, Any]],
    resulted_at: dt.datetime,
    validity: str = Validity.VALID,
) -> DrugTest:
    """Per-analyte results (`analyte`, `result`, optional `level`, `cutoff`, and `confirmation`
    "pending" when sent for confirmation). An analyte already recorded is replaced."""
    test = _locked(test)
    _check_episode(actor, test.episode)
    errors: dict[str, str] = {}
    if test.status != TestStatus.COLLECTED:
        errors["test"] = "Record the collection before its results."
    if not results:
        errors["results"] = "Give at least one analyte result."
    seen: set[str] = set()
    for index, row in enumerate(results):
        _check_row(index, row, seen, errors)
    if validity not in Validity.values:
        errors["validity"] = f"Unknown specimen validity “{validity}”."
    _aware("resulted_at", resulted_at, errors)
    if "resulted_at" not in errors and test.collected_at and resulted_at < test.collected_at:
        errors["resulted_at"] = (
            f"Resulted at {_when(resulted_at, test.episode)}, before the collection at "
            f"{_when(test.collected_at, test.episode)}."
        )
    if errors:
        raise ValidationError(errors)
    before = snapshot(test, TEST_FIELDS)
    existing = {r.analyte: r for r in test.results.all()}
    rows = _store_results(test, results, existing)
    test.validity = validity
    test.resulted_at = resulted_at
    _settle(test, rows)
    return _save(
        test,
        actor=actor,
        action="drug_test.results",
        kind=AuditKind.UPDATE,
        before=before,
        extra={"results": [snapshot(r, RESULT_FIELDS) for r in rows]},
    )


def _store_results(
    test: DrugTest, results: Sequence[Mapping[str, Any]], existing: dict[str, AnalyteResult]
) -> list[AnalyteResult]:
    for index, row in enumerate(results):
        analyte = row["analyte"]
        item = existing.get(analyte) or AnalyteResult(test=test, analyte=analyte)
        if item.result != row["result"]:
            item.confirmation, item.confirmed_at = Confirmation.NONE, None
        item.result = row["result"]
        item.level = _decimal(row.get("level"))
        item.cutoff = _decimal(row.get("cutoff"))
        if row.get("confirmation") == Confirmation.PENDING:
            item.confirmation = Confirmation.PENDING
        try:
            item.full_clean(exclude=["test"], validate_unique=False)
        except ValidationError as exc:
            raise ValidationError(
                {f"results.{index}.{k}": v for k, v in exc.message_dict.items()}
            ) from exc
        item.save()
        existing[analyte] = item
    return sorted(existing.values(), key=lambda r: r.analyte)


@transaction.atomic
def record_confirmation(
    *,
    actor: Any,
    test: DrugTest,
    analyte: str,
    confirmed: bool,
    confirmed_at: dt.datetime,
) -> DrugTest:
    """The confirmation test's answer for one analyte: confirmed positive, or not confirmed
    (which makes that analyte count as negative)."""
    test = _locked(test)
    _check_episode(actor, test.episode)
    rows = list(test.results.all())
    item = next((r for r in rows if r.analyte == analyte), None)
    errors: dict[str, str] = {}
    if item is None:
        errors["analyte"] = f"No result for {_label(analyte)} on this test."
    elif item.result != AnalyteOutcome.POSITIVE:
        errors["analyte"] = f"{_label(analyte)} was not positive; nothing to confirm."
    _aware("confirmed_at", confirmed_at, errors)
    if "confirmed_at" not in errors and test.collected_at and confirmed_at < test.collected_at:
        errors["confirmed_at"] = "The confirmation cannot be before the collection."
    if errors:
        raise ValidationError(errors)
    assert item is not None
    before = snapshot(test, TEST_FIELDS)
    item.confirmation = Confirmation.CONFIRMED if confirmed else Confirmation.NOT_CONFIRMED
    item.confirmed_at = confirmed_at
    item.save()
    _settle(test, rows)
    return _save(
        test,
        actor=actor,
        action="drug_test.confirmation",
        kind=AuditKind.UPDATE,
        before=before,
        extra={"confirmation": snapshot(item, RESULT_FIELDS)},
    )
