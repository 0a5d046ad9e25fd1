"""The three curricula every program starts with, written for missioncj.

The official MISSION-CJ manuals are licensed and are not reproduced here. These titles and
facilitator guides are generic, evidence-informed, plain-language outlines a program edits to
match its own materials (every edit is a new version, see `services.curricula`):

- Dual Recovery Therapy (13 sessions): relapse prevention, motivational enhancement, 12-step
  facilitation, cognitive-behavioural skills and social-skills training for people living with
  both a mental health condition and a substance use disorder.
- Peer recovery curriculum (11 sessions): recovery-oriented groups led by a peer with lived
  experience of co-occurring disorders and of the justice system.
- Prosocial / criminogenic thinking (10 sessions): thinking traps, consequential thinking,
  prosocial peers and problem solving.

Session numbers are stable: dose ("sessions completed x/13") counts by number across versions.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from missioncj.care.models import Curriculum, CurriculumKind, CurriculumRevision, CurriculumSession
from missioncj.core.audit import record
from missioncj.core.models import AuditKind
from missioncj.programs.models import Program

SEED_NOTE = "First version: missioncj default outline."

DRT: list[tuple[str, str]] = [
    (
        "Welcome: two conditions, one recovery",
        "Purpose: build safety and a shared picture of how mental health symptoms and substance "
        "use feed each other. Activity: members introduce themselves, agree on group ground "
        "rules, and each names one way their mood and their use have been linked. Take-home "
        "practice: notice one moment this week when a feeling and an urge showed up together, "
        "and write down what came first.",
    ),
    (
        "What do I want to change? Weighing it up",
        "Purpose: strengthen each member's own reasons for change rather than the court's. "
        "Activity: in pairs, fill in a four-box decisional balance (good and not-so-good things "
        "about using, and about cutting back or stopping), then rate importance and confidence "
        "from 0 to 10. Take-home practice: ask yourself why your number is not lower, and write "
        "down the answer.",
    ),
    (
        "Triggers: people, places, feelings",
        "Purpose: map the situations that raise the risk of using or of symptoms getting worse. "
        "Activity: each member lists high-risk people, places, times and feelings and sorts "
        "them into avoid, plan for, and cope in the moment. Take-home practice: keep a "
        "trigger log for three days with what happened, what you felt, and what you did.",
    ),
    (
        "Cravings and urges: riding the wave",
        "Purpose: learn that urges rise, peak and pass, and practise ways to get through them. "
        "Activity: teach urge surfing, delay-and-distract and calling someone; members "
        "rehearse one of these aloud with a partner. Take-home practice: use one urge skill "
        "at least once and note how long the urge lasted.",
    ),
    (
        "Thoughts, feelings and actions",
        "Purpose: introduce the link between what we think, how we feel and what we do. "
        "Activity: walk through a recent hard moment as situation, thought, feeling, action, "
        "then look for a more balanced thought. Take-home practice: complete two thought "
        "records on everyday situations.",
    ),
    (
        "Managing depression and anxiety without using",
        "Purpose: give practical tools for low mood and worry that do not involve alcohol or "
        "drugs. Activity: plan small pleasant and useful activities for the week and practise "
        "slow breathing and grounding together. Take-home practice: do two planned activities "
        "and rate your mood before and after each one.",
    ),
    (
        "Medication, treatment and talking with providers",
        "Purpose: help members take an active part in their mental health and addiction "
        "treatment, including medication for opioid or alcohol use disorder where it fits. "
        "Activity: discuss common worries about medication honestly and role-play asking a "
        "prescriber a question. Take-home practice: write down one question for your next "
        "appointment and bring back the answer.",
    ),
    (
        "Mutual-help groups: finding a meeting that fits",
        "Purpose: make 12-step and other mutual-help meetings less strange and easier to try. "
        "Activity: explain how meetings run, what a sponsor is, and the options (AA, NA, Dual "
        "Recovery Anonymous, SMART Recovery); members pick a meeting and plan how to get there. "
        "Take-home practice: attend one meeting and share one thing you noticed.",
    ),
    (
        "Saying no and asking for help",
        "Purpose: build the social skills that protect recovery. Activity: model refusal skills "
        "(clear no, suggest something else, leave) and asking for help, then members practise in "
        "short role-plays with feedback. Take-home practice: use one refusal or help-seeking "
        "skill in real life and report how it went.",
    ),
    (
        "Relationships and communication",
        "Purpose: repair and protect the relationships that support recovery. Activity: teach "
        "'I' statements and active listening, and practise a hard conversation with family or a "
        "partner. Take-home practice: have one honest conversation using an 'I' statement.",
    ),
    (
        "Anger, stress and staying safe",
        "Purpose: notice early warning signs of anger and stress and respond without using or "
        "getting into trouble. Activity: members rate a recent incident on an anger thermometer "
        "and plan a time-out routine. Take-home practice: use the time-out routine once and "
        "note what helped.",
    ),
    (
        "Lapse is not the end: a relapse plan",
        "Purpose: prepare for a slip so it does not become a full relapse. Activity: discuss the "
        "difference between a lapse and a relapse, then each member writes a plan with warning "
        "signs, who to call, and first steps back. Take-home practice: share the plan with "
        "your case manager or peer and keep it somewhere easy to find.",
    ),
    (
        "Looking ahead: my recovery plan",
        "Purpose: pull the skills together and plan for life after the program. Activity: each "
        "member reviews their progress, names the skills that helped most, and sets goals for "
        "the next three months. Take-home practice: choose one support and one activity that "
        "will keep your recovery going after the group ends.",
    ),
]

PEER: list[tuple[str, str]] = [
    (
        "Our stories: recovery is possible",
        "Purpose: build trust and hope through shared lived experience. Activity: the peer "
        "facilitator shares a short part of their own recovery and justice story, then members "
        "share what brought them here at whatever depth they choose. Take-home practice: "
        "write one sentence about what recovery would look like for you.",
    ),
    (
        "What recovery means to me",
        "Purpose: explore recovery as a personal path, not one fixed route. Activity: discuss "
        "health, home, purpose and community as parts of recovery and let each member pick the "
        "one that matters most now. Take-home practice: take one small step toward that area.",
    ),
    (
        "Recovery capital: strengths I already have",
        "Purpose: help members see the personal, social and community resources they can build "
        "on. Activity: each member maps strengths, people and places that support them and "
        "marks gaps. Take-home practice: reach out to one person or place on your map.",
    ),
    (
        "Stigma, shame and self-talk",
        "Purpose: name the stigma that comes with addiction, mental illness and a record, and "
        "lessen its hold. Activity: members notice harsh self-talk and practise answering it "
        "the way they would answer a friend. Take-home practice: catch one shaming thought and "
        "write a kinder, truthful reply.",
    ),
    (
        "Wellness routines that work",
        "Purpose: build daily habits for sleep, food, movement and stress. Activity: members "
        "look at a typical day and choose one routine to add or change, planning when and how. "
        "Take-home practice: keep the new routine for five days and check off each day.",
    ),
    (
        "Navigating court, probation and the system",
        "Purpose: reduce the stress of legal obligations and help members stay in compliance. "
        "Activity: the peer shares practical tips for court dates, check-ins and testing, and "
        "members list their own upcoming obligations and the help they need to meet them. "
        "Take-home practice: put every court date and appointment for the next month in one "
        "place.",
    ),
    (
        "Building a support network",
        "Purpose: widen each member's circle of people who support recovery. Activity: explore "
        "mutual-help meetings, recovery community centres, faith and cultural groups, and plan "
        "a first visit together where possible. Take-home practice: go to one new recovery "
        "activity or meeting.",
    ),
    (
        "Speaking up for myself",
        "Purpose: practise self-advocacy with providers, landlords, employers and the court. "
        "Activity: members prepare what they want to say in a real upcoming conversation and "
        "rehearse it with the group. Take-home practice: have that conversation and share the "
        "outcome next time.",
    ),
    (
        "Trauma, safety and coping",
        "Purpose: acknowledge that many members have lived through trauma, and focus on safety "
        "in the present rather than retelling the past. Activity: share grounding and coping "
        "skills and build a personal list of safe people and safe places. Take-home practice: "
        "use one grounding skill when you feel on edge.",
    ),
    (
        "Housing, work and purpose",
        "Purpose: connect recovery to a stable place to live and meaningful daily activity. "
        "Activity: members talk through barriers such as a record or gaps in work history and "
        "swap resources that have helped. Take-home practice: take one concrete step toward "
        "housing, work, school or volunteering.",
    ),
    (
        "Giving back and moving forward",
        "Purpose: celebrate progress and plan how recovery continues after the program. "
        "Activity: members reflect on what they have learned, how they might support others, "
        "and who will be in their corner going forward. Take-home practice: write a letter to "
        "yourself six months from now.",
    ),
]

PROSOCIAL: list[tuple[str, str]] = [
    (
        "Thinking drives behaviour",
        "Purpose: introduce the idea that the way we think about a situation shapes what we do "
        "in it. Activity: use a neutral example to trace situation, thought, feeling and action, "
        "then a recent example from each member. Take-home practice: write down one situation "
        "this week and the thought that came with it.",
    ),
    (
        "Thinking traps",
        "Purpose: learn to spot common thinking traps such as blaming others, 'they had it "
        "coming', all-or-nothing and jumping to conclusions. Activity: members sort example "
        "statements into traps and share one trap they fall into. Take-home practice: catch a "
        "thinking trap in action and name it.",
    ),
    (
        "Replacing risky thinking",
        "Purpose: practise swapping a risky thought for a more balanced, responsible one. "
        "Activity: take a thought that led to trouble in the past and, as a group, build "
        "replacement thoughts that are honest and believable. Take-home practice: use a "
        "replacement thought once and notice what changed.",
    ),
    (
        "Consequential thinking: stop and think",
        "Purpose: build the habit of thinking through consequences before acting. Activity: "
        "teach a simple stop, think, choose routine and work through short-term and long-term "
        "costs and benefits of real choices. Take-home practice: use stop, think, choose before "
        "one important decision.",
    ),
    (
        "Emotions and impulse control",
        "Purpose: recognise strong feelings early and slow down before acting on them. "
        "Activity: members identify body signals of anger, fear and frustration and practise "
        "calming skills. Take-home practice: notice a body signal, pause, and record what you "
        "did instead of reacting.",
    ),
    (
        "Who I spend time with",
        "Purpose: look honestly at how friends and associates affect choices. Activity: members "
        "sort the people around them by whether they support or risk their goals and plan how "
        "to spend less time in risky company. Take-home practice: spend time with one person who "
        "supports your goals.",
    ),
    (
        "Building prosocial connections",
        "Purpose: find new people and activities that fit a crime-free, recovery-focused life. "
        "Activity: brainstorm local places to meet prosocial people (work, classes, sports, faith "
        "or volunteer groups) and pick one to try. Take-home practice: take the first step to "
        "join that activity.",
    ),
    (
        "Problem solving step by step",
        "Purpose: give a reliable method for everyday problems. Activity: teach the steps "
        "(name the problem, list options, weigh them, choose, try, review) and apply them to a "
        "real problem a member brings. Take-home practice: use the steps on one problem and "
        "bring back what happened.",
    ),
    (
        "Conflict without harm",
        "Purpose: handle disagreements without violence, threats or giving up. Activity: "
        "practise calm negotiation and walking away through role-plays of common conflicts at "
        "home, at work and with authority. Take-home practice: handle one disagreement using a "
        "skill from the group.",
    ),
    (
        "Values, goals and the person I want to be",
        "Purpose: connect daily choices to personal values and long-term goals. Activity: "
        "members name their core values, compare them with recent choices, and set one goal "
        "that fits. Take-home practice: do one thing this week that matches a value you named.",
    ),
]

SEED: dict[str, tuple[str, list[tuple[str, str]]]] = {
    CurriculumKind.DRT.value: (CurriculumKind.DRT.label, DRT),
    CurriculumKind.PEER.value: (CurriculumKind.PEER.label, PEER),
    CurriculumKind.PROSOCIAL.value: (CurriculumKind.PROSOCIAL.label, PROSOCIAL),
}


def seed_sessions(kind: str) -> list[dict[str, Any]]:
    """The numbered sessions of one default curriculum, as a revision stores them."""
    _, sessions = SEED[kind]
    return [
        {"number": number, "title": title, "guide": guide}
        for number, (title, guide) in enumerate(sessions, start=1)
    ]


@transaction.atomic
def seed_curricula(*, actor: Any, program: Program) -> list[Curriculum]:
    """Give a program the default curricula it does not have yet (version 1 each, audited).

    Runs from `programs.hooks` when a program is created; running it again adds nothing.
    """
    created = []
    existing = set(program.curricula.values_list("kind", flat=True))
    for kind, (name, _) in SEED.items():
        if kind in existing:
            continue
        sessions = seed_sessions(kind)
        curriculum = Curriculum(program=program, kind=kind, name=name, version=1)
        curriculum.full_clean()
        curriculum.save()
        CurriculumSession.objects.bulk_create(
            [CurriculumSession(curriculum=curriculum, **session) for session in sessions]
        )
        CurriculumRevision.objects.create(
            curriculum=curriculum,
            version=1,
            sessions=sessions,
            note=SEED_NOTE,
            edited_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            kind=AuditKind.CREATE,
            action="curriculum.seed",
            actor=actor,
            subject=curriculum,
            after={
                "program": str(program.public_id),
                "kind": kind,
                "name": name,
                "version": 1,
                "sessions": len(sessions),
            },
        )
        created.append(curriculum)
    return created
