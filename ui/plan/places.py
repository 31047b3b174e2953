"""Where to look, for the person's country: each place as a link, what it is, and where and
when it was checked (plans/content/where_to_look.yaml; an unchecked place is never shown)."""

from __future__ import annotations

import streamlit as st

from i18n import _, format_date
from plans.loader import default_where_to_look
from report.plan import places_heading
from scoring.helplines import OTHER, Country
from ui.country import render_country_picker


def render_places(kind: str) -> None:
    """The checked places for the person's country, with a choice of country."""
    with st.container(border=True, key=f"plan_places_{kind}"):
        st.markdown(
            f"**{places_heading(kind, None, _)}**"
        )
        render_place_list(kind, render_country_picker(key="country_plan", label=_("Your country")))


def render_place_list(kind: str, country: Country) -> None:
    """Each place as a link, what it is, and where and when it was checked."""
    places = default_where_to_look().places(kind, country.id)
    if not places and country.id == OTHER:
        st.write(
            _(
                "We have no checked places to list for your country yet. A doctor, a "
                "helpline or a local advice service can tell you where to start."
            )
        )
    elif not places:
        st.write(
            _(
                "We have no checked places to list for {country} yet. A doctor, a "
                "helpline or a local advice service can tell you where to start."
            ).format(country=country.name)
        )
    for place in places:
        st.markdown(f"[{place.name}]({place.url})  \n{place.what}")
        st.caption(
            _("Checked on {date} against [this page]({source}).").format(
                date=format_date(place.checked), source=place.source
            )
        )
