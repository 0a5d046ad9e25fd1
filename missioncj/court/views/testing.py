"""Court pages: drug and alcohol tests (a participant's tests and the forms a collector uses on
a phone), who the random schedules call today in a program, and the participant-page panel."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from missioncj.core.audit import record
from missioncj.core.exports import Table, columns, participant_file, wanted_format
from missioncj.core.forms import submit
from missioncj.core.models import AuditKind
from missioncj.court import testing_queue
from missioncj.court.models import AnalyteOutcome, DrugTest, TestStatus
from missioncj.court.policies import staff_program_ids
from missioncj.court.services import random_testing
from missioncj.court.services import testing as services
from missioncj.court.testing_forms import (
    CloseForm,
    CollectionForm,
    ConfirmationForm,
    NoticeForm,
    RandomStartForm,
    ResultsForm,
)
from missioncj.court.testing_reads import calls_on, rows_of, summary, tests_of
from missioncj.participants.models import Episode, EpisodeStatus, Participant
from missioncj.participants.panels import Panel, register
from missioncj.participants.policies import workable_episode
from missioncj.participants.services import local_today, record_read
from missioncj.participants.views import visible_participant
from missioncj.programs.models import Program

PAGE_SIZE = 20


def _episodes(request: HttpRequest, participant: Participant) -> list[Episode]:
    return list(
        Episode.objects.visible_to(request.user)
        .filter(participant=participant)
        .select_related("program", "team")
        .order_by("-referral_date", "-pk")
    )


def tests_url(participant: Participant) -> str:
    return reverse("court:tests", args=[participant.public_id])


def _back(request: HttpRequest, participant: Participant) -> str:
    """Where to go after a form: `next` when it is a path on this site, else the tests page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return tests_url(participant)


def _activate(episodes: list[Episode]) -> None:
    if episodes:
        timezone.activate(episodes[0].program.zone)


def _form(
    request: HttpRequest,
    form: forms.BaseForm,
    participant: Participant,
    title: str,
    submit_label: str,
    intro: str = "",
) -> HttpResponse:
    context = {
        "form": form,
        "participant": participant,
        "title": title,
        "submit": submit_label,
        "intro": intro,
        "back_url": tests_url(participant),
        "next": request.GET.get("next", "") or request.POST.get("next", ""),
    }
    return render(request, "court/testing_form.html", context, status=422 if form.errors else 200)


def _visible_test(request: HttpRequest, public_id: UUID, test_id: UUID) -> DrugTest:
    participant = visible_participant(request, public_id)
    episodes = Episode.objects.visible_to(request.user).filter(participant=participant)
    test = get_object_or_404(
        DrugTest.objects.filter(episode__in=episodes).select_related(
            "episode__program", "participant"
        ),
        public_id=test_id,
    )
    timezone.activate(test.episode.program.zone)
    return test


# --- a participant's tests ------------------------------------------------------------------------


TEST_COLUMNS = columns(
    ("id", "Test id"),
    ("day", "Day"),
    ("reason", "Reason"),
    ("specimen", "Specimen"),
    ("status", "Status"),
    ("outcome", "Outcome"),
    ("analytes", "Analytes"),
    ("collected_at", "Collected at (UTC)"),
    ("resulted_at", "Resulted at (UTC)"),
)


@login_required
def tests(request: HttpRequest, public_id: UUID) -> HttpResponseBase:
    participant = visible_participant(request, public_id)
    episodes = _episodes(request, participant)
    _activate(episodes)
    fmt = wanted_format(request)
    if fmt:
        found = (
            (
                str(t.public_id),
                t.local_date,
                t.get_reason_display(),
                t.get_specimen_display(),
                t.get_status_display(),
                t.get_outcome_display(),
                "; ".join(
                    f"{r.get_analyte_display()} {r.get_result_display()}" for r in t.results.all()
                ),
                t.collected_at,
                t.resulted_at,
            )
            for t in tests_of(episodes)
        )
        table = Table("Drug tests", TEST_COLUMNS, found)
        return participant_file(request, participant, table, fmt, name="court.drug_tests")
    page = Paginator(tests_of(episodes), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = rows_of(list(page))
    record_read(actor=request.user, participant=participant, what="drug_test.list")
    today = local_today(episodes[0].program) if episodes else timezone.localdate()
    context = {
        "participant": participant,
        "rows": rows,
        "page": page,
        "summary": summary(episodes, today) if episodes else None,
        "can_add": any(e.status != EpisodeStatus.NOT_ENROLLED for e in episodes),
        "program": episodes[0].program if episodes else None,
        "today": today,
    }
    return render(request, "court/testing_list.html", context)


@login_required
def notice(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    _activate(_episodes(request, participant))
    form = NoticeForm(request.POST or None)

    def save(data: dict[str, Any]) -> DrugTest:
        episode = workable_episode(request.user, participant)
        return services.record_notice(actor=request.user, episode=episode, **data)

    return submit(
        request,
        form,
        save,
        done=lambda t: f"Notice recorded for {participant.display_name}.",
        then=_back(request, participant),
    ) or _form(request, form, participant, "Record a test notice", "Record notice")


@login_required
def collect(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = _episodes(request, participant)
    _activate(episodes)
    open_tests = DrugTest.objects.filter(episode__in=episodes, status=TestStatus.NOTIFIED).order_by(
        "-local_date", "-pk"
    )
    initial = {
        "test": request.GET.get("test", ""),
        "collected_at": timezone.localtime().replace(second=0, microsecond=0),
    }
    form = CollectionForm(request.POST or None, open_tests=open_tests, initial=initial)

    def save(data: dict[str, Any]) -> DrugTest:
        data = dict(data)
        test = data.pop("test")
        if test is None:
            data["episode"] = workable_episode(request.user, participant)
        return services.record_collection(actor=request.user, test=test, **data)

    return submit(
        request,
        form,
        save,
        done="Collection recorded.",
        then=_back(request, participant),
    ) or _form(request, form, participant, "Record a collection", "Save collection")


@login_required
def close(request: HttpRequest, public_id: UUID, test_id: UUID) -> HttpResponse:
    test = _visible_test(request, public_id, test_id)
    form = CloseForm(request.POST or None)
    verbs = {
        TestStatus.MISSED: services.record_missed,
        TestStatus.REFUSED: services.record_refused,
        TestStatus.EXCUSED: services.record_excused,
    }
    return submit(
        request,
        form,
        lambda data: verbs[data["status"]](actor=request.user, test=test, reason=data["reason"]),
        done=lambda t: f"Recorded as {t.get_status_display().lower()}.",
        then=_back(request, test.participant),
    ) or _form(
        request,
        form,
        test.participant,
        "Missed, refused or excused",
        "Save",
        intro=f"Test noticed on {test.local_date:%d %b %Y}.",
    )


@login_required
def results(request: HttpRequest, public_id: UUID, test_id: UUID) -> HttpResponse:
    test = _visible_test(request, public_id, test_id)
    initial = {"resulted_at": timezone.localtime().replace(second=0, microsecond=0)}
    form = ResultsForm(request.POST or None, initial=initial)
    return submit(
        request,
        form,
        lambda data: services.record_results(
            actor=request.user,
            test=test,
            results=form.results(),
            resulted_at=data["resulted_at"],
            validity=data["validity"],
        ),
        done=lambda t: f"Results saved: {t.get_outcome_display().lower()}.",
        then=_back(request, test.participant),
    ) or _form(
        request,
        form,
        test.participant,
        "Record results",
        "Save results",
        intro=f"{test.get_specimen_display()} collected {test.local_date:%d %b %Y}.",
    )


@login_required
def confirm(request: HttpRequest, public_id: UUID, test_id: UUID) -> HttpResponse:
    test = _visible_test(request, public_id, test_id)
    analytes = [
        (r.analyte, r.get_analyte_display())
        for r in test.results.filter(result=AnalyteOutcome.POSITIVE)
    ]
    initial = {"confirmed_at": timezone.localtime().replace(second=0, microsecond=0)}
    form = ConfirmationForm(request.POST or None, analytes=analytes, initial=initial)
    return submit(
        request,
        form,
        lambda data: services.record_confirmation(actor=request.user, test=test, **data),
        done=lambda t: f"Confirmation saved: {t.get_outcome_display().lower()}.",
        then=_back(request, test.participant),
    ) or _form(request, form, test.participant, "Record a confirmation", "Save confirmation")


@login_required
def start_random(request: HttpRequest, public_id: UUID) -> HttpResponse:
    participant = visible_participant(request, public_id)
    episodes = _episodes(request, participant)
    today = local_today(episodes[0].program) if episodes else timezone.localdate()
    form = RandomStartForm(request.POST or None, initial={"starts_on": today})

    def save(data: dict[str, Any]) -> Any:
        episode = workable_episode(request.user, participant)
        return random_testing.start_random_testing(actor=request.user, episode=episode, **data)

    return submit(
        request,
        form,
        save,
        done="Random call-ins started.",
        then=tests_url(participant),
    ) or _form(
        request,
        form,
        participant,
        "Start random testing",
        "Start",
        intro="Call-in days are drawn from a secret kept on the server; nobody can predict them.",
    )


# --- who is called today --------------------------------------------------------------------------


@login_required
def calls_today(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = get_object_or_404(
        Program.objects.filter(pk__in=staff_program_ids(request.user)), public_id=program_id
    )
    timezone.activate(program.zone)
    today = local_today(program)
    day = today
    if request.GET.get("date"):
        try:
            day = dt.date.fromisoformat(request.GET["date"])
        except ValueError as exc:
            raise Http404("No such date.") from exc
    calls = calls_on(request.user, program, day)
    record(
        kind=AuditKind.LIST,
        action="random_calls.view",
        actor=request.user,
        after={
            "day": day.isoformat(),
            "shown": [str(c.episode.participant.public_id) for c in calls],
        },
    )
    context = {
        "program": program,
        "day": day,
        "today": today,
        "calls": calls,
        "here": request.get_full_path(),
        "previous": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
    }
    return render(request, "court/testing_today.html", context)


# --- participant-page panel and work queue --------------------------------------------------------


def testing_panel(
    participant: Participant, user: Any, episodes: list[Episode]
) -> dict[str, Any] | None:
    if not episodes:
        return None
    today = local_today(episodes[0].program)
    return {"participant": participant, "summary": summary(episodes, today)}


register(Panel(key="testing", template="court/testing_panel.html", context=testing_panel, order=75))
testing_queue.register()


urlpatterns = [
    path("participants/<uuid:public_id>/tests/", tests, name="tests"),
    path("participants/<uuid:public_id>/tests/notice/", notice, name="test_notice"),
    path("participants/<uuid:public_id>/tests/collect/", collect, name="test_collect"),
    path("participants/<uuid:public_id>/tests/random/", start_random, name="random_start"),
    path(
        "participants/<uuid:public_id>/tests/<uuid:test_id>/results/",
        results,
        name="test_results",
    ),
    path("participants/<uuid:public_id>/tests/<uuid:test_id>/close/", close, name="test_close"),
    path(
        "participants/<uuid:public_id>/tests/<uuid:test_id>/confirm/",
        confirm,
        name="test_confirm",
    ),
    path("programs/<uuid:program_id>/testing/today/", calls_today, name="calls_today"),
]
