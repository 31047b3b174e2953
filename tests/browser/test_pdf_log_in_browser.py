"""The real server: a person types Chinese, Arabic, Devanagari and emoji, downloads the PDF,
and the server's log holds none of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import free_port, start_streamlit, stop, wait_healthy
from tests.browser.driver import complete, press
from tests.report.test_pdf_text import NOTES, TYPED_CHARACTERS, UNDRAWABLE, read_pdf
from tests.sample_answers import CALM_ANSWERS

pytestmark = pytest.mark.browser

TYPED = {
    "their_reasons": f"{NOTES['chinese']} {NOTES['arabic']}",
    "note_to_self": f"{NOTES['devanagari']} {NOTES['emoji']} {UNDRAWABLE}",
}


def test_a_pdf_download_leaves_no_typed_text_in_the_server_log(browser, tmp_path):
    port = free_port()
    process = start_streamlit(
        port, {"CROSSROADS_DATA_DIR": str(tmp_path), "CROSSROADS_DATABASE_URL": ""}
    )
    try:
        wait_healthy(port, process)
        context = browser.new_context(viewport={"width": 1280, "height": 800},
                                      accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(20_000)
        complete(page, f"http://127.0.0.1:{port}", {**CALM_ANSWERS, **TYPED})
        press(page, "nav_next")
        expect(page.get_by_text("Suggested path:")).to_be_visible()
        with page.expect_download(timeout=60_000) as download:
            page.locator(".st-key-download_pdf button:visible").click()
        pdf = Path(download.value.path()).read_bytes()
        context.close()
    finally:
        stop(process)
    log = process.stderr.read().decode("utf-8", "replace")
    text, fontless = read_pdf(pdf)
    assert NOTES["chinese"] in text and NOTES["emoji"] in text and fontless == 0
    assert "TIBETAN LETTER KA" in text
    leaked = sorted(char for char in TYPED_CHARACTERS if char in log)
    assert not leaked, f"the server log holds typed characters: {leaked}"
