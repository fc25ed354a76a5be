"""A Binder-like fresh environment: a new virtual environment that gets nothing but
``pip install -r requirements.txt``, run from the root of a fresh copy of the repository
as Binder does, must import lib from chapters/ and execute a chapter there.
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

    def run(self, *command, cwd=None, timeout=1200) -> subprocess.CompletedProcess:
        """``python *command`` in the fresh environment, from the clone's root or ``cwd``."""
        return subprocess.run(
            [str(self.environment / "bin" / "python"), *map(str, command)],
            cwd=cwd or self.clone,
            env=self.env,
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


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, report) -> Fresh:
    home = tmp_path_factory.mktemp("fresh")
    _fresh_clone(home / "clone")
    subprocess.run([sys.executable, "-m", "venv", home / "venv"], check=True)
    # Nothing of the test run's own environment leaks in: not its venv, not the reader's
    # Jupyter kernels or settings.
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env["PATH"] = f"{home / 'venv' / 'bin'}{os.pathsep}{env['PATH']}"
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR"):
        env[name] = str(home / name.lower())
    fresh = Fresh(home / "clone", home / "venv", env)

    start = time.monotonic()
    install = fresh.run("-m", "pip", "install", "-q", "-r", "requirements.txt")
    if install.returncode != 0:
        need(
            not any(words in install.stderr for words in _OFFLINE), "the package index is offline"
        )
        pytest.fail(f"pip install -r requirements.txt failed:\n{install.stderr[-3000:]}")
    report(
        f"fresh environment: pip install -r requirements.txt took {time.monotonic() - start:.0f} s"
    )
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
