"""Pydantic models of a plan content file (plans/content/<path>.yaml), with its cross-checks.

A plan is a short guided flow for one of the four paths: blocks (one screen each) of
prompts, tips and explanations, then an output the person can keep. Every block, prompt,
choice, tip and source has a stable `id`, so a translation overlay can key its text by id.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from scoring.model import PathId

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Address = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]

# A check-in or a break set years ahead is not a plan: dates stay within a year.
LATEST_DAYS = 366
MAX_TEXT = 2000


class PromptKind(StrEnum):
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    TEXT = "text"
    DATE = "date"
    NUMBER_RANGE = "number_range"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    id: Identifier
    label: Text
    # Said in the plan when this choice is picked: what it means in practice.
    note: Text | None = None
    # For a prompt that fills a questionnaire answer on a retake: the option it stands for.
    retake_option: Identifier | None = None


class NumberRange(_Strict):
    """A number with sensible bounds, and why those bounds: shown beside the slider."""

    min: int = Field(ge=0)
    max: int = Field(ge=1)
    default: int
    step: int = Field(default=1, ge=1)
    unit: Text  # plural, as shown after the number: "weeks"
    unit_one: Text | None = None  # where the language says "1 week", not "1 weeks"
    why: Text

    @model_validator(mode="after")
    def _default_inside(self) -> NumberRange:
        if self.min >= self.max:
            raise ValueError(f"range min {self.min} must be below max {self.max}")
        if not self.min <= self.default <= self.max:
            raise ValueError(f"range default {self.default} is outside {self.min}..{self.max}")
        return self


class DateRange(_Strict):
    """A date counted in days from today, with why; `default_from` takes a number prompt's
    value (in weeks) as the default distance instead."""

    earliest_days: int = Field(ge=0, le=LATEST_DAYS)
    latest_days: int = Field(ge=1, le=LATEST_DAYS)
    default_days: int = Field(ge=0, le=LATEST_DAYS)
    default_weeks_from: Identifier | None = None
    why: Text | None = None

    @model_validator(mode="after")
    def _default_inside(self) -> DateRange:
        if self.earliest_days >= self.latest_days:
            raise ValueError("dates: earliest_days must be before latest_days")
        if not self.earliest_days <= self.default_days <= self.latest_days:
            raise ValueError("dates: default_days is outside earliest_days..latest_days")
        return self


class Retake(_Strict):
    """The questionnaire answer this prompt fills when the person starts a retake from it."""

    question: Identifier


class Prompt(_Strict):
    id: Identifier
    kind: PromptKind
    text: Text
    help: Text | None = None
    placeholder: Text | None = None
    choices: list[Choice] = Field(default_factory=list)
    max_choices: int | None = Field(default=None, ge=1)
    range: NumberRange | None = None
    dates: DateRange | None = None
    max_length: int = Field(default=500, ge=1, le=MAX_TEXT)
    # May go on the shared page ("our agreement"); the person still decides, prompt by prompt.
    share: bool = False
    # The calendar file's title: a short text the person chooses (space plan).
    calendar_title: bool = False
    retake: Retake | None = None

    @model_validator(mode="after")
    def _fits_kind(self) -> Prompt:
        kind = self.kind
        choosing = kind in (PromptKind.CHOICE, PromptKind.MULTI_CHOICE)
        if choosing and len(self.choices) < 2:
            raise ValueError("a choice needs at least two choices")
        if not choosing and self.choices:
            raise ValueError(f"a {kind.value} prompt takes no choices")
        if self.max_choices is not None and kind is not PromptKind.MULTI_CHOICE:
            raise ValueError("max_choices only fits a multi_choice prompt")
        if (self.range is not None) != (kind is PromptKind.NUMBER_RANGE):
            raise ValueError("a number_range prompt needs a range, and only it takes one")
        if (self.dates is not None) != (kind is PromptKind.DATE):
            raise ValueError("a date prompt needs dates, and only it takes them")
        if self.calendar_title and kind is not PromptKind.TEXT:
            raise ValueError("calendar_title only fits a text prompt")
        ids = [c.id for c in self.choices]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"the choice id '{repeated[0]}' is listed twice")
        if self.retake is None and any(c.retake_option for c in self.choices):
            raise ValueError("a choice has retake_option but the prompt has no retake")
        return self


class Tip(_Strict):
    """One piece of advice shown in a block and kept in the plan: do, don't, or plain."""

    id: Identifier
    text: Text
    kind: Literal["do", "dont", "note"] = "note"


class Block(_Strict):
    """One screen of the guided flow."""

    id: Identifier
    title: Text
    intro: Text | None = None
    tips: list[Tip] = Field(default_factory=list)
    prompts: list[Prompt] = Field(default_factory=list)
    # Shows the places to look from where_to_look.yaml for the person's country.
    where_to_look: Literal["counseling", "separation"] | None = None
    # Kept out of the first plan: filled in afterwards (the talk plan's notes).
    afterwards: bool = False

    @model_validator(mode="after")
    def _something_to_show(self) -> Block:
        if not (self.tips or self.prompts or self.where_to_look):
            raise ValueError("a block needs tips, prompts or where_to_look")
        return self


class Source(_Strict):
    id: Identifier
    text: Text
    url: Address | None = None


class Plan(_Strict):
    id: PathId
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    title: Text
    # The first screen, word for word: what the plan is for and how long it takes.
    intro: Text
    # Said at the top of the output: how to use what they made.
    output_intro: Text
    blocks: list[Block] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique_and_references_sound(self) -> Plan:
        seen: dict[str, str] = {}
        prompts: dict[str, Prompt] = {}
        for block in self.blocks:
            for kind, item_id in (
                ("block", block.id),
                *(("tip", t.id) for t in block.tips),
                *(("prompt", p.id) for p in block.prompts),
            ):
                if item_id in seen:
                    raise ValueError(f"{kind} '{item_id}': id already used by a {seen[item_id]}")
                seen[item_id] = kind
            for prompt in block.prompts:
                if prompt.dates and prompt.dates.default_weeks_from:
                    source = prompts.get(prompt.dates.default_weeks_from)
                    if source is None or source.kind is not PromptKind.NUMBER_RANGE:
                        raise ValueError(
                            f"prompt '{prompt.id}': default_weeks_from names "
                            f"'{prompt.dates.default_weeks_from}', not an earlier number_range"
                        )
                prompts[prompt.id] = prompt
        titles = [p for p in prompts.values() if p.calendar_title]
        if len(titles) > 1:
            raise ValueError(
                f"prompts '{titles[0].id}' and '{titles[1].id}' are both calendar_title: "
                "only one prompt can be"
            )
        if not any(not b.afterwards for b in self.blocks):
            raise ValueError("every block is an afterwards block: the plan has nothing first")
        source_ids = [s.id for s in self.sources]
        repeated = sorted({i for i in source_ids if source_ids.count(i) > 1})
        if repeated:
            raise ValueError(f"source '{repeated[0]}' is listed twice")
        return self

    @property
    def prompts(self) -> list[Prompt]:
        return [p for b in self.blocks for p in b.prompts]

    def prompt(self, prompt_id: str) -> Prompt:
        return next(p for p in self.prompts if p.id == prompt_id)

    @property
    def first_blocks(self) -> list[Block]:
        return [b for b in self.blocks if not b.afterwards]

    @property
    def afterwards_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.afterwards]

    @property
    def shareable(self) -> list[Prompt]:
        return [p for p in self.prompts if p.share]

    @property
    def dated(self) -> Prompt | None:
        return next((p for p in self.prompts if p.kind is PromptKind.DATE), None)

    @property
    def calendar_title(self) -> Prompt | None:
        return next((p for p in self.prompts if p.calendar_title), None)


# --- where to look, by country (plans/content/where_to_look.yaml) ---------------------------

CountryCode = Literal["US", "UK", "IE", "CA", "AU", "NZ", "ES", "MX", "OTHER"]


class Place(_Strict):
    """A directory, service or official page: what it is, and where that was confirmed."""

    id: Identifier
    name: Text
    what: Text
    url: Address
    source: Address
    # When the source was last checked; None if it could not be confirmed (never shown).
    checked: date | None


class WhereToLook(_Strict):
    counseling: dict[CountryCode, list[Place]] = Field(default_factory=dict)
    separation: dict[CountryCode, list[Place]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ids_unique(self) -> WhereToLook:
        for kind in ("counseling", "separation"):
            for country, places in getattr(self, kind).items():
                ids = [p.id for p in places]
                repeated = sorted({i for i in ids if ids.count(i) > 1})
                if repeated:
                    raise ValueError(f"{kind} {country}: place '{repeated[0]}' is listed twice")
        return self

    def places(self, kind: str, country: str) -> list[Place]:
        """The confirmed places for a country, else for somewhere else; never unchecked ones."""
        by_country = getattr(self, kind)
        listed = by_country.get(country) or by_country.get("OTHER") or []
        return [p for p in listed if p.checked is not None]
