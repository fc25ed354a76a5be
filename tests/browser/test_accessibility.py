"""The site for readers who do not use a mouse or do not see the screen: axe-core's WCAG 2.0
and 2.1 A and AA rules on every page in the light and the dark theme, the theme's buttons
named by what they show, and every control of every explorer reached with Tab, changed
with the arrow keys and showing where the focus is."""

import json
from collections import Counter

import pytest
from browser_support import NODE_MODULES, need, open_site_page

AXE = NODE_MODULES / "axe-core" / "axe.min.js"  # pinned in package.json, injected locally
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

# Each violation with the elements it was found on; "incomplete" lists what axe could not
# decide alone (a reviewer's to-do list, e.g. text contrast over a picture).
_AXE_RUN = """async tags => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  const brief = list => list.map(rule => ({
    id: rule.id, impact: rule.impact, help: rule.help,
    nodes: rule.nodes.map(node => node.target.join(" ") + " :: " + node.html.slice(0, 120)),
  }));
  return {version: axe.version, violations: brief(result.violations),
          incomplete: brief(result.incomplete)};
}"""


def _axe(page, tags=WCAG_A_AA):
    need(AXE.is_file(), f"{AXE} is missing: run `npm ci --prefix tests/browser`")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(_AXE_RUN, tags)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(browser, cdn, site_url, toc_page, scheme, report):
    """The theme follows the reader's system setting (default_mode: auto in _config.yml),
    so a reader with a dark system sees the dark theme at once."""
    visit = open_site_page(browser, cdn, f"{site_url}/{toc_page}.html", color_scheme=scheme)
    try:
        assert visit.page.evaluate("() => document.documentElement.dataset.theme") == scheme
        result = _axe(visit.page)
    finally:
        visit.close()
    pinned = json.loads((NODE_MODULES.parent / "package.json").read_text())["dependencies"]
    assert result["version"] == pinned["axe-core"]
    blocking = [
        f"{rule['id']} ({rule['impact']}): {rule['help']}: {node}"
        for rule in result["violations"]
        if rule["impact"] in BLOCKING
        for node in rule["nodes"]
    ]
    lesser = Counter(
        rule["impact"]
        for rule in result["violations"]
        if rule["impact"] not in BLOCKING
        for _ in rule["nodes"]
    )
    review = Counter(rule["id"] for rule in result["incomplete"] for _ in rule["nodes"])
    report(
        f"axe {result['version']} {scheme:5} {toc_page}: {len(blocking)} serious or critical, "
        f"{lesser['moderate']} moderate, {lesser['minor']} minor; to review by hand: "
        + (", ".join(f"{rule} ×{count}" for rule, count in sorted(review.items())) or "none")
    )
    assert blocking == []


def test_the_colour_mode_button_is_named_by_what_it_shows(browser, cdn, site_url):
    """_static/label-in-name.js: the name contains the title of the icon on view in each of
    the three modes the button steps through (WCAG 2.5.3, label in name)."""
    visit = open_site_page(browser, cdn, f"{site_url}/intro.html", color_scheme="light")
    try:
        page = visit.page
        need(AXE.is_file(), f"{AXE} is missing: run `npm ci --prefix tests/browser`")
        page.add_script_tag(path=str(AXE))
        button = page.locator(".theme-switch-button:visible").first
        names = {}
        for _ in range(3):
            button.click()
            mode = page.evaluate("() => document.documentElement.dataset.mode")
            shown = button.evaluate(
                """b => {
                  const icon = [...b.querySelectorAll(".theme-switch")]
                    .find(i => i.checkVisibility());
                  return icon.getAttribute("title") || icon.querySelector("title").textContent;
                }"""
            )
            names[mode] = button.get_attribute("aria-label")
            assert shown in names[mode]
            mismatch = button.evaluate(
                """async b => (await axe.run(b, {runOnly: ["label-content-name-mismatch"]}))
                     .violations.length"""
            )
            assert mismatch == 0, names[mode]
        assert sorted(names) == ["auto", "dark", "light"]
        assert len(set(names.values())) == 3
    finally:
        visit.close()


# --- every explorer from the keyboard ---------------------------------------------------

# Where the focus is after a Tab: the index of the explorer control it is on, if any.
_FOCUSED = """() => {
  const active = document.activeElement;
  const control = active?.closest("[data-book-test-control]");
  return {control: control ? Number(control.dataset.bookTestControl) : null,
          body: !active || active === document.body};
}"""
# Waits until the explorer shows something else; returns what changed, or null after 2 s.
_VIEW_CHANGED = """([box, before]) => new Promise(resolve => {
  const start = performance.now();
  const poll = () => {
    const now = __bookTest.explorerView(box);
    const changed = Object.keys(now).filter(k => JSON.stringify(now[k]) !== before[k]);
    changed.length ? resolve(changed)
      : performance.now() - start > 2000 ? resolve(null) : requestAnimationFrame(poll);
  };
  poll();
})"""


def _change(page, control) -> bool:
    """Change the focused control with the keyboard only: the arrow keys for a slider or a
    menu (the other way at the end of its range), Space for a check box, Enter for a
    button. Returns whether its value moved (always True for a button)."""
    kind = control.evaluate(
        """e => e.getAttribute("role") === "slider" ? "slider"
              : e.tagName === "SELECT" ? "select" : `${e.tagName}:${e.type}`.toLowerCase()"""
    )
    value = (
        "e => e.getAttribute('aria-valuenow') ?? e.value ?? ''"
        if kind != "input:checkbox"
        else "e => e.checked"
    )
    before = control.evaluate(value)
    if kind in ("slider", "select"):
        forward, back = (
            ("ArrowRight", "ArrowLeft") if kind == "slider" else ("ArrowDown", "ArrowUp")
        )
        page.keyboard.press(forward)
        if control.evaluate(value) == before:
            page.keyboard.press(back)
    elif kind == "input:checkbox":
        page.keyboard.press("Space")
    else:
        page.keyboard.press("Enter")
        return True
    return control.evaluate(value) != before


def test_every_explorer_control_works_from_the_keyboard(browser, cdn, site_url, toc_page, report):
    """From the top of a fresh page, Tab alone reaches every control of every explorer;
    there the control shows a focus ring, the arrow keys change it and what the explorer
    shows (the visible picture, of a light and a dark rendering, or its status line; a
    control that changes only the text is reported), and the focus stays on it."""
    visit = open_site_page(browser, cdn, f"{site_url}/{toc_page}.html")
    try:
        page = visit.page
        owners = page.evaluate(
            """() => {
              const boxes = __bookTest.explorerBoxes();
              return __bookTest.controls().map((control, i) => {
                control.dataset.bookTestControl = i;
                return boxes.findIndex(box => box.contains(control));
              });
            }"""
        )
        assert -1 not in owners, "a control in a widget area that is not in an explorer"
        if not owners:
            return  # no explorer, and (just checked) no other control in a widget area
        focusable = page.evaluate(
            """() => document.querySelectorAll(`a[href], button, input, select, textarea,
                 [tabindex], [contenteditable]`).length"""
        )
        problems, reached, presses = [], set(), 0
        while len(reached) < len(owners) and presses < 2 * focusable + 20:
            page.keyboard.press("Tab")
            presses += 1
            focused = page.evaluate(_FOCUSED)
            index = focused["control"]
            if index is None or index in reached:
                continue
            reached.add(index)
            control = page.locator(f'[data-book-test-control="{index}"]')
            name = f"explorer {owners[index]} control {index}"
            ring = control.evaluate("e => __bookTest.focusRing(e)")
            if not (ring["focusVisible"] and ring["ring"]):
                problems.append(f"{name}: no visible focus ({ring})")
            box = page.evaluate_handle(
                "i => __bookTest.explorerBoxes()[i]", owners[index]
            ).as_element()
            view = page.evaluate("b => __bookTest.explorerView(b)", box)
            before = {key: json.dumps(value) for key, value in view.items()}
            if not _change(page, control):
                problems.append(f"{name}: the keys did not change its value")
            elif (changed := page.evaluate(_VIEW_CHANGED, [box, before])) is None:
                problems.append(f"{name}: neither its picture nor its text changed within 2 s")
            elif "pictures" not in changed:
                report(f"keyboard {toc_page} {name}: its text changed, its picture did not")
            if page.evaluate(_FOCUSED)["control"] != index:
                problems.append(f"{name}: the focus left the control after the key press")
        unreached = sorted(set(range(len(owners))) - reached)
        report(
            f"keyboard {toc_page}: {len(set(owners))} explorer(s), {len(reached)} of "
            f"{len(owners)} controls reached with {presses} Tab presses"
        )
        assert unreached == [], f"Tab never reached controls {unreached}"
        assert problems == []
        assert visit.errors == []
    finally:
        visit.close()
