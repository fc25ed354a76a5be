"""Exercises and predict-then-check questions on the built site, as a reader meets them:
hints and solutions folded until opened, and every question answering a click with no
kernel behind the page, its maths typeset as the chapter's is; in JupyterLab the same,
with the code that builds a question folded (tests/test_exercises.py checks the notebooks
themselves).
"""

import re

from browser_support import EXPLORER_PAGES, screenshot_name

# Chapters still in the old format, as in tests/test_exercises.py (empty: all converted).
NOT_YET_CONVERTED: set[str] = set()

# Inline maths in an element (Sphinx's span.math, which lib.teaching.Question writes too):
# how many formulas, and how many of them MathJax has typeset.
_MATHS_JS = """(root) => {
  const maths = [...root.querySelectorAll("span.math")];
  return [maths.length, maths.filter(m => m.querySelector("mjx-container")).length];
}"""

# The folded blocks of the exercises: each <details> whose summary names a hint or the
# solution, with whether it is open and whether anything inside it is on screen.
_FOLDED_JS = """(root) => [...(root || document).querySelectorAll("details")]
  .filter(d => /^(Solution|Hint [12]:)/.test(
    d.querySelector(":scope > summary")?.textContent.trim() ?? ""))
  .map(d => ({
    summary: d.querySelector(":scope > summary").textContent.trim(),
    open: d.open,
    shown: [...d.children].filter(c => c.tagName !== "SUMMARY").some(c => c.checkVisibility()),
    text: [...d.children].filter(c => c.tagName !== "SUMMARY").map(c => c.textContent).join(" "),
  }))"""


def test_hints_and_solutions_are_hidden_until_opened(site_pages, notebook, screenshots):
    visit = site_pages(notebook)
    page, errors_before = visit.page, len(visit.errors)
    blocks = page.evaluate(_FOLDED_JS)
    if notebook in NOT_YET_CONVERTED:
        return
    solutions = [b for b in blocks if b["summary"] == "Solution"]
    assert solutions, f"{notebook}: no folded solution"
    assert len([b for b in blocks if b["summary"].startswith("Hint")]) == 2 * len(solutions)
    for block in blocks:
        assert not block["open"] and not block["shown"], f"{block['summary']} shows at load"
        assert block["text"].strip(), f"{block['summary']} is empty"
    summaries = page.locator("details > summary", has_text=re.compile(r"^Solution$"))
    first = summaries.first
    first.scroll_into_view_if_needed()
    first.click()  # the reader asks for the first solution: it opens, and only it
    opened = page.evaluate(_FOLDED_JS)
    assert [b["open"] for b in opened].count(True) == 1
    solution = next(b for b in opened if b["open"])
    assert solution["summary"] == "Solution" and solution["shown"]
    first.locator("xpath=..").screenshot(
        path=screenshots / screenshot_name("site", notebook, "-solution")
    )
    first.click()  # and folds it again
    assert not any(b["open"] for b in page.evaluate(_FOLDED_JS))
    assert visit.errors[errors_before:] == []


def test_every_predict_then_check_question_answers_a_click(
    site_pages, notebook, screenshots, report
):
    visit = site_pages(notebook)
    page, errors_before = visit.page, len(visit.errors)
    boxes = page.locator(".predict-check")
    if notebook not in NOT_YET_CONVERTED:
        assert boxes.count() >= 1, f"{notebook}: no predict-then-check question"
    for index in range(boxes.count()):
        box = boxes.nth(index)
        choices = box.locator("details.predict-check-choice")
        verdicts = box.locator(".predict-check-verdict")
        assert choices.count() >= 2
        assert all(not verdicts.nth(i).is_visible() for i in range(verdicts.count())), (
            "a verdict shows before the reader has chosen"
        )
        formulas, typeset = box.evaluate(_MATHS_JS)
        assert typeset == formulas, f"{notebook} question {index}: maths not typeset"
        assert box.locator("mjx-merror").count() == 0
        said = []
        for i in range(choices.count()):
            choices.nth(i).locator("summary").click()
            verdict = verdicts.nth(i)
            verdict.wait_for(state="visible", timeout=1000)
            said.append(verdict.inner_text().strip())
            if i == 0:
                box.screenshot(
                    path=screenshots / screenshot_name("site", notebook, f"-question{index}")
                )
            choices.nth(i).locator("summary").click()  # fold it again
        assert all(text.startswith(("Right.", "Not quite.")) for text in said), said
        assert [text.startswith("Right.") for text in said].count(True) == 1, said
        report(
            f"site {notebook} question {index}: {len(said)} choices, each answers a click; "
            f"{formulas} formulas typeset"
        )
    assert visit.errors[errors_before:] == []


def test_in_lab_solutions_are_folded_and_questions_answer_a_click(lab_notebooks, screenshots):
    """The same in JupyterLab after Run All Cells: Lab keeps <details> (its HTML sanitiser
    allows them) in markdown cells and in the questions' outputs."""
    notebook = EXPLORER_PAGES[0]
    page = lab_notebooks(notebook).page
    cells = page.locator(".jp-Notebook")
    blocks = cells.evaluate(_FOLDED_JS)
    assert blocks and not any(block["open"] for block in blocks), blocks
    solution = cells.locator("details > summary", has_text=re.compile(r"^Solution$")).first
    solution.scroll_into_view_if_needed()
    solution.click()
    assert solution.evaluate("s => s.parentElement.open")
    solution.click()
    boxes = cells.locator(".predict-check")
    assert boxes.count() >= 1
    for index in range(boxes.count()):
        box = boxes.nth(index)
        box.scroll_into_view_if_needed()
        # the cell that builds the question shows its output with its code folded (one
        # click on the placeholder opens it), as jupyter.source_hidden asks
        cell = box.locator("xpath=ancestor::div[contains(@class, 'jp-CodeCell')][1]")
        assert cell.locator(".jp-InputPlaceholder").count() == 1, "the question's code shows"
        assert not cell.locator(".jp-InputArea-editor").is_visible()
        verdict = box.locator(".predict-check-verdict").first
        assert not verdict.is_visible()
        box.locator("summary").first.click()
        verdict.wait_for(state="visible", timeout=1000)
        assert verdict.inner_text().strip().startswith(("Right.", "Not quite."))
        page.wait_for_function(  # Lab's MathJax typesets an output once it is attached
            f"() => {{ const [n, done] = ({_MATHS_JS})("
            f"document.querySelectorAll('.jp-Notebook .predict-check')[{index}]); "
            "return n > 0 && done === n; }",
            timeout=10_000,
        )
        assert box.evaluate("b => __bookTest.mathProblems(b)") == []
        box.screenshot(path=screenshots / screenshot_name("lab", notebook, f"-question{index}"))
