"""Fixtures shared by the unit tests."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _merge(base: dict, changes: dict) -> dict:
    """``base`` updated in place by ``changes``, nested mappings key by key."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


@pytest.fixture(scope="session")
def quick_book(tmp_path_factory):
    """``quick_book(changes)``: the folder of the site built from this tree with
    ``changes`` merged into _config.yml, with the flags of `make book` but without
    executing the notebooks (for tests about the pages' frame: buttons, footer, links).
    Each distinct configuration is built once per test session (about 7 s each).
    """
    base = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    builds: dict[str, Path] = {}

    def build(changes: dict | None = None) -> Path:
        config = _merge(copy.deepcopy(base), {"execute": {"execute_notebooks": "off"}})
        text = yaml.safe_dump(_merge(config, copy.deepcopy(changes or {})), sort_keys=True)
        if text not in builds:
            out = tmp_path_factory.mktemp("quick-book")
            (out / "_config.yml").write_text(text, encoding="utf-8")
            command = [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going"]
            command += ["--config", str(out / "_config.yml"), "--path-output", str(out)]
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, (
                f"book build failed:\n{(done.stdout + done.stderr)[-4000:]}"
            )
            builds[text] = out / "_build" / "html"
        return builds[text]

    return build
