"""Drug and alcohol tests: each test in the period with its result and the analytes positive,
and clean time to the end of the period."""

from __future__ import annotations

from collections import Counter

from missioncj.court.models import Analyte, AnalyteOutcome, AnalyteResult, DrugTest, Outcome
from missioncj.court.sobriety import sobriety
from missioncj.privacy.models import Category
from missioncj.privacy.sections.base import Scope, Section, Table, day_text


def drug_tests_section(scope: Scope) -> Section:
    section = Section(Category.DRUG_TESTS, Category.DRUG_TESTS.label)
    tests = list(
        DrugTest.objects.filter(episode=scope.episode, local_date__lte=scope.end)
        .order_by("local_date", "pk")
        .only("pk", "local_date", "specimen", "outcome", "status", "validity")
    )
    in_period = [t for t in tests if t.local_date >= scope.start]
    positives: dict[int, list[str]] = {t.pk: [] for t in in_period}
    for test_id, analyte, result in AnalyteResult.objects.filter(
        test_id__in=list(positives),
        result__in=[AnalyteOutcome.POSITIVE, AnalyteOutcome.PRESCRIBED],
    ).values_list("test_id", "analyte", "result"):
        label = Analyte(analyte).label
        positives[test_id].append(
            label + (" (prescribed)" if result == AnalyteOutcome.PRESCRIBED else "")
        )
    counts = Counter(t.outcome for t in in_period)
    section.facts.append(
        (
            "Tests in the period",
            f"{len(in_period)} tests: {counts[Outcome.NEGATIVE]} negative, "
            f"{counts[Outcome.POSITIVE]} positive, {counts[Outcome.MISSED]} missed, "
            f"{counts[Outcome.REFUSED]} refused, {counts[Outcome.INVALID]} invalid",
        )
    )
    start = scope.episode.enrolled_date or scope.episode.referral_date
    clean = sobriety(tests, start, scope.end)
    if clean.tests:
        section.facts.append(("Current clean time", f"{clean.clean_days} days"))
        section.facts.append(
            (
                "Last positive, missed or refused test",
                f"{day_text(clean.last_positive)} ({clean.days_since_positive} days ago)"
                if clean.last_positive
                else "none on record",
            )
        )
        section.facts.append(("Longest run of negative tests", str(clean.longest_negative_run)))
    else:
        section.facts.append(("Current clean time", "no test results yet"))
    if in_period:
        section.tables.append(
            Table(
                "Tests",
                ("Date", "Specimen", "Result", "Positive for"),
                [
                    (
                        day_text(t.local_date),
                        t.get_specimen_display(),
                        t.get_outcome_display(),
                        ", ".join(positives[t.pk]) or "—",
                    )
                    for t in in_period
                ],
            )
        )
    section.data = {
        "tests": len(in_period),
        "outcomes": dict(sorted(counts.items())),
        "clean_days": clean.clean_days if clean.tests else None,
        "last_positive": clean.last_positive.isoformat() if clean.last_positive else None,
        "days_since_positive": clean.days_since_positive,
        "longest_negative_run": clean.longest_negative_run,
    }
    return section
