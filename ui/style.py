"""The app's few style rules: a calm reading width, no heading anchors, room for quick exit."""

from __future__ import annotations

import streamlit as st

from ui import state

_CSS = """
<style>
/* Streamlit's own header adds nothing here and would sit under the quick exit. */
header[data-testid="stHeader"] { display: none; }
.block-container { padding-top: 3.5rem; max-width: 46rem; }
/* A heading's link icon pushes a history entry ("#anchor"), one Back press from the session. */
[data-testid="stHeaderActionElements"] { display: none !important; }
/* Script-only st.html elements (quick exit, the address, scrolling) take no room. */
div[data-testid="stElementContainer"]:has(> div[data-testid="stHtml"] > script:only-child) {
  display: none;
}
/* So does the tab's memory of the resume code (ui/tab_memory.py), wrapper and all: a hidden
   box in a visible wrapper would still add a gap. Its script runs all the same. */
.st-key-crossroads_tab_memory,
[data-testid="stLayoutWrapper"]:has(> .st-key-crossroads_tab_memory) { display: none; }
.st-key-nav button { min-height: 3rem; min-width: 7rem; }
div[data-testid="stRadio"] label, div[data-testid="stCheckbox"] label { padding: 0.2rem 0; }
/* A question with one widget is its own box, like the bordered box of a checkbox list. */
.stElementContainer[class*="st-key-q_"]:not([class*="__"]) {
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 1rem;
}
.stElementContainer[class*="st-key-q_"]:not([class*="__"]) [data-testid="stWidgetLabel"] p {
  font-size: 1rem; font-weight: 600;
}
div[data-testid="stRadio"] [role="radiogroup"] label p,
div[data-testid="stCheckbox"] label p { font-size: 1rem; }
/* The welcome page's subtitle: a paragraph that looks as a subheading would. */
.st-key-tagline p {
  font-size: 1.75rem; font-weight: 600; line-height: 1.2; margin: 0; padding: 0.75rem 0 1rem;
}
/* Captions: Streamlit fades them to 60%, 3.9:1 on white; a solid grey reads at 6.7:1. */
[data-testid="stCaptionContainer"] { opacity: 1; color: #5e5c5a; }
/* Focus a person can see (WCAG 2.4.7, 1.4.11): Streamlit's ring is the theme colour at 50%,
   2:1 on white, and none at all on the page itself or on radios and checkboxes. */
.stApp :is(a[href], button, summary, [role="button"], [tabindex="0"]):focus-visible {
  outline: 3px solid #1d4e51 !important; outline-offset: 2px; box-shadow: none;
}
/* The page itself takes focus, to scroll by keys: its ring goes inside the edge. */
.stApp [data-testid="stMain"]:focus-visible { outline-offset: -3px; }
/* Radios and checkboxes hide their input: ring the option a person sees instead. */
.stApp label:has(> span > input:is([type="radio"], [type="checkbox"]):focus-visible) {
  outline: 3px solid #1d4e51; outline-offset: 2px; border-radius: 0.25rem;
}
/* Text boxes and the country list: ring the box around the input, which clips its own. */
.stApp :is([data-testid="stTextArea"], [data-testid="stTextInput"], [data-testid="stSelectbox"])
  div:has(> :is(input, textarea):focus-visible) { outline: 3px solid #1d4e51; outline-offset: 2px; }
/* A page's heading takes focus after Next or Back: show it, as for any focused thing. */
.stApp [data-testid="stMain"] :is(h1, h2, h3)[tabindex="-1"]:focus {
  outline: 3px solid #1d4e51 !important; outline-offset: 4px; border-radius: 2px;
}
</style>
"""


def apply_style() -> None:
    st.html(_CSS)


_SCROLL_TOP = """
<script>
/* step {step} */
window.scrollTo(0, 0);
document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')
  .forEach((el) => el.scrollTo(0, 0));
if ({move_focus}) {
  // After Next or Back, focus goes to the new page's heading, so a keyboard or screen
  // reader user starts at its top instead of on a button at the bottom. Wait until the run
  // has finished drawing: until then the old page's heading may still be on screen.
  let tries = 0;
  const focusHeading = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const done = app && app.getAttribute("data-test-script-state") === "notRunning";
    const heading = document.querySelector(
      '[data-testid="stMain"] :is(h1, h2, h3):not([data-stale="true"] *)'
    );
    if (done && heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({preventScroll: true});
    } else if (tries++ < 100) {
      setTimeout(focusHeading, 50);
    }
  };
  setTimeout(focusHeading, 50);
}
</script>
"""


def scroll_to_top_on_new_step(step: str) -> None:
    """A new step starts at its top, with focus on its heading: Streamlit keeps the scroll
    position and the focus across reruns. The first page of a visit keeps the browser's own
    start, so Quick exit stays the first stop for the keyboard."""
    memo = state.memo()
    shown = memo.get("shown_step")
    if shown == step:
        return
    memo["shown_step"] = step
    script = _SCROLL_TOP.replace("{step}", step).replace(
        "{move_focus}", "true" if shown is not None else "false"
    )
    st.html(script, unsafe_allow_javascript=True)
