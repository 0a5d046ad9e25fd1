"""Reminder texts: plan-making wording, the program's local time, the court's location, and
never a word about treatment or substance use."""

from __future__ import annotations

import datetime as dt

import pytest

from missioncj.notify import wording

THURSDAY_9 = dt.datetime(2026, 12, 3, 9, 0)
LOCATION = "County Courthouse, 100 Main St, Room 3B"
# The words the brief names, plus variants the stems must catch.
MUST_CATCH = [
    "treatment", "drug", "Drug Court", "alcohol", "substance", "recovery", "rehab", "mental",
    "counseling", "counselling", "therapy", "therapist", "MISSION", "Mission-CJ", "sober",
    "sobriety", "test", "testing", "urine", "clinic", "clinical", "detox", "addiction",
    "psychiatric", "opioid", "methadone", "DUI Court",
]  # fmt: skip
NAMES = ["Drug Court, Part 3", "Recovery Court", "Mental Health Court", "Veterans Court", ""]
LOCATIONS = [
    LOCATION,
    "Drug Treatment Court Building, 5 Elm St",
    "Mission Recovery Clinic, 12 Oak Ave, Suite 2",
    "",
]


def test_the_reminder_reads_as_a_plan_making_nudge():
    text = wording.hearing_reminder(
        starts_local=THURSDAY_9, court_name="Drug Court, Part 3", location=LOCATION
    )
    assert text == (
        "Reminder: your court date is Thursday 3 Dec at 9:00 AM at County Courthouse, "
        "100 Main St, Room 3B. Missing it can mean a warrant. How will you get there? "
        "Who can help with a ride or child care? Reply STOP to end reminders."
    )


def test_tomorrow_and_today_are_said_in_words():
    tomorrow = wording.hearing_reminder(
        starts_local=THURSDAY_9, court_name="", location=LOCATION, today=dt.date(2026, 12, 2)
    )
    assert "court date is tomorrow, Thursday 3 Dec at 9:00 AM" in tomorrow
    three_days = wording.hearing_reminder(
        starts_local=THURSDAY_9, court_name="", location=LOCATION, today=dt.date(2026, 11, 30)
    )
    assert "court date is Thursday 3 Dec" in three_days


@pytest.mark.parametrize(
    ("hour", "minute", "said"),
    [(0, 15, "12:15 AM"), (9, 0, "9:00 AM"), (12, 0, "12:00 PM"), (13, 30, "1:30 PM")],
)
def test_twelve_hour_clock(hour, minute, said):
    assert wording.when_text(THURSDAY_9.replace(hour=hour, minute=minute)).endswith(said)


@pytest.mark.parametrize("word", MUST_CATCH)
def test_the_forbidden_list_catches_every_named_word(word):
    assert wording.has_forbidden_word(word)
    assert wording.has_forbidden_word(f"Welcome to the {word.lower()} program")


def test_ordinary_words_are_not_forbidden():
    for text in (LOCATION, "Courthouse Annex, 1 Elm St", "Reply STOP to end reminders."):
        assert not wording.has_forbidden_word(text)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("location", LOCATIONS)
@pytest.mark.parametrize("channel", ["sms", "email"])
def test_no_template_ever_names_treatment(name, location, channel):
    texts = [
        wording.hearing_reminder(
            starts_local=THURSDAY_9,
            court_name=name,
            location=location,
            room="Drug Testing Room" if location else "Room 4",
            today=dt.date(2026, 12, 2),
            channel=channel,
        ),
        wording.appointment_reminder(
            starts_local=THURSDAY_9, location=location, with_whom="your counselor", channel=channel
        ),
        wording.hearing_subject(THURSDAY_9),
        *wording.FIXED_TEXTS,
    ]
    for text in texts:
        assert not wording.has_forbidden_word(text), text
        assert len(text) <= wording.SMS_MAX_CHARS
    assert "Missing it can mean a warrant" in texts[0]


def test_a_court_named_for_drugs_is_called_court():
    text = wording.hearing_reminder(
        starts_local=THURSDAY_9, court_name="Drug Court, Part 3", location="", room="Room 4"
    )
    assert " at court, Room 4. " in text
    assert "Drug" not in text
    # A safe name is used when there is no location.
    text = wording.hearing_reminder(
        starts_local=THURSDAY_9, court_name="Part 3 Courtroom", location=""
    )
    assert " at Part 3 Courtroom. " in text


def test_location_pieces_with_forbidden_words_are_dropped():
    text = wording.hearing_reminder(
        starts_local=THURSDAY_9,
        court_name="Drug Court",
        location="Drug Treatment Court Building, 5 Elm St",
        room="Room 2",
    )
    assert " at 5 Elm St, Room 2. " in text


def test_a_long_location_is_shortened_never_the_message():
    text = wording.hearing_reminder(
        starts_local=THURSDAY_9, court_name="", location="Justice Center " + "Annex " * 60
    )
    assert len(text) == wording.SMS_MAX_CHARS
    assert "…. Missing it can mean a warrant. How will you get there?" in text
    assert text.endswith("Reply STOP to end reminders.")
    # A place that only just does not fit loses the optional sentence first.
    text = wording.hearing_reminder(
        starts_local=THURSDAY_9, court_name="", location="Justice Center, " + "A" * 140
    )
    assert wording.RIDE_PROMPT.strip() not in text
    assert "A" * 140 in text


def test_appointment_reminder():
    text = wording.appointment_reminder(
        starts_local=THURSDAY_9.replace(hour=14), location="12 Oak Ave", with_whom="your peer"
    )
    assert text == (
        "Reminder: you have an appointment with your peer Thursday 3 Dec at 2:00 PM at 12 Oak Ave."
        " Missing it can affect your court case. How will you get there? "
        "Reply STOP to end reminders."
    )


def test_email_reminders_say_how_to_stop_by_email():
    text = wording.hearing_reminder(
        starts_local=THURSDAY_9, court_name="", location=LOCATION, channel="email"
    )
    assert "Reply STOP" not in text
    assert text.endswith(wording.EMAIL_STOP_LINE)
