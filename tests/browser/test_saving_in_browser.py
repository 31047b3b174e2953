"""Opt-in saving in real Chromium (issue 5): refresh, server restart, two replicas, wrong
codes, deleting, and an outage of the database; and the resume code kept in the tab, in no
address, request or history entry.

The SQLite tests share one Streamlit process with a temporary CROSSROADS_DATA_DIR of its
own; each person in them has their own resume code, so they do not see each other. The
restart test runs its own process (it stops it), and the PostgreSQL tests run two app
processes, the replicas, against one throwaway PostgreSQL server.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from questionnaire import QuestionType, default_questionnaire
from storage import Store, open_store, parse_code
from storage.codes import hash_code
from tests.browser.conftest import free_port, start_streamlit, stop, wait_healthy
from tests.browser.driver import (
    QUICK_EXIT,
    answer,
    answer_shown,
    open_app,
    press,
    rerun_after,
    save_screenshots,
    wait_idle,
)
from tests.pg_server import PostgresServer, postgres_server
from tests.sample_answers import CALM_ANSWERS
from ui.question_widgets import widget_key
from ui.section_page import progress_label

pytestmark = [pytest.mark.browser]

QUESTIONNAIRE = default_questionnaire()
SECTION_IDS = [s.id for s in QUESTIONNAIRE.sections]
# The first section in full, then part of the second: the person is mid-questionnaire.
SAFETY = {q.id: CALM_ANSWERS[q.id] for q in QUESTIONNAIRE.sections[0].questions}
WELLBEING = {"own_thoughts": CALM_ANSWERS["own_thoughts"]}
SITUATION_PART = {k: CALM_ANSWERS[k] for k in ("who_wants_out", "partner_certainty",
                                               "steps_taken")}
MID_WAY = {**SAFETY, **WELLBEING, **SITUATION_PART}
WRONG_CODE = "That code did not work. Check it and try again."
UNREACHABLE = "Saved answers cannot be reached right now. Please try again in a moment."
DELETED = "Your saved answers were deleted. Nothing of yours is stored now."
SAVING_ON = "Saving is on: each answer is saved as you give it."
UNKNOWN_CODE = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"  # well-formed, stored nowhere
MALFORMED_CODE = "not-a-code"
APP = "[data-testid='stApp']"
TAB_KEY = "crossroads-resume-code"  # ui/tab_memory.py


# --- apps under test --------------------------------------------------------------------


@dataclass
class App:
    url: str
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "crossroads.db"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database}"


def sqlite_env(data_dir: Path) -> dict[str, str]:
    # An empty URL clears one inherited from the shell, so the data dir decides.
    return {"CROSSROADS_DATA_DIR": str(data_dir), "CROSSROADS_DATABASE_URL": ""}


def launch(port: int, env: dict[str, str]) -> subprocess.Popen:
    process = start_streamlit(port, env)
    try:
        wait_healthy(port, process)
    except BaseException:
        stop(process)
        raise
    return process


@pytest.fixture(scope="module")
def saving_app(tmp_path_factory) -> Iterator[App]:
    """One app process for the SQLite tests, on a data dir nobody else uses."""
    data_dir = tmp_path_factory.mktemp("saving-data")
    port = free_port()
    process = launch(port, sqlite_env(data_dir))
    try:
        yield App(f"http://127.0.0.1:{port}", data_dir)
    finally:
        stop(process)


@dataclass
class Replicas:
    pg: PostgresServer
    database_url: str
    url_a: str
    url_b: str


@pytest.fixture(scope="module")
def replicas(tmp_path_factory) -> Iterator[Replicas]:
    """Two app processes, A and B, on one PostgreSQL database: replicas behind a balancer."""
    with postgres_server() as pg:
        database_url = pg.create_database("crossroads_browser")
        # A data dir of their own too, so a fallback to SQLite could never reach ./data.
        env = {"CROSSROADS_DATABASE_URL": database_url,
               "CROSSROADS_DATA_DIR": str(tmp_path_factory.mktemp("replica-data"))}
        ports = [free_port(), free_port()]
        processes = [start_streamlit(port, env) for port in ports]
        try:
            for port, process in zip(ports, processes, strict=True):
                wait_healthy(port, process)
            yield Replicas(pg, database_url, *(f"http://127.0.0.1:{p}" for p in ports))
        finally:
            for process in processes:
                stop(process)


@contextlib.contextmanager
def store_at(url: str) -> Iterator[Store]:
    """The app's own storage, opened from the test, to look at what was really kept."""
    store = open_store(url)
    try:
        yield store
    finally:
        store.close()


# --- what a person does and sees ---------------------------------------------------------


def resume_param(page: Page) -> str | None:
    return parse_qs(urlsplit(page.url).query).get("resume", [None])[0]


def expect_no_code_in_url(page: Page) -> None:
    expect(page).not_to_have_url(re.compile(r"[?&]resume="))


def code_forms(code: str) -> list[str]:
    """The code as it might be written anywhere: as shown, without dashes, in lower case."""
    bare = code.replace("-", "")
    return [code, bare, code.lower(), bare.lower()]


def expect_code_in_tab_only(page: Page, code: str) -> None:
    """The tab keeps the code (sessionStorage); the address does not carry it."""
    expect_no_code_in_url(page)
    assert not any(form in page.url for form in code_forms(code)), page.url
    page.wait_for_function(
        "([key, code]) => sessionStorage.getItem(key) === code", arg=[TAB_KEY, code]
    )


def tab_code(page: Page) -> str | None:
    return page.evaluate("(key) => sessionStorage.getItem(key)", TAB_KEY)


def start_with_saving(page: Page, url: str) -> str:
    """Welcome page, tick the opt-in, Start: return the resume code the box shows."""
    open_app(page, url)
    opt_in = page.locator(".st-key-opt_in_saving")
    rerun_after(page, opt_in.locator("label").click)
    expect(opt_in.locator("input[type='checkbox']")).to_be_checked()
    press(page, "start")
    code_box = page.locator(".st-key-code_box")
    expect(code_box.locator("code")).to_be_visible()
    code = code_box.locator("code").inner_text().strip()
    assert parse_code(code) == code, f"not a resume code: {code!r}"
    expect_code_in_tab_only(page, code)
    return code


def reload_app(page: Page) -> None:
    page.reload()
    page.wait_for_selector(APP)
    wait_idle(page)


def progress_text(page: Page) -> str:
    return page.locator("[data-testid='stProgress'] p").inner_text().strip()


def question_on_page(page: Page, question_id: str):
    """A question's box: a set of checkboxes has a container, a single widget is its own."""
    return page.locator(f".st-key-box_{question_id}, .st-key-{widget_key(question_id)}")


def expect_progress(page: Page, section_id: str, values: dict) -> None:
    """The progress line as the section page computes it for these answers."""
    section = next(s for s in QUESTIONNAIRE.sections if s.id == section_id)
    expect(page.locator("[data-testid='stProgress'] p")).to_have_text(
        progress_label(QUESTIONNAIRE, section, values)
    )


def expect_section(page: Page, section_id: str, values: dict) -> None:
    """This section is shown, with exactly `values` chosen and nothing else chosen."""
    section = next(s for s in QUESTIONNAIRE.sections if s.id == section_id)
    index = SECTION_IDS.index(section_id)
    expect(page.get_by_role("heading", name=section.title)).to_be_visible()
    expect(page.get_by_text(f"Part {index + 1} of {len(SECTION_IDS)}")).to_be_visible()
    expect_progress(page, section_id, values)
    shown = QUESTIONNAIRE.visible_questions(values, section)
    for question in section.questions:
        expect(question_on_page(page, question.id)).to_have_count(int(question in shown))
    for question in shown:
        box = question_on_page(page, question.id)
        given = values.get(question.id)
        if question.type is QuestionType.MULTI_CHOICE:
            for option_id in question.option_ids:
                tick = page.locator(
                    f".st-key-{widget_key(question.id, option_id)} input[type='checkbox']"
                )
                expect(tick).to_be_checked(checked=option_id in (given or []))
        elif question.type is QuestionType.FREE_TEXT:
            expect(box.locator("textarea")).to_have_value(given or "")
        else:
            for option_id in question.option_ids:
                label = re.escape(question.label_of(option_id))
                radio = box.locator("label[data-testid='stRadioOption']").filter(
                    has_text=re.compile(rf"^\s*{label}\s*$")
                ).locator("input[type='radio']")
                expect(radio).to_be_checked(checked=option_id == given)


def finish_from(page: Page, section_id: str, values: dict, already: dict) -> None:
    """From this section to the result, answering with `values` all but those `already` given.

    (A click on a ticked checkbox would untick it, so given answers are not clicked again.)
    """
    todo = {k: v for k, v in values.items() if k not in already}
    for section_id_now in SECTION_IDS[SECTION_IDS.index(section_id):]:
        section = next(s for s in QUESTIONNAIRE.sections if s.id == section_id_now)
        expect(page.get_by_role("heading", name=section.title)).to_be_visible()
        answer_shown(page, todo)
        press(page, "nav_next")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    press(page, "nav_next")
    expect(page.get_by_text("Suggested path:")).to_be_visible()


def answer_mid_way(page: Page) -> None:
    """The whole first section, Next, then part of the second."""
    expect_section(page, "safety", {})
    answer_shown(page, SAFETY)
    press(page, "nav_next")
    answer_shown(page, WELLBEING)
    press(page, "nav_next")
    answer_shown(page, SITUATION_PART)
    expect_section(page, "situation", MID_WAY)


def rerun(page: Page) -> None:
    """Rerun the script without changing anything, as Streamlit's R key does."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    rerun_after(page, lambda: page.keyboard.press("r"))


def main_text(page: Page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def respondent_id(database: Path, code: str) -> int | None:
    with contextlib.closing(sqlite3.connect(database)) as db:
        found = db.execute(
            "SELECT id FROM respondents WHERE code_hash = ?", (hash_code(code),)
        ).fetchone()
    return found[0] if found else None


def rows_of(database: Path, person: int) -> dict[str, int]:
    """Rows held for this person in every table of the SQLite file that refers to people."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        counts = {"respondents": db.execute(
            "SELECT COUNT(*) FROM respondents WHERE id = ?", (person,)
        ).fetchone()[0]}
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]
        for table in tables:
            columns = {r[1] for r in db.execute(f'PRAGMA table_info("{table}")')}
            if "respondent_id" in columns:
                counts[table] = db.execute(
                    f'SELECT COUNT(*) FROM "{table}" WHERE respondent_id = ?', (person,)
                ).fetchone()[0]
    return counts


def database_bytes(database: Path) -> bytes:
    """The SQLite file and its write-ahead log, as stored on disk."""
    files = [database, database.with_name(database.name + "-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


# --- 1. refresh ---------------------------------------------------------------------------


def test_refresh_mid_questionnaire_continues_where_you_were(page, saving_app, artifacts):
    code = start_with_saving(page, saving_app.url)
    page.set_viewport_size({"width": 390, "height": 844})
    wait_idle(page)
    page.locator(".st-key-code_box").screenshot(path=artifacts / "saving-code-box-390x844-box.png")
    save_screenshots(page, artifacts, "saving-code-box-390x844")
    page.set_viewport_size({"width": 1280, "height": 800})
    press(page, "code_saved")
    expect(page.locator(".st-key-code_box")).to_have_count(0)

    answer_mid_way(page)
    shown_before = progress_text(page)
    reload_app(page)

    expect_section(page, "situation", MID_WAY)
    expect(page.locator("[data-testid='stProgress'] p")).to_have_text(shown_before)
    expect_code_in_tab_only(page, code)
    expect(page.get_by_text(SAVING_ON)).to_be_visible()
    # The code was shown once, at the start; a refresh does not put it back on screen.
    expect(page.locator(".st-key-code_box")).to_have_count(0)
    save_screenshots(page, artifacts, "saving-resumed-after-refresh")

    finish_from(page, "situation", CALM_ANSWERS, MID_WAY)
    # The result is a step too: a refresh there shows the result again.
    reload_app(page)
    expect(page.get_by_text("Suggested path:")).to_be_visible()
    with store_at(saving_app.database_url) as store:
        progress = store.load_progress(code)
        assert progress is not None
        assert (progress.step, progress.values) == ("results", CALM_ANSWERS)
        assert len(store.history(code) or []) == 1


# --- 1b. the code in no address, yet a refresh of the same tab resumes ------------------------


def test_the_code_is_in_no_address_request_or_history_yet_the_tab_resumes(
    page, browser, saving_app, artifacts
):
    seen: list[str] = []  # every address the page went to or asked for, and their headers
    page.on("request", lambda r: seen.extend([r.url, *r.headers.values()]))
    page.on("websocket", lambda ws: seen.append(ws.url))
    page.on("framenavigated", lambda frame: seen.append(frame.url))
    addresses: list[tuple[str, int]] = []

    def note() -> None:
        addresses.append((page.url, page.evaluate("history.length")))

    code = start_with_saving(page, saving_app.url)
    note()
    press(page, "code_saved")
    note()
    expect_section(page, "safety", {})
    answer_shown(page, SAFETY)
    note()
    press(page, "nav_next")
    note()
    answer_shown(page, WELLBEING)
    press(page, "nav_next")
    note()
    answer_shown(page, SITUATION_PART)
    note()

    # A refresh: the same tab, the same step, every answer.
    reload_app(page)
    expect_section(page, "situation", MID_WAY)
    expect(page.get_by_text(SAVING_ON)).to_be_visible()
    note()
    finish_from(page, "situation", CALM_ANSWERS, MID_WAY)
    note()

    assert all(url == addresses[0][0] for url, _ in addresses), addresses
    assert len({length for _, length in addresses}) == 1, "a history entry was added"
    leaks = [text for text in seen if any(form in text for form in code_forms(code))]
    assert leaks == [], leaks
    assert tab_code(page) == code

    # A second tab on the app's plain address starts afresh.
    second = page.context.new_page()
    second.set_default_timeout(20_000)
    open_app(second, saving_app.url)
    second.wait_for_timeout(1_000)  # time for a tab that held a code to say so
    wait_idle(second)
    expect(second.get_by_role("heading", name="Crossroads", exact=True)).to_be_visible()
    expect(second.get_by_text(SAVING_ON)).to_have_count(0)
    assert tab_code(second) is None
    second.close()

    # The resume box still works anywhere: here in a fresh browser context.
    elsewhere = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        other = elsewhere.new_page()
        other.set_default_timeout(20_000)
        open_app(other, saving_app.url)
        other.get_by_text("I have a resume code").click()
        other.locator(".st-key-resume_code_input input").fill(code)
        press(other, "resume_button")
        expect(other.get_by_text("Suggested path:")).to_be_visible()
        expect_code_in_tab_only(other, code)
    finally:
        elsewhere.close()

    # Quick exit forgets it: a new page load in the same tab does not resume.
    page.locator(QUICK_EXIT).click()
    page.wait_for_url(re.compile(r"^http://neutral\.invalid/"))
    open_app(page, saving_app.url)
    page.wait_for_timeout(1_000)
    wait_idle(page)
    expect(page.get_by_role("heading", name="Crossroads", exact=True)).to_be_visible()
    expect(page.get_by_text(SAVING_ON)).to_have_count(0)
    assert tab_code(page) is None
    save_screenshots(page, artifacts, "saving-after-quick-exit-fresh")


_MEMORY_BOX = """() => {
  const box = document.querySelector(".st-key-crossroads_tab_memory");
  const main = document.querySelector("[data-testid='stMainBlockContainer']");
  return {
    present: box !== null,
    shown: box !== null && box.parentElement.checkVisibility(),
    height: main.getBoundingClientRect().height,
  };
}"""


def test_the_tabs_memory_of_the_code_takes_no_room(page, saving_app):
    # A page's first run draws the hidden component (it asks the tab for a code) ...
    open_app(page, saving_app.url)
    page.wait_for_timeout(1_000)  # fonts and icons settle first
    with_it = page.evaluate(_MEMORY_BOX)
    assert with_it["present"] and not with_it["shown"], with_it
    # ... a later run does not: the page is exactly as tall either way.
    rerun(page)
    without = page.evaluate(_MEMORY_BOX)
    assert not without["present"], without
    assert with_it["height"] == without["height"], (with_it, without)


# --- 2. server restart ----------------------------------------------------------------------


def test_server_restart_mid_questionnaire_resumes(page, tmp_path, artifacts):
    port = free_port()
    env = sqlite_env(tmp_path)
    url = f"http://127.0.0.1:{port}"
    process = launch(port, env)
    try:
        code = start_with_saving(page, url)
        press(page, "code_saved")
        answer_mid_way(page)
        assert (tmp_path / "crossroads.db").is_file()

        stop(process)
        expect(page.locator(APP)).not_to_have_attribute("data-test-connection-state",
                                                        "CONNECTED")
        save_screenshots(page, artifacts, "saving-server-down")
        process = launch(port, env)
        # Streamlit's frontend finds the new server by itself; a refresh starts afresh.
        expect(page.locator(APP)).to_have_attribute("data-test-connection-state", "CONNECTED",
                                                     timeout=30_000)
        reload_app(page)

        expect_section(page, "situation", MID_WAY)
        expect_code_in_tab_only(page, code)
        save_screenshots(page, artifacts, "saving-resumed-after-restart")
        # The new process saves as well.
        answer(page, "time_together", CALM_ANSWERS["time_together"])
        with store_at(f"sqlite:///{tmp_path / 'crossroads.db'}") as store:
            progress = store.load_progress(code)
        assert progress is not None
        assert progress.step == "situation"
        assert progress.values == {**MID_WAY, "time_together": CALM_ANSWERS["time_together"]}
    finally:
        stop(process)


# --- 3. two replicas on PostgreSQL --------------------------------------------------------


@pytest.mark.postgres
def test_two_replicas_on_postgres_resume_each_other(page, browser, replicas, artifacts):
    code = start_with_saving(page, replicas.url_a)
    press(page, "code_saved")
    answer_mid_way(page)

    context_b = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page_b = context_b.new_page()
        page_b.set_default_timeout(20_000)
        open_app(page_b, f"{replicas.url_b}/?resume={code}")
        expect_section(page_b, "situation", MID_WAY)
        expect_code_in_tab_only(page_b, code)
        save_screenshots(page_b, artifacts, "saving-replica-b-resumed")

        answer(page_b, "time_together", CALM_ANSWERS["time_together"])
        more = {**MID_WAY, "time_together": CALM_ANSWERS["time_together"]}
        expect_section(page_b, "situation", more)
    finally:
        context_b.close()

    reload_app(page)
    expect_section(page, "situation", more)
    with store_at(replicas.database_url) as store:
        progress = store.load_progress(code)
    assert progress is not None and progress.values == more


# --- 4. wrong codes ---------------------------------------------------------------------------


def wrong_code_page(page: Page, url: str, code: str) -> str:
    """Open the app with this code in the URL; return everything the page says."""
    open_app(page, f"{url}/?resume={code}")
    # The whole page as a person sees it, its language switch at the top included: under load
    # the text was once read while the switch was still being drawn.
    expect(page.locator(".st-key-language_switch")).to_be_visible()
    expect(page.get_by_text(WRONG_CODE, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Crossroads", exact=True)).to_be_visible()
    expect(page.locator(".st-key-start button")).to_be_visible()
    expect(page.locator(".st-key-opt_in_saving input[type='checkbox']")).not_to_be_checked()
    expect_no_code_in_url(page)
    return main_text(page)


def test_a_wrong_code_in_the_url_says_so_plainly_and_nothing_more(page, saving_app, artifacts):
    unknown = wrong_code_page(page, saving_app.url, UNKNOWN_CODE)
    save_screenshots(page, artifacts, "saving-wrong-code")
    malformed = wrong_code_page(page, saving_app.url, MALFORMED_CODE)
    # Word for word the same page: nothing tells a well-formed code from a malformed one.
    assert unknown == malformed
    assert "That code did not work" in unknown
    assert not re.search(r"exist|not found|invalid|format|expired", unknown, re.IGNORECASE)
    # The page a wrong code leaves behind starts over cleanly, without saving.
    press(page, "start")
    expect_section(page, "safety", {})
    expect(page.get_by_text(SAVING_ON)).to_have_count(0)
    assert resume_param(page) is None


# --- 5. deleting ------------------------------------------------------------------------------


def test_delete_my_saved_answers_in_the_browser(page, saving_app, artifacts):
    # Someone who saved earlier comes back with their code, finishes, then deletes it all.
    # A note only they wrote, to look for on disk afterwards.
    marker = f"private note {uuid.uuid4().hex}"
    values = {**CALM_ANSWERS, "their_reasons": marker}
    with store_at(saving_app.database_url) as store:
        code = store.start()
        assert store.save_progress(code, values, "review",
                                   questionnaire_id=QUESTIONNAIRE.id,
                                   questionnaire_version=QUESTIONNAIRE.version)
    open_app(page, f"{saving_app.url}/?resume={code}")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.get_by_text(marker)).to_be_visible()
    press(page, "nav_next")
    expect(page.get_by_text("Suggested path:")).to_be_visible()
    expect(page.get_by_text(SAVING_ON)).to_be_visible()
    person = respondent_id(saving_app.database, code)
    assert person is not None
    before = rows_of(saving_app.database, person)
    assert before == {"respondents": 1, "progress": 1, "assessments": 1, "plans": 0}, before
    assert marker.encode() in database_bytes(saving_app.database)

    # Everything stored about them, as JSON, before they delete it.
    with page.expect_download() as download:
        page.locator(".st-key-download_saved button:visible").click()
    exported = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert exported["progress"]["answers"]["their_reasons"] == marker
    assert len(exported["assessments"]) == 1

    press(page, "delete_saved")
    expect(page.locator(".st-key-delete_confirm button")).to_be_visible()
    page.locator(".st-key-delete_confirm").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "saving-delete-confirm.png")
    press(page, "delete_confirm")

    expect(page.get_by_text(DELETED, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Crossroads", exact=True)).to_be_visible()
    expect_no_code_in_url(page)
    expect(page.locator(".st-key-opt_in_saving input[type='checkbox']")).not_to_be_checked()
    save_screenshots(page, artifacts, "saving-deleted")

    assert respondent_id(saving_app.database, code) is None
    after = rows_of(saving_app.database, person)
    assert after == dict.fromkeys(before, 0), after
    # Not even in freed pages or the write-ahead log.
    on_disk = database_bytes(saving_app.database)
    assert marker.encode() not in on_disk
    assert hash_code(code).encode() not in on_disk
    with store_at(saving_app.database_url) as store:
        assert store.load_progress(code) is None
        assert store.export(code) is None

    # The old address now reads exactly as a code that never existed.
    deleted = wrong_code_page(page, saving_app.url, code)
    assert deleted == wrong_code_page(page, saving_app.url, UNKNOWN_CODE)


# --- an outage of the database -------------------------------------------------------------


@pytest.mark.postgres
def test_answers_given_while_the_database_is_down_are_saved_when_it_is_back(
    page, browser, replicas, artifacts
):
    code = start_with_saving(page, replicas.url_a)
    press(page, "code_saved")
    answer(page, "safety_afraid", "no")
    replicas.pg.stop()
    try:
        answer(page, "safety_hurt", "no")
        paused = page.get_by_text("Saving is paused:")
        expect(paused).to_be_visible()
        expect(paused).to_contain_text("Your answers are kept in this tab")
        answer(page, "safety_insulted", "no")
        given = {"safety_afraid": "no", "safety_hurt": "no", "safety_insulted": "no"}
        expect_section(page, "safety", given)
        paused.scroll_into_view_if_needed()
        page.screenshot(path=artifacts / "saving-paused.png")

        # Coming back with the code meanwhile says the answers are out of reach, not that
        # the code is wrong.
        other = browser.new_context(viewport={"width": 1280, "height": 800})
        try:
            other_page = other.new_page()
            open_app(other_page, f"{replicas.url_a}/?resume={code}")
            expect(other_page.get_by_text(UNREACHABLE, exact=True)).to_be_visible()
            expect(other_page.get_by_text(WRONG_CODE)).to_have_count(0)
            # Out of the address, but kept in the tab: it may be the person's only copy,
            # and a refresh tries again.
            expect_code_in_tab_only(other_page, code)
            other_page.screenshot(path=artifacts / "saving-unreachable-on-resume.png")
        finally:
            other.close()
    finally:
        replicas.pg.start()

    # The app pauses for a few seconds after a fault; rerun until it has tried again.
    deadline = time.monotonic() + 40
    while not page.get_by_text(SAVING_ON).count():
        assert time.monotonic() < deadline, "saving did not come back after the outage"
        time.sleep(1)
        rerun(page)
    expect(page.get_by_text("Saving is paused:")).to_have_count(0)
    page.get_by_text(SAVING_ON).scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "saving-back-on.png")

    reload_app(page)
    expect_section(page, "safety", given)
    with store_at(replicas.database_url) as store:
        progress = store.load_progress(code)
    assert progress is not None and progress.values == given
