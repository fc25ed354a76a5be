"""Fixtures shared by the unit tests."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

import lib

ROOT = Path(__file__).resolve().parent.parent


def _merge(base: dict, changes: dict) -> dict:
    """``base`` updated in place by ``changes``, nested mappings key by key."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


@pytest.fixture(scope="module")
def sine_fit():
    """(weights, Z, Y): a 1-8-1 network and 30 noisy samples of sin(1.6 z), for the tests
    that train (with tanh, then identity) and draw training."""
    rng = np.random.default_rng(1)
    z = np.sort(rng.uniform(-2, 2, 30))
    y = np.sin(1.6 * z) + 0.1 * rng.standard_normal(30)
    weights = lib.init_weights([1, 8, 1], seed=3)
    return weights, z[None, :], y[None, :]


@pytest.fixture(scope="session")
def quick_book(tmp_path_factory):
    """``quick_book(changes, source)``: the folder of the site built from this tree (or
    from the book folder ``source``) with ``changes`` merged into _config.yml, with the
    flags of `make book` but without executing the notebooks (for tests about the pages'
    frame: buttons, footer, links). Each distinct build is made once per test session
    (about 7 s each).
    """
    base = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    builds: dict[tuple[str, Path], Path] = {}

    def build(changes: dict | None = None, source: Path = ROOT) -> Path:
        config = _merge(copy.deepcopy(base), {"execute": {"execute_notebooks": "off"}})
        # Jupyter Book finds local extensions relative to the config file, now elsewhere
        extensions = config.get("sphinx", {}).get("local_extensions") or {}
        for name, folder in extensions.items():
            extensions[name] = str((source / folder).resolve())
        text = yaml.safe_dump(_merge(config, copy.deepcopy(changes or {})), sort_keys=True)
        if (text, source) not in builds:
            out = tmp_path_factory.mktemp("quick-book")
            (out / "_config.yml").write_text(text, encoding="utf-8")
            command = [str(jupyter_book), "build", str(source), "-W", "-n", "--keep-going"]
            command += ["--config", str(out / "_config.yml"), "--path-output", str(out)]
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, (
                f"book build failed:\n{(done.stdout + done.stderr)[-4000:]}"
            )
            builds[text, source] = out / "_build" / "html"
        return builds[text, source]

    return build
