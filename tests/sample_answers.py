"""Complete answer sets shared by the UI and browser tests."""

# Every safety and wellbeing question answered with no sign of fear, threats, harm, control
# or a crisis.
NO_SAFETY_CONCERNS = {
    "safety_afraid": "no",
    "safety_hurt": "no",
    "safety_insulted": "no",
    "safety_threatened": "no",
    "partner_self_harm": "no",
    "safety_control": ["none"],
    "safety_stalking": "no",
    "safety_danger": ["none"],
    "child_harm": "no",
    "own_thoughts": "no",
}

# A person whose partner is unsure, with no real talk yet: nothing about safety.
CALM_ANSWERS = {
    **NO_SAFETY_CONCERNS,
    "who_wants_out": "partner_unsure",
    "partner_certainty": "torn",
    "steps_taken": ["told_friend"],
    "time_together": "three_to_10",
    "shared_life": ["home", "friends"],
    "heart_to_heart": "not_yet",
    "reasons_known": "vague",
    "their_reasons": "They said they feel <b>lonely</b> *sometimes*",
    "partner_will_talk": "willing",
    "needs_unmet": "agree",
    "partner_smothered": "disagree",
    "feel_alone": "agree",
    "spark_gone": "neutral",
    "different_paths": "disagree",
    "outgrown": "disagree",
    "contempt": "disagree",
    "good_moments": "agree",
    "third_party": "no",
    "space_requested": "no",
    "on_off_pattern": "never",
    "partner_counseling": "unknown",
    "my_counseling": "yes",
    "own_fault": "unsure",
    "willing_to_change": "agree",
    "my_wish": "stay",
    "keeping_tactics": ["arguing_reasons"],
    "what_matters": ["love", "honesty"],
}


def declined_safety_answers() -> dict:
    """"Prefer not to say" to every always-shown question of the safety and wellbeing pages
    (the questionnaire's first two sections)."""
    from questionnaire import default_questionnaire

    return {
        q.id: (["prefer_not"] if q.type == "multi_choice" else "prefer_not")
        for section in default_questionnaire().sections[:2]
        for q in section.questions
        if not q.visible_if
    }
