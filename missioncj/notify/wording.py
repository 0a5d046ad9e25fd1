"""What reminders say. Plan-making texts (the date, where, what missing it can mean, a prompt to
plan the trip), which cut failures to appear most in the New York City trials (domain.md §7.1).

A text can be read by anyone who sees the phone, so no message ever says anything about
treatment or substance use: every dynamic part (court name, location, room) goes through
`safe_place`, which drops the parts that contain a forbidden word, and a test renders every
template against FORBIDDEN. A court named "Drug Court" is called "court"; its location is used
instead of its name."""

from __future__ import annotations

import datetime as dt
import re

SMS_MAX_CHARS = 320
# Word stems that must never appear in a reminder (matched at the start of a word, any case).
FORBIDDEN = (
    "treatment",
    "treat",
    "drug",
    "alcohol",
    "substance",
    "recover",
    "rehab",
    "mental",
    "counsel",
    "therap",
    "mission",
    "sober",
    "sobriety",
    "test",
    "urine",
    "urinalysis",
    "clinic",
    "detox",
    "addict",
    "psych",
    "opioid",
    "methadone",
    "narcotic",
    "behavioral",
    "dui",
    "dwi",
    "anonymous",
)
# Whole words only: the short names of mutual-help fellowships ("AA", "NA"), which as stems
# would also catch ordinary words ("name", "cat").
FORBIDDEN_WHOLE = (
    "aa",
    "na",
    "ca",
    "cma",
    "dra",
    "12-step",
    "12 step",
    "twelve-step",
    "twelve step",
)
_FORBIDDEN_RE = re.compile(
    r"\b(?:" + "|".join(FORBIDDEN) + r")"
    r"|\b(?:" + "|".join(re.escape(w) for w in FORBIDDEN_WHOLE) + r")\b",
    re.IGNORECASE,
)
RIDE_PROMPT = " Who can help with a ride or child care?"
STOP_LINE = "Reply STOP to end reminders."
EMAIL_STOP_LINE = "To stop these e-mails, tell the program staff you work with."


def has_forbidden_word(text: str) -> bool:
    return _FORBIDDEN_RE.search(text) is not None


def safe_place(*parts: str) -> str:
    """Join location parts ("County Courthouse, 100 Main St", "Room 3B"), leaving out every
    comma-separated piece that names treatment or substance use (and repeated pieces)."""
    kept: list[str] = []
    for part in parts:
        for piece in (p.strip() for p in (part or "").split(",")):
            if piece and not has_forbidden_word(piece) and piece not in kept:
                kept.append(piece)
    return ", ".join(kept)


def court_place(*, name: str, location: str, room: str = "") -> str:
    """Where to go: the court's location (and room); the court's name only when there is no
    location and the name is safe to show; else just "court"."""
    if safe_place(location):
        return safe_place(location, room)
    if name and not has_forbidden_word(name):
        return safe_place(name, room)
    return safe_place("court", room)


def when_text(local: dt.datetime) -> str:
    """'Thursday 3 Dec at 9:00 AM' (the local time, as the court gives it)."""
    hour = local.hour % 12 or 12
    half = "AM" if local.hour < 12 else "PM"
    return f"{local:%A} {local.day} {local:%b} at {hour}:{local.minute:02d} {half}"


def _day_word(local: dt.datetime, today: dt.date | None) -> str:
    if today is None:
        return ""
    days = (local.date() - today).days
    return {0: "today, ", 1: "tomorrow, "}.get(days, "")


def _fit(template: str, place: str, limit: int) -> str:
    """Fill in the place, shortening it (never the rest) so the text fits the SMS budget."""
    text = template.format(place=place)
    if len(text) <= limit:
        return text
    room = limit - len(template.format(place=""))
    short = place[: room - 1].rstrip(" ,") + "…" if room > 1 else "court"
    return template.format(place=short)


def hearing_reminder(
    *,
    starts_local: dt.datetime,
    court_name: str,
    location: str,
    room: str = "",
    today: dt.date | None = None,
    channel: str = "sms",
) -> str:
    place = court_place(name=court_name, location=location, room=room)
    stop = STOP_LINE if channel == "sms" else EMAIL_STOP_LINE
    template = (
        f"Reminder: your court date is {_day_word(starts_local, today)}{when_text(starts_local)}"
        " at {place}. Missing it can mean a warrant. How will you get there?"
        f"{RIDE_PROMPT} {stop}"
    )
    text = template.format(place=place)
    if len(text) <= SMS_MAX_CHARS:
        return text
    # Too long (a long address): the optional sentence goes first, then the place is shortened.
    return _fit(template.replace(RIDE_PROMPT, ""), place, SMS_MAX_CHARS)


def appointment_reminder(
    *,
    starts_local: dt.datetime,
    location: str,
    with_whom: str = "",
    today: dt.date | None = None,
    channel: str = "sms",
) -> str:
    place = safe_place(location) or "the usual place"
    who = f" with {with_whom}" if with_whom and not has_forbidden_word(with_whom) else ""
    stop = STOP_LINE if channel == "sms" else EMAIL_STOP_LINE
    template = (
        f"Reminder: you have an appointment{who} {_day_word(starts_local, today)}"
        f"{when_text(starts_local)} at {{place}}. Missing it can affect your court case. "
        f"How will you get there? {stop}"
    )
    return _fit(template, place, SMS_MAX_CHARS)


def hearing_subject(starts_local: dt.datetime) -> str:
    return f"Court date reminder: {starts_local:%A} {starts_local.day} {starts_local:%b}"


def place_share(
    *,
    names: list[str],
    when: str,
    place: str,
    link: str = "",
    phone: str = "",
    meeting: bool = True,
    channel: str = "sms",
) -> str | None:
    """A place the team found for the participant (a meeting or a service): its name, when,
    where or how to join. The name is the first of `names` that is safe to show (a meeting's
    name, then its group), else "A group" / "A place"; the place, link and phone are left out
    when they name treatment. None when nothing useful is left (print it instead)."""
    name = next((n.strip() for n in names if n and n.strip() and not has_forbidden_word(n)), "")
    where = safe_place(place)
    link = "" if has_forbidden_word(link) else link.strip()
    phone = "" if has_forbidden_word(phone) else phone.strip()
    if not (where or link or phone):
        return None
    subject = name or ("A group" if meeting else "A place")
    verb = "meets" if meeting else "is open"
    stop = STOP_LINE if channel == "sms" else EMAIL_STOP_LINE
    extras = (f" Join online: {link}." if link else "") + (f" By phone: {phone}." if phone else "")
    at = " at {place}." if where else "."
    template = f"From your team: {subject} {verb} {when}{at}{extras} {stop}"
    text = template.format(place=where)
    if len(text) <= SMS_MAX_CHARS or channel != "sms":
        return text
    if phone and link:
        template = template.replace(f" By phone: {phone}.", "")
    return _fit(template, where, SMS_MAX_CHARS) if where else template.format(place="")


STOP_CONFIRMATION = (
    "You will not get any more reminders from this number. Reply START to get them again."
)
START_CONFIRMATION = "Reminders are back on for this number. Reply STOP to end reminders."
CONFIRMATION_SUBJECT = "Reminders"

# Every fixed text, for the forbidden-word test.
FIXED_TEXTS = (
    RIDE_PROMPT,
    STOP_LINE,
    EMAIL_STOP_LINE,
    STOP_CONFIRMATION,
    START_CONFIRMATION,
    CONFIRMATION_SUBJECT,
)
