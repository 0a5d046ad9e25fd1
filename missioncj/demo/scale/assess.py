"""Assessments as `record_administration` leaves them (a draft, then completed and scored in the
same call), at the program's schedule timepoints: most inside their window, some late or never.

Scores are the instrument's own `scoring.score`. Scoring is the slowest thing in the load, so
answer sets come from a pool: for each instrument, timepoint preset, sex and one of twenty
severity levels, a few answer sets are drawn (as the small demo draws them) and scored once;
an administration takes one at the person's current severity.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from missioncj.assessments import scoring
from missioncj.assessments.models import Administration
from missioncj.demo.assessments import BETTER_HIGH
from missioncj.demo.assessments import _responses as draw_responses
from missioncj.demo.scale.calibrate import ON_TIME, months_after
from missioncj.demo.scale.context import Context, new_uuid, request_id
from missioncj.demo.scale.people import EpisodeRows, Person
from missioncj.demo.scale.plan import DAY

LEVELS = 20
VARIANTS = 6
COLUMNS = (
    "id public_id created_at updated_at participant_id episode_id instrument_version_id "
    "administered_on administered_by_id status responses scores total band band_label "
    "completed_at corrects_id"
)


class AnswerPool:
    """Scored answer sets by (instrument, preset, sex, level)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"{seed}:answers")
        self.sets: dict[tuple[str, str, str, int], list[tuple[dict[str, Any], dict[str, Any]]]] = {}

    def draw(
        self,
        rng: random.Random,
        code: str,
        version: Any,
        preset: dict[str, Any],
        sex: str,
        level: float,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        bucket = min(LEVELS - 1, max(0, int(level * LEVELS)))
        key = (code, repr(sorted(preset.items())), sex, bucket)
        found = self.sets.get(key)
        if found is None:
            definition = version.definition
            found = []
            for _ in range(VARIANTS):
                answers = draw_responses(
                    self.rng, code, definition, (bucket + 0.5) / LEVELS, preset
                )
                found.append((answers, scoring.score(definition, answers, sex=sex)))
            self.sets[key] = found
        return rng.choice(found)


def _timepoints(
    rows: Any, episode: EpisodeRows, today: dt.date
) -> list[tuple[dt.date, dt.date, list[str], dict[str, Any]]]:
    """(window opens, window closes, instruments, preset) for each timepoint that came due."""
    plan = episode.plan
    assert plan.enrolled is not None
    end = plan.last_day(today)
    out = []
    for _profile, tp in rows.timepoints:
        anchor, limit = plan.enrolled, end if tp["ends_at_discharge"] else today - DAY
        if tp["anchor"] == "discharge":
            if plan.status != "discharged" or plan.closed is None:
                continue
            anchor, limit = plan.closed, today - DAY
        opens = months_after(anchor, tp["opens_months"]) + dt.timedelta(days=tp["opens_days"])
        closes = months_after(anchor, tp["closes_months"]) + dt.timedelta(days=tp["closes_days"])
        if opens > limit:
            continue
        out.append((opens, min(closes, limit), list(tp["instruments"]), dict(tp["preset"])))
    return out


def write_assessments(ctx: Context, person: Person, episode: EpisodeRows, pool: AnswerPool) -> None:
    plan, rows = episode.plan, person.program
    since = rows.plan.assessments_since
    if plan.enrolled is None or since is None:
        return
    rng, zone = person.rng, rows.plan.zone
    staff = episode.team.clinician or episode.team.case_manager
    severity = rng.uniform(0.35, 0.8)
    due = sorted(_timepoints(rows, episode, ctx.today), key=lambda t: (t[0], t[1]))
    for opens, closes, codes, preset in due:
        if opens < since or rng.random() > ON_TIME:
            continue
        day = opens + dt.timedelta(days=rng.randint(0, max(0, (closes - opens).days)))
        months = (day - plan.enrolled).days / 30.4
        level = max(0.05, severity - months * rng.uniform(0.02, 0.06))
        when = ctx.entered(rng, ctx.at(day, zone, rng), 180)
        for code in codes:
            version = ctx.versions[code]
            answers, scores = pool.draw(
                rng,
                code,
                version,
                preset,
                person.plan.sex,
                1 - level if code in BETTER_HIGH else level,
            )
            admin_id, public_id = ctx.id(Administration), new_uuid(rng)
            draft = {
                "instrument_version": str(version.public_id),
                "episode": episode.pid,
                "administered_on": str(day),
                "status": "draft",
                "responses": answers,
                "total": None,
                "band": "",
                "corrects": None,
            }
            band = scores["band"] or ""
            request = request_id(rng)
            person.event(
                when,
                "create",
                "assessment.draft",
                staff.actor,
                "assessments.administration",
                public_id,
                after=draft,
                request=request,
            )
            person.event(
                when,
                "update",
                "assessment.complete",
                staff.actor,
                "assessments.administration",
                public_id,
                before=draft,
                after={**draft, "status": "completed", "total": scores["total"], "band": band},
                request=request,
            )
            ctx.row(
                Administration,
                COLUMNS,
                (
                    admin_id,
                    public_id,
                    when,
                    when,
                    person.id,
                    episode.id,
                    version.pk,
                    day,
                    staff.id,
                    "completed",
                    answers,
                    scores,
                    scores["total"],
                    band,
                    scores["band_label"],
                    when,
                    None,
                ),
            )
            when = min(
                when + dt.timedelta(minutes=rng.randint(4, 15)), ctx.now - dt.timedelta(seconds=1)
            )
