"""The demo's outcome events: re-arrests, jail stays and life changes, through the services,
and the same seed gives the same record."""

from __future__ import annotations

import datetime as dt
import random

from missioncj.conftest import make_participant
from missioncj.core.models import AuditEvent
from missioncj.demo.outcomes import add_outcome_events
from missioncj.outcomes.models import OutcomeEvent

TODAY = dt.date(2026, 11, 20)  # the world enrolls people on 5 September 2026


def test_demo_outcome_events(world):
    supervisor = world.user("supervisor")
    for index in range(12):
        make_participant(supervisor, world.drug, world.north, f"Demo{index}")
        make_participant(world.user("outsider"), world.reentry, world.reentry_team, f"Out{index}")
    leads = ((world.drug, supervisor), (world.reentry, world.user("outsider")))
    made = sum(add_outcome_events(random.Random(5), TODAY, p, lead) for p, lead in leads)
    assert made == OutcomeEvent.objects.count()
    assert AuditEvent.objects.filter(action="outcome_event.record").count() == made
    kinds = set(OutcomeEvent.objects.values_list("kind", flat=True))
    assert {"arrest", "incarceration"} <= kinds
    for event in OutcomeEvent.objects.select_related("episode"):
        assert event.occurred_on <= TODAY and (event.ended_on or event.occurred_on) <= TODAY
        enrolled = event.episode.enrolled_date
        assert enrolled is not None
        assert event.occurred_on >= enrolled or event.kind == "incarceration"
    # Every re-entry participant was released from jail on or before enrollment.
    for episode in world.reentry.episodes.filter(enrolled_date__isnull=False):
        stay = episode.outcome_events.get(kind="incarceration", ended_on__lte=episode.enrolled_date)
        assert stay.nights == (stay.ended_on - stay.occurred_on).days
    shape = sorted(OutcomeEvent.objects.values_list("episode_id", "kind", "occurred_on"))
    OutcomeEvent.objects.all().delete()
    for program, lead in leads:
        add_outcome_events(random.Random(5), TODAY, program, lead)
    assert sorted(OutcomeEvent.objects.values_list("episode_id", "kind", "occurred_on")) == shape
