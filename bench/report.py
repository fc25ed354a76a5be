"""The figures of one benchmark run: a record per figure, the table, the JSON file."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

# A target is (comparison, bound); "~" means within 0.3 of the bound (a log-log slope).
COMPARE = {
    "<=": lambda v, b: v <= b,
    "<": lambda v, b: v < b,
    ">=": lambda v, b: v >= b,
    "~": lambda v, b: abs(v - b) <= 0.3,
}
SYMBOL = {"<=": "≤", "<": "<", ">=": "≥", "~": "≈"}


@dataclass
class Result:
    """One line of the table. ``value`` is None when the figure could not be measured."""

    section: str
    name: str
    value: float | None
    unit: str = ""
    spread: str = ""  # quartiles of a ratio, 95th percentile of a latency, ...
    target: tuple[str, float] | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)  # JSON only: raw numbers behind the figure

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None or not math.isfinite(self.value):
            return None
        op, bound = self.target
        return bool(COMPARE[op](self.value, bound))

    def to_json(self) -> dict:
        data = asdict(self)
        data["target"] = None if self.target is None else list(self.target)
        data["met"] = self.met
        return data


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.3g} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "µs":
        return f"{value:.0f} µs"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "kB":
        return f"{value:,.0f} kB"
    if unit == "MB":
        return f"{value:.2f} MB"
    return f"{value:.2f}{unit}"


def format_target(target) -> str:
    if target is None:
        return ""
    op, bound = target
    return f"{SYMBOL[op]} {bound:g}"


def table(results: list[Result], header: list[str]) -> str:
    """The one table: the machine on top, then one row per figure, grouped by section."""
    columns = ("figure", "value", "spread", "target", "status")
    rows = []
    for r in results:
        status = {True: "met", False: "MISSED", None: ""}[r.met]
        rows.append(
            (
                r.section,
                r.name,
                format_value(r.value, r.unit),
                r.spread,
                format_target(r.target),
                status,
                r.note,
            )
        )
    widths = [max(len(c), *(len(row[i + 1]) for row in rows)) for i, c in enumerate(columns)]
    widths[0] = min(widths[0], 58)

    def line(cells):
        name = cells[0] if len(cells[0]) <= widths[0] else cells[0][: widths[0] - 1] + "…"
        parts = [name.ljust(widths[0]), cells[1].rjust(widths[1])]
        parts += [c.ljust(w) for c, w in zip(cells[2:], widths[2:], strict=True)]
        return "  ".join(parts).rstrip()

    out = list(header)
    rule = "─" * len(line(columns))
    out += [rule, line(columns), rule]
    section = None
    for row in rows:
        if row[0] != section:
            section = row[0]
            out.append(f"[{section}]")
        out.append(line(row[1:6]))
        if row[6]:
            out.append(" " * 4 + "↳ " + row[6])
    out.append(rule)
    return "\n".join(out)


def write_json(path: Path, machine: dict, results: list[Result], settings: dict) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "machine": machine,
        "settings": settings,
        "figures": [r.to_json() for r in results],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=float) + "\n")
    return path
