"""Pages: the participant page (normal and heavy), the caseload, the docket of a day, a group
session's attendance page, and search by name and by identifier; each with the SQL someone
would write by hand to fetch the rows the page shows."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.urls import reverse
from django.utils import timezone

from missioncj.accounts.models import User
from missioncj.accounts.scope import scope_of
from missioncj.bench import facts as f
from missioncj.bench.ops import Context, Operation, Target
from missioncj.bench.sql import fetch, ilike, marks, q, scope_clause, t
from missioncj.care.models import Attendance, Contact, Curriculum, GroupSession
from missioncj.care.models.groups import COMPLETED
from missioncj.court.models import CourtCase, DocketEntry, DrugTest, Hearing, PhaseMove
from missioncj.court.models.phases import CourtPhase
from missioncj.linkage.models import Referral
from missioncj.outcomes.models import OutcomeEvent
from missioncj.participants.models import (
    Address,
    CollateralContact,
    Episode,
    Identifier,
    Participant,
    Phone,
)
from missioncj.programs.models import Program, Team

PAGE = Target(p95_ms=25)
LIST = Target(p95_ms=40)
TIMELINE = 200  # entries the participant page shows (participants.timeline.timeline_for)
CASELOAD_ROWS = 50
SEARCH_ROWS = 25
OPEN = [str(s) for s in f.OPEN]
DONE = [str(s) for s in COMPLETED]


def scope_sql(user: User) -> tuple[str, list[Any]]:
    scope = scope_of(user)
    return scope_clause("e", scope.program_ids, scope.team_ids)


def preferred(ctx: Context, *words: str) -> list[str]:
    return [ctx.facts.logins[w] for w in words if w in ctx.facts.logins]


# --- the participant page ------------------------------------------------------------------------


def participant_sql(public_id: UUID, user: User) -> Any:
    scope, params = scope_sql(user)
    P, E = t(Participant), t(Episode)

    def run(_: int) -> int:
        found = fetch(
            f"SELECT p.id, p.public_id, p.first_name, p.middle_name, p.last_name, "
            f"p.preferred_name, p.date_of_birth, p.sex, p.race, p.ethnicity, p.restricted "
            f"FROM {P} p WHERE p.public_id = %s AND EXISTS "
            f"(SELECT 1 FROM {E} e WHERE e.participant_id = p.id AND {scope})",
            [public_id, *params],
        )
        pk = found[0][0]
        episodes = fetch(
            f"SELECT e.id, e.public_id, e.status, e.referral_date, e.enrolled_date, "
            f"e.closed_date, pr.name, pr.time_zone, tm.name FROM {E} e "
            f"JOIN {t(Program)} pr ON pr.id = e.program_id "
            f"LEFT JOIN {t(Team)} tm ON tm.id = e.team_id "
            f"WHERE e.participant_id = %s AND {scope} ORDER BY e.referral_date DESC",
            [pk, *params],
        )
        ids = [row[0] for row in episodes]
        rows = len(episodes)
        for sql in (
            f"SELECT kind, value FROM {t(Identifier)} WHERE participant_id = %s",
            f"SELECT number, label FROM {t(Phone)} WHERE participant_id = %s",
            f"SELECT line1, city, state, postal_code FROM {t(Address)} "
            f"WHERE participant_id = %s AND is_current = %s",
            f"SELECT name, relationship FROM {t(CollateralContact)} WHERE participant_id = %s",
        ):
            rows += len(fetch(sql, [pk, True] if "is_current" in sql else [pk]))
        within = f"IN ({marks(ids)})"
        rows += len(
            fetch(
                f"SELECT c.occurred_at, c.duration_minutes, c.modality, c.location, c.with_whom, "
                f"c.components, c.note, c.signed_at, u.display_name FROM {t(Contact)} c "
                f"JOIN {t(User)} u ON u.id = c.author_id "
                f"WHERE c.participant_id = %s AND c.episode_id {within} "
                f"ORDER BY c.occurred_at DESC LIMIT {TIMELINE}",
                [pk, *ids],
            )
        )
        rows += len(
            fetch(
                f"SELECT g.occurred_at, g.session_number, g.duration_minutes, g.location, "
                f"a.status, a.note FROM {t(Attendance)} a "
                f"JOIN {t(GroupSession)} g ON g.id = a.group_session_id "
                f"WHERE a.participant_id = %s AND a.episode_id {within} "
                f"ORDER BY g.occurred_at DESC LIMIT {TIMELINE}",
                [pk, *ids],
            )
        )
        rows += len(
            fetch(
                f"SELECT kind, occurred_on, detail FROM {t(OutcomeEvent)} "
                f"WHERE participant_id = %s AND voided_at IS NULL "
                f"ORDER BY occurred_on DESC LIMIT {TIMELINE}",
                [pk],
            )
        )
        hearings = (
            f"SELECT h.local_date, h.local_time, h.kind, d.appearance, d.outcome "
            f"FROM {t(DocketEntry)} d JOIN {t(Hearing)} h ON h.id = d.hearing_id "
            f"WHERE d.participant_id = %s AND d.episode_id {within} "
        )
        rows += len(
            fetch(
                hearings + "AND h.local_date >= %s ORDER BY h.local_date, h.local_time LIMIT 1",
                [pk, *ids, timezone.localdate()],
            )
        )
        rows += len(
            fetch(
                hearings + "AND d.appearance <> '' "
                "ORDER BY h.local_date DESC, h.local_time DESC LIMIT 1",
                [pk, *ids],
            )
        )
        for sql in (
            f"SELECT local_date, status, outcome FROM {t(DrugTest)} "
            f"WHERE episode_id {within} ORDER BY local_date DESC LIMIT 10",
            f"SELECT need, status, referred_on FROM {t(Referral)} "
            f"WHERE episode_id {within} ORDER BY referred_on DESC LIMIT 10",
        ):
            rows += len(fetch(sql, ids))
        return rows

    return run


def participant_page(ctx: Context, heavy: bool) -> Operation:
    public_id = ctx.facts.heavy_participant if heavy else ctx.facts.normal_participant
    viewer = f.viewer_for(public_id, preferred(ctx, "casemanager", "director", "supervisor"))
    url = reverse("participants:detail", args=[public_id])
    contacts = Contact.objects.filter(participant__public_id=public_id).count()
    return Operation(
        name="participant_page_heavy" if heavy else "participant_page",
        label="Participant page (heavy participant)" if heavy else "Participant page",
        target=PAGE,
        run=lambda i: ctx.get(viewer, url),
        hand_sql=participant_sql(public_id, viewer),
        rows=contacts,
        note=f"as {viewer.username}; {contacts} contacts in the record",
    )


# --- caseload --------------------------------------------------------------------------------


def caseload_sql(user: User) -> Any:
    scope, params = scope_sql(user)
    C = t(Contact)

    def run(_: int) -> int:
        since = timezone.now() - dt.timedelta(days=30)
        rows = fetch(
            f"SELECT e.id, e.public_id, e.status, e.referral_date, e.enrolled_date, "
            f"p.public_id, p.first_name, p.last_name, p.preferred_name, pr.name, tm.name, "
            f"(SELECT MAX(c.occurred_at) FROM {C} c WHERE c.episode_id = e.id) AS last_contact, "
            f"(SELECT COUNT(*) FROM {C} c WHERE c.episode_id = e.id AND c.occurred_at >= %s) "
            f"FROM {t(Episode)} e JOIN {t(Participant)} p ON p.id = e.participant_id "
            f"JOIN {t(Program)} pr ON pr.id = e.program_id "
            f"LEFT JOIN {t(Team)} tm ON tm.id = e.team_id "
            f"WHERE {scope} AND e.status IN ({marks(OPEN)}) "
            f"ORDER BY last_contact ASC NULLS FIRST, p.last_name LIMIT {CASELOAD_ROWS}",
            [since, *params, *OPEN],
        )
        ids = [r[0] for r in rows]
        doses = fetch(
            f"SELECT a.episode_id, cu.kind, COUNT(DISTINCT g.session_number) "
            f"FROM {t(Attendance)} a JOIN {t(GroupSession)} g ON g.id = a.group_session_id "
            f"JOIN {t(Curriculum)} cu ON cu.id = g.curriculum_id "
            f"WHERE a.episode_id IN ({marks(ids)}) AND a.status IN ({marks(DONE)}) "
            f"GROUP BY a.episode_id, cu.kind",
            [*ids, *DONE],
        )
        drafts = fetch(
            f"SELECT c.public_id, c.occurred_at FROM {C} c "
            f"WHERE c.author_id = %s AND c.signed_at IS NULL",
            [user.pk],
        )
        return len(rows) + len(doses) + len(drafts)

    return run


def caseload(ctx: Context) -> Operation:
    user = f.user(ctx.facts.logins["casemanager"])
    shown = min(Episode.objects.visible_to(user).filter(status__in=f.OPEN).count(), CASELOAD_ROWS)
    return Operation(
        name="caseload",
        label="Caseload (first 50 rows)",
        target=LIST,
        run=lambda i: ctx.get(user, reverse("care:caseload")),
        hand_sql=caseload_sql(user),
        rows=shown,
        note=f"as {user.username}",
    )


# --- docket ------------------------------------------------------------------------------------


def docket_sql(court_id: int, day: dt.date, user: User) -> Any:
    scope, params = scope_sql(user)
    newest_phase = (
        f"(SELECT cp.number FROM {t(PhaseMove)} m JOIN {t(CourtPhase)} cp ON cp.id = m.phase_id "
        f"WHERE m.episode_id = d.episode_id ORDER BY m.{q('on')} DESC, m.id DESC LIMIT 1)"
    )

    def run(_: int) -> int:
        hearings = fetch(
            f"SELECT id, local_time, kind, status FROM {t(Hearing)} "
            f"WHERE court_id = %s AND local_date = %s ORDER BY local_time, kind, id",
            [court_id, day],
        )
        entries = fetch(
            f"SELECT d.id, d.hearing_id, d.appearance, d.outcome, p.public_id, p.first_name, "
            f"p.last_name, cc.docket_number, tm.name, {newest_phase} "
            f"FROM {t(DocketEntry)} d JOIN {t(Hearing)} h ON h.id = d.hearing_id "
            f"JOIN {t(Participant)} p ON p.id = d.participant_id "
            f"JOIN {t(Episode)} e ON e.id = d.episode_id "
            f"LEFT JOIN {t(CourtCase)} cc ON cc.id = d.case_id "
            f"LEFT JOIN {t(Team)} tm ON tm.id = e.team_id "
            f"WHERE h.court_id = %s AND h.local_date = %s AND {scope} "
            f"ORDER BY p.last_name, p.first_name, d.id",
            [court_id, day, *params],
        )
        return len(hearings) + len(entries)

    return run


def docket(ctx: Context) -> Operation:
    court = f.docket_court(ctx.facts.docket_program, ctx.facts.docket_date)
    user = f.overseer(court.program, preferred(ctx, "director", "supervisor"))
    day = ctx.facts.docket_date
    url = reverse("court:docket", args=[court.public_id, day])
    people = DocketEntry.objects.filter(hearing__court=court, hearing__local_date=day).count()
    return Operation(
        name="docket",
        label="Docket for a date",
        target=LIST,
        run=lambda i: ctx.get(user, url),
        hand_sql=docket_sql(court.pk, day, user),
        rows=people,
        note=f"as {user.username}; {court.name}, {day}",
    )


# --- group session -----------------------------------------------------------------------------


def group_sql(public_id: UUID, user: User) -> Any:
    scope, params = scope_sql(user)

    def run(_: int) -> int:
        group = fetch(
            f"SELECT id, occurred_at, session_number, duration_minutes, location, note "
            f"FROM {t(GroupSession)} WHERE public_id = %s",
            [public_id],
        )
        rows = fetch(
            f"SELECT a.status, a.note, p.public_id, p.first_name, p.last_name, tm.name "
            f"FROM {t(Attendance)} a JOIN {t(Participant)} p ON p.id = a.participant_id "
            f"JOIN {t(Episode)} e ON e.id = a.episode_id "
            f"LEFT JOIN {t(Team)} tm ON tm.id = e.team_id "
            f"WHERE a.group_session_id = %s AND {scope} ORDER BY p.last_name, p.first_name",
            [group[0][0], *params],
        )
        return len(group) + len(rows)

    return run


def group_session(ctx: Context) -> Operation:
    target = Target(p95_ms=None)
    public_id = ctx.facts.group_session
    if public_id is None:
        return Operation(
            "group_session", "Group session entry page", target, unavailable="no group session"
        )
    group = GroupSession.objects.select_related("program").get(public_id=public_id)
    user = f.overseer(group.program, preferred(ctx, "director", "supervisor"))
    return Operation(
        name="group_session",
        label="Group session entry page",
        target=target,
        run=lambda i: ctx.get(user, reverse("care:group_detail", args=[public_id])),
        hand_sql=group_sql(public_id, user),
        rows=f.attendance_rows(public_id),
        note=f"as {user.username}",
    )


# --- search ------------------------------------------------------------------------------------


def search_sql(query: str, user: User, by_identifier: bool) -> Any:
    scope, params = scope_sql(user)
    P, like = t(Participant), ilike()
    visible = f"EXISTS (SELECT 1 FROM {t(Episode)} e WHERE e.participant_id = p.id AND {scope})"
    if by_identifier:
        where = (
            f"EXISTS (SELECT 1 FROM {t(Identifier)} i WHERE i.participant_id = p.id "
            f"AND i.value {like} %s)"
        )
        match: list[Any] = [query + "%"]
    else:
        where = (
            f"(p.first_name {like} %s OR p.last_name {like} %s OR p.preferred_name {like} %s "
            f"OR p.middle_name {like} %s)"
        )
        match = [query + "%"] * 4

    def run(_: int) -> int:
        people = fetch(
            f"SELECT p.id, p.public_id, p.first_name, p.last_name, p.date_of_birth FROM {P} p "
            f"WHERE {where} AND {visible} ORDER BY p.last_name, p.first_name "
            f"LIMIT {SEARCH_ROWS}",
            [*match, *params],
        )
        ids = [row[0] for row in people]
        found = fetch(
            f"SELECT participant_id, kind, value FROM {t(Identifier)} "
            f"WHERE participant_id IN ({marks(ids)})",
            ids,
        )
        return len(people) + len(found)

    return run


def search(ctx: Context, by_identifier: bool) -> Operation:
    public_id = ctx.facts.normal_participant
    user = f.viewer_for(public_id, preferred(ctx, "director", "supervisor", "casemanager"))
    person = Participant.objects.get(public_id=public_id)
    if by_identifier:
        identifier = person.identifiers.order_by("pk").first()
        if identifier is None:
            return Operation(
                "search_identifier",
                "Search by identifier",
                unavailable="the participant measured has no identifier",
            )
        query = identifier.value
    else:
        query = person.last_name
    url = reverse("participants:search")
    return Operation(
        name="search_identifier" if by_identifier else "search_name",
        label="Search by identifier" if by_identifier else "Search by name",
        run=lambda i: ctx.get(user, url, {"q": query}),
        hand_sql=search_sql(query, user, by_identifier),
        rows=None,
        note=f"as {user.username}; “{query}”",
    )
