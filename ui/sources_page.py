"""'Where this comes from': the decision, the evidence, who made it, funding and dates."""

from __future__ import annotations

import streamlit as st

from scoring.sources import load_sources
from ui import state


def render_sources_page() -> None:
    sources = load_sources()
    st.header("Where this comes from", anchor=False)
    st.write(sources.decision)
    st.subheader("How it works", anchor=False)
    st.write(sources.how_it_works)
    st.subheader("What it cannot do", anchor=False)
    st.markdown("\n".join(f"- {limit}" for limit in sources.limits))
    st.subheader("The evidence behind the advice", anchor=False)
    for item in sources.evidence:
        with st.container(border=True):
            st.markdown(f"**{item.idea}**")
            st.write(f"Where it is used: {item.used_for}")
            st.caption(f"Source: {item.source}")
    st.subheader("Who made it", anchor=False)
    st.write(sources.who_made_it)
    st.markdown(
        f"- **Funding:** {sources.funding}\n"
        f"- **Conflicts of interest:** {sources.conflicts_of_interest}\n"
        f"- **Last updated:** {sources.updated:%d %B %Y}\n"
        f"- **Next review due:** {sources.next_review:%d %B %Y}"
    )
    st.write(sources.update_policy)
    st.button("Back", key="sources_back", icon=":material/arrow_back:",
              on_click=state.leave_sources)


def render_sources_link(key: str) -> None:
    st.button("Where this comes from", key=key, icon=":material/menu_book:",
              on_click=state.show_sources, type="tertiary")
