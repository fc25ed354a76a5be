"""The upstream watch: .ci/latest.py widens each pin to its major version for
`make test-latest`, the weekly workflow runs that without gating main, and Dependabot
watches every file that pins something."""

from __future__ import annotations

import importlib.util
import re
from importlib import metadata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PIN_FILES = ["requirements.txt", "tests/browser/requirements.txt"]


def _load_latest():
    spec = importlib.util.spec_from_file_location("ci_latest", ROOT / ".ci" / "latest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


latest = _load_latest()


@pytest.mark.parametrize(
    ("version", "bound"),
    [
        ("2.4.6", "3"),
        ("1.0.4.post1", "2"),
        ("7.4.7", "8"),
        ("0.17.6", "0.18"),  # 0.x: the minor number is the major one
        ("0.0.3", "0.0.4"),
        ("13.0.1", "14"),
        ("6.170.17", "7"),
        ("2.17", "3"),
    ],
)
def test_upper_bound_is_the_next_major_version(version, bound):
    assert latest.upper_bound(version) == bound


def test_upper_bound_refuses_a_version_without_a_release_number():
    with pytest.raises(ValueError, match="version"):
        latest.upper_bound("latest")


def test_relax_widens_pins_and_keeps_everything_else():
    text = "# a comment\n-e .\n\nnumpy==2.4.6  # why\nruff==0.17.6\n"
    relaxed = latest.relax(text).splitlines()
    assert relaxed[:3] == ["# a comment", "-e .", ""]
    assert relaxed[3] == "numpy>=2.4.6,<3  # pinned: 2.4.6"
    assert relaxed[4] == "ruff>=0.17.6,<0.18  # pinned: 0.17.6"
    assert latest.pins("\n".join(relaxed)) == []  # no exact pin is left


@pytest.mark.parametrize("name", PIN_FILES)
def test_every_requirement_is_an_exact_pin_the_watch_sees(name):
    """Each line that installs something is `name==version` (or `-e .`), so the watch
    covers every dependency and `make test-latest` widens each one."""
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    requirements = [line.split("#")[0].strip() for line in lines]
    requirements = [line for line in requirements if line and line != "-e ."]
    found = latest.pins((ROOT / name).read_text(encoding="utf-8"))
    shown = [
        f"{pin.name}=={pin.version}" + (f"; {pin.marker}" if pin.marker else "") for pin in found
    ]
    assert shown == requirements


def test_a_pin_for_some_pythons_keeps_its_marker_and_applies_only_there():
    text = 'numpy==2.4.6; python_version < "3.15"  # why\nnumpy==2.5.5; python_version >= "3.15"\n'
    assert latest.relax(text).splitlines() == [
        'numpy>=2.4.6,<3; python_version < "3.15"  # pinned: 2.4.6',
        'numpy>=2.5.5,<3; python_version >= "3.15"  # pinned: 2.5.5',
    ]
    first, second = latest.pins(text)
    assert latest.applies(first.marker, (3, 11)) and not latest.applies(second.marker, (3, 11))
    assert latest.applies(second.marker, (3, 15)) and not latest.applies(first.marker, (3, 15))
    with pytest.raises(ValueError, match="marker"):
        latest.pins('numpy==2.4.6; sys_platform == "win32"\n')


def test_report_lists_the_versions_that_differ_from_the_pins():
    pinned = [latest.Pin("numpy", "2.4.6"), latest.Pin("sphinx", "7.4.7"), latest.Pin("x", "1")]
    installed = {"numpy": "2.5.1", "sphinx": "7.4.7"}

    def version(name):
        if name not in installed:
            raise metadata.PackageNotFoundError(name)
        return installed[name]

    text = latest.report(pinned, version)
    assert text.splitlines()[0].startswith("upstream watch: 2 of 3 pinned packages")
    assert re.search(r"numpy\s+2\.4\.6 -> 2\.5\.1", text)
    assert re.search(r"x\s+1 -> not installed", text)
    assert "sphinx" not in text
    table = latest.summary(pinned, version)
    assert "| numpy | 2.4.6 | 2.5.1 |" in table and "sphinx" not in table
    same = latest.report([latest.Pin("sphinx", "7.4.7")], version)
    assert "0 of 1" in same and "the pins are the newest" in same


def test_weekly_workflow_runs_make_test_latest_and_never_gates_main():
    workflow = yaml.safe_load((ROOT / ".github/workflows/upstream.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert set(triggers) == {"schedule", "workflow_dispatch"}  # no push, no pull_request
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(run.strip() == "make test-latest" for run in runs)
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^test-latest:", makefile, flags=re.MULTILINE)
    for name in PIN_FILES:
        assert name in makefile  # both pin files are widened


def test_dependabot_watches_every_pinned_file_and_the_actions():
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text())
    watched = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert watched >= {
        ("pip", "/"),
        ("pip", "/tests/browser"),
        ("npm", "/tests/browser"),
        ("github-actions", "/"),
    }
    manifests = {"pip": "requirements.txt", "npm": "package.json"}
    for ecosystem, directory in watched:
        if ecosystem in manifests:
            assert (ROOT / directory.strip("/") / manifests[ecosystem]).is_file()
