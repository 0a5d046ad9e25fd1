"""The timing harness: nearest-rank percentiles, and query counts that stay right past
Django's 9,000-query log (an import makes more than that)."""

from __future__ import annotations

from typing import Any

from django.db import connection

from missioncj.bench.timing import measure, percentile


def test_percentiles_are_nearest_rank() -> None:
    values = [float(n) for n in range(1, 21)]  # 1 … 20
    assert percentile(values, 0.5) == 10
    assert percentile(values, 0.95) == 19
    assert percentile([7.0], 0.95) == 7
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2


def select(times: int) -> None:
    with connection.cursor() as cursor:
        for _ in range(times):
            cursor.execute("SELECT 1")


def test_queries_are_counted_past_the_query_log_limit(db: Any) -> None:
    calls: list[int] = []

    def run(i: int) -> None:
        calls.append(i)
        select(9_500)

    sample = measure(run, iterations=2, warmup=1)
    assert sample.queries == 9_500
    assert calls == [0, 1, 0, 1]  # one warm-up, the counted run, two timed runs
    assert len(sample.seconds) == 2 and sample.p50_ms > 0
    # A later operation is counted from zero, not from a log already full.
    assert measure(lambda i: select(3), iterations=1, warmup=0).queries == 3
