"""What may be shown about one participant for each consented category, as plain data.

Public API (kept stable: staffing packets, prints and court-partner pages are built on it):

    build_sections(participant, categories, start, end, *, episode=None, court=None)
        -> list[Section]

    packet_period(participant, day, *, court=None, episode=None) -> (start, end)

- `categories` are `Category` values the disclosure decision granted (`Decision.granted`);
  a section is built for each one this module knows, in `SECTION_ORDER`, and any other value
  (clinical notes, SUD counseling notes) is ignored: they never go into a section.
- `start`..`end` is the period, both local dates in the program's time zone, inclusive.
  `packet_period` gives "since the previous court hearing, up to the packet day".
- `episode` defaults to the participant's open episode (else the latest); `court` limits the
  case, conditions and hearings to one court.
- A `Section` is plain data: `facts` (label → value, both plain text), `tables` (caption,
  column headings, rows of plain text), `empty` (a sentence when there is nothing to show) and
  `data` (the same figures as JSON-able values, for the API and partner pages). No HTML.

What never appears, whatever the category: contact note text, addenda, attendance notes,
group-session notes, drug-test notes, staffing notes, progress-rating notes, plan reviews,
assessment answers, SUD counseling notes, or any other free text written about the person's
care. The only free text shown is court record text (court conditions, the team's
recommendation to the judge, incentives and sanctions as the court recorded them) and
treatment-plan goal wording (what the PLAN category describes).

Modules: `base` (Section, Table, Scope, the period and episode), `attendance`, `drug_tests`,
`court` (phase and compliance, incentives and sanctions) and `treatment` (assessments, plan,
diagnoses).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from missioncj.court.models import Court
from missioncj.participants.models import Episode, Participant
from missioncj.privacy.models import Category
from missioncj.privacy.sections.attendance import attendance_section
from missioncj.privacy.sections.base import (
    APPEARED,
    COURT_KINDS,
    SECTION_CATEGORIES,
    SECTION_ORDER,
    Scope,
    Section,
    Table,
    day_text,
    episode_for,
    packet_period,
)
from missioncj.privacy.sections.court import phase_section, responses_section
from missioncj.privacy.sections.drug_tests import drug_tests_section
from missioncj.privacy.sections.treatment import (
    assessments_section,
    diagnoses_section,
    plan_section,
)

__all__ = [
    "APPEARED",
    "BUILDERS",
    "COURT_KINDS",
    "SECTION_CATEGORIES",
    "SECTION_ORDER",
    "Scope",
    "Section",
    "Table",
    "build_sections",
    "day_text",
    "episode_for",
    "packet_period",
]

BUILDERS: dict[str, Callable[[Scope], Section]] = {
    Category.ATTENDANCE: attendance_section,
    Category.DRUG_TESTS: drug_tests_section,
    Category.PHASE: phase_section,
    Category.RESPONSES: responses_section,
    Category.ASSESSMENTS: assessments_section,
    Category.PLAN: plan_section,
    Category.DIAGNOSES: diagnoses_section,
}


def build_sections(
    participant: Participant,
    categories: Iterable[str],
    start: dt.date,
    end: dt.date,
    *,
    episode: Episode | None = None,
    court: Court | None = None,
) -> list[Section]:
    """One section per granted category this module can show, in `SECTION_ORDER`."""
    if start > end:
        raise ValueError("The period starts after it ends.")
    wanted = set(categories) & SECTION_CATEGORIES
    if not wanted:
        return []
    episode = episode or episode_for(participant)
    scope = Scope(participant, episode, start, end, court)
    return [BUILDERS[c](scope) for c in SECTION_ORDER if c in wanted]
