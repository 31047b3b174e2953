"""helplines.yaml: numbers that fit their country, each with its check; tap-ready links."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from questionnaire.loader import ContentError
from scoring.helplines import (
    DEFAULT_HELPLINES,
    NUMBERING,
    OTHER,
    HelplineDirectory,
    country_for_locale,
    digits,
    load_helplines,
)
from scoring.model import LineKind


@pytest.fixture(scope="module")
def directory() -> HelplineDirectory:
    return load_helplines()


def _copy(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_HELPLINES.read_text()
    assert old in text, f"test setup: {old!r} not in helplines.yaml"
    path = tmp_path / "helplines.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


def _refused(path: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_helplines(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: "), message
    return message


def _numbers(country) -> list[tuple[str, str]]:
    found = [("emergency", country.emergency.number)] if country.emergency else []
    for line in country.lines:
        found += [(line.name, n) for n in (line.phone, line.sms and line.sms.to) if n]
    return found


def test_the_shipped_file_loads_once_with_a_numbering_rule_for_every_country(directory) -> None:
    assert load_helplines() is directory
    ids = [c.id for c in directory.countries]
    assert set(ids) == {*NUMBERING, OTHER}
    assert ids[-1] == OTHER


def test_every_helpline_number_fits_its_countrys_numbering(directory) -> None:
    checked = 0
    for country in directory.countries:
        for where, number in _numbers(country):
            assert re.fullmatch(NUMBERING[country.id], digits(number)), (country.id, where, number)
            checked += 1
    assert checked >= 40


@pytest.mark.parametrize(
    ("old", "number", "country", "line"),
    [
        # A UK number with 9 digits.
        ("0808 2000 247", "0808 2000 2", "UK", "National Domestic Abuse Helpline"),
        # A US number one digit short.
        ("1-800-799-7233", "1-800-799-723", "US", "National Domestic Violence Hotline"),
        # A US number written into the UK's entry.
        ("0808 802 4040", "1-800-799-7233", "UK", "Respect Phoneline"),
        # A typo in a short code, and in a text-only number.
        ("1737", "1738", "NZ", "1737, Need to talk?"),
        ("741741", "74174", "US", "Crisis Text Line"),
        ("000", "00", "AU", "emergency"),
    ],
)
def test_a_number_that_does_not_fit_its_country_is_refused_in_one_line(
    tmp_path: Path, old: str, number: str, country: str, line: str
) -> None:
    path = _copy(tmp_path, f'"{old}"', f'"{number}"')
    assert _refused(path) == (
        f"{path}: country '{country}': {line}: '{number}' is not a {country} number"
    )


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        ("  - id: OTHER\n", "  - id: ELSE\n", ["country 'ELSE'", "no numbering rule"]),
        (
            "  - id: OTHER\n",
            '  - id: OTHER\n    name: "Somewhere else, again"\n    lines:\n'
            '      - {kind: abuse, name: "A directory", web: "https://example.org",\n'
            '         source: "https://example.org", checked: "2026-11-28"}\n'
            "  - id: OTHER\n",
            ["country 'OTHER': listed twice"],
        ),
        ("  - id: IE\n", "  - id: FR\n", ["country 'FR'", "no numbering rule"]),
        (
            '    emergency:\n      number: "111"\n'
            '      source: "https://www.police.govt.nz/contact-us/calling-emergency-111"\n'
            '      checked: "2026-11-28"\n',
            "",
            ["country 'NZ': no emergency number"],
        ),
        ('        phone: "1-844-762-8483"\n', "",
         ["'StrongHearts Native Helpline'", "needs a phone, a text number or a web address"]),
        ('      - kind: crisis\n        name: "Samaritans"',
         '      - kind: suicide\n        name: "Samaritans"', ["country 'UK'", "field 'kind'"]),
        ('checked: "2026-11-28"', 'checked: "soon"', ["country 'US'", "field 'checked'"]),
        ('        source: "https://stronghearts.me/about"\n', "",
         ["country 'US'", "field 'source'"]),
        ("stale_after_days: 183", "stale_after_days: 0", ["field 'stale_after_days'"]),
    ],
)
def test_a_broken_helplines_file_is_refused_in_one_line_naming_the_item(
    tmp_path: Path, old: str, new: str, fragments: list[str]
) -> None:
    message = _refused(_copy(tmp_path, old, new))
    for fragment in fragments:
        assert fragment in message, message


def test_a_line_never_checked_is_never_returned(directory, tmp_path: Path) -> None:
    for country in directory.countries:
        for kind in LineKind:
            assert all(line.checked is not None for line in country.lines_of(kind))
    # The shipped file holds two such lines; neither is ever shown.
    unchecked = {(c.id, line.name) for c in directory.countries for line in c.lines
                 if line.checked is None}
    assert unchecked == {("CA", "Ontario: Assaulted Women's Helpline"),
                         ("MX", "Red Nacional de Refugios")}
    names = {(c.id, line.name) for c in directory.countries for kind in LineKind
             for line in c.lines_of(kind)}
    assert not unchecked & names
    # Marking a line unchecked takes it off the list at once.
    path = _copy(
        tmp_path,
        'phone: "0808 2000 247"\n        hours: "24 hours, every day"\n'
        '        source: "https://refuge.org.uk/news/refuge-responds-to-reports-of-potential-'
        'increase-in-domestic-abuse-during-covid-19"\n        checked: "2026-11-28"',
        'phone: "0808 2000 247"\n        hours: "24 hours, every day"\n'
        '        source: "https://refuge.org.uk/news/refuge-responds-to-reports-of-potential-'
        'increase-in-domestic-abuse-during-covid-19"\n        checked: null',
    )
    uk = load_helplines(path).country("UK")
    assert "National Domestic Abuse Helpline" in [line.name for line in uk.lines]
    assert "National Domestic Abuse Helpline" not in [
        line.name for line in uk.lines_of(LineKind.ABUSE)
    ]
    assert uk.lines_of(LineKind.ABUSE)  # the other UK abuse lines are still shown


def test_stale_lists_each_check_older_than_the_limit(directory) -> None:
    checked = {e.checked for c in directory.countries
               for e in [*c.lines, *([c.emergency] if c.emergency else [])] if e.checked}
    newest, oldest = max(checked), min(checked)
    never = [line for line in directory.stale(newest) if "never checked" in line]
    assert directory.stale(newest) == never
    assert never == [
        "CA, Ontario: Assaulted Women's Helpline: never checked, so not shown",
        "MX, Red Nacional de Refugios: never checked, so not shown",
    ]
    # On the last day of the limit nothing is stale; a day later the oldest checks are.
    limit = timedelta(days=directory.stale_after_days)
    assert directory.stale(oldest + limit) == never
    later = directory.stale(oldest + limit + timedelta(days=1))
    oldest_checks = [
        (c.id, name) for c in directory.countries
        for name, entry in [("emergency number", c.emergency), *((x.name, x) for x in c.lines)]
        if entry is not None and entry.checked == oldest
    ]
    assert oldest_checks
    for country_id, name in oldest_checks:
        assert (
            f"{country_id}, {name}: last checked {oldest.isoformat()}, "
            f"more than {directory.stale_after_days} days ago"
        ) in later


def test_every_country_has_checked_abuse_and_crisis_lines(directory) -> None:
    for country in directory.countries:
        assert country.lines_of(LineKind.ABUSE), country.id
        assert country.lines_of(LineKind.CRISIS), country.id
        if country.id != OTHER:
            assert country.emergency and country.emergency.checked, country.id
    for country_id in ("US", "UK", "AU", "NZ"):
        country = directory.country(country_id)
        assert all(country.lines_of(kind) for kind in LineKind), country_id


@pytest.mark.parametrize(
    ("country_id", "kind", "number"),
    [
        ("US", LineKind.ABUSE, "1-800-799-7233"),
        ("US", LineKind.CRISIS, "988"),
        ("US", LineKind.CHILDREN, "1-800-422-4453"),
        ("UK", LineKind.ABUSE, "0808 2000 247"),
        ("UK", LineKind.ABUSE, "0808 801 0327"),
        ("UK", LineKind.CRISIS, "116 123"),
        ("UK", LineKind.OWN_BEHAVIOUR, "0808 802 4040"),
        ("AU", LineKind.ABUSE, "1800 737 732"),
        ("AU", LineKind.CRISIS, "13 11 14"),
        ("NZ", LineKind.CRISIS, "1737"),
    ],
)
def test_the_lines_named_in_the_safety_notes_are_there(directory, country_id, kind, number):
    assert number in [line.phone for line in directory.country(country_id).lines_of(kind)]


def test_emergency_numbers_by_country(directory) -> None:
    numbers = {c.id: c.emergency.number for c in directory.countries if c.emergency}
    assert numbers == {"US": "911", "UK": "999", "IE": "112", "CA": "911", "AU": "000",
                       "NZ": "111", "ES": "112", "MX": "911"}
    assert directory.country(OTHER).emergency is None


def test_an_unknown_or_missing_country_gets_the_entry_for_somewhere_else(directory) -> None:
    assert directory.country("FR").id == OTHER
    assert directory.country(None).id == OTHER
    assert directory.country("UK").name == "United Kingdom"


@pytest.mark.parametrize(
    ("locale", "country"),
    [
        ("en-GB", "UK"),
        ("en-gb", "UK"),
        ("en_GB", "UK"),
        ("en-US", "US"),
        ("es-MX", "MX"),
        ("es-ES", "ES"),
        ("en-IE", "IE"),
        ("fr-CA", "CA"),
        ("en-AU", "AU"),
        ("mi-NZ", "NZ"),
        ("es-419", None),
        ("en", None),
        ("fr-FR", None),
        ("", None),
        (None, None),
    ],
)
def test_country_for_locale(locale: str | None, country: str | None) -> None:
    assert country_for_locale(locale) == country


def test_tel_and_sms_links_hold_digits_only(directory) -> None:
    us = directory.country("US")
    hotline = next(line for line in us.lines_of(LineKind.ABUSE)
                   if line.name == "National Domestic Violence Hotline")
    assert hotline.tel_uri == "tel:18007997233"
    assert hotline.sms_uri == "sms:88788?&body=START"
    assert hotline.sms_text == "Text START to 88788"
    lifeline = next(line for line in us.lines_of(LineKind.CRISIS) if line.phone == "988")
    assert (lifeline.tel_uri, lifeline.sms_uri, lifeline.sms_text) == (
        "tel:988", "sms:988", "Text 988"
    )
    text_only = next(line for line in us.lines_of(LineKind.CRISIS) if line.phone is None)
    assert text_only.tel_uri is None
    assert text_only.sms_uri == "sms:741741?&body=HOME"
    samaritans = directory.country("UK").lines_of(LineKind.CRISIS)[0]
    assert samaritans.tel_uri == "tel:116123" and samaritans.sms_uri is None
    directory_only = directory.country(OTHER).lines_of(LineKind.ABUSE)[0]
    assert directory_only.tel_uri is None and directory_only.sms_uri is None
    assert directory_only.web
    for country in directory.countries:
        for line in country.lines:
            for uri in (line.tel_uri, line.sms_uri):
                if uri:
                    assert re.fullmatch(r"(tel|sms):\d+(\?&body=[A-Z]+)?", uri), uri


def test_every_check_names_a_web_page_and_a_date_not_in_the_future(directory) -> None:
    for country in directory.countries:
        entries = [*country.lines, *([country.emergency] if country.emergency else [])]
        for entry in entries:
            assert entry.source.startswith(("https://", "http://"))
            if entry.checked is not None:
                assert entry.checked <= date.today(), (country.id, entry)
