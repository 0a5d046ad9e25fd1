"""Courts, court cases with their charges, and the conditions a court orders."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from missioncj.core.models import PublicModel
from missioncj.participants.models import Episode, Participant
from missioncj.programs.models import Intercept, Program


class Court(PublicModel):
    """A courtroom calendar a program's participants appear on (its docket, hearings and
    staffing meetings). Times are the program's time zone."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="courts")
    name = models.CharField(max_length=200)
    location = models.CharField(max_length=300, blank=True, help_text="building, street, room")
    judge = models.CharField(max_length=150, blank=True, help_text="presiding judge")

    class Meta:
        ordering = ["program", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="court_name_per_program")
        ]

    def __str__(self) -> str:
        return self.name


class CaseStatus(models.TextChoices):
    PRE_PLEA = "pre_plea", "Pre-plea (diversion)"
    POST_PLEA = "post_plea", "Post-plea"
    PROBATION = "probation", "Probation / post-adjudication"
    DISPOSED = "disposed", "Disposed"
    DISMISSED = "dismissed", "Dismissed"


OPEN_CASE_STATUSES = (CaseStatus.PRE_PLEA, CaseStatus.POST_PLEA, CaseStatus.PROBATION)


class CourtCase(PublicModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="court_cases"
    )
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="court_cases")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="cases")
    docket_number = models.CharField(max_length=60)
    judge = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=12, choices=CaseStatus.choices)
    intercept = models.PositiveSmallIntegerField(
        choices=Intercept.choices, help_text="where on the Sequential Intercept Model referred"
    )
    opened_on = models.DateField()
    disposed_on = models.DateField(null=True, blank=True)
    disposition = models.CharField(max_length=300, blank=True)
    attorney_name = models.CharField(max_length=150, blank=True)
    attorney_phone = models.CharField(max_length=32, blank=True)
    attorney_email = models.EmailField(blank=True)
    probation_officer_name = models.CharField(max_length=150, blank=True)
    probation_officer_phone = models.CharField(max_length=32, blank=True)
    probation_officer_email = models.EmailField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-opened_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "docket_number"], name="docket_once_per_court"
            ),
            models.CheckConstraint(
                condition=Q(disposed_on__isnull=True) | Q(disposed_on__gte=models.F("opened_on")),
                name="case_disposed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.docket_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CASE_STATUSES


class ChargeLevel(models.TextChoices):
    FELONY = "felony", "Felony"
    MISDEMEANOR = "misdemeanor", "Misdemeanor"
    INFRACTION = "infraction", "Infraction / violation"


class Charge(PublicModel):
    case = models.ForeignKey(CourtCase, on_delete=models.CASCADE, related_name="charges")
    statute = models.CharField(max_length=80)
    description = models.CharField(max_length=300)
    level = models.CharField(max_length=12, choices=ChargeLevel.choices)
    degree = models.CharField(max_length=20, blank=True, help_text="class or degree, e.g. F3")
    disposition = models.CharField(max_length=120, blank=True)
    disposition_on = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["case", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.statute} {self.description}"


class ConditionKind(models.TextChoices):
    TREATMENT = "treatment", "Attend treatment"
    TESTING = "testing", "Drug and alcohol testing"
    CURFEW = "curfew", "Curfew"
    COMMUNITY_SERVICE = "community_service", "Community service"
    FEES = "fees", "Fees and fines"
    NO_CONTACT = "no_contact", "No-contact order"
    RESTITUTION = "restitution", "Restitution"
    OTHER = "other", "Other"


class ConditionUnit(models.TextChoices):
    NONE = "", "Not measured in amounts"
    HOURS = "hours", "Hours"
    DOLLARS = "dollars", "Dollars"
    SESSIONS = "sessions", "Sessions"


class ConditionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    MET = "met", "Met"
    VIOLATED = "violated", "Violated"
    VACATED = "vacated", "Vacated"


class Condition(PublicModel):
    """A condition the court ordered, measurable where it has an amount (hours, dollars)."""

    case = models.ForeignKey(CourtCase, on_delete=models.PROTECT, related_name="conditions")
    kind = models.CharField(max_length=20, choices=ConditionKind.choices)
    description = models.CharField(max_length=300)
    ordered_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    unit = models.CharField(max_length=10, choices=ConditionUnit.choices, blank=True)
    required = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text="hours, dollars …"
    )
    status = models.CharField(
        max_length=10, choices=ConditionStatus.choices, default=ConditionStatus.ACTIVE
    )
    protected_party = models.CharField(
        max_length=150, blank=True, help_text="no-contact orders: who is protected"
    )

    class Meta:
        ordering = ["status", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(required__isnull=True) | Q(required__gt=0),
                name="condition_required_positive",
            ),
            models.CheckConstraint(
                condition=(Q(unit="") & Q(required__isnull=True))
                | (~Q(unit="") & Q(required__isnull=False)),
                name="condition_unit_with_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"


class ConditionProgress(PublicModel):
    """Hours worked, a payment made, a session attended towards a condition."""

    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="progress")
    on = models.DateField()
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["condition", "on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="progress_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.amount} on {self.on}"


ZERO = Decimal("0")
