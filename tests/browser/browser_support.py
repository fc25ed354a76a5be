"""Helpers for the browser tests: where things are, the pages to test, the CDN copies,
opening a page like a first-time reader, JupyterLab, and walking a step-size explorer.
The fixtures that use them are in conftest.py.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"
SITE = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html")).resolve()
SCREENSHOTS = SITE.parent / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NODE_MODULES = HERE / "node_modules"
DOM_JS = HERE / "dom.js"  # in-page helpers, available as window.__bookTest
SITE_VIEWPORT = {"width": 1280, "height": 900}
LAB_VIEWPORT = {"width": 1400, "height": 1000}


def need(ok: bool, reason: str) -> None:
    """Skip with ``reason`` unless ``ok``; under REQUIRE_BROWSER_TESTS=1 fail instead."""
    if not ok:
        if REQUIRED:
            pytest.fail(f"REQUIRE_BROWSER_TESTS=1 but {reason}")
        pytest.skip(reason)


def screenshot_name(kind: str, page: str, suffix: str = "") -> str:
    return f"{kind}-{page.replace('/', '-')}{suffix}.png"


# --- the pages, from _toc.yml, so that new chapters are covered automatically ----------


def _toc_files(node):
    if isinstance(node, dict):
        for key in ("root", "file"):
            if key in node:
                yield node[key]
        for value in node.values():
            if isinstance(value, list | dict):
                yield from _toc_files(value)
    elif isinstance(node, list):
        for item in node:
            yield from _toc_files(item)


TOC_PAGES = [
    re.sub(r"\.(md|ipynb)$", "", name)
    for name in _toc_files(yaml.safe_load((ROOT / "_toc.yml").read_text()))
]
NOTEBOOKS = [page for page in TOC_PAGES if (ROOT / f"{page}.ipynb").is_file()]
# Chapters that work with the chain rule by hand and show no lib function's source.
WITHOUT_LISTINGS = ["chapters/02_chain_rule", "chapters/03_matrix_chain_rule"]


def _named(name: str, code: str):
    """The object ``name`` (``lib.x``, ``lib.further.graph.y``, or ``alias.y`` after
    ``from lib.further import alias``) stands for in a notebook whose code is ``code``."""
    head, *rest = name.split(".")
    if head == "lib":
        found = importlib.import_module("lib")
    else:
        source = re.search(rf"^from ([\w.]+) import [^\n]*\b{head}\b", code, re.M)
        assert source, f"{name}: no `from ... import {head}` in the notebook"
        parent = importlib.import_module(source.group(1))
        found = getattr(parent, head, None) or importlib.import_module(f"{parent.__name__}.{head}")
    for part in rest:
        if not hasattr(found, part):  # a submodule its package does not import
            importlib.import_module(f"{found.__name__}.{part}")
        found = getattr(found, part)
    return found


def shown_sources(notebook: str) -> list:
    """What the notebook's ``lib.teaching.show_source(...)`` calls show, made from lib as it
    is now: Source objects (path, first line, text), in the notebook's order. A call in a
    cell the site removes (a hidden check reading the listing) shows nothing."""
    import lib.teaching

    cells = json.loads((ROOT / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    hidden = {"remove-cell", "remove-output"}
    shown = "\n".join(
        "".join(c["source"]) for c in code if not hidden & set(c["metadata"].get("tags", []))
    )
    everything = "\n".join("".join(c["source"]) for c in code)
    return [
        lib.teaching.show_source(_named(name, everything))
        for name in re.findall(r"show_source\(([\w.]+)\)", shown)
    ]


def check_shown_sources(page, notebook: str) -> int:
    """Every listing the notebook asks for is on ``page`` exactly as in lib, with its file
    and first line; returns how many were checked."""
    expected = shown_sources(notebook)
    listings = page.evaluate(
        "() => [...document.querySelectorAll('.lib-source pre')].map(e => e.textContent.trim())"
    )
    wheres = page.evaluate(
        "() => [...document.querySelectorAll('.lib-source-where')].map(e => e.textContent)"
    )
    stale = f"{notebook} shows other lines than lib has now (a site built before lib changed?)"
    assert listings == [source.text.strip() for source in expected], stale
    assert wheres == [f"{s.path}, from line {s.first_line}:" for s in expected], stale
    return len(expected)


# Pages that must have a step-size explorer; every explorer on every page is tested.
EXPLORER_PAGES = ["chapters/01_gradient_descent"]


def _builds_a_frame_explorer(notebook: str) -> bool:
    """The notebook calls a lib.explorers function that builds precomputed frames: an
    ``..._explorer`` or the training replay (not the live trainer, whose picture Python
    draws as it goes)."""
    cells = json.loads((ROOT / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return bool(re.search(r"lib\.explorers\.(\w+\.)?\w+_(explorer|replay)\(", code))


# Pages with an explorer of frames (lib/explorers/frames.py); the key-press timing covers
# every explorer on each of them.
FRAME_EXPLORER_PAGES = [notebook for notebook in NOTEBOOKS if _builds_a_frame_explorer(notebook)]
# What the timing finds an explorer's frames by (classes in the page).
BUILT_WITH = "build its frames with lib.explorers.frames.explorer_frames"
# Key press to new picture, median over the presses on one explorer (issue 20).
KEY_TO_PICTURE_MS = 100


# --- the CDN, answered from the npm packages pinned in tests/browser/package.json -------

_CDN_URL = re.compile(r"https://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+)(?:@([^/]+))?/(.*)")


class CdnCopies:
    """Answers the site's requests to cdn.jsdelivr.net with the files npm installed.

    A package or version that package.json does not pin, or a file the package lacks, is
    reported instead, so the site's CDN use and the local copies cannot drift apart.
    """

    def __init__(self, node_modules: Path):
        wanted = json.loads((HERE / "package.json").read_text())["dependencies"]
        self.node_modules = node_modules
        self.versions = {}
        for name in wanted:
            manifest = node_modules / name / "package.json"
            need(manifest.is_file(), f"{manifest} is missing: run `npm ci --prefix tests/browser`")
            self.versions[name] = json.loads(manifest.read_text())["version"]

    def file_for(self, url: str) -> tuple[Path | None, str]:
        """The local file for ``url``, or None and what is wrong."""
        match = _CDN_URL.fullmatch(url.split("?")[0].split("#")[0])
        if not match:
            return None, f"request to the internet that no local copy answers: {url}"
        name, spec, path = match.groups()
        version = self.versions.get(name)
        if version is None:
            return None, f"{url}: {name} is not in tests/browser/package.json"
        # jsDelivr's forms used by the site: an exact version (1.0.15) or a prefix (3, 3.2)
        if spec is not None and version != spec and not version.startswith(f"{spec}."):
            return None, f"{url}: tests/browser/package.json has {name} {version}"
        file = self.node_modules / name / path
        if not file.is_file():
            return None, f"{url}: no such file in the npm package {name}@{version}"
        return file, ""


# --- a page of the site, opened as a first-time reader would ----------------------------


@dataclass
class Visit:
    """One page in a fresh browser context, and everything that went wrong on the way."""

    page: object
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def close(self) -> None:
        self.page.context.close()


def open_site_page(browser, cdn: CdnCopies, url: str, **context_options) -> Visit:
    """Load ``url`` in a new context (empty storage) and wait for the widgets and maths.
    ``context_options`` go to Playwright's ``new_context`` (a reader's ``color_scheme``, a
    phone's ``viewport`` and ``device_scale_factor``)."""
    context = browser.new_context(**{"viewport": SITE_VIEWPORT, **context_options})
    page = context.new_page()
    visit = Visit(page)

    def on_console(message):
        if message.type == "error":
            visit.errors.append(f"console error: {message.text}")
        elif message.type == "warning":
            visit.warnings.append(message.text)

    def on_response(response):
        if response.status >= 400:
            visit.errors.append(f"HTTP {response.status} for {response.url}")

    def answer_from_npm(route):
        file, problem = cdn.file_for(route.request.url)
        if file is None:
            visit.errors.append(problem)
            route.abort()
        else:  # the pages load these with crossorigin="anonymous", which jsDelivr allows
            route.fulfill(path=file, headers={"access-control-allow-origin": "*"})

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.errors.append(f"uncaught: {error}"))
    page.on("response", on_response)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), answer_from_npm)
    page.add_init_script(path=str(DOM_JS))
    page.goto(url)
    page.wait_for_function("() => __bookTest.widgetsRendered()", timeout=30_000)
    page.evaluate("async () => { if (window.MathJax?.startup) await MathJax.startup.promise; }")
    page.evaluate("() => __bookTest.settled()")
    return visit


# --- JupyterLab ----------------------------------------------------------------------


@dataclass
class Lab:
    url: str
    token: str
    process: subprocess.Popen
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_lab(home: Path) -> Lab:
    """JupyterLab from this Python environment on 127.0.0.1, with a token, serving a copy
    of the chapters (so autosave cannot write outputs into the committed notebooks) and
    with temporary Jupyter and IPython folders (so a reader's own settings play no part).
    """
    shutil.copytree(ROOT / "chapters", home / "book" / "chapters")
    token, port = os.urandom(16).hex(), _free_port()
    folders = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "IPYTHONDIR": "ipython",
    }
    env = {**os.environ, **{name: str(home / folder) for name, folder in folders.items()}}
    # Lab's news question stays away by the book's own setting, which postBuild installs
    # (test_lab.py checks it); nothing is switched off here.
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={home / 'book'}",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to read cell outputs
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log = home / "jupyterlab.log"
    with open(log, "w") as log_file:
        # stdin is not a terminal, so Ctrl-C stops the server at once (no confirmation)
        process = subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT
        )
    lab = Lab(f"http://127.0.0.1:{port}", token, process, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{lab.url}/api/status?token={token}", timeout=2):
                return lab
        except OSError:
            time.sleep(0.3)
    stop_lab(lab)
    pytest.fail(f"JupyterLab did not answer within 90 s:\n{log.read_text()[-3000:]}")


def stop_lab(lab: Lab) -> None:
    lab.process.terminate()  # the server shuts its kernels down on SIGTERM
    try:
        lab.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        lab.process.kill()  # its kernels notice that their parent is gone and exit
        lab.process.wait()


@dataclass
class LabRun:
    """A notebook after Run > Run All Cells in JupyterLab."""

    page: object
    seconds: float
    errors: list
    stderr: list


# Lab's notebook model: each code cell's source, execution count and outputs.
_CELLS_JS = """() => {
  const cells = [];
  for (const cell of window.jupyterapp.shell.currentWidget.content.model.cells) {
    if (cell.type === "code") {
      cells.push({source: cell.sharedModel.getSource(), count: cell.executionCount,
                  outputs: cell.outputs.toJSON()});
    }
  }
  return cells;
}"""
# The notebook is the current tab and its kernel is idle, for the app and in the status bar.
_KERNEL_IDLE_JS = """path => {
  const notebook = window.jupyterapp?.shell.currentWidget;
  return notebook?.context?.path === path
    && notebook.sessionContext.session?.kernel?.status === "idle"
    && document.querySelector('[data-jp-item-name="executionProgress"] [data-status="idle"]');
}"""


def run_all_cells(browser, lab: Lab, notebook: str) -> LabRun:
    """Open ``notebook`` in Lab, wait for its kernel, and run all cells from the Run menu."""
    page = browser.new_context(viewport=LAB_VIEWPORT).new_page()
    page.add_init_script(path=str(DOM_JS))
    path = f"{notebook}.ipynb"
    workspace = re.sub(r"\W", "-", notebook)  # a new workspace: no other tab is restored
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{path}?token={lab.token}")
    page.wait_for_function(_KERNEL_IDLE_JS, arg=path, timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
    start = time.monotonic()
    page.wait_for_function(  # a cell is queued or has run: Run All has started
        f"""() => ({_CELLS_JS})().some(cell => cell.count !== null)
          || [...document.querySelectorAll(".jp-InputPrompt")]
               .some(prompt => prompt.textContent.includes("*"))""",
        timeout=30_000,
    )
    # Done when every code cell has run (or one failed, which stops Run All) and the
    # kernel is idle again.
    page.wait_for_function(
        f"""path => {{
          const cells = ({_CELLS_JS})().filter(cell => cell.source.trim());
          const failed = cells.some(cell => cell.outputs.some(o => o.output_type === "error"));
          const done = failed || cells.every(cell => cell.count !== null);
          return done && ({_KERNEL_IDLE_JS})(path);
        }}""",
        arg=path,
        timeout=300_000,
    )
    seconds = time.monotonic() - start
    errors, stderr = [], []
    for index, cell in enumerate(page.evaluate(_CELLS_JS)):
        for output in cell["outputs"]:
            if output["output_type"] == "error":
                errors.append(f"code cell {index}: {output['ename']}: {output['evalue']}")
            elif output["output_type"] == "stream" and output["name"] == "stderr":
                stderr.append(f"code cell {index}: {''.join(output['text'])}")
    return LabRun(page, seconds, errors, stderr)


# --- any explorer of frames: key press to picture -----------------------------------------


def frame_explorers(page) -> list:
    """Each explorer of frames on ``page``: its outermost widget box."""
    boxes = page.evaluate_handle("() => __bookTest.frameExplorers()")
    count = boxes.evaluate("boxes => boxes.length")
    return [boxes.evaluate_handle("(b, i) => b[i]", i).as_element() for i in range(count)]


def _frame_on_view(page, box, timeout: float = 10_000) -> None:
    """Wait until the frame ``box``'s controls ask for is the one on view."""
    page.wait_for_function(
        "b => { const s = __bookTest.frameState(b); return s.shown === s.wanted; }",
        arg=box,
        timeout=timeout,
    )


def time_key_presses(page, box, presses: int = 3, pause: float = 0.25) -> list:
    """Home on the explorer's first slider, then ``presses`` ArrowRight presses, a reader's
    ``pause`` apart: per press, the milliseconds until the frame the sliders then ask for
    was on view, pictures decoded (None: not within a second)."""
    handle = box.evaluate_handle("b => __bookTest.firstSliderHandle(b)").as_element()
    assert handle is not None, "an explorer of frames without a slider"
    handle.scroll_into_view_if_needed()
    _wait_until_settled(handle)
    handle.focus()
    page.keyboard.press("Home")
    _frame_on_view(page, box)
    last = int(float(handle.get_attribute("aria-valuemax")))
    latencies = []
    for _ in range(min(presses, last)):
        time.sleep(pause)
        latencies.append(_press_focused(page, box, handle, "ArrowRight")[1])
    return latencies


def check_key_presses(where: str, latencies: list, report) -> None:
    """Report the presses' figures; each press showed its frame, and the median is within
    KEY_TO_PICTURE_MS."""
    shown = [ms for ms in latencies if ms is not None]
    figures = ", ".join("-" if ms is None else f"{ms:.0f}" for ms in latencies)
    median = statistics.median(shown) if shown else float("nan")
    report(f"{where}: key press to new picture {figures} ms, median {median:.0f} ms")
    assert latencies and len(shown) == len(latencies), f"{where}: a press showed no new frame"
    assert median <= KEY_TO_PICTURE_MS, f"{where}: median {median:.0f} ms"


# --- the step-size explorer (lib/explorers/step_size.py), on the site and in Lab ------------


def explorer_handles(page) -> list:
    """Each explorer on the page: (its box, its slider handle)."""
    boxes = page.evaluate_handle("() => __bookTest.explorers()")
    count = boxes.evaluate("boxes => boxes.length")
    found = []
    for index in range(count):
        box = boxes.evaluate_handle("(boxes, i) => boxes[i]", index).as_element()
        slider = box.evaluate_handle("b => __bookTest.stepSizeSlider(b)").as_element()
        found.append((box, slider.query_selector(".noUi-handle")))
    return found


def _press(page, box, handle, key: str) -> tuple[bool, float | None]:
    """Press ``key`` on the focused slider: did it move, and after how many milliseconds
    was the frame it asks for on screen (None: not within a second)."""
    before = handle.get_attribute("aria-valuenow")
    page.evaluate(
        "([b, h]) => { window.__frameTimer = __bookTest.timeFrameAfterKey(b, h); }",
        [box, handle],
    )
    page.keyboard.press(key)
    if handle.get_attribute("aria-valuenow") == before:
        return False, None
    return True, page.evaluate("() => window.__frameTimer")


def _press_focused(page, box, handle, key: str) -> tuple[bool, float | None, bool]:
    """:func:`_press`, and if the slider had lost the keyboard focus (seen in Lab on a busy
    machine: the press went elsewhere), focus it and press again; the third value says so."""
    moved, milliseconds = _press(page, box, handle, key)
    if moved or handle.evaluate("h => document.activeElement === h"):
        return moved, milliseconds, False
    handle.focus()
    return (*_press(page, box, handle, key), True)


def _settled(read, quiet_seconds: float, timeout: float, poll: float):
    """What ``read()`` returns once it has stayed the same for ``quiet_seconds`` (or
    whatever it returns at ``timeout``)."""
    deadline = time.monotonic() + timeout
    value, since = read(), time.monotonic()
    while time.monotonic() - since < quiet_seconds and time.monotonic() < deadline:
        time.sleep(poll)
        if (now := read()) != value:
            value, since = now, time.monotonic()
    return value


def _wait_until_settled(handle) -> None:
    """Wait until the slider has kept its value for 0.6 s: in Lab, the kernel's last moves
    of the slider (a notebook cell sets its index) can reach the page late on a busy
    machine, and would then move it under the walk."""
    _settled(lambda: handle.get_attribute("aria-valuenow"), 0.6, timeout=10.0, poll=0.1)


def _frame_asked_for(page, box) -> dict:
    """The frame on view, once it is the one the controls ask for (the page says which:
    lib/explorers/frames.py classes every frame and control)."""
    _frame_on_view(page, box)
    return page.evaluate("b => __bookTest.explorerFrame(b)", box)


def walk_explorer(page, box, handle) -> tuple[list, list, list]:
    """From the first step size to the last, one ArrowRight at a time.

    Returns what each step showed (status, picture, slider readout); per key press, the
    milliseconds until the new picture was on screen (None: not within a second); and the
    step sizes at which the slider had lost the keyboard focus, so the press went
    elsewhere, and was focused again (seen in Lab on a busy machine; the tests report it).
    """
    handle.scroll_into_view_if_needed()
    _wait_until_settled(handle)
    handle.focus()
    _press(page, box, handle, "Home")
    last = handle.get_attribute("aria-valuemax")
    frames, latencies, refocused = [], [], []
    while True:
        frame = _frame_asked_for(page, box)
        frame["s"] = box.evaluate("b => b.querySelector('.widget-readout')?.textContent ?? ''")
        frames.append(frame)
        if handle.get_attribute("aria-valuenow") == last:
            return frames, latencies, refocused
        moved, milliseconds, lost_focus = _press_focused(page, box, handle, "ArrowRight")
        if lost_focus:
            refocused.append(frame["s"])
        if not moved:
            return frames, latencies, refocused
        latencies.append(milliseconds)


def check_explorer_walk(frames: list, latencies: list) -> None:
    """Each step shows a new picture and status within a second; the run diverges past the
    slider's "(bound)" step size, and from then on.
    """
    assert len(frames) >= 3, "the explorer has fewer than three step sizes"
    late = [frames[i + 1]["s"] for i, ms in enumerate(latencies) if ms is None or ms > 1000]
    assert late == [], "no new picture within a second of the key press"
    for previous, current in pairwise(frames):
        assert current["src"] != previous["src"], f"same picture at s = {current['s']}"
        assert current["status"] != previous["status"], f"same status at s = {current['s']}"
    diverged = ["diverged at step" in frame["status"] for frame in frames]
    assert diverged[-1], "the largest step size does not report divergence"
    first = diverged.index(True)
    assert all(diverged[first:]), "a step size beyond a diverging one converges"
    bound = next((i for i, frame in enumerate(frames) if "(bound)" in frame["s"]), None)
    assert bound is not None, "no step size on the slider is labelled (bound)"
    assert first > bound, f"diverges at s = {frames[first]['s']}, not past the bound"
