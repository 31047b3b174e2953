"""The bare page for bench/load.py: the app's steps and widgets, with no app logic at all.

Same steps (welcome, one page a section, review, result), same headings, same widget kinds
and keys as the app (so the same client drives both), and the same questions shown for the
same answers; no saving, no banner, no progress text, no callbacks beyond moving a step.
Served through the same server line as the app (bench/servers.py).
"""

import streamlit as st

from questionnaire import QuestionType, default_questionnaire

questionnaire = default_questionnaire()
sections = questionnaire.sections
steps = ["welcome", *(s.id for s in sections), "review", "results"]
step = st.session_state.setdefault("bare_step", 0)


def _next() -> None:
    st.session_state.bare_step = min(st.session_state.bare_step + 1, len(steps) - 1)


def _value(question):
    if question.type is QuestionType.MULTI_CHOICE:
        return [o.id for o in question.options if st.session_state.get(f"q_{question.id}__{o.id}")]
    return st.session_state.get(f"q_{question.id}")


answers = {q.id: v for q in questionnaire.questions if (v := _value(q)) not in (None, [], "")}

if steps[step] == "welcome":
    st.title("Crossroads", anchor=False)
    st.button("Start", key="start", type="primary", on_click=_next)
elif steps[step] == "review":
    st.header("Check your answers", anchor=False)
    for question in questionnaire.visible_questions(answers):
        st.text(f"{question.text}: {answers.get(question.id, '')}")
    st.button("See my result", key="nav_next", type="primary", on_click=_next)
elif steps[step] == "results":
    st.header("Your result", anchor=False)
    st.write("The end of the flow.")
else:
    section = sections[step - 1]
    st.header(section.title, anchor=False)
    for question in questionnaire.visible_questions(answers, section):
        key = f"q_{question.id}"
        if question.type is QuestionType.MULTI_CHOICE:
            st.markdown(f"**{question.text}**")
            for option in question.options:
                st.checkbox(option.label, key=f"{key}__{option.id}")
        elif question.type is QuestionType.FREE_TEXT:
            st.text_area(question.text, key=key)
        else:
            st.radio(question.text, question.option_ids, index=None,
                     format_func=question.label_of, key=key)
    st.button("Next", key="nav_next", type="primary", on_click=_next)
