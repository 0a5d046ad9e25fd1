"""Instruments (as versioned data), administrations and the safety alerts they raise."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from missioncj.core.models import PublicModel
from missioncj.participants.models import Episode, Participant


class Instrument(PublicModel):
    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=120)
    licence = models.CharField(max_length=300, blank=True)
    score_entry_only = models.BooleanField(
        default=False, help_text="proprietary: the total and level are entered, no item text"
    )
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> InstrumentVersion | None:
        return self.versions.filter(is_current=True).first()


class VersionSource(models.TextChoices):
    SHIPPED = "shipped", "Shipped with missioncj"
    LOCAL = "local", "Corrected by a program"


class InstrumentVersion(PublicModel):
    """One definition of an instrument; never edited. A change is a new version."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    definition = models.JSONField()
    digest = models.CharField(max_length=64, help_text="SHA-256 of the definition")
    source = models.CharField(max_length=10, choices=VersionSource.choices)
    note = models.CharField(max_length=300, blank=True)
    is_current = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="version_number_once"),
            models.UniqueConstraint(
                fields=["instrument"], condition=Q(is_current=True), name="one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} v{self.number}"

    @property
    def items(self) -> list[dict]:
        return list(self.definition.get("items", []))

    @property
    def loinc(self) -> dict:
        return dict(self.definition.get("loinc") or {})


class AdministrationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class Administration(PublicModel):
    """One time an instrument was given. Completed ones are never changed; a correction is a new
    administration that `corrects` the old one."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="administrations"
    )
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="administrations")
    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="administrations"
    )
    administered_on = models.DateField()
    administered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=AdministrationStatus.choices, default=AdministrationStatus.DRAFT
    )
    responses = models.JSONField(default=dict, blank=True)
    scores = models.JSONField(null=True, blank=True)
    total = models.IntegerField(null=True, blank=True)
    band = models.CharField(max_length=40, blank=True)
    band_label = models.CharField(max_length=120, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )

    class Meta:
        indexes = [models.Index(fields=["participant", "status", "administered_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_at__isnull=False),
                name="completed_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_version} · {self.administered_on}"

    @property
    def instrument(self) -> Instrument:
        return self.instrument_version.instrument

    @property
    def is_completed(self) -> bool:
        return self.status == AdministrationStatus.COMPLETED


class SafetyAlert(PublicModel):
    """Raised, in the same transaction, when a completed screen is positive for suicide risk.
    Shown on the work queue of the participant's team and program supervisors until someone
    acknowledges it."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="safety_alerts"
    )
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="safety_alerts")
    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, related_name="safety_alerts"
    )
    reason = models.CharField(max_length=300)
    raised_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["episode", "acknowledged_at"])]

    def __str__(self) -> str:
        return self.reason


class Anchor(models.TextChoices):
    ENROLLMENT = "enrollment", "Enrollment date"
    BASELINE = "baseline", "Date the baseline was completed"
    DISCHARGE = "discharge", "Discharge date"


class Schedule(PublicModel):
    """What a program gives when: a set of timepoints, each with a window. A funder profile
    (SUPRT, GPRA …) is copied into a schedule when the program adopts it; the program may then
    edit every window and instrument."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="assessment_schedules"
    )
    name = models.CharField(max_length=120)
    profile = models.SlugField(max_length=30, blank=True, help_text="funder profile it came from")
    target_rate = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=0.80,
        help_text="follow-up rate the funder expects (0.80 = 80%)",
    )
    lead_days = models.PositiveSmallIntegerField(
        default=30, help_text="days before a window opens that it shows as coming due"
    )
    note = models.CharField(max_length=500, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["program", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="schedule_name_once"),
            models.CheckConstraint(
                condition=Q(target_rate__gte=0) & Q(target_rate__lte=1), name="target_rate_0_1"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Timepoint(PublicModel):
    """One timepoint of a schedule (baseline, 6 months, annual, discharge …): its anchor, due
    date and window as calendar months plus days from the anchor, the instruments due, and
    answers that mark an administration as this timepoint's (e.g. interview type 2)."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="timepoints")
    code = models.SlugField(max_length=30)
    label = models.CharField(max_length=80)
    anchor = models.CharField(max_length=12, choices=Anchor.choices, default=Anchor.ENROLLMENT)
    due_months = models.SmallIntegerField(default=0)
    due_days = models.SmallIntegerField(default=0)
    opens_months = models.SmallIntegerField(default=0)
    opens_days = models.SmallIntegerField(default=0)
    closes_months = models.SmallIntegerField(default=0)
    closes_days = models.SmallIntegerField(default=0)
    repeat_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="repeats every N months while the episode lasts"
    )
    follow_up = models.BooleanField(
        default=True, help_text="counted in the follow-up rate (a baseline is not)"
    )
    ends_at_discharge = models.BooleanField(
        default=True, help_text="not due when the episode closed before the window opened"
    )
    instruments = models.ManyToManyField(Instrument, related_name="timepoints")
    preset = models.JSONField(
        default=dict,
        blank=True,
        help_text="answers an administration must have to count here; new forms start with them",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["schedule", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "code"], name="timepoint_code_once"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} · {self.label}"
