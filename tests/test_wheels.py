"""Every pin of requirements.txt installs from wheels on every laptop the README promises.

The README supports Python 3.11 to 3.15 on Linux, macOS and Windows. For each of those
fifteen, this asks the package index (pip's resolver in ``--dry-run`` mode, wheels only,
nothing installed or downloaded beyond metadata) whether the pins that apply there, and
what they depend on, resolve to binary wheels. A pin without a wheel would make pip fall
back to compiling it from source, which fails on a laptop without a compiler.

pip evaluates environment markers for the interpreter that runs it, not for the
``--python-version`` it is asked about, so the markers of requirements.txt are evaluated
here with :mod:`packaging` for each target and only the pins that apply are handed to pip.
(Markers of the pins' own dependencies are still evaluated for this interpreter; none of
them needs a compiler today.) Without the index (offline) the test is skipped with the
reason.
"""

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
# the supported Pythons: pyproject.toml's classifiers say which
PYTHONS = re.findall(
    r'"Programming Language :: Python :: (3\.\d+)"', (ROOT / "pyproject.toml").read_text()
)
# what pip needs to be told to accept the wheels each system takes (pip matches tags exactly)
PLATFORMS = {
    "linux": {
        "tags": ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"],
        "markers": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    },
    "macos": {
        "tags": [f"macosx_{v}_0_arm64" for v in (11, 12, 13, 14)],
        "markers": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
    },
    "windows": {
        "tags": ["win_amd64"],
        "markers": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
    },
}


def pins_for(python: str, system: str) -> list[str]:
    """The requirement lines of requirements.txt that apply on ``python`` and ``system``."""
    environment = {"python_version": python, "python_full_version": f"{python}.0"}
    environment |= PLATFORMS[system]["markers"]
    pins = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-e")):
            continue  # `-e .` is lib itself, whose own dependencies are these pins
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            requirement.marker = None
            pins.append(str(requirement))
    return pins


def index_reachable() -> bool:
    probe = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", "six", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return probe.returncode == 0


def test_every_pin_is_exact_and_numpy_has_one_pin_per_python():
    """A marker splits a pin only by Python version, and the ranges do not overlap."""
    for python in PYTHONS:
        pins = pins_for(python, "linux")
        numpy = [p for p in pins if p.startswith("numpy")]
        assert len(numpy) == 1, f"Python {python}: numpy pins {numpy}"
        for pin in pins:
            assert "==" in pin, f"{pin}: not pinned exactly"
    assert pins_for("3.15", "windows") != pins_for("3.11", "windows")


def resolves_from_wheels(python: str, system: str, folder: Path) -> str:
    """'' if pip finds wheels for the pins (and their dependencies), else pip's errors."""
    requirements = folder / f"requirements-{python}-{system}.txt"
    requirements.write_text("\n".join(pins_for(python, system)) + "\n")
    platform_flags = [flag for tag in PLATFORMS[system]["tags"] for flag in ("--platform", tag)]
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
         "--only-binary=:all:", "--python-version", python, "--implementation", "cp",
         *platform_flags, "--target", str(folder / f"target-{python}-{system}"), "--quiet",
         "--disable-pip-version-check", "-r", str(requirements)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    return "" if result.returncode == 0 else " ".join(errors[:3]) or result.stderr[-300:]


@pytest.mark.slow
def test_every_pin_has_a_wheel_on_every_supported_python_and_system(tmp_path):
    if not index_reachable():
        pytest.skip("the package index is not reachable (offline): cannot ask it for wheels")
    targets = [(python, system) for python in PYTHONS for system in sorted(PLATFORMS)]
    with ThreadPoolExecutor(max_workers=5) as pool:  # pip waits on the network, not the CPU
        answers = pool.map(lambda target: resolves_from_wheels(*target, tmp_path), targets)
        failures = {
            f"Python {p} on {s}": error
            for (p, s), error in zip(targets, answers, strict=True)
            if error
        }
    assert failures == {}
