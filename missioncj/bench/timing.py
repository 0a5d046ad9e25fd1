"""Timing one operation: warm-up runs, then timed runs; p50/p95 by nearest rank.

Queries are counted with Django's `CaptureQueriesContext` (what query-count tests count,
BEGIN/COMMIT included) on one more untimed run after the warm-up, so the timed runs carry
none of its cost."""

from __future__ import annotations

import gc
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

COUNT_LIMIT = 10_000_000  # queries one counted run may log (Django keeps the last 9,000)


def counted(run: Callable[[], Any]) -> int:
    """Run once under `CaptureQueriesContext` and return how many queries it made, on a fresh
    query log long enough for an import (Django's own log stops growing at 9,000, after
    which nothing more would be counted)."""
    kept = connection.queries_log
    connection.queries_log = deque(maxlen=COUNT_LIMIT)
    try:
        with CaptureQueriesContext(connection) as captured:
            run()
        return len(captured.captured_queries)
    finally:
        connection.queries_log = kept


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Sample:
    seconds: list[float]  # wall-clock time of each timed run
    queries: int  # queries of one run (the counted run after the warm-up)
    cpu_seconds: list[float]  # this process's CPU time of each run (less sensitive to load)

    @property
    def p50_ms(self) -> float:
        return round(percentile(self.seconds, 0.50) * 1000, 2)

    @property
    def p95_ms(self) -> float:
        return round(percentile(self.seconds, 0.95) * 1000, 2)

    @property
    def cpu_p50_ms(self) -> float:
        return round(percentile(self.cpu_seconds, 0.50) * 1000, 2)

    @property
    def mean_ms(self) -> float:
        return round(sum(self.seconds) / len(self.seconds) * 1000, 2)

    def as_dict(self) -> dict[str, Any]:
        return {
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "mean_ms": self.mean_ms,
            "min_ms": round(min(self.seconds) * 1000, 2),
            "max_ms": round(max(self.seconds) * 1000, 2),
            "cpu_p50_ms": self.cpu_p50_ms,
            "runs": len(self.seconds),
            "queries": self.queries,
        }


def measure(run: Callable[[int], Any], *, iterations: int, warmup: int) -> Sample:
    """`run(i)` `warmup` times, once more counting its queries, then `iterations` times
    timed; `i` numbers the runs from 0 so an operation may vary its input."""
    if iterations < 1:
        raise ValueError("iterations must be at least 1")
    for i in range(warmup):
        run(i)
    queries = counted(lambda: run(warmup))
    seconds, cpu = [], []
    for i in range(iterations):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        run(i)
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return Sample(seconds, queries, cpu)
