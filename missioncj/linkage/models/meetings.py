"""Mutual-help meetings (AA, NA, SMART Recovery, Celebrate Recovery, Dual Recovery Anonymous,
veterans' groups), shaped on the Meeting Guide JSON format intergroups publish. A meeting
happens weekly on `weekday` (0 = Monday … 6 = Sunday; Meeting Guide's 0 = Sunday is converted
on import) at a local time in `time_zone`."""

from __future__ import annotations

from django.db import models

from missioncj.linkage.models.directory import Entry

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Fellowship(models.TextChoices):
    AA = "aa", "Alcoholics Anonymous"
    NA = "na", "Narcotics Anonymous"
    SMART = "smart", "SMART Recovery"
    CELEBRATE_RECOVERY = "celebrate_recovery", "Celebrate Recovery"
    DRA = "dra", "Dual Recovery Anonymous"
    VETERANS = "veterans", "Veterans' recovery group"
    OTHER = "other", "Other mutual-help group"


class Meeting(Entry):
    name = models.CharField(max_length=300)
    fellowship = models.CharField(max_length=20, choices=Fellowship.choices)
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday … 6 = Sunday")
    start_time = models.TimeField()
    end_time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64)
    group_name = models.CharField(max_length=300, blank=True)
    location_name = models.CharField(max_length=300, blank=True)
    address = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state_province = models.CharField(max_length=60, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    conference_url = models.URLField(blank=True, max_length=500)
    conference_phone = models.CharField(max_length=60, blank=True)
    types = models.JSONField(default=list, help_text="Meeting Guide type codes, e.g. O, C, S, X")
    notes = models.TextField(blank=True)
    url = models.URLField(blank=True, max_length=500)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_key"], name="meeting_key"),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="meeting_weekday_in_week"
            ),
        ]
        indexes = [models.Index(fields=["weekday", "start_time"])]

    def __str__(self) -> str:
        return self.name

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.weekday]

    @property
    def online(self) -> bool:
        return bool(self.conference_url or self.conference_phone)
