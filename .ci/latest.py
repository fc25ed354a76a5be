"""The upstream watch behind `make test-latest` (and the weekly workflow upstream.yml).

Every dependency is pinned exactly (requirements.txt, tests/browser/requirements.txt).
This script turns each pin `name==X.Y.Z` into "the newest release of the same major
version", `name>=X.Y.Z,<X+1` (for 0.x releases, where the minor number is the major one:
`<0.(Y+1)`), so that pip installs what a fresh install will get once the pins move on,
and afterwards reports which installed versions differ from the pins.

    python .ci/latest.py requirements FILE...   # the relaxed requirements, on stdout
    python .ci/latest.py report FILE...         # run with the new environment's python

Only the standard library is used: `make test-latest` runs the first command before the
new environment exists. The report is also appended, as a table, to the GitHub job's
summary when $GITHUB_STEP_SUMMARY is set.
"""

from __future__ import annotations

import os
import re
import sys
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

# `name==version`, an optional marker on the Python version (one pin cannot span every
# supported Python: numpy), an optional comment; the version's release part bounds it
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;#]+)"
    r"\s*(?:;\s*(?P<marker>[^#]*?))?\s*(?:#.*)?$"
)
RELEASE = re.compile(r"^(\d+(?:\.\d+)*)")
# the one kind of marker the pins use: python_version compared with "X.Y"
PYTHON_MARKER = re.compile(r'^python_version\s*(?P<op><=|>=|<|>|==|!=)\s*"(?P<version>\d+\.\d+)"$')


class Pin(NamedTuple):
    name: str
    version: str
    marker: str = ""


def applies(marker: str, python=sys.version_info[:2]) -> bool:
    """Whether a pin's marker (empty, or `python_version OP "X.Y"`) holds for ``python``."""
    if not marker:
        return True
    match = PYTHON_MARKER.match(marker.strip())
    if not match:
        raise ValueError(f'marker must be python_version OP "X.Y", got {marker!r}')
    bound = tuple(int(part) for part in match.group("version").split("."))
    return {
        "<": python < bound,
        "<=": python <= bound,
        ">": python > bound,
        ">=": python >= bound,
        "==": python == bound,
        "!=": python != bound,
    }[match.group("op")]


def upper_bound(version: str) -> str:
    """The first version of the next major series: 2.4.6 -> 3, 0.17.6 -> 0.18, 0.0.3 -> 0.0.4."""
    match = RELEASE.match(version)
    if not match:
        raise ValueError(
            f"version must start with a release number such as 1.2.3, got {version!r}"
        )
    parts = [int(part) for part in match.group(1).split(".")]
    major = next((i for i, part in enumerate(parts) if part != 0), len(parts) - 1)
    return ".".join(map(str, [*parts[:major], parts[major] + 1]))


def pins(text: str) -> list[Pin]:
    """The exact pins of a requirements file (other lines, such as `-e .`, are not pins)."""
    found = []
    for line in text.splitlines():
        match = PIN.match(line.strip())
        if match:
            marker = match.group("marker") or ""
            applies(marker)  # a marker of another kind is an error, not a silent pin
            found.append(Pin(match.group("name"), match.group("version"), marker))
    return found


def relax(text: str) -> str:
    """The requirements file with each pin widened to the newest release of its major
    version; every other line (comments, `-e .`) is kept as it is."""
    out = []
    for line in text.splitlines():
        match = PIN.match(line.strip())
        if match:
            name, version = match.group("name"), match.group("version")
            marker = f"; {match.group('marker')}" if match.group("marker") else ""
            line = f"{name}>={version},<{upper_bound(version)}{marker}  # pinned: {version}"
        out.append(line)
    return "\n".join(out) + "\n"


def differences(pinned: list[Pin], installed) -> list[tuple[str, str, str]]:
    """(name, pinned, installed) for each pin whose installed version differs;
    ``installed(name)`` gives a version or raises metadata.PackageNotFoundError."""
    rows = []
    for name, version, _ in pinned:
        try:
            now = installed(name)
        except metadata.PackageNotFoundError:
            now = "not installed"
        if now != version:
            rows.append((name, version, now))
    return rows


def report(pinned: list[Pin], installed=metadata.version) -> str:
    changed = differences(pinned, installed)
    lines = [
        f"upstream watch: {len(changed)} of {len(pinned)} pinned packages have a newer "
        "release within their major version" + (":" if changed else " (the pins are the newest)")
    ]
    width = max((len(name) for name, _, _ in changed), default=0)
    lines += [f"  {name:<{width}}  {old} -> {new}" for name, old, new in changed]
    return "\n".join(lines)


def summary(pinned: list[Pin], installed=metadata.version) -> str:
    """The same as a markdown table, for the GitHub job summary."""
    changed = differences(pinned, installed)
    rows = ["### Newest releases within the supported major versions", ""]
    if not changed:
        return "\n".join([*rows, "Every pin is the newest release of its major version.", ""])
    rows += ["| package | pinned | newest |", "| --- | --- | --- |"]
    rows += [f"| {name} | {old} | {new} |" for name, old, new in changed]
    return "\n".join([*rows, ""])


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"requirements", "report"}:
        print(__doc__, file=sys.stderr)
        return 2
    texts = [Path(name).read_text(encoding="utf-8") for name in argv[1:]]
    if argv[0] == "requirements":
        for name, text in zip(argv[1:], texts, strict=True):
            print(f"# from {name}, each pin widened to its major version by .ci/latest.py")
            print(relax(text), end="")
        return 0
    # only the pins whose marker holds for the Python that runs the report were installed
    pinned = [pin for text in texts for pin in pins(text) if applies(pin.marker)]
    print(report(pinned))
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
            out.write(summary(pinned) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
