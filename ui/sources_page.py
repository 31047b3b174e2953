"""'Where this comes from': the decision, the evidence, who made it, funding and dates."""

from __future__ import annotations

import streamlit as st

from i18n import _, current_language, format_date
from ui import state


def render_sources_page() -> None:
    # Here, not at the top: the welcome page draws the link below and needs no scoring.
    from scoring.localize import sources_in

    sources = sources_in(current_language())
    st.header(_("Where this comes from"), anchor=False)
    st.write(sources.decision)
    st.subheader(_("How it works"), anchor=False)
    st.write(sources.how_it_works)
    st.subheader(_("What it cannot do"), anchor=False)
    st.markdown("\n".join(f"- {limit}" for limit in sources.limits))
    st.subheader(_("The evidence behind the advice"), anchor=False)
    for item in sources.evidence:
        with st.container(border=True):
            st.markdown(f"**{item.idea}**")
            st.write(_("Where it is used: {text}").format(text=item.used_for))
            st.caption(_("Source: {source}").format(source=item.source))
    st.subheader(_("Who made it"), anchor=False)
    st.write(sources.who_made_it)
    st.markdown(
        "\n".join(
            [
                _("- **Funding:** {text}").format(text=sources.funding),
                _("- **Conflicts of interest:** {text}").format(
                    text=sources.conflicts_of_interest
                ),
                _("- **Last updated:** {date}").format(date=format_date(sources.updated)),
                _("- **Next review due:** {date}").format(date=format_date(sources.next_review)),
            ]
        )
    )
    st.write(sources.update_policy)
    st.button(_("Back"), key="sources_back", icon=":material/arrow_back:",
              on_click=state.leave_sources)


def render_sources_link(key: str) -> None:
    st.button(_("Where this comes from"), key=key, icon=":material/menu_book:",
              on_click=state.show_sources, type="tertiary")
