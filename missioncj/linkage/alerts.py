"""Linkage's work-queue kinds (registered in `wiring.py`):

- `stuck_referral`  an open referral has sat in its status longer than the program's
                    threshold (`LinkageSettings`; on day N it is fine, on day N+1 it is stuck);
- `network_gap`     a participant in CTI phase 3 (transfer of care) has plan needs that no
                    active tie in their support network covers (`coverage.py`).

Both are computed from the record in a constant number of queries for any number of episodes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.urls import reverse

from missioncj.care import cti
from missioncj.care.alerts import Alert
from missioncj.care.dose import moves_by_episode
from missioncj.care.models import PlanGoal, PlanNeed
from missioncj.linkage.coverage import TieFacts, plan_domains, uncovered
from missioncj.linkage.models import LinkageSettings, Referral, ReferralStatus, SupportTie
from missioncj.linkage.stats import stuck_since
from missioncj.participants.models import Episode

STUCK_LABEL = "Referral stuck"
GAP_LABEL = "Network gap"


def _limits(program_ids: set[int]) -> dict[int, LinkageSettings]:
    found = {s.program_id: s for s in LinkageSettings.objects.filter(program_id__in=program_ids)}
    return {pid: found.get(pid) or LinkageSettings(program_id=pid) for pid in program_ids}


def stuck_referrals(episodes: Sequence[Episode], now: dt.datetime) -> list[Alert]:
    by_id = {e.pk: e for e in episodes}
    if not by_id:
        return []
    settings_by_program = _limits({e.program_id for e in episodes})
    referrals = (
        Referral.objects.filter(episode_id__in=by_id)
        .exclude(
            status__in=[ReferralStatus.CLOSED, ReferralStatus.DECLINED, ReferralStatus.INELIGIBLE]
        )
        .select_related("service")
        .order_by("pk")
    )
    out = []
    for referral in referrals:
        episode = by_id[referral.episode_id]
        today = cti.local_date(now, episode.program.zone)
        limit = settings_by_program[episode.program_id].days_for(referral.status)
        since = stuck_since(referral.status, referral.status_on, today, {referral.status: limit})
        if since is None:
            continue
        place = referral.service.name if referral.service else referral.place_name
        days = (today - referral.status_on).days
        message = (
            f"{referral.get_need_display()} referral to {place} has been "
            f"{referral.get_status_display().lower()} for {days} days (threshold {limit})."
        )
        url = reverse(
            "linkage:referral",
            kwargs={"public_id": episode.participant.public_id, "referral_id": referral.public_id},
        )
        out.append(
            Alert(
                "stuck_referral",
                episode.participant,
                episode,
                message,
                since,
                url,
                "Update the referral",
                today,
            )
        )
    return out


def _ties_by_participant(participant_ids: list[int]) -> dict[int, list[TieFacts]]:
    ties = SupportTie.objects.filter(
        participant_id__in=participant_ids, ended_on__isnull=True
    ).select_related("service")
    out: dict[int, list[TieFacts]] = defaultdict(list)
    for tie in ties:
        categories = frozenset(tie.service.categories or []) if tie.service else frozenset()
        out[tie.participant_id].append(TieFacts(tie.role, categories))
    return out


def plan_domains_by_episode(episode_ids: list[int]) -> dict[int, list[str]]:
    needs: dict[int, list[tuple[str, str]]] = defaultdict(list)
    goals: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for eid, domain, level in PlanNeed.objects.filter(plan__episode_id__in=episode_ids).values_list(
        "plan__episode_id", "domain", "level"
    ):
        needs[eid].append((domain, level))
    for eid, domain, status in PlanGoal.objects.filter(
        plan__episode_id__in=episode_ids
    ).values_list("plan__episode_id", "domain", "status"):
        goals[eid].append((domain, status))
    return {eid: plan_domains(needs[eid], goals[eid]) for eid in episode_ids}


def transfer_phase(episode: Episode, moves: list, today: dt.date) -> cti.Phase | None:
    phase = cti.current_phase(episode, cti.episode_phases(episode, moves), today)
    return phase if phase is not None and phase.number == 3 else None


def network_gaps(episodes: Sequence[Episode], now: dt.datetime) -> list[Alert]:
    active = [e for e in episodes if cti.is_active(e)]
    if not active:
        return []
    moves = moves_by_episode([e.pk for e in active])
    in_transfer = []
    for episode in active:
        today = cti.local_date(now, episode.program.zone)
        phase = transfer_phase(episode, moves.get(episode.pk, []), today)
        if phase is not None:
            in_transfer.append((episode, phase, today))
    if not in_transfer:
        return []
    domains = plan_domains_by_episode([e.pk for e, _, _ in in_transfer])
    ties = _ties_by_participant([e.participant_id for e, _, _ in in_transfer])
    out = []
    for episode, phase, today in in_transfer:
        gaps = uncovered(domains[episode.pk], ties.get(episode.participant_id, []))
        if not gaps:
            continue
        names = ", ".join(g.label.lower() for g in gaps)
        message = f"Transfer of care: the support network does not yet cover {names}."
        url = reverse("linkage:network", args=[episode.participant.public_id])
        out.append(
            Alert(
                "network_gap",
                episode.participant,
                episode,
                message,
                phase.start,
                url,
                "Open the network",
                today,
            )
        )
    return out
