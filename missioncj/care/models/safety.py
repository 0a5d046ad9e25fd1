"""Stanley-Brown safety plans, versioned: each save is a new version; the newest is current."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.participants.models import Participant

# The six steps, in order, as (field, heading).
SAFETY_STEPS = [
    ("warning_signs", "1. Warning signs"),
    ("internal_coping", "2. Internal coping strategies"),
    ("social_distractions", "3. People and social settings that provide distraction"),
    ("people_to_ask", "4. People I can ask for help"),
    ("professionals", "5. Professionals and agencies I can contact in a crisis"),
    ("safe_environment", "6. Making the environment safe"),
]


class SafetyPlan(PublicModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="safety_plans"
    )
    version = models.PositiveIntegerField()
    warning_signs = models.TextField()
    internal_coping = models.TextField()
    social_distractions = models.TextField()
    people_to_ask = models.TextField()
    professionals = models.TextField(help_text="include the 988 Suicide & Crisis Lifeline")
    safe_environment = models.TextField()
    reasons_for_living = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "version"], name="safety_plan_version"),
        ]

    def __str__(self) -> str:
        return f"Safety plan v{self.version}"
