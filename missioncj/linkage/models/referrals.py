"""Referrals with a closed loop: to a directory service or an off-directory place, for a need
(and the plan goal it serves), with urgency and whether the peer goes along (warm hand-off).
Each status change is a `ReferralStep` with its date and who confirmed it — the receiver, the
peer, the participant or other staff (many receivers never log in anywhere)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.care.models import PlanGoal
from missioncj.core.models import PublicModel
from missioncj.linkage.models.directory import Service, ServiceCategory
from missioncj.participants.models import Episode, Participant
from missioncj.programs.models import Program


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    SCHEDULED = "scheduled", "Scheduled"
    ATTENDED = "attended", "Attended"
    ENGAGED = "engaged", "Engaged"
    DECLINED = "declined", "Declined"
    NO_SHOW = "no_show", "Did not show"
    INELIGIBLE = "ineligible", "Not eligible"
    CLOSED = "closed", "Closed"


# The only moves a referral may make (closed is the end of every road).
TRANSITIONS: dict[str, frozenset[str]] = {
    "referred": frozenset({"scheduled", "attended", "declined", "ineligible", "closed"}),
    "scheduled": frozenset({"attended", "no_show", "declined", "ineligible", "closed"}),
    "no_show": frozenset({"scheduled", "declined", "closed"}),
    "attended": frozenset({"engaged", "closed"}),
    "engaged": frozenset({"closed"}),
    "declined": frozenset({"closed"}),
    "ineligible": frozenset({"closed"}),
    "closed": frozenset(),
}
OPEN_REFERRAL_STATUSES = ("referred", "scheduled", "no_show", "attended", "engaged")


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Within a week"
    URGENT = "urgent", "Urgent (today or tomorrow)"


class ConfirmedBy(models.TextChoices):
    RECEIVER = "receiver", "The receiving provider"
    PEER = "peer", "The peer"
    PARTICIPANT = "participant", "The participant"
    STAFF = "staff", "Other staff"


class Referral(PublicModel):
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="referrals")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="referrals")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    place_name = models.CharField(max_length=300, blank=True, help_text="an off-directory place")
    place_contact = models.CharField(max_length=300, blank=True)
    need = models.CharField(max_length=20, choices=ServiceCategory.choices)
    plan_goal = models.ForeignKey(
        PlanGoal, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    warm_handoff = models.BooleanField(default=False, help_text="the peer goes along")
    status = models.CharField(
        max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED
    )
    status_on = models.DateField(help_text="the day of the latest status")
    referred_on = models.DateField()
    first_attended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-referred_on", "-pk"]
        indexes = [
            models.Index(fields=["participant", "referred_on"]),
            models.Index(fields=["episode", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(service__isnull=False) | ~models.Q(place_name=""),
                name="referral_names_a_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_need_display()} · {self.get_status_display()}"

    @property
    def days_to_attendance(self) -> int | None:
        if self.first_attended_on is None:
            return None
        return (self.first_attended_on - self.referred_on).days


class ReferralStep(PublicModel):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(max_length=12, choices=ReferralStatus.choices)
    on = models.DateField()
    confirmed_by = models.CharField(max_length=12, choices=ConfirmedBy.choices)
    confirmer_name = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.on}"


class LinkageSettings(models.Model):
    """Per program: how many days a referral may sit in a status before it goes on the work
    queue (by status value)."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="linkage")
    stuck_days = models.JSONField(default=dict)

    DEFAULT_STUCK_DAYS = {"referred": 7, "scheduled": 14, "no_show": 7, "attended": 30}

    def __str__(self) -> str:
        return f"linkage settings · {self.program}"

    def days_for(self, status: str) -> int | None:
        return {**self.DEFAULT_STUCK_DAYS, **(self.stuck_days or {})}.get(status)
