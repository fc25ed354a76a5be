"""The project's own habits: pre-commit mirrors the pinned tools, the workflow runs .ci/run."""

import re
from pathlib import Path

import yaml
from test_wheels import PYTHONS  # pyproject.toml's classifiers

ROOT = Path(__file__).resolve().parent.parent


def pinned(package):
    text = (ROOT / "requirements.txt").read_text()
    match = re.search(rf"^{re.escape(package)}==(\S+)", text, flags=re.MULTILINE)
    assert match, f"{package} is not pinned in requirements.txt"
    return match.group(1)


def test_pre_commit_uses_the_pinned_ruff():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    ruff = next(r for r in config["repos"] if r["repo"].endswith("/ruff-pre-commit"))
    assert ruff["rev"] == f"v{pinned('ruff')}"
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "nbstripout"} <= hooks


def test_workflow_runs_ci_and_publishes_from_main():
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    test_steps = workflow["jobs"]["test"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in test_steps)
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert "main" in workflow["jobs"]["publish"]["if"]


def test_ci_script_calls_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    assert re.search(r"^make test\b", (ROOT / ".ci/run").read_text(), flags=re.MULTILINE)


def test_the_workflow_runs_the_notebooks_on_the_laptops_the_readme_supports():
    """Windows and macOS with the oldest and newest Python of the README's range, the
    range (pyproject.toml's classifiers) that tests/test_wheels.py asks the index about."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    matrix = workflow["jobs"]["laptops"]["strategy"]["matrix"]
    assert set(matrix["os"]) == {"windows-latest", "macos-latest"}
    assert matrix["python"] == [PYTHONS[0], PYTHONS[-1]]
    runs = " ".join(step.get("run", "") for step in workflow["jobs"]["laptops"]["steps"])
    assert "--nbval-lax" in runs and "-r requirements.txt" in runs
    readme = (ROOT / "README.md").read_text()
    assert f"Python {PYTHONS[0]} to {PYTHONS[-1]}" in readme
