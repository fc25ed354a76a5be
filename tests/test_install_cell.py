"""The hidden second cell of every notebook installs `lib` where it is missing: from the
enclosing clone, else from the repository of _config.yml (or BACKPROP_COMPANION_SOURCE).

Here the cell runs with pip replaced by a recorder, so each case is checked in a moment;
tests/browser/test_fresh_environment.py runs it for real in a fresh environment.
(tests/test_notebooks.py checks that every notebook carries this same cell.)
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "chapter_template.ipynb"
REPOSITORY = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]


def install_cell() -> str:
    return "".join(json.loads(TEMPLATE.read_text())["cells"][1]["source"])


@pytest.fixture
def run_cell(monkeypatch, capsys):
    """``run_cell(folder, lib_installed)``: run the cell with the kernel in ``folder``;
    returns the pip commands it ran and what it printed."""
    real_find_spec = importlib.util.find_spec

    def run(folder: Path, lib_installed: bool = False):
        commands = []

        def find_spec(name, *args, **kwargs):
            if name == "lib" and not lib_installed:
                return None
            return real_find_spec(name, *args, **kwargs)

        def pip(command, **kwargs):
            commands.append(command)
            return subprocess.CompletedProcess(command, 0)

        monkeypatch.setattr(importlib.util, "find_spec", find_spec)
        monkeypatch.setattr(subprocess, "run", pip)
        monkeypatch.chdir(folder)
        namespace: dict = {}
        exec(compile(install_cell(), "install cell", "exec"), namespace)
        return commands, capsys.readouterr().out

    return run


def pip_install(source) -> list[str]:
    return [sys.executable, "-m", "pip", "install", "-q", str(source)]


def test_nothing_happens_where_lib_is_installed(run_cell):
    assert run_cell(ROOT / "chapters", lib_installed=True) == ([], "")


def test_inside_a_clone_it_installs_the_clone(run_cell):
    commands, printed = run_cell(ROOT / "chapters")
    assert commands == [pip_install(ROOT)]
    assert printed == f"Installing the course package lib from the clone {ROOT}\n"


def test_it_walks_up_past_other_projects_and_broken_files(run_cell, tmp_path):
    course = tmp_path / "course"
    (course / "chapters" / "deeper").mkdir(parents=True)
    (course / "pyproject.toml").write_text('[project]\nname = "backprop-companion"\n')
    (course / "chapters" / "pyproject.toml").write_text('[project]\nname = "other"\n')
    (course / "chapters" / "deeper" / "pyproject.toml").write_text("not [ toml")
    commands, _ = run_cell(course / "chapters" / "deeper")
    assert commands == [pip_install(course)]


def test_a_lone_notebook_installs_from_the_configured_repository(run_cell, tmp_path):
    assert not any((f / "pyproject.toml").exists() for f in [tmp_path, *tmp_path.parents])
    commands, printed = run_cell(tmp_path)
    assert commands == [pip_install(f"git+{REPOSITORY}")]
    assert printed == f"Installing the course package lib from {REPOSITORY}\n"


def test_backprop_companion_source_replaces_the_repository(run_cell, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_COMPANION_SOURCE", "file:///srv/course")
    commands, printed = run_cell(tmp_path)
    assert commands == [pip_install("git+file:///srv/course")]
    assert printed == "Installing the course package lib from file:///srv/course\n"
