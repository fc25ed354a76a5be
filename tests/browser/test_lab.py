"""The chapters in JupyterLab, as on Binder or a laptop: started from this Python
environment, each notebook opened and run with Run > Run All Cells.
"""

import json
import statistics

import pytest
from browser_support import (
    BUILT_WITH,
    EXPLORER_PAGES,
    FRAME_EXPLORER_PAGES,
    ROOT,
    WITHOUT_LISTINGS,
    check_explorer_walk,
    check_key_presses,
    check_shown_sources,
    explorer_handles,
    frame_explorers,
    screenshot_name,
    time_key_presses,
    walk_explorer,
)


def test_every_cell_runs_without_an_error(lab_notebooks, notebook, screenshots, report):
    run = lab_notebooks(notebook)
    run.page.screenshot(path=screenshots / screenshot_name("lab", notebook))
    report(f"lab {notebook}: Run All Cells took {run.seconds:.0f} s")
    for text in run.stderr:  # warnings are shown to the reader but are not errors
        report(f"lab {notebook}: stderr output: {text[:200]}")
    assert run.errors == []


MATH_PROBLEMS_JS = "() => __bookTest.mathProblems(document.querySelector('.jp-Notebook'))"
# Every Markdown cell of the notebook on view, rendered again (and so typeset again).
RENDER_MARKDOWN_AGAIN_JS = """() => {
  for (const cell of jupyterapp.shell.currentWidget.content.widgets) {
    if (cell.model.type === "markdown") { cell.rendered = false; cell.rendered = true; }
  }
}"""


def test_maths_has_no_undefined_macro(lab_notebooks, notebook, report):
    """Lab does not read _config.yml: each notebook's first cell defines the macros."""
    page = lab_notebooks(notebook).page
    cells = json.loads((ROOT / f"{notebook}.ipynb").read_text())["cells"]
    if any("$" in "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"):
        assert page.locator(".jp-Notebook mjx-container").count() > 0, "no maths typeset"
    problems = page.evaluate(MATH_PROBLEMS_JS)
    if problems:
        # Lab now and then typesets a cell before the first cell's \newcommand when it opens
        # a notebook (jupyter/notebook#7827, open upstream; seen in 2 of 6 CI runs here). The
        # macros are defined by then, so typesetting again must clear that; a macro that is
        # never defined (the check below the next test) stays undefined.
        report(f"lab {notebook}: {problems[0]} ×{len(problems)} on opening; typeset again")
        page.evaluate(RENDER_MARKDOWN_AGAIN_JS)
        page.wait_for_timeout(3000)
        problems = page.evaluate(MATH_PROBLEMS_JS)
    assert problems == []


def test_explorer_slider_shows_a_new_picture_within_a_second(lab_notebooks, screenshots, report):
    for notebook in EXPLORER_PAGES:
        page = lab_notebooks(notebook).page
        explorers = explorer_handles(page)
        assert explorers, f"no step-size explorer in {notebook}"
        for index, (box, handle) in enumerate(explorers):
            frames, latencies, refocused = walk_explorer(page, box, handle)
            name = screenshot_name("lab", notebook, f"-explorer{index}")
            page.screenshot(path=screenshots / name)
            check_explorer_walk(frames, latencies)
            report(
                f"lab {notebook} explorer {index}: key press to new picture, median "
                f"{statistics.median(latencies):.0f} ms, slowest {max(latencies):.0f} ms, "
                f"over {len(latencies)} moves"
            )
            if refocused:  # Lab's own focus handling, on a busy machine: told, not failed
                report(f"lab {notebook} explorer {index}: focus lost, set again at {refocused}")


@pytest.mark.parametrize("explorer_page", FRAME_EXPLORER_PAGES)
def test_a_key_press_shows_the_next_picture_within_100_ms(lab_notebooks, explorer_page, report):
    """Three ArrowRight presses on the first slider of each explorer: the browser's link
    alone moves the picture (no word to the kernel and back), as on the site."""
    page = lab_notebooks(explorer_page).page
    boxes = frame_explorers(page)
    assert boxes, f"no explorer of frames in {explorer_page}: {BUILT_WITH}"
    for index, box in enumerate(boxes):
        where = f"lab {explorer_page} explorer {index}"
        check_key_presses(where, time_key_presses(page, box), report)


def test_sliders_are_named_for_screen_readers_in_lab_too(lab_notebooks):
    """lib/explorers/controls.js runs in Lab as well (in a notebook its reader ran)."""
    for notebook in EXPLORER_PAGES:
        sliders = lab_notebooks(notebook).page.evaluate("() => __bookTest.sliderSpeech()")
        assert sliders, f"no slider in {notebook}"
        for slider in sliders:
            assert slider["name"] == slider["label"] and slider["value"] == slider["readout"]


def test_the_maths_check_would_see_an_undefined_macro_in_lab(lab_notebooks):
    """Lab's own MathJax marks bad TeX the way the check expects (checked on a scratch cell)."""
    page = lab_notebooks(EXPLORER_PAGES[0]).page
    page.evaluate(
        r"""() => {
          const notebook = window.jupyterapp.shell.currentWidget.content;
          notebook.model.sharedModel.insertCell(0, {
            cell_type: "markdown", source: "$\\nosuchmacro x + \\vv{y}$"});
          notebook.widgets[0].rendered = true;
        }"""
    )
    first_cell = page.locator(".jp-Notebook .jp-Cell").first
    first_cell.locator("mjx-container").wait_for()
    problems = first_cell.evaluate("cell => __bookTest.mathProblems(cell)")
    page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.model.sharedModel.deleteCell(0)"
    )
    # \vv is defined by the notebook's first cell, so only the unknown macro is reported
    assert problems == ["undefined macro \\nosuchmacro"]


def test_lab_does_not_ask_about_jupyter_news(lab_notebooks):
    """No "Would you like to get notified about official Jupyter news?" pop-up over a
    student's first notebook: lab-settings/, installed by postBuild, answers Never."""
    page = lab_notebooks(EXPLORER_PAGES[0]).page
    page.evaluate("() => window.jupyterapp.restored")
    # Lab asks right after it has restored; a toast of our own raised now comes after that
    # question would have, and shows that this check sees toasts at all.
    page.evaluate(
        """() => window.jupyterapp.commands.execute("apputils:notify", {
             message: "browser test toast", type: "info", options: {autoClose: false}})"""
    )
    toasts = page.locator(".Toastify__toast")
    toasts.filter(has_text="browser test toast").wait_for()
    texts = toasts.all_inner_texts()
    assert not [text for text in texts if "news" in text.lower()], texts


def test_a_chapter_shows_the_lib_code_it_teaches_in_lab_too(lab_notebooks, notebook):
    checked = check_shown_sources(lab_notebooks(notebook).page, notebook)
    assert checked or notebook in WITHOUT_LISTINGS, f"{notebook} shows no lib source"
