"""Every page of the built site, with everything it embeds (the explorers' frames in the
widget state) and its own images, within the budget of issue 14 for phones and slow
Wi-Fi. `make bench` prints the same figures (bench/book.py weighs them)."""

import sys

from browser_support import ROOT, TOC_PAGES

sys.path.insert(0, str(ROOT))  # bench/ lives at the root
from bench import book  # noqa: E402


def test_no_page_weighs_more_than_the_budget(site, report):
    assert book.page_files(ROOT) == TOC_PAGES
    weights = {}
    for page in TOC_PAGES:
        html, state, _, images = book.page_weight(site, site / f"{page}.html")
        weights[page] = html + images
        report(
            f"page weight {page}: {weights[page] / 1e3:,.0f} kB "
            f"(embedded widget state {state / 1e3:,.0f} kB, own images {images / 1e3:,.0f} kB)"
        )
    _, shared = book.shared_weight(site, [site / f"{page}.html" for page in TOC_PAGES])
    report(f"page weight: plus {shared / 1e3:,.0f} kB of theme files shared by every page")
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] <= book.PAGE_BUDGET_KB * 1e3, f"{heaviest} is the heaviest"
