"""A Binder-like fresh environment: a new virtual environment that gets nothing but
``pip install -r requirements.txt``, run from the root of a fresh copy of the repository
as Binder does, must import lib from chapters/ and execute a chapter there.

And one without lib, as a hub's image or a laptop may be: a chapter's hidden install cell
(the notebooks' second cell) must install lib there, from the clone the chapter sits in, or
for a notebook downloaded on its own from the repository: offline, a local git repository
that BACKPROP_COMPANION_SOURCE names in place of the URL.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import NOTEBOOKS, ROOT, need

pytestmark = pytest.mark.slow

# pip's words for "the package index cannot be reached" (a reader offline, not a bug)
_OFFLINE = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable")


@dataclass
class Fresh:
    clone: Path
    environment: Path
    env: dict

    def run(self, *command, cwd=None, timeout=1200, env=None) -> subprocess.CompletedProcess:
        """``python *command`` in the fresh environment, from the clone's root or ``cwd``,
        with ``env`` added to its environment variables."""
        return subprocess.run(
            [str(self.environment / "bin" / "python"), *map(str, command)],
            cwd=cwd or self.clone,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def _fresh_clone(destination: Path) -> None:
    """The files a fresh clone would have: tracked ones and new ones git does not ignore."""
    need(shutil.which("git") is not None and (ROOT / ".git").exists(), "no git repository")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, listed.decode().split("\0")):
        if (ROOT / name).is_file():  # a file deleted but still tracked is listed too
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, destination / name)


def _fresh_environment(home: Path, report, without_lib: bool = False) -> Fresh:
    """A fresh clone in ``home``, and a new environment with requirements.txt installed from
    it: all of it, or all but lib (its ``-e .`` line)."""
    _fresh_clone(home / "clone")
    requirements = "requirements.txt"
    if without_lib:
        lines = (home / "clone" / requirements).read_text().splitlines()
        assert "-e ." in lines, "requirements.txt no longer installs lib with `-e .`"
        requirements = home / "requirements-without-lib.txt"
        requirements.write_text("\n".join(line for line in lines if line != "-e ."))
    subprocess.run([sys.executable, "-m", "venv", home / "venv"], check=True)
    # Nothing of the test run's own environment leaks in: not its venv, not the reader's
    # Jupyter kernels or settings.
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env["PATH"] = f"{home / 'venv' / 'bin'}{os.pathsep}{env['PATH']}"
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):
        env[name] = str(home / name.lower())
    fresh = Fresh(home / "clone", home / "venv", env)

    start = time.monotonic()
    install = fresh.run("-m", "pip", "install", "-q", "-r", requirements)
    if install.returncode != 0:
        need(
            not any(words in install.stderr for words in _OFFLINE), "the package index is offline"
        )
        pytest.fail(f"pip install -r {requirements} failed:\n{install.stderr[-3000:]}")
    what = " (all but lib)" if without_lib else ""
    took = time.monotonic() - start
    report(f"fresh environment: pip install -r requirements.txt{what} took {took:.0f} s")
    return fresh


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, report) -> Fresh:
    return _fresh_environment(tmp_path_factory.mktemp("fresh"), report)


@pytest.fixture(scope="module")
def fresh_without_lib_module(tmp_path_factory, report) -> Fresh:
    return _fresh_environment(tmp_path_factory.mktemp("fresh-no-lib"), report, without_lib=True)


@pytest.fixture
def fresh_without_lib(fresh_without_lib_module) -> Fresh:
    """The environment without lib, also when an earlier test's install cell installed it."""
    fresh = fresh_without_lib_module
    removed = fresh.run("-m", "pip", "uninstall", "-y", "-q", "backprop-companion")
    assert removed.returncode == 0, removed.stderr
    missing = fresh.run("-c", "import lib", cwd=fresh.clone / "chapters")
    assert "No module named 'lib'" in missing.stderr, missing.stderr or "lib is importable"
    return fresh


def test_the_pinned_requirements_are_consistent(fresh):
    check = fresh.run("-m", "pip", "check")
    assert check.returncode == 0, check.stdout


def test_lib_is_importable_from_the_chapters_folder(fresh):
    where = fresh.run(
        "-c", "import sys, lib; print(sys.prefix, lib.__file__)", cwd=fresh.clone / "chapters"
    )
    assert where.returncode == 0, where.stderr
    prefix, lib_file = where.stdout.split()
    assert Path(prefix).resolve() == fresh.environment.resolve()
    assert Path(lib_file).resolve() == (fresh.clone / "lib" / "__init__.py").resolve()


def test_the_python3_kernel_is_the_fresh_environment(fresh):
    listed = fresh.run("-m", "jupyter", "kernelspec", "list", "--json")
    kernel = Path(json.loads(listed.stdout)["kernelspecs"]["python3"]["resource_dir"])
    assert kernel.resolve().is_relative_to(fresh.environment.resolve()), kernel


def test_a_chapter_executes_there(fresh, tmp_path, report):
    chapter, start = NOTEBOOKS[0], time.monotonic()
    # nbconvert starts the kernel in the notebook's folder, chapters/, as Lab does
    executed = fresh.run(
        "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=600", "--output-dir", tmp_path, f"{chapter}.ipynb",
    )  # fmt: skip
    assert executed.returncode == 0, executed.stderr[-3000:]
    report(f"fresh environment: {chapter} executed in {time.monotonic() - start:.0f} s")


def _execute(fresh: Fresh, notebook: Path, output: Path, env=None) -> list[str]:
    """Execute ``notebook`` in ``fresh`` (the kernel in its folder, as Lab starts it) and
    return the lines its install cell printed."""
    executed = fresh.run(
        "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=600", "--output-dir", output, notebook.name,
        cwd=notebook.parent, env=env,
    )  # fmt: skip
    assert executed.returncode == 0, executed.stderr[-3000:]
    cells = json.loads((output / notebook.name).read_text())["cells"]
    streams = [o["text"] for o in cells[1]["outputs"] if o["output_type"] == "stream"]
    return "".join("".join(text) for text in streams).splitlines()  # a str or a list of lines


def _installed_lib(fresh: Fresh, cwd: Path) -> Path:
    where = fresh.run("-c", "import lib; print(lib.__file__)", cwd=cwd)
    assert where.returncode == 0, where.stderr
    return Path(where.stdout.strip()).resolve()


def test_a_chapter_in_a_clone_installs_lib_from_the_clone(fresh_without_lib, tmp_path, report):
    fresh, start = fresh_without_lib, time.monotonic()
    printed = _execute(fresh, fresh.clone / f"{NOTEBOOKS[0]}.ipynb", tmp_path)
    clone = fresh.clone.resolve()
    assert f"Installing the course package lib from the clone {clone}" in printed, printed
    # installed into the environment (not found by chance in the clone): importable anywhere
    assert _installed_lib(fresh, tmp_path).is_relative_to(fresh.environment.resolve())
    took = time.monotonic() - start
    report(f"fresh environment without lib: a chapter in a clone ran in {took:.0f} s")


def test_a_lone_notebook_installs_lib_from_the_repository(fresh_without_lib, tmp_path, report):
    fresh, start = fresh_without_lib, time.monotonic()
    # the repository, as a local git repository in place of the URL (tests are offline)
    repository = tmp_path / "repository"
    _fresh_clone(repository)
    git = ["git", "-C", repository, "-c", "user.name=test", "-c", "user.email=test@example.org"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "copy"]):
        subprocess.run([*git, *command], check=True, capture_output=True)
    # a chapter downloaded on its own, in a folder of no clone
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    notebook = downloads / Path(NOTEBOOKS[0]).with_suffix(".ipynb").name
    shutil.copy2(ROOT / f"{NOTEBOOKS[0]}.ipynb", notebook)
    assert not any((f / "pyproject.toml").exists() for f in [downloads, *downloads.parents])

    source = {"BACKPROP_COMPANION_SOURCE": repository.as_uri()}
    printed = _execute(fresh, notebook, tmp_path / "executed", env=source)
    assert f"Installing the course package lib from {repository.as_uri()}" in printed, printed
    assert _installed_lib(fresh, downloads).is_relative_to(fresh.environment.resolve())
    took = time.monotonic() - start
    report(f"fresh environment without lib: a lone notebook ran in {took:.0f} s")
