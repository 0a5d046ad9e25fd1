"""The work queue: alerts computed from the record (there is no alert table).

An alert exists while the data says something needs doing, and is gone as soon as the data
changes (a contact is logged, a member attends, a plan is reviewed, a boundary is moved).
For every open, enrolled episode the user may see:

- `cti_contact`   no signed CTI contact within the current phase's target interval
                  (one every N days; counted from the last CTI contact, or from enrollment);
- `missed_groups` the member's two most recent attendance rows in one curriculum are absent;
- `plan_review`   the treatment plan's next review is within 7 days or past;
- `phase_ending`  the current CTI phase ends within 7 days;
- `planned_end`   the episode's planned end (enrollment + program length) is within 14 days
                  or past.

Everything is computed in a constant number of queries for any number of episodes.

Other apps contribute alerts through `register_provider(kind, label, provider)` (called from
their `AppConfig.ready()`): a provider takes the episodes and `now` and returns `Alert`s (for
example `assessments` adds `safety_screen`, a stored alert raised by a positive suicide-risk
screen that stays until someone acknowledges it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Max, Window
from django.db.models.functions import RowNumber
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from missioncj.care import cti
from missioncj.care.dose import has_component, moves_by_episode
from missioncj.care.models import Attendance, AttendanceStatus, Component, Contact, TreatmentPlan
from missioncj.participants.models import OPEN_STATUSES, Episode, Participant

PLAN_REVIEW_DAYS = 7
PHASE_ENDING_DAYS = 7
PLANNED_END_DAYS = 14

KIND_LABELS = {
    "cti_contact": "CTI contact due",
    "missed_groups": "Missed groups",
    "plan_review": "Plan review",
    "phase_ending": "Phase ending",
    "planned_end": "Planned end",
}


@dataclass(frozen=True)
class Alert:
    kind: str
    participant: Participant
    episode: Episode
    message: str
    due: dt.date
    url: str
    action: str  # words for the link, e.g. "Log a contact"
    today: dt.date  # the local date in the episode's program when computed

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def team_name(self) -> str:
        return self.episode.team.name if self.episode.team else "No team"

    @property
    def overdue(self) -> bool:
        return self.due < self.today


def _when(day: dt.date, today: dt.date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta > 0:
        return f"in {delta} days"
    return "yesterday" if delta == -1 else f"{-delta} days ago"


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def plan_url(participant: Participant, episode: Episode) -> str:
    try:
        kwargs = {"public_id": participant.public_id, "episode_id": episode.public_id}
        return reverse("care:plan", kwargs=kwargs)
    except NoReverseMatch:
        return reverse("participants:detail", args=[participant.public_id])


def _last_cti(episodes: Sequence[Episode]) -> dict[int, dt.datetime]:
    rows = (
        Contact.objects.filter(episode_id__in=[e.pk for e in episodes], signed_at__isnull=False)
        .filter(has_component(Component.CTI))
        .order_by()
        .values("episode_id")
        .annotate(last=Max("occurred_at"))
        .values_list("episode_id", "last")
    )
    return dict(rows)


def _missed_groups(episode_ids: list[int]) -> dict[int, list[tuple[str, dt.datetime]]]:
    """Episode → [(curriculum name, newest missed session time)] where the two newest
    attendance rows in that curriculum are both absent."""
    rows = (
        Attendance.objects.filter(episode_id__in=episode_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("episode_id"), F("group_session__curriculum_id")],
                order_by=[F("group_session__occurred_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=2)
        .values_list(
            "episode_id",
            "group_session__curriculum_id",
            "group_session__curriculum__name",
            "status",
            "group_session__occurred_at",
        )
    )
    seen: dict[tuple[int, int], list[tuple[str, str, dt.datetime]]] = defaultdict(list)
    for episode_id, curriculum_id, name, status, occurred_at in rows:
        seen[(episode_id, curriculum_id)].append((name, status, occurred_at))
    out: dict[int, list[tuple[str, dt.datetime]]] = defaultdict(list)
    for (episode_id, _), latest in sorted(seen.items()):
        if len(latest) == 2 and all(status == AttendanceStatus.ABSENT for _, status, _ in latest):
            out[episode_id].append((latest[0][0], max(when for _, _, when in latest)))
    return out


AlertProvider = Callable[[Sequence[Episode], dt.datetime], list[Alert]]
_providers: list[AlertProvider] = []


def register_provider(kind: str, label: str, provider: AlertProvider) -> None:
    """Let a higher floor add alerts of its own kind to every work queue."""
    KIND_LABELS[kind] = label
    if provider not in _providers:
        _providers.append(provider)


UserAlertProvider = Callable[[Any, dt.datetime], list[Alert]]
_user_providers: list[UserAlertProvider] = []


def register_user_provider(kind: str, label: str, provider: UserAlertProvider) -> None:
    """Like `register_provider`, for alerts that are about the user's role rather than the
    episodes they see (a break-the-glass review lands with supervisors who, by design, do not
    see the restricted record itself)."""
    KIND_LABELS[kind] = label
    if provider not in _user_providers:
        _user_providers.append(provider)


def _contributed(episodes: Sequence[Episode], now: dt.datetime) -> list[Alert]:
    return [alert for provider in _providers for alert in provider(episodes, now)]


def alerts_for_episodes(episodes: Sequence[Episode], now: dt.datetime | None = None) -> list[Alert]:
    """Alerts of these episodes (already scoped to the user; `participant`, `program` and
    `team` loaded), soonest due first. Episodes not open and enrolled raise none of the computed
    kinds; registered providers decide for themselves."""
    active = [e for e in episodes if cti.is_active(e)]
    now = now or timezone.now()
    if not active:
        contributed = _contributed(episodes, now) if episodes else []
        contributed.sort(key=lambda a: (a.due, a.participant.last_name, a.kind))
        return contributed
    ids = [e.pk for e in active]
    moves = moves_by_episode(ids)
    last_cti = _last_cti(active)
    missed = _missed_groups(ids)
    plans = dict(
        TreatmentPlan.objects.filter(episode_id__in=ids).values_list("episode_id", "next_review_on")
    )
    alerts: list[Alert] = []
    for episode in active:
        alerts.extend(_episode_alerts(episode, now, moves, last_cti, missed, plans))
    alerts.extend(_contributed(episodes, now))
    alerts.sort(key=lambda a: (a.due, a.participant.last_name, a.kind))
    return alerts


def _episode_alerts(
    episode: Episode,
    now: dt.datetime,
    moves: dict[int, Any],
    last_cti: dict[int, dt.datetime],
    missed: dict[int, list[tuple[str, dt.datetime]]],
    plans: dict[int, dt.date],
) -> list[Alert]:
    participant = episode.participant
    zone = episode.program.zone
    today = cti.local_date(now, zone)
    page = reverse("participants:detail", args=[participant.public_id])
    log = reverse("care:log_contact", args=[participant.public_id])
    out: list[Alert] = []

    def add(kind: str, message: str, due: dt.date, url: str, action: str) -> None:
        out.append(Alert(kind, participant, episode, message, due, url, action, today))

    phase_list = cti.episode_phases(episode, moves.get(episode.pk, []))
    phase = cti.current_phase(episode, phase_list, today)
    if phase is not None:
        every = phase.contact_every_days
        last = last_cti.get(episode.pk)
        last_day = cti.local_date(last, zone) if last else None
        assert episode.enrolled_date is not None
        due = (last_day or episode.enrolled_date) + dt.timedelta(days=every)
        if today >= due:
            if last_day:
                since = f"No CTI contact in {(today - last_day).days} days"
            else:
                days = (today - episode.enrolled_date).days
                since = f"No CTI contact since enrollment {days} days ago"
            add(
                "cti_contact",
                f"{since}; {phase.name.lower()} target is one every {every} days.",
                due,
                log,
                "Log a contact",
            )
        if cti.days_left(phase, today) <= PHASE_ENDING_DAYS:
            ends = "CTI ends" if phase.number == 3 else f"{phase.name} ends"
            add(
                "phase_ending",
                f"{ends} {_fmt(phase.last_day)} (last day {_when(phase.last_day, today)}).",
                phase.last_day,
                reverse(
                    "care:cti_move",
                    kwargs={"public_id": participant.public_id, "episode_id": episode.public_id},
                ),
                "Review phase dates",
            )
    for name, when in missed.get(episode.pk, []):
        add(
            "missed_groups",
            f"Missed the last two {name} sessions.",
            cti.local_date(when, zone),
            page,
            "Open record",
        )
    review = plans.get(episode.pk)
    if review is not None and (review - today).days <= PLAN_REVIEW_DAYS:
        overdue = "was due" if review < today else "is due"
        add(
            "plan_review",
            f"Treatment-plan review {overdue} {_fmt(review)} ({_when(review, today)}).",
            review,
            plan_url(participant, episode),
            "Open the plan",
        )
    if episode.enrolled_date is not None:
        planned_end = cti.add_months(episode.enrolled_date, episode.program.planned_length_months)
        if (planned_end - today).days <= PLANNED_END_DAYS:
            add(
                "planned_end",
                f"Planned end of the episode {_fmt(planned_end)} ({_when(planned_end, today)}).",
                planned_end,
                page,
                "Open record",
            )
    return out


def visible_open(user: Any) -> Any:
    """Open episodes the user may see, ready for `alerts_for_episodes`: the computed kinds need
    an enrolled episode, but a provider's alert (a positive safety screen at referral) does not."""
    return (
        Episode.objects.visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .select_related("participant", "program", "team")
        .order_by("program__name", "team__name", "pk")
    )


# Up to this many open episodes in view, pages work out the user's whole queue; above it (a
# supervisor or director over a whole program) that costs seconds, so the caseload counts only
# its rows' alerts and the work queue shows one team at a time.
WHOLE_QUEUE_UP_TO = 200


def alerts_for_user(
    user: Any, now: dt.datetime | None = None, episodes: Sequence[Episode] | None = None
) -> list[Alert]:
    """The user's alerts: of `episodes` (some of `visible_open(user)`, e.g. one team's) or of
    every open episode they see, plus the alerts about their role."""
    now = now or timezone.now()
    if episodes is None:
        episodes = list(visible_open(user))
    alerts = alerts_for_episodes(episodes, now)
    extra = [alert for provider in _user_providers for alert in provider(user, now)]
    if extra:
        alerts = sorted([*alerts, *extra], key=lambda a: (a.due, a.participant.last_name, a.kind))
    return alerts


def grouped_by_team(alerts: list[Alert]) -> list[tuple[str, list[Alert]]]:
    """[(program · team, alerts)], teams in name order, alerts soonest first within each."""
    groups: dict[str, list[Alert]] = defaultdict(list)
    for alert in alerts:
        groups[f"{alert.episode.program.name} · {alert.team_name}"].append(alert)
    return sorted(groups.items())


@dataclass(frozen=True)
class TeamChoice:
    """One team's page of a work queue too big for one page."""

    key: str  # the team's public id, or "none" for episodes not yet given a team
    label: str  # "Program · Team"
    open_episodes: int


def team_key(episode: Episode) -> str:
    return str(episode.team.public_id) if episode.team else "none"


def team_choices(episodes: Sequence[Episode]) -> list[TeamChoice]:
    """The teams of these episodes (`program` and `team` loaded), in label order."""
    labels: dict[str, str] = {}
    counts: dict[str, int] = defaultdict(int)
    for episode in episodes:
        key = team_key(episode)
        team = episode.team.name if episode.team else "No team"
        labels[key] = f"{episode.program.name} · {team}"
        counts[key] += 1
    return sorted(
        (TeamChoice(key, labels[key], counts[key]) for key in labels), key=lambda c: c.label
    )


def counts_by_episode(alerts: list[Alert]) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for alert in alerts:
        out[alert.episode.pk] += 1
    return dict(out)
