"""A quiet JupyterLab: the book ships the setting that stops Lab asking "Would you like to
get notified about official Jupyter news?", and postBuild puts it where Lab reads it (run
by Binder's repo2docker, by `make install`, and by a hub image's build).

tests/browser/test_lab.py checks in a real Lab that no such pop-up appears.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jupyterlab.labapp import LabApp
from jupyterlab_server.settings_utils import get_settings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "lab-settings" / "backprop-companion.json"
PLUGIN = "@jupyterlab/apputils-extension:notification"


def test_the_shipped_setting_turns_news_off_in_this_labs_schema():
    ours = json.loads(SETTINGS.read_text(encoding="utf-8"))[PLUGIN]
    lab = LabApp()
    schema = json.loads((Path(lab.schemas_dir) / f"{PLUGIN.replace(':', '/')}.json").read_text())
    news = schema["properties"]["fetchNews"]
    assert ours["fetchNews"] == "false"
    # "false" is still Lab's word for Never (a renamed value would silently do nothing)
    assert {"const": "false", "title": "Never"} in news["oneOf"]
    assert news["default"] == "none"  # "none" is what makes Lab ask
    assert set(ours) <= set(schema["properties"])


def test_lab_in_this_environment_reads_it(tmp_path):
    """The defaults this environment's Lab computes (its own settings folders; an empty
    user-settings folder, as for a student's first start) say Never."""
    lab = LabApp()
    settings, _ = get_settings(
        lab.app_settings_dir, lab.schemas_dir, str(tmp_path), schema_name=PLUGIN
    )
    defaults = {
        name: value.get("default") for name, value in settings["schema"]["properties"].items()
    }
    assert defaults["fetchNews"] == "false", (
        f"JupyterLab's settings in {lab.app_settings_dir} do not turn its news off: "
        "run `make install` (or `python postBuild`)"
    )
    assert defaults["checkForUpdates"] is False


@pytest.mark.skipif(
    sys.platform == "win32",
    reason="Windows runs no #! scripts; repo2docker and hubs run postBuild on Linux",
)
def test_postbuild_copies_the_setting_where_lab_reads_it(tmp_path):
    """postBuild, run as repo2docker runs it (an executable found by its #! line, with
    this environment's python3 first on PATH), into a Lab application folder of its own."""
    app_dir = tmp_path / "lab"
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "JUPYTERLAB_DIR": str(app_dir), "PATH": path}
    done = subprocess.run(
        [str(ROOT / "postBuild")], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    copied = app_dir / "settings" / "overrides.d" / SETTINGS.name
    assert json.loads(copied.read_text()) == json.loads(SETTINGS.read_text())
    assert str(copied) in done.stdout  # it says where it put the file
    # Lab with that application folder takes its defaults from the copy
    user = tmp_path / "user-settings"
    settings, _ = get_settings(
        str(app_dir / "settings"), LabApp().schemas_dir, str(user), schema_name=PLUGIN
    )
    assert settings["schema"]["properties"]["fetchNews"]["default"] == "false"
