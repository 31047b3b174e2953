"""The support a result leads with: a crisis, a safety sign, the person's own behaviour.

Each block names what to do and who to call, with the lines for the person's country; the
first block on the page holds the choice of country.
"""

from __future__ import annotations

import streamlit as st

from i18n import _
from report.summary import safety_block_kinds
from scoring.helplines import Country
from scoring.model import LineKind, SafetyLevel, SafetyResult
from ui.country import render_country_picker, render_picker_and_lines
from ui.helplines_view import render_lines, render_sources


def render_support(safety: SafetyResult) -> Country | None:
    """Every support block the answers call for, most urgent first; the country shown."""
    country = None
    if safety.crisis is not None:
        country = _crisis(safety, country)
    if safety.level is not SafetyLevel.NONE:
        country = _safety(safety, country)
    if safety.own_behaviour is not None:
        country = _own_behaviour(safety, country)
    if country is not None:
        render_sources(country)
    return country


def _picker(country: Country | None) -> Country:
    return country or render_country_picker(key="country_result")


def _steps(steps: list[str]) -> None:
    st.markdown("\n".join(f"{n}. {step}" for n, step in enumerate(steps, start=1)))


def _crisis(safety: SafetyResult, country: Country | None) -> Country:
    crisis = safety.crisis
    with st.container(border=True, key="crisis_block"):
        st.header(crisis.headline, anchor=False)
        st.write(crisis.message)
        country = _picker(country)
        kinds = [LineKind.CRISIS]
        render_lines(country, kinds, emergency_first=crisis.level == "now", titled=False)
        st.subheader(_("What can help now"), anchor=False)
        _steps(crisis.steps)
    return country


def _safety(safety: SafetyResult, country: Country | None) -> Country:
    with st.container(border=True, key="safety_block"):
        heading = st.header if safety.crisis is None else st.subheader
        heading(safety.headline, anchor=False)
        st.write(safety.message)
        country = _picker(country)
        render_lines(country, safety_block_kinds(safety), emergency_first=safety.emergency_first)
        st.subheader(_("Steps that help keep you safe"), anchor=False)
        _steps(safety.steps)
        if safety.safety_plan:
            with st.expander(_("What a safety plan is")):
                st.write(safety.safety_plan)
        if safety.signs:
            with st.expander(_("Why you are seeing this")):
                st.write(_("Because of these answers:"))
                st.markdown("\n".join(f"- {sign}" for sign in safety.signs))
    return country


def _own_behaviour(safety: SafetyResult, country: Country | None) -> Country:
    own = safety.own_behaviour
    with st.container(border=True, key="own_behaviour_block"):
        st.subheader(own.headline, anchor=False)
        st.write(own.message)
        country = _picker(country)
        render_lines(
            country, [LineKind.OWN_BEHAVIOUR], emergency_first=False, titled=False, checked=False
        )
        _steps(own.steps)
        with st.expander(_("Why you are seeing this")):
            st.write(_("Because you told us about:"))
            st.markdown("\n".join(f"- {sign}" for sign in own.signs))
    return country


def render_quiet_lines(safety: SafetyResult) -> None:
    """Where no sign was given: the lines, quietly, in case things change."""
    with st.expander(safety.headline, icon=":material/support:"):
        st.write(safety.message)
        render_picker_and_lines("country_quiet", safety.line_kinds, emergency_first=False)
