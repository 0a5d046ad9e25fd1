"""People served, how to find them, and their enrollment episodes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from missioncj.accounts.scope import scope_of
from missioncj.core.models import PublicModel
from missioncj.participants.names import FoldedName
from missioncj.programs.models import Program, Team


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex"
    UNKNOWN = "unknown", "Not known / declined"


class Ethnicity(models.TextChoices):
    HISPANIC = "hispanic", "Hispanic or Latino"
    NOT_HISPANIC = "not_hispanic", "Not Hispanic or Latino"
    UNKNOWN = "unknown", "Not known / declined"


class Race(models.TextChoices):
    AMERICAN_INDIAN = "american_indian", "American Indian or Alaska Native"
    ASIAN = "asian", "Asian"
    BLACK = "black", "Black or African American"
    PACIFIC_ISLANDER = "pacific_islander", "Native Hawaiian or Other Pacific Islander"
    WHITE = "white", "White"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known / declined"


class VeteranStatus(models.TextChoices):
    VETERAN = "veteran", "Veteran"
    NOT_VETERAN = "not_veteran", "Not a veteran"
    UNKNOWN = "unknown", "Not known"


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def visible_to(self, user: Any) -> ParticipantQuerySet:
        """The read choke point: participants with at least one episode the user may see."""
        episodes = Episode.objects.visible_to(user).filter(participant=OuterRef("pk"))
        return self.filter(Exists(episodes))


class Participant(PublicModel):
    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = models.CharField(max_length=100, blank=True)
    race = models.CharField(max_length=20, choices=Race.choices, default=Race.UNKNOWN)
    ethnicity = models.CharField(
        max_length=20, choices=Ethnicity.choices, default=Ethnicity.UNKNOWN
    )
    veteran_status = models.CharField(
        max_length=20, choices=VeteranStatus.choices, default=VeteranStatus.UNKNOWN
    )
    preferred_language = models.CharField(max_length=60, default="English")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # A restricted record (e.g. a staff member's relative) is seen only by its own team and by
    # holders of an active break-the-glass grant; see EpisodeQuerySet.visible_to.
    restricted = models.BooleanField(default=False)
    restricted_reason = models.CharField(max_length=300, blank=True)
    restricted_at = models.DateTimeField(null=True, blank=True)
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # "first last" folded (lower case, accents and apostrophes dropped), kept by the database
    # itself; duplicate search indexes it by trigrams (migration 0003, docs/duplicates.md).
    name_key = models.GeneratedField(
        expression=FoldedName("first_name", "last_name"),
        output_field=models.CharField(max_length=201),
        db_persist=True,
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}"

    @property
    def age(self) -> int:
        today = dt.date.today()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def legal_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)


class IdentifierKind(models.TextChoices):
    COURT_DOCKET = "court_docket", "Court docket number"
    BOOKING = "booking", "Jail booking number"
    STATE_ID = "state_id", "State id (SID)"
    PROBATION = "probation", "Probation case number"
    OTHER = "other", "Other"


class Identifier(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="identifiers"
    )
    kind = models.CharField(max_length=20, choices=IdentifierKind.choices)
    value = models.CharField(max_length=64)
    issuer = models.CharField(max_length=120, blank=True, help_text="court, jail or agency")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind", "value", "issuer"], name="identifier_once_per_person"
            )
        ]
        indexes = [models.Index(fields=["value"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class Phone(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=32)
    label = models.CharField(max_length=40, blank=True)
    consent_to_text = models.BooleanField(default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.number


class Address(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="addresses")
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=40)
    postal_code = models.CharField(max_length=12, blank=True)
    kind = models.CharField(max_length=40, blank=True, help_text="home, shelter, sober house …")
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.line1}, {self.city}"


class CollateralContact(PublicModel):
    """Someone in the participant's life the team may contact (family, landlord, provider)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="collaterals"
    )
    name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=80)
    phone = models.CharField(max_length=32, blank=True)
    email = models.EmailField(blank=True)
    notes = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class EpisodeStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    SCREENING = "screening", "Screening"
    ENROLLED = "enrolled", "Enrolled"
    DISCHARGED = "discharged", "Discharged"
    NOT_ENROLLED = "not_enrolled", "Not enrolled"


OPEN_STATUSES = (EpisodeStatus.REFERRED, EpisodeStatus.SCREENING, EpisodeStatus.ENROLLED)


class DischargeReason(models.TextChoices):
    GRADUATED = "graduated", "Graduated"
    TERMINATED = "terminated", "Terminated"
    WITHDREW = "withdrew", "Withdrew"
    TRANSFERRED = "transferred", "Transferred"
    DECEASED = "deceased", "Deceased"
    OTHER = "other", "Other"


class EpisodeQuerySet(models.QuerySet["Episode"]):
    def visible_to(self, user: Any) -> EpisodeQuerySet:
        """The read choke point. A restricted participant's episodes are seen only by users on
        the team of one of their episodes, or holding an active break-the-glass grant for them
        in that episode's program; program-wide roles alone are not enough."""
        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        in_scope = Q(program_id__in=scope.program_ids) | Q(team_id__in=scope.team_ids)
        open_record = Q(participant__restricted=False)
        if scope.team_ids:
            on_team = Episode.objects.filter(
                participant_id=OuterRef("participant_id"), team_id__in=scope.team_ids
            )
            open_record |= Q(Exists(on_team))
        now = timezone.now()
        granted = BreakGlassGrant.objects.filter(
            user_id=user.pk,
            participant_id=OuterRef("participant_id"),
            program_id=OuterRef("program_id"),
            opened_at__lte=now,
            expires_at__gt=now,
        )
        return self.filter(
            (in_scope & open_record)
            | (Q(program_id__in=scope.member_program_ids) & Q(Exists(granted)))
        )


class Episode(PublicModel):
    """One stay in one program, from referral to discharge. Re-enrollment is a new episode."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="episodes")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="episodes")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="episodes"
    )
    status = models.CharField(
        max_length=20, choices=EpisodeStatus.choices, default=EpisodeStatus.REFERRED
    )
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=120, blank=True)
    screening_date = models.DateField(null=True, blank=True)
    enrolled_date = models.DateField(null=True, blank=True)
    closed_date = models.DateField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=20, choices=DischargeReason.choices, blank=True)
    closing_note = models.CharField(max_length=500, blank=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "program"],
                condition=Q(status__in=["referred", "screening", "enrolled"]),
                name="one_open_episode_per_program",
            ),
            models.CheckConstraint(
                condition=Q(enrolled_date__isnull=True)
                | Q(enrolled_date__gte=models.F("referral_date")),
                name="enrolled_after_referral",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["program", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class BreakGlassGrant(PublicModel):
    """Time-limited access to a restricted record by a pre-authorised user who gave a reason.

    The grant is the access: the choke point looks for an unexpired one. A supervisor of the
    program (never the person who broke the glass) marks it reviewed afterwards."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    reason = models.TextField()
    opened_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "participant", "expires_at"]),
            models.Index(fields=["program", "reviewed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("opened_at")), name="grant_ends_after_it_opens"
            ),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=models.F("user")),
                name="grant_reviewer_is_not_the_breaker",
            ),
        ]

    def __str__(self) -> str:
        return f"Break-the-glass by {self.user} until {self.expires_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.opened_at <= timezone.now() < self.expires_at
