"""The export log: one row per file that left the system through an export — what it was,
who took it, for whom, how many participants and rows, and the SHA-256 of the exact bytes.
Identified data for a recipient outside the program also writes one `privacy.Disclosure` per
participant carried (the accounting of disclosures); the row links their count."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from missioncj.core.models import PublicModel
from missioncj.programs.models import Program


class ExportKind(models.TextChoices):
    TABLE = "table", "List or report (CSV/XLSX)"
    DEIDENTIFIED = "deidentified", "De-identified research extract"
    FUNDER = "funder", "Funder profile export"
    FHIR = "fhir", "FHIR R4 bundle"
    CHART = "chart", "Chart data"


class ExportRecord(PublicModel):
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=14, choices=ExportKind.choices)
    name = models.CharField(max_length=120, help_text="which list or report, e.g. fidelity.weekly")
    file_format = models.CharField(max_length=10, help_text="csv, xlsx, json, svg …")
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recipient_label = models.CharField(
        max_length=300, blank=True, help_text="outside recipient, if any"
    )
    identified = models.BooleanField(help_text="whether the file names or identifies anyone")
    participant_count = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    disclosure_count = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField()
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["program", "occurred_at"]), models.Index(fields=["sha256"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.file_format}) · {self.occurred_at:%Y-%m-%d %H:%M}"
