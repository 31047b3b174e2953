"""The plan to keep: the card on screen, "our agreement" (space), the talk's notes afterwards,
and the downloads, with the same word about shared devices as the result's downloads."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from i18n import _, current_language, format_date
from plans.loader import default_where_to_look
from plans.schema import Plan
from questionnaire import Questionnaire, drop_hidden
from report.markdown import to_markdown
from report.pdf import to_pdf
from report.plan import (
    agreement_items,
    agreement_text,
    check_in_ics,
    parse_date,
    places_heading,
    plan_sections,
    values_of,
)
from report.summary import SummarySection
from scoring.model import Assessment
from ui import saving, state
from ui.country import current_country
from ui.plan import set_screen
from ui.plan.keep import forget_plan
from ui.plan.places import render_place_list
from ui.plan.prompts import render_prompt
from ui.plan.safety import FRIGHTENED, render_help_after_fright


def places_for(plan: Plan, country_id: str) -> dict[str, list]:
    where = default_where_to_look()
    return {
        b.where_to_look: where.places(b.where_to_look, country_id)
        for b in plan.blocks if b.where_to_look
    }


def render_output(
    questionnaire: Questionnaire, plan: Plan, entry: dict, assessment: Assessment
) -> None:
    lang = current_language()
    country = current_country()
    sections = plan_sections(
        plan, entry, places_for(plan, country.id), lang, country_name=country.name
    )
    on_screen = plan_sections(plan, entry, {}, lang, with_places=False)
    st.subheader(_("Your plan"), anchor=False)
    st.write(plan.output_intro)
    with st.container(border=True, key="plan_card"):
        # Last come what to keep in mind (if the plan has tips) and the sources.
        tail = 2 if any(b.tips for b in plan.first_blocks) else 1
        for section in on_screen[1:-tail]:
            _section(section)
        for kind in dict.fromkeys(b.where_to_look for b in plan.blocks if b.where_to_look):
            st.markdown(f"**{places_heading(kind, country.name, _)}**")
            render_place_list(kind, country)
        for section in on_screen[-tail:]:
            _section(section)
    if plan.shareable:
        _agreement(plan, entry, lang)
    afterwards = plan.afterwards_blocks
    if afterwards:
        _afterwards(questionnaire, plan, entry)
    _downloads(plan, entry, sections, lang)
    _actions(plan)


def _section(section: SummarySection) -> None:
    st.markdown(f"**{section.title}**")
    for paragraph in section.paragraphs:
        st.write(paragraph.text)
    if section.bullets:
        st.markdown("\n".join(f"- {line.text}" for line in section.bullets))
    for item in section.answers:
        st.markdown(f"*{item.question}*")
        st.text(item.answer.text)  # exactly as typed: never read as markdown or HTML


def _agreement(plan: Plan, entry: dict, lang: str) -> None:
    """Only what the person ticked to share, and nothing else."""
    st.subheader(_("Our agreement"), anchor=False)
    st.caption(
        _(
            "This is the page you may share with your partner. It holds only the answers "
            "you ticked. Your other answers stay off it."
        )
    )
    items = agreement_items(plan, entry, lang)
    with st.container(border=True, key="our_agreement"):
        if not items:
            st.write(_("Nothing is ticked to share yet. Go back and tick what you want on it."))
        for question, answer in items:
            st.markdown(f"**{question}**")
            st.text(answer)


def _afterwards(questionnaire: Questionnaire, plan: Plan, entry: dict) -> None:
    today = date.today()
    for block in plan.afterwards_blocks:
        with st.container(border=True, key=f"plan_after_{block.id}"):
            st.subheader(block.title, anchor=False)
            if block.intro:
                st.write(block.intro)
            for prompt in block.prompts:
                render_prompt(plan, prompt, entry, today)
                if values_of(entry).get(prompt.id) == FRIGHTENED:
                    render_help_after_fright()
    if any(p.retake for b in plan.afterwards_blocks for p in b.prompts):
        st.button(
            _("Take the questions again, starting from these notes"), key="plan_retake",
            icon=":material/restart_alt:", on_click=start_retake,
            args=(questionnaire, plan, entry),
        )


def _downloads(plan: Plan, entry: dict, sections: list[SummarySection], lang: str) -> None:
    st.subheader(_("Keep a copy"), anchor=False)
    st.caption(
        _(
            "Downloads are saved on this device. If someone else might look at it, think "
            "about where you keep them."
        )
    )
    title = _("{plan}, {date}").format(plan=plan.title, date=format_date(date.today(), lang))
    first, second = st.columns(2)
    first.download_button(
        _("My plan (Markdown)"), to_markdown(title, sections), file_name="my-plan.md",
        mime="text/markdown", key="plan_download_md", on_click="ignore", width="stretch",
    )
    second.download_button(
        # Made only when asked for: building a PDF on every rerun would slow the page.
        _("My plan (PDF)"), partial(to_pdf, title, sections, lang), file_name="my-plan.pdf",
        mime="application/pdf", key="plan_download_pdf", on_click="ignore", width="stretch",
    )
    if not plan.shareable:
        return
    third, fourth = st.columns(2)
    items = agreement_items(plan, entry, lang)
    third.download_button(
        _("Our agreement (text)"),
        agreement_text(_("Our agreement"), items, _("What we agreed for the break.")),
        file_name="our-agreement.txt", mime="text/plain", key="plan_download_agreement",
        on_click="ignore", width="stretch", disabled=not items,
    )
    dated, titled = plan.dated, plan.calendar_title
    day = parse_date(values_of(entry).get(dated.id)) if dated else None
    if day is not None:
        name = (values_of(entry).get(titled.id) if titled else None) or _("Check-in")
        fourth.download_button(
            _("Check-in date (calendar)"), check_in_ics(day, name.strip()),
            file_name="check-in.ics", mime="text/calendar", key="plan_download_ics",
            on_click="ignore", width="stretch",
        )
        st.caption(
            _(
                "The calendar entry holds only the date, {date}, and the title \"{title}\": "
                "no place and no notes."
            ).format(date=format_date(day, lang), title=name.strip())
        )


def _actions(plan: Plan) -> None:
    st.divider()
    left, right = st.columns(2)
    left.button(
        _("Change my answers"), key="plan_edit", icon=":material/edit:", width="stretch",
        on_click=set_screen, args=(1,),
    )
    right.button(
        _("Back to your result"), key="plan_to_result", icon=":material/arrow_back:",
        width="stretch", on_click=state.go_to, args=(state.RESULTS,),
    )
    st.button(
        _("Delete this plan"), key="plan_forget", icon=":material/delete:",
        on_click=forget_plan, args=(plan.id,),
        help=_("Clears this plan's answers from this tab, and from your saved answers."),
    )


def start_retake(questionnaire: Questionnaire, plan: Plan, entry: dict) -> None:
    """Fill the questionnaire answers the notes speak to, and go to the first questions."""
    from ui.question_widgets import widget_key

    values = dict(state.answers())
    notes = values_of(entry)
    for prompt in plan.prompts:
        note = notes.get(prompt.id)
        if prompt.retake is None or note is None:
            continue
        if prompt.choices:
            option = next((c.retake_option for c in prompt.choices if c.id == note), None)
            if not option:
                continue
            values[prompt.retake.question] = option
        elif isinstance(note, str) and note.strip():
            values[prompt.retake.question] = note
        question = questionnaire.question(prompt.retake.question)
        for key in (widget_key(question.id),
                    *(widget_key(question.id, o.id) for o in question.options)):
            st.session_state.pop(key, None)
    state.replace_answers(drop_hidden(questionnaire, values))
    state.go_to(questionnaire.sections[0].id)
    st.session_state[saving.NOTICE] = _(
        "Your answers are filled in, with what you learned from the talk. Change whatever "
        "is different now."
    )
