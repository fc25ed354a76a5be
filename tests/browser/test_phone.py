"""The explorers on a phone: 390 CSS px wide at twice the pixels, with touch. Every frame
fits the screen; a screenshot of each explorer is saved with the others (phone-*.png)."""

from browser_support import open_site_page, screenshot_name

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def test_every_explorer_fits_a_phone_screen(browser, cdn, site_url, toc_page, screenshots, report):
    visit = open_site_page(browser, cdn, f"{site_url}/{toc_page}.html", **PHONE)
    try:
        page = visit.page
        width = page.evaluate("() => document.documentElement.clientWidth")
        assert width == PHONE["viewport"]["width"]
        boxes = page.evaluate_handle("() => __bookTest.explorerBoxes()")
        too_wide = []
        for index in range(boxes.evaluate("list => list.length")):
            box = boxes.evaluate_handle("(list, i) => list[i]", index).as_element()
            box.scroll_into_view_if_needed()
            box.screenshot(
                path=screenshots / screenshot_name("phone", toc_page, f"-explorer{index}")
            )
            frames = box.evaluate(
                """b => [...b.querySelectorAll("img, svg, canvas")]
                  .filter(f => f.checkVisibility()
                    && !f.closest(".widget-slider, .widget-dropdown"))
                  .map(f => { const r = f.getBoundingClientRect();
                              return {left: r.left, right: r.right, width: r.width,
                                      natural: f.naturalWidth || null}; })"""
            )
            assert frames, f"explorer {index} shows no frame"
            for number, frame in enumerate(frames):
                shown = f"{frame['width']:.0f} CSS px wide"
                if frame["natural"]:
                    scale = frame["width"] / frame["natural"]
                    shown += f" ({frame['natural']} px image, at {scale:.2f}×)"
                report(f"phone {toc_page} explorer {index} frame {number}: {shown}")
                if frame["left"] < -0.5 or frame["right"] > width + 0.5:
                    too_wide.append(f"explorer {index} frame {number}: {frame}")
        assert too_wide == []
    finally:
        visit.close()
