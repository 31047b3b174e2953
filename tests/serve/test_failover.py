"""Failover through `make serve`: one of two app processes dies under ten people, in Chromium.

The launcher starts two app processes behind HAProxy on one SQLite database. Ten browser
contexts (each its own cookies and sessionStorage, as ten people) start the questionnaire
through the balancer, half of them with saving on, spread over both processes by the sticky
cookie. Then one process is killed (SIGKILL, as a crash). The pages on the other carry on as
if nothing happened; the pages that were on the killed one reconnect through the balancer to
a process that has no session for them, and either resume from their saved answers or are
told plainly that their answers were lost. Never a silent fresh start.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from questionnaire import default_questionnaire
from tests.browser.conftest import serve_neutral_site
from tests.browser.driver import QUICK_EXIT, answer, open_app, press, rerun_after, wait_idle
from tests.sample_answers import CALM_ANSWERS
from tests.serve.layout import COOKIE, Served, alive, get, start_layout, stop_layout

pytestmark = [pytest.mark.browser]

QUESTIONNAIRE = default_questionnaire()
TITLES = {s.id: s.title for s in QUESTIONNAIRE.sections}
GIVEN = {k: CALM_ANSWERS[k] for k in ("safety_afraid", "safety_hurt")}
LOST = "the app restarted, and the answers you had given are lost"
RELOADED = "This page was reloaded, so the answers you had given are lost"
FLAG_KEY = "crossroads-under-way"  # ui/tab_memory.py
WELCOME_BACK = "Welcome back. Your answers are here, and you are where you left off."
PEOPLE = 10


@dataclass
class Person:
    number: int
    saving: bool
    backend: str
    context: BrowserContext
    page: Page


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    layout = start_layout(tmp_path_factory.mktemp("failover"))
    try:
        yield layout
    finally:
        stop_layout(layout)


def checked(page: Page, question_id: str) -> None:
    """The radio of the answer given to this question is chosen on the page."""
    label = QUESTIONNAIRE.question(question_id).label_of(CALM_ANSWERS[question_id])
    box = page.locator(f".st-key-q_{question_id}")
    expect(box.get_by_label(label, exact=True)).to_be_checked()


def sticky_backend(context: BrowserContext) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == COOKIE), None)


def begin(person: Person, url: str) -> None:
    """Welcome page (saving ticked or not), Start, two answers, Next: on the second section."""
    page = person.page
    open_app(page, url)
    if person.saving:
        rerun_after(page, page.locator(".st-key-opt_in_saving label").click)
    press(page, "start")
    if person.saving:
        press(page, "code_saved")
    for question_id, value in GIVEN.items():
        answer(page, question_id, value)
    press(page, "nav_next")
    expect(page.get_by_role("heading", name=TITLES["wellbeing"])).to_be_visible()


@pytest.fixture(scope="module")
def people(browser, served) -> Iterator[list[Person]]:
    """Ten people part-way through: odd and even numbers on each process, saving or not."""
    host = served.url.split("//")[1].split(":")[0]
    crowd: list[Person] = []
    try:
        for number in range(PEOPLE):
            backend = f"app{number % 2 + 1}"
            context = browser.new_context(viewport={"width": 390, "height": 844})
            # Where the balancer sends a newcomer is its choice; here each person is sent to
            # a chosen process by the balancer's own sticky cookie, so both processes get
            # people who save and people who do not. The cookie is read back below.
            context.add_cookies([{"name": COOKIE, "value": backend, "domain": host,
                                  "path": "/"}])
            page = context.new_page()
            page.set_default_timeout(30_000)
            serve_neutral_site(page)
            person = Person(number, number % 4 < 2, backend, context, page)
            crowd.append(person)
            begin(person, served.url)
            assert sticky_backend(context) == backend
        yield crowd
    finally:
        for person in crowd:
            person.context.close()


def test_when_one_process_dies_nobody_is_left_with_a_silent_fresh_start(
    served, people, artifacts
):
    pids = served.backend_pids()
    assert {p.backend for p in people} == set(pids) == {"app1", "app2"}
    assert {(p.backend, p.saving) for p in people} == {
        (b, s) for b in ("app1", "app2") for s in (True, False)
    }
    killed = pids["app1"]
    os.kill(killed, signal.SIGKILL)

    for person in people:
        page = person.page
        where = f"person {person.number} ({person.backend}, saving {person.saving})"
        if person.backend == "app2":
            # Carries on: the next answer and Next work, and earlier answers are intact.
            answer(page, "own_thoughts", CALM_ANSWERS["own_thoughts"])
            press(page, "nav_next")
            expect(page.get_by_role("heading", name=TITLES["situation"])).to_be_visible()
            press(page, "nav_back")
            press(page, "nav_back")
            for question_id in GIVEN:
                checked(page, question_id)
            assert LOST not in page.content(), where
            assert sticky_backend(person.context) == "app2", where
        elif person.saving:
            # Back on the same step, with the saved answers, without a click.
            expect(page.get_by_text(WELCOME_BACK)).to_be_visible(timeout=45_000)
            expect(page.get_by_role("heading", name=TITLES["wellbeing"])).to_be_visible()
            page.screenshot(path=artifacts / f"failover-resumed-{person.number}.png")
            press(page, "nav_back")
            for question_id in GIVEN:
                checked(page, question_id)
            answer(page, "safety_insulted", CALM_ANSWERS["safety_insulted"])
            press(page, "nav_next")
            expect(page.get_by_role("heading", name=TITLES["wellbeing"])).to_be_visible()
        else:
            # Told plainly, at the top of the page, with a way to start again.
            notice = page.locator(".st-key-lost_session")
            expect(notice).to_contain_text(LOST, timeout=45_000)
            expect(notice).to_contain_text("had not chosen to save them")
            page.screenshot(path=artifacts / f"failover-answers-lost-{person.number}.png")
            press(page, "lost_start_again")
            expect(page.get_by_role("heading", name=TITLES["safety"])).to_be_visible()
            for question_id in GIVEN:
                expect(page.locator(f".st-key-q_{question_id} input:checked")).to_have_count(0)
    assert not alive(killed)
    # make serve started a new process in its place, which the balancer uses again.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        restarted = served.backend_pids()["app1"]
        if restarted not in (None, killed) and alive(restarted):
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"app1 was not started again:\n{served.log()[-2000:]}")
    assert "app process app1" in served.log() and "exited" in served.log()
    while time.monotonic() < deadline:
        # A person whose cookie names app1 is served there again: no new cookie is set.
        cookies = get(served.url + "/", headers={"Cookie": f"{COOKIE}=app1"}).headers
        if not any(c.startswith(COOKIE) for c in cookies.get_all("Set-Cookie") or []):
            break
        time.sleep(1)
    else:
        pytest.fail("the balancer did not take the new app1 back")


def test_a_reload_without_saving_says_so_and_quick_exit_forgets_the_flag(browser, served):
    """Runs on whichever process the balancer picks: the same on both."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        serve_neutral_site(page)
        open_app(page, served.url)
        expect(page.locator(".st-key-lost_session")).to_have_count(0)
        press(page, "start")
        answer(page, "safety_afraid", CALM_ANSWERS["safety_afraid"])
        assert page.evaluate("(key) => sessionStorage.getItem(key)", FLAG_KEY) == "1"

        page.reload()
        wait_idle(page)
        expect(page.locator(".st-key-lost_session")).to_contain_text(RELOADED)
        expect(page.locator(".st-key-lost_session")).not_to_contain_text(LOST)
        # Said once: a second reload shows the plain welcome page.
        page.reload()
        wait_idle(page)
        expect(page.get_by_role("heading", name="Crossroads")).to_be_visible()
        expect(page.locator(".st-key-lost_session")).to_have_count(0)

        press(page, "start")
        answer(page, "safety_afraid", CALM_ANSWERS["safety_afraid"])
        page.locator(QUICK_EXIT).click()
        page.wait_for_url("http://neutral.invalid/**")
        open_app(page, served.url)  # the same tab, its sessionStorage for the app's site
        assert page.evaluate("(key) => sessionStorage.getItem(key)", FLAG_KEY) is None
        expect(page.get_by_role("heading", name="Crossroads")).to_be_visible()
        expect(page.locator(".st-key-lost_session")).to_have_count(0)
    finally:
        context.close()
