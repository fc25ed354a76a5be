"""Code and maths that a reader sees whole (issue 19, item 7; _static/layout.css).

- At a 1280 × 900 window no code box scrolls sideways: every ``pre`` of the article,
  the folded hints, solutions and hidden code opened, has scrollWidth ≤ clientWidth.
- On a phone (390 CSS px) every display equation is whole on screen or sits in a box that
  scrolls far enough to show all of it, and no page is wider than the screen.

tests/test_page_text.py keeps the chapters' code lines within 79 characters; these tests
measure what the built pages make of them.
"""

from browser_support import open_site_page
from test_phone import PHONE

# Every <details> of the article opened (hints, solutions, code a cell hides), then each
# <pre> that is wider inside than its box: its longest line and by how much.
SIDEWAYS_JS = """() => {
  document.querySelectorAll("article details").forEach(d => { d.open = true; });
  return [...document.querySelectorAll("article pre")]
    .filter(pre => pre.scrollWidth > pre.clientWidth)
    .map(pre => {
      const lines = pre.textContent.split("\\n");
      const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), "");
      return `${pre.scrollWidth - pre.clientWidth} px too wide for its ` +
        `${pre.clientWidth}-px box (${longest.length} characters): ${longest.slice(0, 50)}`;
    });
}"""

# Each display equation that the reader cannot see whole. The formula (mjx-math) is
# followed up through every ancestor that clips it (overflow-x other than visible): an
# ancestor that scrolls must reach both of the formula's ends (its scroll range is read by
# scrolling it to either end, which also covers a right-to-left or row-reverse box whose
# overflow lies to the left); one that does not scroll must hold the part that reached it.
# Last, what is left must lie within the screen. Each cut is reported in CSS px.
CUT_MATHS_JS = """() => {
  const cuts = [];
  const name = e => e.tagName.toLowerCase() + [...e.classList].map(c => "." + c).join("");
  for (const maths of document.querySelectorAll('article mjx-container[display="true"]')) {
    const formula = maths.querySelector(":scope > mjx-math") ?? maths;
    const box = formula.getBoundingClientRect();
    let [left, right] = [box.left, box.right];
    const problems = [];
    for (let a = formula.parentElement; a && a !== document.body; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if (overflow === "visible") continue;
      const edge = a.getBoundingClientRect().left + a.clientLeft;
      const [inner0, inner1] = [edge, edge + a.clientWidth];
      if (/auto|scroll/.test(overflow) && a.scrollWidth > a.clientWidth) {
        const start = a.scrollLeft;
        a.scrollLeft = -1e7;
        const least = a.scrollLeft;
        a.scrollLeft = 1e7;
        const most = a.scrollLeft;
        a.scrollLeft = start;
        const lost = [inner0 - (left - (least - start)), right - (most - start) - inner1];
        if (lost[0] > 0.5 || lost[1] > 0.5) {
          problems.push(`${name(a)} scrolls but not to its ends (${lost.map(Math.round)} px)`);
        }
      } else if (left < inner0 - 0.5 || right > inner1 + 0.5) {
        problems.push(`${name(a)} cuts ${Math.round(Math.max(0, inner0 - left))} px on the ` +
          `left, ${Math.round(Math.max(0, right - inner1))} px on the right`);
      }
      [left, right] = [Math.max(left, inner0), Math.min(right, inner1)];
      if (left > right) break;  // nothing of it is in view: reported above
    }
    const screen = document.documentElement.clientWidth;
    if (left < -0.5 || right > screen + 0.5) {
      problems.push(`off the ${screen}-px screen: ${Math.round(left)} to ${Math.round(right)}`);
    }
    if (problems.length) {
      const text = maths.querySelector("mjx-assistive-mml")?.textContent ?? "";
      cuts.push(`${text.replace(/\\s+/g, "").slice(0, 40)}: ${problems.join("; ")}`);
    }
  }
  return cuts;
}"""

# What sticks out past the right edge of a page wider than the screen (an element inside
# a box that clips or scrolls does not widen the page).
_WIDER_JS = """() => {
  const screen = document.documentElement.clientWidth;
  const page = document.documentElement.scrollWidth;
  const clips = a => /auto|scroll|hidden|clip/.test(getComputedStyle(a).overflowX)
    || getComputedStyle(a).position === "fixed";
  const inside = e => { for (let a = e.parentElement; a && a !== document.body;
                                a = a.parentElement) if (clips(a)) return true; return false; };
  const out = page <= screen ? [] : [...document.querySelectorAll("body *")].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > screen + 0.5 && !inside(e)
      && getComputedStyle(e).position !== "fixed";
  });
  return {screen, page, out: out.slice(0, 5).map(e =>
    `${e.tagName.toLowerCase()}.${[...e.classList].join(".")} to ${Math.round(
      e.getBoundingClientRect().right)} px: ${e.textContent.trim().slice(0, 40)}`)};
}"""


# How many characters of the monospace font a cell's code box holds without scrolling (the
# least over the page's boxes; None on a page without code cells).
CAPACITY_JS = """() => {
  const boxes = [...document.querySelectorAll("article div.cell_input pre")]
    .filter(pre => pre.clientWidth > 0);
  if (!boxes.length) return null;
  return Math.min(...boxes.map(pre => {
    const style = getComputedStyle(pre);
    const probe = document.createElement("span");
    probe.textContent = "x".repeat(100);
    probe.style.whiteSpace = "pre";  // one line, where the box wraps (print) or not
    pre.appendChild(probe);
    const character = probe.getBoundingClientRect().width / 100;
    probe.remove();
    const room = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return room / character;
  }));
}"""
LONGEST_LINE = 79  # characters: tests/test_page_text.py holds the chapters' code to it


def too_narrow(capacity) -> list[str]:
    """A problem if a code box holds fewer than LONGEST_LINE characters (``capacity`` from
    CAPACITY_JS)."""
    if capacity is None or capacity >= LONGEST_LINE:
        return []
    return [f"a code box holds {capacity:.1f} characters, not {LONGEST_LINE}"]


def _ready(page) -> None:
    """The maths typeset (open_site_page waited for MathJax) and every web font loaded: the
    widths of code and maths depend on both."""
    page.evaluate("() => document.fonts.ready.then(() => true)")


def test_no_code_box_scrolls_sideways_at_1280_px(site_pages, toc_page):
    page = site_pages(toc_page).page
    assert page.viewport_size == {"width": 1280, "height": 900}
    _ready(page)
    problems = page.evaluate(SIDEWAYS_JS) + too_narrow(page.evaluate(CAPACITY_JS))
    assert problems == [], f"{toc_page}: code boxes that scroll sideways at 1280 px"


def test_display_maths_is_whole_or_scrolls_and_no_page_is_wider_than_a_phone(
    browser, cdn, site_url, toc_page
):
    visit = open_site_page(browser, cdn, f"{site_url}/{toc_page}.html", **PHONE)
    try:
        page = visit.page
        _ready(page)
        assert page.evaluate("() => document.documentElement.clientWidth") == 390
        cut = page.evaluate(CUT_MATHS_JS)
        wider = page.evaluate(_WIDER_JS)
    finally:
        visit.close()
    problems = [f"display equation {text}" for text in cut]
    if wider["page"] > wider["screen"]:
        problems.append(f"the page is {wider['page']} px wide: {wider['out']}")
    assert problems == [], f"{toc_page} on a {wider['screen']}-px phone screen"
