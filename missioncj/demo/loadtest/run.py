"""The load test itself: sign in staff, then let each simulated user click through the caseload,
participant pages, search and contact entry until the time is up.

Every user is one asyncio task with its own connection and cookies, so a few hundred users cost
one thread of one process. Users run closed-loop: the next request leaves when the previous
answer arrived (plus `think` seconds on average), so the server is kept as busy as `users`
people who never stop clicking.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from missioncj.demo.loadtest.forms import csrf_token, page_form, participant_links, with_values
from missioncj.demo.loadtest.http import Response, Session, Target
from missioncj.demo.loadtest.report import KindStats, build_report

MAX_USERS = 200
MAX_SECONDS = 600
MAX_THINK = 60.0
# How often a user picks each action (contact entry is a GET of the form and a POST of it).
MIX = {"participant": 50, "caseload": 20, "search": 20, "contact": 10}
KINDS = {
    "participant": ("participant",),
    "caseload": ("caseload",),
    "search": ("search",),
    "contact": ("contact_form", "contact_save"),
}
# Staff personas of the demo who see participants (one program's teams, the whole program,
# and the other program).
DEMO_LOGINS = ("casemanager", "peer", "clinician", "supervisor", "director", "outsider")
SIGN_IN_AT_ONCE = 8  # sign-in hashes a password; more at once would only queue
NOTE = "Phone check-in (load test)."


class SignInFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class LoadPlan:
    target: Target
    users: int
    seconds: float
    logins: tuple[str, ...]
    password: str
    think: float = 0.0
    only: str | None = None
    seed: int = 1
    request_timeout: float = 30.0

    def __post_init__(self) -> None:
        if not 1 <= self.users <= MAX_USERS:
            raise ValueError(f"users must be between 1 and {MAX_USERS} (got {self.users})")
        if not 1 <= self.seconds <= MAX_SECONDS:
            raise ValueError(f"seconds must be between 1 and {MAX_SECONDS} (got {self.seconds})")
        if not 0 <= self.think <= MAX_THINK:
            raise ValueError(f"think must be between 0 and {MAX_THINK} s (got {self.think})")
        if self.only is not None and self.only not in MIX:
            raise ValueError(f"only must be one of {', '.join(MIX)} (got {self.only!r})")
        if not self.logins:
            raise ValueError("at least one login is needed")

    @property
    def mix(self) -> dict[str, int]:
        return {self.only: 1} if self.only else dict(MIX)


def source_address(target: Target, index: int) -> str | None:
    """User n connects from 127.0.0.(2 + n mod 250): staff sign in from their own machines,
    and sign-in limits count attempts per address. IPv6 loopback has one address only."""
    return f"127.0.0.{2 + index % 250}" if target.ipv4 else None


@dataclass
class User:
    login: str
    session: Session
    rng: random.Random
    people: list[tuple[str, str]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


class LoadTest:
    def __init__(
        self, plan: LoadPlan, server_cpu: Callable[[], float | None] | None = None
    ) -> None:
        self.plan = plan
        self.server_cpu = server_cpu
        self.stats = {kind: KindStats() for name in plan.mix for kind in KINDS[name]}
        self.deadline = 0.0

    # --- one request, timed ------------------------------------------------------------------

    async def timed(
        self,
        user: User,
        kind: str,
        method: str,
        path: str,
        expect: int,
        *,
        location: str | None = None,
        **kwargs: Any,
    ) -> Response | None:
        began = time.perf_counter()
        try:
            async with asyncio.timeout(self.plan.request_timeout):
                response = await user.session.request(method, path, **kwargs)
        except TimeoutError:
            user.session.close()
            self.stats[kind].failed(_ms(began), f"no answer within {self.plan.request_timeout} s")
            return None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
            user.session.close()
            self.stats[kind].failed(_ms(began), f"{type(exc).__name__}: {exc}")
            return None
        where = response.headers.get("location", "")
        if response.status != expect or (location is not None and where != location):
            self.stats[kind].failed(
                _ms(began), f"HTTP {response.status} for {method} {path} {where}".strip()
            )
            return None
        self.stats[kind].ok(_ms(began))
        return response

    # --- signing in ---------------------------------------------------------------------------

    async def sign_in(self, user: User) -> None:
        session = user.session
        page = await session.request("GET", "/accounts/login/")
        token = csrf_token(page.text)
        if page.status != 200 or token is None:
            raise SignInFailed(f"The sign-in page answered HTTP {page.status}.")
        form = [("csrfmiddlewaretoken", token), ("login", user.login)]
        answer = await session.request(
            "POST", "/accounts/login/", form=[*form, ("password", self.plan.password)]
        )
        where = answer.headers.get("location", "")
        if answer.status == 429:
            raise SignInFailed(f"Sign-in of {user.login} was rate limited (HTTP 429).")
        if answer.status != 302:
            raise SignInFailed(
                f"Sign-in of {user.login} was refused (HTTP {answer.status}): wrong password, "
                "or not the demo database?"
            )
        if "/accounts/" in where:
            raise SignInFailed(
                f"{user.login} must pass MFA ({where}); the load test signs in with a password "
                "only, which demo mode allows (MISSIONCJ_DEMO=1)."
            )
        caseload = await session.request("GET", "/")
        if caseload.status != 200:
            where = caseload.headers.get("location", "")
            raise SignInFailed(
                f"The caseload of {user.login} answered HTTP {caseload.status} {where}".strip()
                + "."
            )
        user.people = participant_links(caseload.text)
        if not user.people:
            raise SignInFailed(f"{user.login} sees no participants on the caseload.")
        user.terms = sorted({name.split()[-1][:3].lower() for _, name in user.people if name})

    # --- what a user does ---------------------------------------------------------------------

    async def participant(self, user: User) -> None:
        public_id, _ = user.rng.choice(user.people)
        await self.timed(user, "participant", "GET", f"/participants/{public_id}/", 200)

    async def caseload(self, user: User) -> None:
        await self.timed(user, "caseload", "GET", "/", 200)

    async def search(self, user: User) -> None:
        term = quote(user.rng.choice(user.terms))
        await self.timed(user, "search", "GET", f"/participants/?q={term}", 200)

    async def contact(self, user: User) -> None:
        public_id, _ = user.rng.choice(user.people)
        path = f"/participants/{public_id}/contacts/new/"
        page = await self.timed(user, "contact_form", "GET", path, 200)
        if page is None:
            return
        fields = page_form(page.text)
        if not any(name == "csrfmiddlewaretoken" for name, _ in fields):
            self.stats["contact_save"].failed(0.0, f"no contact form on {path}")
            return
        fields = with_values(fields, note=NOTE)
        # Saved: back to the participant page. A form with errors answers 422.
        back = f"/participants/{public_id}/"
        await self.timed(user, "contact_save", "POST", path, 302, location=back, form=fields)

    async def work(self, user: User) -> None:
        actions: dict[str, Callable[[User], Awaitable[None]]] = {
            "participant": self.participant,
            "caseload": self.caseload,
            "search": self.search,
            "contact": self.contact,
        }
        names = list(self.plan.mix)
        weights = list(self.plan.mix.values())
        # Each user starts with every kind once (in its own order), then picks at random by
        # the mix, until the time is up: even a short run measures every kind.
        first_round = user.rng.sample(names, len(names))
        while time.monotonic() < self.deadline:
            name = first_round.pop() if first_round else user.rng.choices(names, weights)[0]
            await actions[name](user)
            if self.plan.think:
                await asyncio.sleep(user.rng.uniform(0, 2 * self.plan.think))

    # --- the whole run ------------------------------------------------------------------------

    async def run(self) -> dict[str, Any]:
        plan = self.plan
        users = [
            User(
                login=plan.logins[n % len(plan.logins)],
                session=Session(plan.target, source=source_address(plan.target, n)),
                rng=random.Random(plan.seed * 100_003 + n),
            )
            for n in range(plan.users)
        ]
        try:
            gate = asyncio.Semaphore(SIGN_IN_AT_ONCE)

            async def signed_in(user: User) -> None:
                async with gate:
                    await self.sign_in(user)

            await asyncio.gather(*(signed_in(user) for user in users))
            server_before = self.server_cpu() if self.server_cpu else None
            cpu_before = time.process_time()
            began = time.monotonic()
            self.deadline = began + plan.seconds
            await asyncio.gather(*(self.work(user) for user in users))
            elapsed = time.monotonic() - began
            cpu = time.process_time() - cpu_before
            server_after = self.server_cpu() if self.server_cpu else None
        finally:
            for user in users:
                user.session.close()
        settings = {
            "url": plan.target.base,
            "users": plan.users,
            "seconds": plan.seconds,
            "think_seconds": plan.think,
            "mix": plan.mix,
            "logins": list(plan.logins),
        }
        server_cpu = (
            server_after - server_before
            if server_before is not None and server_after is not None
            else None
        )
        return build_report(
            kinds=self.stats,
            seconds=elapsed,
            settings=settings,
            client_cpu_seconds=cpu,
            server_cpu_seconds=server_cpu,
        )


def _ms(began: float) -> float:
    return (time.perf_counter() - began) * 1000


def run_load(
    plan: LoadPlan, server_cpu: Callable[[], float | None] | None = None
) -> dict[str, Any]:
    """Run the load test (blocks for about `plan.seconds` plus sign-in). `server_cpu`, when
    given, reads the server's CPU seconds so far (before and after the measured window).

    Callers that already run an event loop in this thread (a browser driver, a notebook) get the
    test run on its own thread with its own loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(LoadTest(plan, server_cpu).run())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(LoadTest(plan, server_cpu).run())).result()
