"""The resource directory, shaped on Open Referral HSDS: organizations, services, locations,
services at locations, schedules and phones. Entries come from a `Source`: a program's own
entries, or an import (HSDS JSON / CSV, a Meeting Guide feed). Every entry keeps its id in
that source (`source_key`), so a re-import updates rows instead of duplicating them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.programs.models import Program


class SourceKind(models.TextChoices):
    OWN = "own", "The program's own entries"
    HSDS = "hsds", "Open Referral HSDS import"
    MEETING_GUIDE = "meeting_guide", "Meeting Guide feed"


class Source(PublicModel):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="directory_sources")
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    name = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="source_name_per_program")
        ]

    def __str__(self) -> str:
        return self.name


class ServiceCategory(models.TextChoices):
    MAT = "mat", "Medication for addiction treatment"
    SUD_TREATMENT = "sud_treatment", "Substance use treatment"
    MENTAL_HEALTH = "mental_health", "Mental health"
    RECOVERY_CENTER = "recovery_center", "Recovery community center"
    RECOVERY_COACH = "recovery_coach", "Recovery coaching"
    SOBER_HOUSING = "sober_housing", "Recovery / sober housing"
    SHELTER = "shelter", "Shelter"
    LEGAL_AID = "legal_aid", "Legal aid"
    BENEFITS = "benefits", "Benefits"
    EMPLOYMENT = "employment", "Employment and training"
    MEDICAL = "medical", "Medical care"
    DENTAL = "dental", "Dental care"
    TRANSPORTATION = "transportation", "Transportation"
    OTHER = "other", "Other"


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class Entry(PublicModel):
    """What every directory row shares: where it came from and its id there."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    source_key = models.CharField(max_length=200, help_text="its id in the source")
    # Set when the entry left its source (gone from a re-import, or retired by the program):
    # kept for referrals that name it, hidden from the directory.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Organization(Entry):
    name = models.CharField(max_length=300)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True, max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_key"], name="organization_key")
        ]

    def __str__(self) -> str:
        return self.name


class Service(Entry):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=300)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    categories = models.JSONField(default=list, help_text="ServiceCategory values")
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    url = models.URLField(blank=True, max_length=500)
    email = models.EmailField(blank=True)
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    application_process = models.TextField(blank=True)
    fees_description = models.TextField(blank=True)
    free = models.BooleanField(null=True, help_text="no cost to the participant (None: unknown)")
    wait_time = models.CharField(max_length=200, blank=True)
    languages = models.JSONField(default=list, help_text="language names or codes")
    interpretation_services = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "source_key"], name="service_key")]

    def __str__(self) -> str:
        return self.name


class Location(Entry):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="locations"
    )
    name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    address_1 = models.CharField(max_length=300, blank=True)
    address_2 = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state_province = models.CharField(max_length=60, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    transportation = models.CharField(max_length=300, blank=True, help_text="bus lines, parking")
    accessibility = models.JSONField(default=list, help_text="e.g. wheelchair, elevator")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_key"], name="location_key")
        ]

    def __str__(self) -> str:
        return self.name or self.address_1


class ServiceAtLocation(Entry):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services_here")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key"], name="service_at_location_key"
            ),
            models.UniqueConstraint(fields=["service", "location"], name="service_once_per_place"),
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Schedule(Entry):
    """Weekly opening hours: one row per weekday (0 = Monday … 6 = Sunday), in the program's
    time zone unless `time_zone` says otherwise."""

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    weekday = models.PositiveSmallIntegerField()
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    time_zone = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_key"], name="schedule_key"),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="schedule_weekday_in_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens_at}-{self.closes_at}"


class PhoneType(models.TextChoices):
    VOICE = "voice", "Voice"
    TEXT = "text", "Text"
    FAX = "fax", "Fax"
    CELL = "cell", "Cell"
    VIDEO = "video", "Video"
    PAGER = "pager", "Pager"
    TEXTPHONE = "textphone", "Textphone (TTY)"


class DirectoryPhone(Entry):
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(max_length=40)
    extension = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=10, choices=PhoneType.choices, default=PhoneType.VOICE)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "source_key"], name="phone_key")]

    def __str__(self) -> str:
        return self.number
