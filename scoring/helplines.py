"""Helplines by country, as validated data: numbers a person can tap, each with its check."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from questionnaire.loader import load_model
from scoring.model import LineKind

DEFAULT_HELPLINES = Path(__file__).parent / "helplines.yaml"
OTHER = "OTHER"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Address = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]
# Digits, spaces and dashes only, as numbers are written locally.
Number = Annotated[str, StringConstraints(pattern=r"^\d[\d -]*\d$|^\d$")]

# What a dialled number may look like in each country, digits only. Short codes (emergency,
# crisis lines, text-only services) are listed one by one, so a typo cannot pass for one.
NUMBERING: dict[str, str] = {
    "US": r"18(00|44|55|66|77|88)\d{7}|911|988|88788|741741",
    "CA": r"18(00|44|55|66|77|88)\d{7}|911|988|686868",
    "UK": r"0(800|808)\d{7}|07\d{9}|116123|999",
    "IE": r"1800\d{6}|01\d{7}|116123|112",
    "AU": r"1800\d{6}|1300\d{6}|13\d{4}|04\d{8}|000",
    "NZ": r"0800\d{6}|0508\d{6}|1737|111",
    "ES": r"016|024|112",
    "MX": r"800\d{7}|911|079",
}


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sms(_Strict):
    to: Number
    body: Text | None = None


class Checked(_Strict):
    """Where a fact was checked, and when; a line never checked is never shown."""

    source: Address
    checked: date | None


class SmsWording(_Strict):
    """How a text message is offered, as whole sentences with the keyword and the number."""

    with_body: Text = "Text {body} to {to}"
    plain: Text = "Text {to}"


class Helpline(Checked):
    kind: LineKind
    name: Text
    phone: Number | None = None
    sms: Sms | None = None
    # A directory or a service reached only through its website.
    web: Address | None = None
    hours: Text | None = None
    note: Text | None = None
    # Set by the directory the line belongs to: its language's wording for texting.
    _wording: SmsWording = PrivateAttr(default_factory=SmsWording)

    @model_validator(mode="after")
    def _reachable(self) -> Helpline:
        if not (self.phone or self.sms or self.web):
            raise ValueError(f"line '{self.name}': needs a phone, a text number or a web address")
        return self

    @property
    def tel_uri(self) -> str | None:
        return f"tel:{digits(self.phone)}" if self.phone else None

    @property
    def sms_uri(self) -> str | None:
        if self.sms is None:
            return None
        # "?&body=" is understood by both iOS and Android messaging apps.
        body = f"?&body={quote(self.sms.body)}" if self.sms.body else ""
        return f"sms:{digits(self.sms.to)}{body}"

    @property
    def sms_text(self) -> str | None:
        if self.sms is None:
            return None
        if self.sms.body:
            return self._wording.with_body.format(body=self.sms.body, to=self.sms.to)
        return self._wording.plain.format(to=self.sms.to)


class Emergency(Checked):
    number: Number
    note: Text | None = None


class Country(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,5}$")]
    name: Text
    emergency: Emergency | None = None
    lines: list[Helpline] = Field(min_length=1)

    @model_validator(mode="after")
    def _numbers_fit_the_country(self) -> Country:
        pattern = NUMBERING.get(self.id)
        if pattern is None:
            if self.id != OTHER:
                raise ValueError(f"country '{self.id}': no numbering rule in scoring/helplines.py")
            return self
        numbers = [("emergency", self.emergency.number)] if self.emergency else []
        for line in self.lines:
            numbers += [(line.name, n) for n in (line.phone, line.sms and line.sms.to) if n]
        for where, number in numbers:
            if not re.fullmatch(pattern, digits(number)):
                raise ValueError(
                    f"country '{self.id}': {where}: '{number}' is not a {self.id} number"
                )
        return self

    def lines_of(self, kind: LineKind) -> list[Helpline]:
        """The checked lines of one kind; a line that could not be checked is never shown."""
        return [line for line in self.lines if line.kind == kind and line.checked is not None]


class HelplineDirectory(_Strict):
    """The top of `helplines.yaml`."""

    stale_after_days: int = Field(ge=1)
    how_checked: Text
    wording: SmsWording = Field(default_factory=SmsWording)
    countries: list[Country] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_entry_each_and_somewhere_else(self) -> HelplineDirectory:
        ids = [c.id for c in self.countries]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"country '{repeated[0]}': listed twice")
        if OTHER not in ids:
            raise ValueError(f"country '{OTHER}' (somewhere else) is missing")
        for country in self.countries:
            if country.id != OTHER and country.emergency is None:
                raise ValueError(f"country '{country.id}': no emergency number")
        for wording in (self.wording.with_body, self.wording.plain):
            try:
                wording.format(body="X", to="1")
            except (KeyError, IndexError, ValueError):
                raise ValueError(f"wording: '{wording}' may use only {{body}} and {{to}}") from None
        for country in self.countries:
            for line in country.lines:
                line._wording = self.wording
        return self

    def country(self, country_id: str | None) -> Country:
        """The country's entry; an unknown id gets the entry for somewhere else."""
        return next(
            (c for c in self.countries if c.id == country_id),
            next(c for c in self.countries if c.id == OTHER),
        )

    def stale(self, today: date) -> list[str]:
        """One line for each check older than `stale_after_days`, or never made."""
        found = []
        for country in self.countries:
            entries: list[tuple[str, Checked]] = [(line.name, line) for line in country.lines]
            if country.emergency:
                entries.insert(0, ("emergency number", country.emergency))
            for name, entry in entries:
                if entry.checked is None:
                    found.append(f"{country.id}, {name}: never checked, so not shown")
                elif (today - entry.checked).days > self.stale_after_days:
                    found.append(
                        f"{country.id}, {name}: last checked {entry.checked.isoformat()}, "
                        f"more than {self.stale_after_days} days ago"
                    )
        return found


# Browser languages ("en-GB") name a region; these regions have entries of their own.
_REGIONS = {"US": "US", "GB": "UK", "UK": "UK", "IE": "IE", "CA": "CA", "AU": "AU",
            "NZ": "NZ", "ES": "ES", "MX": "MX"}


def country_for_locale(locale: str | None) -> str | None:
    """The country a browser language points to ("en-GB" -> UK); None when it names none."""
    if not locale:
        return None
    parts = re.split(r"[-_]", locale.strip())
    return next((_REGIONS[p.upper()] for p in parts[1:] if p.upper() in _REGIONS), None)


def load_helplines(path: Path | str | None = None) -> HelplineDirectory:
    """Load and validate helplines.yaml; any fault is one line naming the file and item."""
    if path is None:
        return _default_helplines()
    return load_model(Path(path), HelplineDirectory)


@lru_cache(maxsize=1)
def _default_helplines() -> HelplineDirectory:
    return load_model(DEFAULT_HELPLINES, HelplineDirectory)
