"""Phones (issue 16): no element wider than the viewport at 320 and 390 px, in normal and 长者模式,
on the main public pages; a long code or name wraps instead of widening the page or being cut."""

from __future__ import annotations

import pytest

CODE = "91420102MA4K00010N"
LONG_NAME = "武汉市江岸区长江日报路新华书店图书音像制品连锁经营管理有限责任公司第一分公司"
PAGES = [
    "/",
    f"/search?q={CODE}",
    f"/search?q={LONG_NAME}",
    f"/search?q={CODE}&tab=records",
    f"/credit/{CODE}",
    "/credit/91420102MA4K00099X",
    "/record/penalty/1",
    "/record/list_entry/1",
    "/record/joint_case/1",
    "/record/commitment/1",
    "/disclosure/penalties",
    "/disclosure/licences",
    "/lists",
    "/lists/serious_illegal",
    "/cases",
    "/statistics",
    "/open-data",
    "/about/data",
    "/record/penalty/1/repair",
    "/record/penalty/1/objection",
    "/track",
    "/verify",
    "/receipts/verify",
    f"/credit/{CODE}/report",
]

# Every visible element's right edge, except inside a box that scrolls sideways on purpose
# (wide tables sit in .table-scroll): that box itself must fit.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolling = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) {
      if (scrolling(a)) return true; }
    return false; };
  const over = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || scrolls(el)) continue;
    const cls = typeof el.className === 'string' && el.className ? '.' + el.className : '';
    const name = `${el.tagName.toLowerCase()}${cls}`;
    // Its own box past the screen, or text running past its box (shown over the edge or cut).
    if (box.right > width + 0.5) over.push(`${name} right=${Math.round(box.right)}`);
    // (A form field's text and a sideways-scrolling box scroll inside themselves.)
    else if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && !scrolling(el)
             && !['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))
      over.push(`${name} content=${el.scrollWidth}>${el.clientWidth}`);
  }
  return {scroll: document.documentElement.scrollWidth, width, over: over.slice(0, 6)};
}"""


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("width", [320, 390])
def test_no_element_is_wider_than_a_phone(browser, live_site, width, large_text):
    context = browser.new_context(
        base_url=live_site, locale="zh-CN", viewport={"width": width, "height": 800}
    )
    if large_text:
        context.add_cookies([{"name": "large_text", "value": "1", "url": live_site}])
    page = context.new_page()
    problems = {}
    try:
        for path in PAGES:
            page.goto(path)
            if large_text:
                assert page.evaluate("document.documentElement.className") == "large-text"
            found = page.evaluate(OVERFLOW)
            if found["scroll"] > width or found["over"]:
                problems[path] = found
    finally:
        context.close()
    assert problems == {}, "\n".join(f"{p}: {f}" for p, f in problems.items())


def test_a_long_code_wraps_in_large_text_mode_instead_of_being_cut(browser, live_site):
    context = browser.new_context(base_url=live_site, locale="zh-CN", viewport={"width": 320, "height": 800})
    context.add_cookies([{"name": "large_text", "value": "1", "url": live_site}])
    page = context.new_page()
    try:
        page.goto(f"/search?q={CODE}")
        heading = page.locator("h1").first
        assert CODE in heading.inner_text()
        # The whole code is inside the heading's box and the box inside the screen.
        fits = heading.evaluate(
            "h => h.scrollWidth <= h.clientWidth && h.getBoundingClientRect().right <= innerWidth"
        )
        assert fits
    finally:
        context.close()
