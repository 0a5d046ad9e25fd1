"""Drug and alcohol tests: random call-in schedules (from a per-episode secret seed), each test
from notice to result with per-analyte results and confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from missioncj.core.models import PublicModel
from missioncj.participants.models import Episode, Participant


class RandomSchedule(PublicModel):
    """The secret that makes an episode's random call-in days reproducible for staff and
    unpredictable to the participant (it never leaves the server)."""

    episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="random_tests")
    seed = models.CharField(max_length=64)
    starts_on = models.DateField()
    paused = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Random testing from {self.starts_on}"


class TestReason(models.TextChoices):
    RANDOM = "random", "Random call-in"
    SCHEDULED = "scheduled", "Scheduled"
    FOR_CAUSE = "for_cause", "For cause"
    WALK_IN = "walk_in", "Walk-in / self-report"


class Specimen(models.TextChoices):
    URINE = "urine", "Urine"
    ORAL_FLUID = "oral_fluid", "Oral fluid"
    BREATH = "breath", "Breath"
    SWEAT = "sweat", "Sweat patch"
    BLOOD = "blood", "Blood"
    HAIR = "hair", "Hair"


class TestStatus(models.TextChoices):
    NOTIFIED = "notified", "Notified, awaiting collection"
    COLLECTED = "collected", "Collected"
    MISSED = "missed", "Missed"
    REFUSED = "refused", "Refused"
    EXCUSED = "excused", "Excused"


class Validity(models.TextChoices):
    VALID = "valid", "Valid"
    DILUTE = "dilute", "Dilute"
    ADULTERATED = "adulterated", "Adulterated"
    SUBSTITUTED = "substituted", "Substituted"
    NOT_CHECKED = "", "Not checked"


class Outcome(models.TextChoices):
    PENDING = "pending", "Result pending"
    NEGATIVE = "negative", "Negative"
    POSITIVE = "positive", "Positive"
    INVALID = "invalid", "Invalid specimen"
    MISSED = "missed", "Missed"
    REFUSED = "refused", "Refused"
    EXCUSED = "excused", "Excused"


class DrugTest(PublicModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="drug_tests"
    )
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="drug_tests")
    reason = models.CharField(max_length=10, choices=TestReason.choices)
    specimen = models.CharField(max_length=12, choices=Specimen.choices)
    observed = models.BooleanField(default=False)
    panel = models.CharField(max_length=60, blank=True, help_text="e.g. 12-panel + EtG")
    notified_at = models.DateTimeField(null=True, blank=True)
    collected_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=TestStatus.choices)
    validity = models.CharField(max_length=12, choices=Validity.choices, blank=True)
    resulted_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=10, choices=Outcome.choices, help_text="computed from status and results"
    )
    local_date = models.DateField(help_text="the day it was due or collected, program time")
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["episode", "local_date", "pk"]
        indexes = [models.Index(fields=["episode", "local_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="collected") | Q(collected_at__isnull=False),
                name="collected_has_time",
            ),
            models.CheckConstraint(
                condition=Q(collected_at__isnull=True)
                | Q(notified_at__isnull=True)
                | Q(collected_at__gte=models.F("notified_at")),
                name="collected_after_notice",
            ),
            models.CheckConstraint(
                condition=Q(resulted_at__isnull=True)
                | Q(collected_at__isnull=True)
                | Q(resulted_at__gte=models.F("collected_at")),
                name="resulted_after_collection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_specimen_display()} {self.local_date}: {self.get_outcome_display()}"


class Analyte(models.TextChoices):
    ALCOHOL = "alcohol", "Alcohol (EtG/EtS)"
    BREATH_ALCOHOL = "breath_alcohol", "Breath alcohol"
    AMPHETAMINES = "amphetamines", "Amphetamines"
    METHAMPHETAMINE = "methamphetamine", "Methamphetamine"
    MDMA = "mdma", "MDMA"
    COCAINE = "cocaine", "Cocaine"
    OPIATES = "opiates", "Opiates"
    OXYCODONE = "oxycodone", "Oxycodone"
    FENTANYL = "fentanyl", "Fentanyl"
    HEROIN = "heroin", "Heroin (6-MAM)"
    BUPRENORPHINE = "buprenorphine", "Buprenorphine"
    METHADONE = "methadone", "Methadone"
    TRAMADOL = "tramadol", "Tramadol"
    BENZODIAZEPINES = "benzodiazepines", "Benzodiazepines"
    BARBITURATES = "barbiturates", "Barbiturates"
    THC = "thc", "Cannabis (THC)"
    SYNTHETIC_CANNABINOIDS = "synthetic_cannabinoids", "Synthetic cannabinoids"
    PCP = "pcp", "PCP"
    KRATOM = "kratom", "Kratom"
    XYLAZINE = "xylazine", "Xylazine"


class AnalyteOutcome(models.TextChoices):
    NEGATIVE = "negative", "Negative"
    POSITIVE = "positive", "Positive"
    PRESCRIBED = "prescribed", "Positive, prescribed"


class Confirmation(models.TextChoices):
    NONE = "", "Not sent for confirmation"
    PENDING = "pending", "Confirmation pending"
    CONFIRMED = "confirmed", "Confirmed positive"
    NOT_CONFIRMED = "not_confirmed", "Not confirmed (negative)"


class AnalyteResult(PublicModel):
    test = models.ForeignKey(DrugTest, on_delete=models.CASCADE, related_name="results")
    analyte = models.CharField(max_length=24, choices=Analyte.choices)
    result = models.CharField(max_length=10, choices=AnalyteOutcome.choices)
    level = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    cutoff = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    confirmation = models.CharField(max_length=14, choices=Confirmation.choices, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["test", "analyte"]
        constraints = [
            models.UniqueConstraint(fields=["test", "analyte"], name="analyte_once_per_test"),
            models.CheckConstraint(
                condition=(Q(level__isnull=True) | Q(level__gte=0))
                & (Q(cutoff__isnull=True) | Q(cutoff__gte=0)),
                name="analyte_levels_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_analyte_display()}: {self.get_result_display()}"
