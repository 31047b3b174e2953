"""One widget for each plan prompt, keyed by plan and prompt id (never by its words).

Streamlit forgets a widget's value on a run where it is not drawn, so each answer is kept in
the plan's own mapping in session state and handed back to the widget when it is drawn again.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import streamlit as st

from i18n import _
from plans.schema import Plan, Prompt, PromptKind
from report.plan import parse_date

# Above this many characters a text box gets several lines.
SHORT_TEXT = 120
_DATE_PARTS_CSS = """<style>
.st-key-{key} [role="spinbutton"] {
  display: inline-flex; align-items: center; justify-content: center;
  min-width: 24px; min-height: 24px;
}
</style>"""


def widget_key(plan_id: str, prompt_id: str, part: str | None = None) -> str:
    return f"plan_{plan_id}_{prompt_id}" + (f"__{part}" if part else "")


def _seed(key: str, value: Any) -> None:
    """Hand a kept answer back to a widget that is drawn afresh."""
    if key not in st.session_state and value is not None:
        st.session_state[key] = value


def default_date(plan: Plan, prompt: Prompt, values: dict, today: date) -> date:
    dates = prompt.dates
    days = dates.default_days
    weeks = values.get(dates.default_weeks_from) if dates.default_weeks_from else None
    if isinstance(weeks, int):
        days = weeks * 7
    return today + timedelta(days=min(max(days, dates.earliest_days), dates.latest_days))


def render_prompt(plan: Plan, prompt: Prompt, entry: dict, today: date) -> None:
    """Draw one prompt; its answer (and share tick) is kept in `entry` as it changes.

    Kept by on_change too: a Next pressed with a changed box moves the screen before the
    script runs, so the box would not be drawn, and read, on that run.
    """
    values: dict = entry["values"]
    key = widget_key(plan.id, prompt.id)
    kind = prompt.kind
    stored = values.get(prompt.id)
    keep = {"on_change": collect, "args": (plan.id, prompt)}
    if kind is PromptKind.CHOICE:
        ids = [c.id for c in prompt.choices]
        _seed(key, stored if stored in ids else None)
        labels = {c.id: c.label for c in prompt.choices}
        st.radio(
            prompt.text, options=ids, format_func=labels.__getitem__, key=key, **keep,
            **({} if key in st.session_state else {"index": None}),
        )
    elif kind is PromptKind.MULTI_CHOICE:
        st.markdown(f"**{prompt.text}**")
        if prompt.help:
            st.caption(prompt.help)
        picked = stored if isinstance(stored, list) else []
        for choice in prompt.choices:
            box = widget_key(plan.id, prompt.id, choice.id)
            _seed(box, choice.id in picked)
            st.checkbox(choice.label, key=box, **keep)
    elif kind is PromptKind.TEXT:
        _seed(key, stored if isinstance(stored, str) else None)
        field = st.text_area if prompt.max_length > SHORT_TEXT else st.text_input
        field(prompt.text, key=key, max_chars=prompt.max_length,
              placeholder=prompt.placeholder, **keep)
    elif kind is PromptKind.DATE:
        dates = prompt.dates
        earliest = today + timedelta(days=dates.earliest_days)
        latest = today + timedelta(days=dates.latest_days)
        kept = parse_date(stored)
        if kept is not None and not earliest <= kept <= latest:
            kept = None  # a date kept from another day may now be out of range
            st.session_state.pop(key, None)
        _seed(key, kept or default_date(plan, prompt, values, today))
        # The day and month parts of a date box are small touch targets: at least 24px
        # each (WCAG 2.2, target size; axe found 18x20 on a phone).
        st.html(_DATE_PARTS_CSS.replace("{key}", key))
        st.date_input(
            prompt.text, key=key, min_value=earliest, max_value=latest, format="YYYY-MM-DD",
            **keep,
        )
        if dates.why:
            st.caption(dates.why)
    else:
        rng = prompt.range
        _seed(key, stored if isinstance(stored, int) and rng.min <= stored <= rng.max
              else rng.default)
        st.slider(
            prompt.text, min_value=rng.min, max_value=rng.max, step=rng.step, key=key,
            # The number alone: the question names the unit, and a fixed format cannot say
            # "1 week" as well as "6 weeks".
            format="%d", **keep,
        )
        st.caption(rng.why)
    if kind is not PromptKind.MULTI_CHOICE and prompt.help:
        # Under the box, not in a tooltip: on a phone a tooltip is easily missed.
        st.caption(prompt.help)
    if prompt.share:
        box = widget_key(plan.id, prompt.id, "share")
        _seed(box, prompt.id in entry["share"])
        st.checkbox(_("Put this on our agreement (the page you may share)"), key=box, **keep)
    collect(plan.id, prompt)


def collect(plan_id: str, prompt: Prompt) -> None:
    """Read this prompt's widgets from session state into the plan's answers."""
    from ui.plan import answers

    entry = answers(plan_id)
    values, shared = entry["values"], entry["share"]
    state = st.session_state
    key = widget_key(plan_id, prompt.id)
    if prompt.kind is PromptKind.MULTI_CHOICE:
        boxes = [widget_key(plan_id, prompt.id, c.id) for c in prompt.choices]
        if all(b in state for b in boxes):
            _keep(values, prompt.id, [c.id for c, b in zip(prompt.choices, boxes,
                                                            strict=True) if state[b]])
    elif key in state:
        _keep(values, prompt.id, _checked(prompt, state[key]))
    box = widget_key(plan_id, prompt.id, "share")
    if prompt.share and box in state:
        if state[box] and prompt.id not in shared:
            shared.append(prompt.id)
        elif not state[box] and prompt.id in shared:
            shared.remove(prompt.id)


def _checked(prompt: Prompt, value: Any) -> Any:
    """The value as kept, or None: a client may send what the widget never would (a longer
    text, a date or number out of range, a choice that is not offered)."""
    kind = prompt.kind
    if kind is PromptKind.CHOICE:
        return value if value in {c.id for c in prompt.choices} else None
    if kind is PromptKind.TEXT:
        return value[: prompt.max_length] if isinstance(value, str) else None
    if kind is PromptKind.NUMBER_RANGE:
        low, high = prompt.range.min, prompt.range.max
        return value if isinstance(value, int) and low <= value <= high else None
    if kind is PromptKind.DATE and isinstance(value, date):
        today = date.today()
        earliest = today + timedelta(days=prompt.dates.earliest_days)
        latest = today + timedelta(days=prompt.dates.latest_days)
        return value.isoformat() if earliest <= value <= latest else None
    return None


def stored_value(prompt: Prompt, value: Any) -> Any:
    """A value read back from storage as kept, or None: a date is kept as ISO text, a
    multiple choice as a list of offered ids; the rest as the widget would send it."""
    if prompt.kind is PromptKind.DATE:
        day = parse_date(value) if isinstance(value, str) else None
        return day.isoformat() if day else None
    if prompt.kind is PromptKind.MULTI_CHOICE:
        offered = [c.id for c in prompt.choices]
        return ([c for c in offered if c in value]
                if isinstance(value, list) and all(isinstance(v, str) for v in value) else None)
    if isinstance(value, bool) or (prompt.kind is PromptKind.CHOICE
                                   and not isinstance(value, str)):
        return None
    return _checked(prompt, value)


def checked_entry(plan: Plan, entry: dict) -> dict:
    """A stored plan entry with only the values and share ticks its prompts accept."""
    values = entry.get("values")
    share = entry.get("share")
    kept: dict = {}
    for prompt_id, value in (values.items() if isinstance(values, dict) else ()):
        prompt = next((p for p in plan.prompts if p.id == prompt_id), None)
        if prompt is not None:
            _keep(kept, prompt_id, stored_value(prompt, value))
    shareable = {p.id for p in plan.prompts if p.share}
    ticked = [p for p in share if isinstance(p, str) and p in shareable] \
        if isinstance(share, list) else []
    return {"values": kept, "share": list(dict.fromkeys(ticked))}


def _keep(values: dict, prompt_id: str, value: Any) -> None:
    if value is None or value == [] or (isinstance(value, str) and not value.strip()):
        values.pop(prompt_id, None)
    else:
        values[prompt_id] = value
