"""Employment and education over time, and the activities that move them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.participants.models import Episode


class VocationalStatus(models.TextChoices):
    FULL_TIME = "full_time", "Employed full time"
    PART_TIME = "part_time", "Employed part time"
    SEEKING = "seeking", "Unemployed, looking for work"
    NOT_SEEKING = "not_seeking", "Unemployed, not looking"
    DISABLED = "disabled", "Not working: disability"
    RETIRED = "retired", "Retired"
    INCARCERATED = "incarcerated", "Incarcerated"


class EducationStatus(models.TextChoices):
    NONE = "none", "Not enrolled"
    HSE = "hse", "High school equivalency (GED / HiSET) program"
    VOCATIONAL = "vocational", "Vocational / technical training"
    COLLEGE = "college", "College"
    OTHER = "other", "Other"


class EmploymentStatus(models.Model):
    """Where someone stood on a date; the newest row is the current status."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="vocational")
    as_of = models.DateField()
    employment = models.CharField(max_length=20, choices=VocationalStatus.choices)
    education = models.CharField(
        max_length=20, choices=EducationStatus.choices, default=EducationStatus.NONE
    )
    employer = models.CharField(max_length=150, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_week__isnull=True) | models.Q(hours_per_week__lte=100),
                name="hours_per_week_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.as_of}: {self.get_employment_display()}"


class ActivityKind(models.TextChoices):
    JOB_SEARCH = "job_search", "Job search"
    APPLICATION = "application", "Job application"
    INTERVIEW = "interview", "Interview"
    TRAINING = "training", "Training / education"
    BENEFITS = "benefits", "Benefits application"
    DOCUMENTS = "documents", "ID / documents"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved / offered"
    DENIED = "denied", "Denied / not offered"


class VocationalActivity(PublicModel):
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="vocational_acts")
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    on = models.DateField()
    description = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=ActivityStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"
