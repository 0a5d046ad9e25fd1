"""Linkage: one module per aggregate; everything is importable from `missioncj.linkage.models`."""

from missioncj.linkage.models.directory import (
    DirectoryPhone,
    Location,
    Organization,
    PhoneType,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    ServiceStatus,
    Source,
    SourceKind,
)
from missioncj.linkage.models.meetings import Fellowship, Meeting
from missioncj.linkage.models.network import Strength, SupportRole, SupportTie
from missioncj.linkage.models.referrals import (
    OPEN_REFERRAL_STATUSES,
    TRANSITIONS,
    ConfirmedBy,
    LinkageSettings,
    Referral,
    ReferralStatus,
    ReferralStep,
    Urgency,
)

__all__ = [
    "OPEN_REFERRAL_STATUSES",
    "TRANSITIONS",
    "ConfirmedBy",
    "DirectoryPhone",
    "Fellowship",
    "LinkageSettings",
    "Location",
    "Meeting",
    "Organization",
    "PhoneType",
    "Referral",
    "ReferralStatus",
    "ReferralStep",
    "Schedule",
    "Service",
    "ServiceAtLocation",
    "ServiceCategory",
    "ServiceStatus",
    "Source",
    "SourceKind",
    "Strength",
    "SupportRole",
    "SupportTie",
    "Urgency",
]
