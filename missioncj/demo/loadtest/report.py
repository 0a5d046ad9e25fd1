"""What the load test measured: per kind of request, how many, how fast, how many failed."""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from typing import Any

ERROR_SAMPLES = 5


@dataclass
class KindStats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def ok(self, milliseconds: float) -> None:
        self.latencies_ms.append(milliseconds)

    def failed(self, milliseconds: float, why: str) -> None:
        self.latencies_ms.append(milliseconds)
        self.errors += 1
        if len(self.error_samples) < ERROR_SAMPLES:
            self.error_samples.append(why[:200])


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of values already sorted (0 when there are none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def summarize(stats: KindStats, seconds: float) -> dict[str, Any]:
    values = sorted(stats.latencies_ms)
    return {
        "requests": len(values),
        "errors": stats.errors,
        "rps": round(len(values) / seconds, 1) if seconds > 0 else 0.0,
        "p50_ms": round(percentile(values, 0.50), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "p99_ms": round(percentile(values, 0.99), 1),
        "max_ms": round(values[-1], 1) if values else 0.0,
        "error_samples": stats.error_samples,
    }


def build_report(
    *,
    kinds: dict[str, KindStats],
    seconds: float,
    settings: dict[str, Any],
    client_cpu_seconds: float,
    server_cpu_seconds: float | None = None,
) -> dict[str, Any]:
    every = KindStats()
    for kind in kinds.values():
        every.latencies_ms.extend(kind.latencies_ms)
        every.errors += kind.errors
    total = summarize(every, seconds)
    total.pop("error_samples")
    requests = total["requests"]
    server: dict[str, Any] = {}
    if server_cpu_seconds is not None and seconds > 0 and requests:
        # CPU the server used (all its processes; 100% = one core): with C cores free,
        # about C * 1000 / server_cpu_ms_per_request requests/s is its ceiling.
        server = {
            "server_cpu_percent": round(100 * server_cpu_seconds / seconds, 1),
            "server_cpu_ms_per_request": round(1000 * server_cpu_seconds / requests, 2),
        }
    return {
        **settings,
        **server,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "elapsed_seconds": round(seconds, 2),
        "total": total,
        "kinds": {name: summarize(stats, seconds) for name, stats in kinds.items()},
        # The generator's own CPU (one core = 100%): what it took from the server's machine.
        "client_cpu_percent": round(100 * client_cpu_seconds / seconds, 1) if seconds else 0.0,
        "client_cpu_ms_per_request": round(1000 * client_cpu_seconds / total["requests"], 3)
        if total["requests"]
        else 0.0,
    }


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2)


def to_markdown(report: dict[str, Any]) -> str:
    lines = [
        "| Request | Requests | req/s | p50 ms | p95 ms | p99 ms | max ms | Errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [*report["kinds"].items(), ("all", report["total"])]
    for name, row in rows:
        label = f"**{name}**" if name == "all" else name
        lines.append(
            f"| {label} | {row['requests']} | {row['rps']} | {row['p50_ms']} | {row['p95_ms']} "
            f"| {row['p99_ms']} | {row['max_ms']} | {row['errors']} |"
        )
    server = report.get("server") or {}
    where = (
        f"{server.get('workers')} workers x {server.get('threads')} threads"
        if server
        else "an already running server"
    )
    lines.append("")
    lines.append(
        f"{report['users']} users for {report['elapsed_seconds']} s against {report['url']} "
        f"({where}); load generator CPU {report['client_cpu_percent']}% of one core "
        f"({report['client_cpu_ms_per_request']} ms per request)."
    )
    if "server_cpu_ms_per_request" in report:
        lines.append(
            f"Server CPU {report['server_cpu_percent']}% of one core "
            f"({report['server_cpu_ms_per_request']} ms per request); machine load average "
            f"{report['load_average'][0]} at the end."
        )
    return "\n".join(lines)
