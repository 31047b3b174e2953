"""The pseudo-locale in Chromium at 390x844: text 40% longer is never clipped or pushed off screen.

A language with longer words (Spanish runs about 20-30% longer than English, German more)
must not cut off a button, a label or a heading on a phone. The pseudo-locale (every text
wrapped and 40% longer) is walked from the welcome page to the result, with a safety answer
so the help banner shows; on each page every element that shows text is measured.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

import i18n
from questionnaire import default_questionnaire
from tests.browser.conftest import (
    free_port,
    serve_neutral_site,
    start_streamlit,
    stop,
    wait_healthy,
)
from tests.browser.driver import QUICK_EXIT, open_app, press, save_screenshots
from tests.browser.test_spanish_in_browser import _answer_in
from tests.sample_answers import CALM_ANSWERS

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}

# Elements whose own text is cut: overflow hidden/clip with more content than room, or
# reaching past the right edge of the screen. Each is named by tag, test id or key, and text.
_CLIPPED = """() => {
  const out = [];
  const width = document.documentElement.clientWidth;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    // Visually hidden text (a skip link, a live region) is 1px by design: not clipped.
    return r.width > 2 && r.height > 2 && s.visibility !== "hidden" && s.display !== "none";
  };
  const ownText = (el) => [...el.childNodes].some(
    (n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const name = (el) => {
    const keyed = el.closest("[class*='st-key-']");
    const key = keyed ? [...keyed.classList].find((c) => c.startsWith("st-key-")) : "";
    const test = el.closest("[data-testid]")?.getAttribute("data-testid") || "";
    return `${el.tagName.toLowerCase()} ${test} ${key}: ${el.textContent.trim().slice(0, 60)}`;
  };
  for (const el of document.querySelectorAll("body *")) {
    if (!ownText(el) || !shown(el) || el.closest("script, style, [aria-hidden='true']")) continue;
    if (el.closest(".crossroads-visually-hidden")) continue;
    const s = getComputedStyle(el);
    const hides = (v) => v === "hidden" || v === "clip";
    const wide = el.scrollWidth > el.clientWidth + 1;
    if (hides(s.overflowX) && wide) out.push("cut across: " + name(el));
    if (hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1) {
      out.push("cut below: " + name(el));
    }
    if (s.textOverflow === "ellipsis" && wide) out.push("ellipsis: " + name(el));
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 || r.left < -1) out.push("off screen: " + name(el));
  }
  // Words in a chart are drawn in SVG: each must end inside its chart.
  for (const svg of document.querySelectorAll("[data-testid='stVegaLiteChart'] svg")) {
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll("text")) {
      const r = text.getBoundingClientRect();
      if (text.textContent.trim() && (r.right > box.right + 1 || r.left < box.left - 1)) {
        out.push("chart text cut: " + text.textContent.trim().slice(0, 60));
      }
    }
  }
  const page = document.scrollingElement;
  if (page.scrollWidth > page.clientWidth + 1) {
    out.push(`page scrolls sideways: ${page.scrollWidth}px`);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def pseudo_url(tmp_path_factory):
    port = free_port()
    process = start_streamlit(port, {
        "CROSSROADS_DATA_DIR": str(tmp_path_factory.mktemp("pseudo-data")),
        i18n.PSEUDO_VARIABLE: "1",
    })
    try:
        wait_healthy(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    serve_neutral_site(page)
    yield page
    context.close()


def _clipped(page: Page, where: str) -> list[str]:
    return [f"{where}: {problem}" for problem in page.evaluate(_CLIPPED)]


def test_no_text_is_clipped_in_the_pseudo_locale_on_a_phone(phone, pseudo_url, artifacts_dir):
    page = phone
    open_app(page, f"{pseudo_url}/?lang={i18n.PSEUDO}")
    expect(page.locator(QUICK_EXIT)).to_contain_text("⟦")
    problems = _clipped(page, "welcome")
    save_screenshots(page, artifacts_dir, "pseudo-welcome-390x844")
    press(page, "start")
    values = {**CALM_ANSWERS, "safety_afraid": "yes", "their_reasons": "⟦Ţýƥéđ⟧"}
    pseudo = default_questionnaire(i18n.PSEUDO)
    for n, section in enumerate(pseudo.sections):
        expect(page.get_by_role("heading", name=section.title)).to_be_visible()
        _answer_in(page, i18n.PSEUDO, values)
        problems += _clipped(page, f"section {section.id}")
        if n == 0:
            save_screenshots(page, artifacts_dir, "pseudo-section-390x844")
        press(page, "nav_next")
    problems += _clipped(page, "review")
    press(page, "nav_next")
    expect(page.locator(".st-key-download_pdf")).to_be_attached()
    problems += _clipped(page, "results")
    save_screenshots(page, artifacts_dir, "pseudo-results-390x844")
    assert not problems, f"{len(problems)} clipped:\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def artifacts_dir():
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
