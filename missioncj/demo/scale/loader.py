"""`missioncj demo --scale state|national`: plan, then write program by program, then the manifest.

Refuses a database that already holds participants (scale data is never mixed into other
data) and the national scale on SQLite. Each program is one transaction; a load that fails
part-way leaves the programs written so far, so start again on a new database.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models
from django.utils.crypto import RANDOM_STRING_CHARS

from missioncj.accounts.models import Membership, User
from missioncj.assessments.models import (
    Administration,
    Instrument,
    InstrumentVersion,
    Schedule,
    Timepoint,
)
from missioncj.assessments.services import sync_instruments
from missioncj.care.models import (
    Attendance,
    Contact,
    Curriculum,
    CurriculumRevision,
    CurriculumSession,
    GroupSession,
)
from missioncj.court.models import (
    AnalyteResult,
    Charge,
    Court,
    CourtCase,
    CourtPhase,
    CourtResponse,
    CourtSeat,
    DocketEntry,
    DrugTest,
    Hearing,
    HearingSeries,
    PhaseMove,
    PhaseTask,
    RandomSchedule,
)
from missioncj.demo.scale import extras, pipeline, plan, timeline
from missioncj.demo.scale.assess import AnswerPool
from missioncj.demo.scale.calibrate import Calibration, calibrate
from missioncj.demo.scale.context import Context, Ids
from missioncj.demo.scale.manifest import write_manifest
from missioncj.demo.scale.program import Run
from missioncj.demo.scale.progress import Progress
from missioncj.demo.scale.sink import Writer
from missioncj.demo.scale.spec import SCALES, ScaleSpec
from missioncj.linkage.models import Referral, ReferralStep
from missioncj.outcomes.models import OutcomeEvent
from missioncj.participants import name_index
from missioncj.participants.models import (
    Address,
    CollateralContact,
    Episode,
    Identifier,
    Participant,
    Phone,
)
from missioncj.programs.models import Organization, Program, Team

WRITTEN: list[type[models.Model]] = [
    Organization,
    Program,
    Team,
    User,
    Membership,
    Curriculum,
    CurriculumSession,
    CurriculumRevision,
    Court,
    CourtSeat,
    CourtPhase,
    HearingSeries,
    Hearing,
    Schedule,
    Timepoint,
    Timepoint.instruments.through,
    Participant,
    Identifier,
    Phone,
    Address,
    CollateralContact,
    Episode,
    Contact,
    GroupSession,
    GroupSession.facilitators.through,
    Attendance,
    RandomSchedule,
    DrugTest,
    AnalyteResult,
    CourtCase,
    Charge,
    DocketEntry,
    CourtResponse,
    PhaseMove,
    PhaseTask,
    Administration,
    Referral,
    ReferralStep,
    OutcomeEvent,
]


class ScaleRefused(Exception):
    """The database is not one scale data may be loaded into."""


def check_database(spec: ScaleSpec) -> None:
    if spec.postgres_only and connection.vendor != "postgresql":
        raise ScaleRefused(
            f"The {spec.name} scale (about {spec.audit_events:,} audit events) is for PostgreSQL; "
            "this database is SQLite. Set MISSIONCJ_DATABASE_URL to an empty PostgreSQL "
            "database, run `missioncj migrate`, then load it there."
        )
    held = Participant.objects.count()
    if held:
        raise ScaleRefused(
            f"This database already holds {held:,} participants. Scale data is loaded only into "
            "a database without participants, never mixed into other data: use a new database "
            "(e.g. a new MISSIONCJ_DATA_DIR, then `missioncj migrate`)."
        )


def build_plan(
    spec: ScaleSpec, seed: int, today: dt.date
) -> tuple[list[plan.ProgramPlan], Calibration]:
    rng = random.Random(seed)
    programs = plan.program_plans(spec, rng, today)
    first = 0
    for program in programs:
        people_rng = random.Random(f"{seed}:people:{program.index}")
        program.people = plan.people_for(people_rng, program, first, today)
        first += len(program.people)
    heavy = extras.heavy_person(rng, programs[0], spec.heavy_years, today)
    heavy.index = first
    programs[0].people.append(heavy)
    extras.add_duplicates(rng, programs, spec.duplicate_share, today)
    plan.finish(programs)
    for program in programs:
        for person in program.people:
            moves_rng = random.Random(f"{seed}:moves:{person.index}")
            for episode in person.episodes:
                episode.moves = timeline.court_moves(moves_rng, person, episode, today)
        plan.assign_teams(program, spec.caseload, rng)
    heavy.episodes[0].team = 0
    return programs, calibrate(programs, spec, today, rng)


def _pragmas(load: bool) -> None:
    """SQLite durability off while loading (restored after); not inside a caller's transaction,
    where SQLite does not allow it (tests)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        if load:  # durability off while loading; the database is discarded if the load fails
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-3000000")
            cursor.execute("PRAGMA temp_store=MEMORY")
            # Checkpoint every ~400 MB of WAL rather than every 4 MB: a page changed by many
            # inserts is copied into the database once.
            cursor.execute("PRAGMA wal_autocheckpoint=100000")
        else:
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA cache_size=-2000")
            cursor.execute("PRAGMA wal_autocheckpoint=1000")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _finish_database(progress: Progress) -> None:
    """Sequences past the explicit ids (PostgreSQL), fresh planner statistics."""
    progress.begin("statistics", 1)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in connection.ops.sequence_reset_sql(no_style(), WRITTEN):
                cursor.execute(statement)
            cursor.execute("ANALYZE")
        else:
            cursor.execute("PRAGMA analysis_limit=2000")
            cursor.execute("ANALYZE")
    progress.advance(1)
    progress.end()


def expected_rows(spec: ScaleSpec) -> int:
    """About how many rows a load writes (for the progress bar's ETA)."""
    people = spec.participants * (1 + spec.duplicate_share)
    return int(
        spec.audit_events
        + spec.contacts
        + spec.drug_tests * 7.5
        + spec.docket_entries * 1.1
        + spec.administrations
        + spec.referrals * 2.5
        + people * 9
        + people * 18 * spec.group_share
    )


def first_ids() -> dict[str, int]:
    """The first id each table gets in this load: after whatever it holds."""
    out = {}
    for model in WRITTEN:
        top = model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0
        out[model._meta.label_lower] = top + 1
    return out


def login_salt(seed: int) -> str:
    """The salt of the one password hash every scale login shares: drawn from the seed, so the
    same seed gives the same rows, and as long as Django's own salts (22 characters), so the
    hasher does not rehash it at the first sign-in (a rehash changes the hash and signs out
    every session of that user opened before it)."""
    rng = random.Random(f"scale-login-{seed}")
    return "".join(rng.choice(RANDOM_STRING_CHARS) for _ in range(22))


def load_scale(
    scale: str,
    *,
    seed: int,
    password: str,
    today: dt.date | None = None,
    progress: Progress | None = None,
    workers: int = 1,
) -> dict[str, Any]:
    """Plan, draw and write a scale; returns the manifest (also written to the data directory).
    `workers=1` draws in a forked process beside the writing, `workers=0` in this one: the
    rows are the same."""
    spec = SCALES[scale]
    progress = progress or Progress(quiet=True)
    check_database(spec)
    started = time.monotonic()
    today = today or (dt.datetime.now(dt.UTC) - dt.timedelta(hours=6)).date()
    progress.begin("plan", spec.participants)
    programs, calibration = build_plan(spec, seed, today)
    people = sum(len(p.people) for p in programs)
    progress.advance(people)
    progress.end()
    if not Instrument.objects.exists():
        sync_instruments()
    first = first_ids()
    ctx = Context(Ids(first), today, seed, connection.vendor)
    ctx.states = spec.states
    ctx.password_hash = make_password(password, salt=login_salt(seed))
    ctx.instruments = {i.code: i for i in Instrument.objects.all()}
    ctx.versions = {
        v.instrument.code: v
        for v in InstrumentVersion.objects.filter(is_current=True).select_related("instrument")
    }
    run = Run(spec, AnswerPool(seed), calibration.contact_rate, calibration.referral_rate, people)
    drawing = pipeline.Drawing(ctx, programs, run, workers)  # forks before the writer starts
    _pragmas(load=True)
    progress.begin("records", expected_rows(spec))
    writer = Writer(connection, progress.advance)
    remap = pipeline.Remap(WRITTEN, first)
    labels = {m._meta.label_lower: m for m in WRITTEN}
    try:
        with name_index.bulk_load(connection):  # the duplicate-search index, built once after
            summary = pipeline.write(drawing, writer, remap, labels)
    except BaseException:
        writer.discard()
        raise
    finally:
        drawing.close()
        writer.close()
        _pragmas(load=False)
    progress.end()
    _finish_database(progress)
    seconds = time.monotonic() - started
    return write_manifest(spec, seed, today, seconds, programs, summary, writer.counts, progress)
