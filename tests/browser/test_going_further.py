"""The explorers of chapters 6 and 7 on the built website, driven like a reader: with the
keyboard on the sliders and a choice in the drop-down, and no kernel behind the page.
Each frame's status is checked against what `lib` computes for the controls' readouts."""

import inspect
import re

from browser_support import screenshot_name

import lib
import lib.explorers

CHAIN_ORDER_PAGE = "chapters/06_forward_reverse"
GRADIENT_NORM_PAGE = "chapters/07_many_layers"


def _explorer(page, labels):
    box = page.evaluate_handle("labels => __bookTest.explorerWith(labels)", labels).as_element()
    assert box is not None, f"no explorer with the controls {labels}"
    box.scroll_into_view_if_needed()
    return box


def _control(box, label):
    return box.evaluate_handle("(b, l) => __bookTest.controlLabelled(b, l)", label).as_element()


def _readout(box, label):
    return _control(box, label).query_selector(".widget-readout").text_content().strip()


def _frame(page, box):
    return page.evaluate("b => __bookTest.explorerFrame(b)", box)


def _changed(page, box, before, timeout=2000):
    """Wait until the explorer shows another frame than ``before``; return the new one."""
    page.wait_for_function(
        "([b, status]) => __bookTest.explorerFrame(b).status !== status",
        arg=[box, before["status"]],
        timeout=timeout,
    )
    return _frame(page, box)


def _press(page, box, label, key):
    """Press ``key`` on the slider labelled ``label``: the new frame, or None if the
    slider did not move (it was at its end)."""
    handle = _control(box, label).query_selector(".noUi-handle")
    handle.focus()
    value, before = handle.get_attribute("aria-valuenow"), _frame(page, box)
    page.keyboard.press(key)
    if handle.get_attribute("aria-valuenow") == value:
        return None
    return _changed(page, box, before)


def _number(text):
    return int(text.replace(",", ""))


CHAIN_STATUS = re.compile(
    r"p0 = ([\d,]+) inputs, pL = ([\d,]+) outputs, hidden width ([\d,]+), L = (\d+) layers.*"
    r"\(reverse mode\): ([\d,]+) multiply–adds; from the right \(forward mode\): ([\d,]+); "
    r"cheapest order (.+): ([\d,]+)\."
)


def test_chain_order_explorer_shows_the_counts_of_lib_for_every_slider(
    site_pages, screenshots, report
):
    visit = site_pages(CHAIN_ORDER_PAGE)
    page, errors_before = visit.page, len(visit.errors)
    sliders = ["inputs", "outputs", "hidden width"]
    box = _explorer(page, sliders)
    frames = []

    def check(frame):
        match = CHAIN_STATUS.search(frame["status"])
        assert match, frame["status"]
        p0, pL, p, depth, reverse, forward = (_number(g) for g in match.groups()[:6])
        assert [p0, pL, p] == [_number(_readout(box, name)) for name in sliders]
        widths = [p0] + [p] * (depth - 1) + [pL]
        costs, best = lib.chain_costs(widths), lib.cheapest_order(widths)
        assert (reverse, forward) == (costs.reverse, costs.forward)
        assert match.group(7) == lib.order_text(best.order)
        assert _number(match.group(8)) == best.cost
        assert frame["src"] and frame["src"].startswith("<svg")  # an inline SVG chart
        frames.append(frame)

    for name in reversed(sliders):  # every slider to its first position
        _press(page, box, name, "Home")
    check(_frame(page, box))
    for name in sliders:  # then each one through all its positions
        while (frame := _press(page, box, name, "ArrowRight")) is not None:
            check(frame)
    # the start, then every other position of each slider: the explorer's own grid
    grid = inspect.signature(lib.explorers.chain_order_explorer).parameters
    positions = [len(grid[name].default) for name in ("inputs", "outputs", "hidden")]
    assert len(frames) == 1 + sum(n - 1 for n in positions)
    assert len({f["status"] for f in frames}) == len({f["src"] for f in frames}) == len(frames)
    box.screenshot(path=screenshots / screenshot_name("site", CHAIN_ORDER_PAGE, "-explorer"))
    report(f"site {CHAIN_ORDER_PAGE}: {len(frames)} frames, each with lib's counts")
    assert visit.errors[errors_before:] == []


def test_gradient_norm_explorer_follows_the_menu_and_the_slider(site_pages, screenshots, report):
    visit = site_pages(GRADIENT_NORM_PAGE)
    page, errors_before = visit.page, len(visit.errors)
    box = _explorer(page, ["activation", "weights ×"])
    menu = _control(box, "activation").query_selector("select")
    names = menu.evaluate("s => [...s.options].map(o => o.textContent)")
    assert names == ["sigmoid", "tanh", "relu"]
    frames = []
    for index, name in enumerate(names):
        before = _frame(page, box)
        menu.select_option(index=index)
        frame = _changed(page, box, before) if index else _frame(page, box)
        if (home := _press(page, box, "weights ×", "Home")) is not None:
            frame = home
        while frame is not None:
            scale = _readout(box, "weights ×")
            assert frame["status"].startswith(f"{name}, weights × {scale} "), frame["status"]
            assert f"max σ′ = {lib.MAX_SLOPE[name]:g}" in frame["status"]
            frames.append(frame)
            frame = _press(page, box, "weights ×", "ArrowRight")
    assert len(frames) >= 3 * 3
    assert len({f["status"] for f in frames}) == len({f["src"] for f in frames}) == len(frames)
    box.screenshot(path=screenshots / screenshot_name("site", GRADIENT_NORM_PAGE, "-explorer"))
    report(f"site {GRADIENT_NORM_PAGE}: {len(frames)} frames, one per activation and scale")
    assert visit.errors[errors_before:] == []
