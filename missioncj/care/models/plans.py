"""The treatment plan: criminogenic needs and recovery capital in one plan per episode."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.participants.models import Episode


class PlanDomain(models.TextChoices):
    # The Central Eight criminogenic needs.
    CRIMINAL_HISTORY = "criminal_history", "Criminal history"
    ANTISOCIAL_ATTITUDES = "antisocial_attitudes", "Antisocial attitudes"
    ANTISOCIAL_ASSOCIATES = "antisocial_associates", "Antisocial associates"
    ANTISOCIAL_PERSONALITY = "antisocial_personality", "Antisocial personality pattern"
    FAMILY_MARITAL = "family_marital", "Family / marital"
    SCHOOL_WORK = "school_work", "School / work"
    LEISURE = "leisure", "Leisure / recreation"
    SUBSTANCE_USE = "substance_use", "Substance use"
    # Recovery capital and whole-life domains.
    MENTAL_HEALTH = "mental_health", "Mental health"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    HOUSING = "housing", "Housing"
    BENEFITS = "benefits", "Benefits"
    INCOME = "income", "Income"
    LEGAL = "legal", "Legal obligations"
    FAMILY_SUPPORT = "family_support", "Family"
    RECOVERY_SUPPORT = "recovery_support", "Social / recovery supports"


CRIMINOGENIC_DOMAINS = list(PlanDomain)[:8]
RECOVERY_DOMAINS = list(PlanDomain)[8:]


class NeedLevel(models.TextChoices):
    NONE = "none", "No need"
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class Responsible(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    CASE_MANAGER = "case_manager", "Case manager"
    PEER = "peer", "Peer support specialist"
    CLINICIAN = "clinician", "Clinician"
    OTHER = "other", "Other"


class ItemStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    CHANGED = "changed", "Changed"
    DROPPED = "dropped", "Dropped"


class TreatmentPlan(PublicModel):
    episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="plan")
    started_on = models.DateField()
    next_review_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Plan for {self.episode}"


class PlanNeed(models.Model):
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="needs")
    domain = models.CharField(max_length=30, choices=PlanDomain.choices)
    level = models.CharField(max_length=10, choices=NeedLevel.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "domain"], name="one_need_per_domain"),
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_level_display()}"


class PlanGoal(PublicModel):
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(max_length=30, choices=PlanDomain.choices)
    text = models.CharField(max_length=300, help_text="in the participant's words where possible")
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN)

    def __str__(self) -> str:
        return self.text


class PlanObjective(PublicModel):
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField(max_length=300)
    intervention = models.CharField(max_length=300, blank=True)
    responsible = models.CharField(max_length=20, choices=Responsible.choices)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN)

    def __str__(self) -> str:
        return self.text


class ProgressRating(models.Model):
    """How an objective is going, rated over time (0 none … 4 achieved)."""

    objective = models.ForeignKey(PlanObjective, on_delete=models.CASCADE, related_name="ratings")
    rated_on = models.DateField()
    rating = models.PositiveSmallIntegerField(
        choices=[
            (0, "0 · No progress"),
            (1, "1 · Started"),
            (2, "2 · Some progress"),
            (3, "3 · Good progress"),
            (4, "4 · Achieved"),
        ]
    )
    note = models.CharField(max_length=300, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["rated_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__lte=4), name="rating_0_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.rated_on}: {self.rating}"


class PlanReview(PublicModel):
    """A review with both sign-offs: the participant's (typed name) and a staff member's."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    summary = models.TextField()
    participant_signature = models.CharField(max_length=150, blank=True)
    participant_signed_at = models.DateTimeField(null=True, blank=True)
    participant_declined_reason = models.CharField(max_length=300, blank=True)
    staff_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    staff_signed_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review {self.reviewed_on}"
