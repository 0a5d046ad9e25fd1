"""How a program's enrolled participants stand now: per instrument, how many are in each band,
counting each participant's latest effective completed administration given in their enrolled
episode of the program. A fixed number of queries whatever the number of participants."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F

from missioncj.assessments import history
from missioncj.assessments.models import Administration, AdministrationStatus, InstrumentVersion
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.participants.models import Episode, EpisodeStatus
from missioncj.programs.models import Program

NO_BAND = ""
BAR_WIDTH = 360
BAR_HEIGHT = 36
LABEL_MIN_WIDTH = 24  # a segment narrower than this carries no number (the table has it)
# Light to dark; text is ink on the light half and white on the dark half (WCAG AA both ways).
PALETTE = ("#e3eef8", "#bcd6ee", "#8cb9e1", "#5d9bd2", "#2b6cb0", "#123f6e")
DARK_FROM = 4
GREY = "#d5d9de"


def percent(count: int, total: int) -> int:
    """Whole percent, halves rounded up (so 1 of 8 is 13, not 12)."""
    return (200 * count + total) // (2 * total) if total else 0


@dataclass(frozen=True)
class BandCount:
    code: str
    label: str
    count: int
    percent: int
    x: float
    width: float
    fill: str
    text_fill: str

    @property
    def fits_label(self) -> bool:
        return self.width >= LABEL_MIN_WIDTH

    @property
    def text_x(self) -> float:
        return round(self.x + self.width / 2, 2)


@dataclass
class Distribution:
    version: InstrumentVersion
    counted: int
    bands: list[BandCount] = field(default_factory=list)
    note: str = ""

    @property
    def instrument(self) -> Any:
        return self.version.instrument

    @property
    def summary(self) -> str:
        """The bar in words (its accessible name)."""
        parts = [f"{b.label} {b.count} ({b.percent}%)" for b in self.bands]
        return f"{self.instrument.name}, {self.counted} counted: " + "; ".join(parts)


@dataclass
class ProgramBands:
    program: Program
    enrolled: int
    distributions: list[Distribution]
    not_given: list[Any]  # instruments no enrolled participant has completed
    counted_participants: list[str]  # public ids, for the audit event


def _merged_label(labels: list[str]) -> str:
    """One label for a band code whose words differ by sex ("Positive screen (men: 4 or more)",
    "Positive screen (women: 3 or more)" → "Positive screen")."""
    if len(set(labels)) == 1:
        return labels[0]
    shared = ""
    for chars in zip(*labels, strict=False):
        if len(set(chars)) > 1:
            break
        shared += chars[0]
    return shared.rstrip(" (:,") or labels[0]


def band_order(definition: dict[str, Any]) -> list[tuple[str, str]]:
    """(code, label) of each band, in the definition's order."""
    rules = definition.get("scoring") or {}
    method = rules.get("method", "sum")
    if method == "triage":
        return [(r["code"], r["label"]) for r in rules.get("triage", [])]
    if method == "entry":
        items: list[dict[str, Any]] = definition.get("items", [])
        item = next((i for i in items if i["id"] == rules["band_item"]), {})
        return [(str(o["value"]), o["label"]) for o in item.get("options", [])]
    band_sets = [rules.get("bands", [])]
    if "bands_by_sex" in rules:
        band_sets = [v for k, v in rules["bands_by_sex"].items() if k != "default"]
    labels: dict[str, list[str]] = {}
    for bands in band_sets:
        for band in bands:
            labels.setdefault(band["code"], []).append(band["label"])
    return [(code, _merged_label(words)) for code, words in labels.items()]


def _bar(order: list[tuple[str, str]], counts: dict[str, int], total: int) -> list[BandCount]:
    shown = [(code, label) for code, label in order if code != NO_BAND or counts.get(code)]
    graded = [code for code, _ in shown if code != NO_BAND]
    out = []
    x = 0.0
    for code, label in shown:
        count = counts.get(code, 0)
        width = round(BAR_WIDTH * count / total, 2) if total else 0.0
        if code == NO_BAND:
            fill, ink = GREY, "#1d232b"
        else:
            step = graded.index(code) * (len(PALETTE) - 1) // max(len(graded) - 1, 1)
            fill, ink = PALETTE[step], "#fff" if step >= DARK_FROM else "#1d232b"
        out.append(
            BandCount(code, label, count, percent(count, total), round(x, 2), width, fill, ink)
        )
        x += width
    return out


def _latest_bands(rows: Iterable[Administration]) -> dict[int, dict[int, Administration]]:
    """instrument id → participant id → that participant's latest effective administration."""
    grouped: dict[tuple[int, int], list[Administration]] = {}
    for a in rows:
        grouped.setdefault((a.instrument_id, a.participant_id), []).append(a)  # type: ignore[attr-defined]
    latest: dict[int, dict[int, Administration]] = {}
    for (instrument_id, participant_id), given in grouped.items():
        series = history.effective(given)
        if series:
            latest.setdefault(instrument_id, {})[participant_id] = series[-1]
    return latest


def program_bands(user: Any, program: Program) -> ProgramBands:
    episodes = Episode.objects.visible_to(user).filter(
        program=program, status=EpisodeStatus.ENROLLED
    )
    enrolled = episodes.count()
    rows = (
        Administration.objects.filter(episode__in=episodes, status=AdministrationStatus.COMPLETED)
        .only("pk", "corrects", "participant", "administered_on", "band", "band_label")
        .annotate(
            instrument_id=F("instrument_version__instrument_id"),
            participant_uuid=F("participant__public_id"),
        )
    )
    latest = _latest_bands(rows)
    versions = InstrumentVersion.objects.filter(is_current=True).select_related("instrument")
    distributions, not_given = [], []
    for version in sorted(versions, key=lambda v: (v.instrument.order, v.instrument.code)):
        chosen = latest.get(version.instrument_id, {})
        if not chosen:
            not_given.append(version.instrument)
            continue
        distributions.append(_distribution(version, list(chosen.values())))
    counted = sorted(
        {str(a.participant_uuid) for by in latest.values() for a in by.values()}  # type: ignore[attr-defined]
    )
    return ProgramBands(program, enrolled, distributions, not_given, counted)


def _distribution(version: InstrumentVersion, chosen: list[Administration]) -> Distribution:
    order = band_order(version.definition)
    counts: dict[str, int] = {}
    for a in chosen:
        counts[a.band] = counts.get(a.band, 0) + 1
    known = {code for code, _ in order}
    for a in sorted(chosen, key=lambda a: (a.administered_on, a.pk)):
        # A band only an older version had keeps the words it was scored with.
        if a.band not in known:
            order.append((a.band, a.band_label or "No band"))
            known.add(a.band)
    result = Distribution(version, len(chosen), _bar(order, counts, len(chosen)))
    if (version.definition.get("scoring") or {}).get("method") == "subscales":
        result.note = "Scored by subscales: there is no overall band to count."
    return result


def record_bands_read(*, actor: Any, result: ProgramBands) -> None:
    """A program-level read: which participants' results were counted."""
    record(
        kind=AuditKind.LIST,
        action="assessment.bands.view",
        actor=actor,
        subject=result.program,
        after={"shown": result.counted_participants},
    )
