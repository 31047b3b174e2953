"""The shipped questionnaire asks about every topic of issue 2, safety first, in neutral words."""

from __future__ import annotations

import re

import pytest

from questionnaire.schema import QuestionType

# The topics issue 2 lists, by the `topics:` tag the content uses for each.
ISSUE_TOPICS = {
    "situation": "the situation: who wants what",
    "partner_certainty": "how sure the partner sounds",
    "steps_toward_leaving": "steps the partner has taken toward leaving",
    "time_together": "how long you have been together",
    "shared_life": "what you share",
    "heart_to_heart": "whether a real heart-to-heart has happened",
    "reasons_known": "whether the partner's reasons are known",
    "willing_to_talk": "whether the partner is willing to talk",
    "needs_unmet": "something missing, needs not met",
    "smothered": "feeling smothered",
    "alone": "feeling alone",
    "third_party": "a third party",
    "spark": "the spark has gone",
    "different_life_stages": "different points in life",
    "outgrown": "one has outgrown the relationship",
    "space_requested": "the partner asked for space",
    "counseling_willingness": "willingness to try counseling",
    "on_off_cycle": "an on-off pattern",
    "own_part": "your own part, and an apology",
    "willing_to_change": "your willingness to change",
    "keeping_tactics": "tactics used to keep the partner",
    "safety_fear": "safety: fear",
    "safety_threats": "safety: threats",
    "safety_hurt": "safety: hurt, insulted, screamed at",
    "safety_control": "safety: control of money, phone, friends, movements",
    "safety_danger": "safety: danger signs",
    "safety_stalking": "safety: following, turning up, tracking",
    "safety_children": "safety: a child hurt or threatened",
    "partner_self_harm": "safety: the partner's threats to harm themselves",
    "own_wellbeing": "the person's own thoughts of self-harm",
    "values": "what matters most to you",
}

GENDERED = re.compile(
    r"\b(he|she|him|her|his|hers|himself|herself|husbands?|wife|wives|"
    r"boyfriends?|girlfriends?)\b",
    re.IGNORECASE,
)


def gendered_words(text: str) -> list[str]:
    return GENDERED.findall(text)


def all_texts(node, where: str = "") -> list[tuple[str, str]]:
    """Every string in the content with where it is: titles, intros, texts, helps, labels..."""
    if isinstance(node, str):
        return [(where, node)]
    if isinstance(node, dict):
        name = f"{where}/{node['id']}" if "id" in node else where
        return [pair for key, value in node.items() for pair in all_texts(value, f"{name}.{key}")]
    if isinstance(node, list):
        return [pair for item in node for pair in all_texts(item, where)]
    return []


def test_the_shipped_questionnaire_loads(real):
    assert real.id == "crossroads"
    assert re.fullmatch(r"\d+\.\d+\.\d+", real.version)
    assert len(real.questions) >= len(ISSUE_TOPICS) // 2


@pytest.mark.parametrize("topic", list(ISSUE_TOPICS), ids=list(ISSUE_TOPICS))
def test_every_topic_of_the_issue_is_asked(real, topic):
    asking = [q.id for q in real.questions if topic in q.topics]
    assert asking, f"no question carries the topic '{topic}' ({ISSUE_TOPICS[topic]})"
    # ...and at least one of them has answers to choose from, so scoring can use it.
    answerable = [q.id for q in real.questions
                  if topic in q.topics and q.type is not QuestionType.FREE_TEXT]
    assert answerable, f"topic '{topic}' is only asked as free text: {asking}"


def test_keeping_tactics_offers_each_tactic_the_advice_warns_about(real):
    question = real.question("keeping_tactics")
    assert question.type is QuestionType.MULTI_CHOICE
    labels = {o.id: o.label.lower() for o in question.options}
    expected = {
        "begging": "beg",
        "arguing_reasons": "argu",
        "threats": "threat",
        "guilt": "guilt",
        "checking": "check",
        "crowding": "constant",
        "leverage": "children",
    }
    missing = set(expected) - set(labels)
    assert not missing, f"keeping_tactics has no option {sorted(missing)}"
    for option_id, word in expected.items():
        assert word in labels[option_id], f"'{option_id}' label: {labels[option_id]!r}"
    assert "pregnancy" in labels["leverage"]
    none = [o for o in question.options if o.exclusive]
    assert [o.id for o in none] == ["none"], "a 'none of these' answer must stand alone"


def test_the_control_question_covers_money_phone_friends_and_movements(real):
    question = real.question("safety_control")
    assert question.type is QuestionType.MULTI_CHOICE
    labels = {o.id: o.label.lower() for o in question.options}
    assert {"money", "phone", "people", "movements", "none"} <= set(labels)
    assert "money" in labels["money"]
    assert "phone" in labels["phone"]
    assert "friends" in labels["people"]
    assert "where you go" in labels["movements"]
    assert question.options[-1].exclusive


def test_the_safety_section_comes_first_and_is_asked_of_everyone(real):
    first = real.sections[0]
    assert first.id == "safety"
    safety_topics = {t for t in ISSUE_TOPICS if t.startswith("safety_")}
    in_first = {t for q in first.questions for t in q.topics}
    assert safety_topics <= in_first, f"asked later: {sorted(safety_topics - in_first)}"
    later = [q.id for s in real.sections[1:] for q in s.questions
             if any(t.startswith("safety_") for t in q.topics)]
    assert not later, f"safety questions outside the first section: {later}"
    conditional = [q.id for q in first.questions if q.visible_if]
    assert not conditional, f"safety questions that not everyone sees: {conditional}"


def test_every_safety_and_wellbeing_question_can_be_declined_and_none_blocks(real):
    for section in (real.section_of("safety_afraid"), real.section_of("own_thoughts")):
        assert section.skip_note, section.id
        for question in section.questions:
            assert not question.required, question.id
            assert question.prefer_not_to_say, question.id
            assert question.options[-1].label == "Prefer not to say", question.id


def test_the_own_wellbeing_question_comes_right_after_safety_with_a_right_now_follow_up(real):
    assert real.sections[1].id == real.section_of("own_thoughts").id
    now = real.question("own_thoughts_now")
    assert [(c.question, c.any_of) for c in now.visible_if] == [("own_thoughts", ["yes"])]


def test_the_danger_signs_question_lists_the_known_signs(real):
    options = set(real.question("safety_danger").option_ids)
    assert {"threat_to_kill", "choking", "weapon", "escalating", "separation_violence"} <= options


@pytest.mark.parametrize(
    "text",
    ["Does he listen?", "Ask HER why.", "his plans", "It's hers.", "my husband", "your wife's",
     "a boyfriend", "Girlfriend", "She left."],
)
def test_the_gendered_word_check_finds_gendered_words(text):
    assert gendered_words(text)


@pytest.mark.parametrize(
    "text",
    ["Your partner said they want space.", "the other person", "themselves", "Hershey",
     "the helpline", "historic", "she_said_id"],
)
def test_the_gendered_word_check_lets_neutral_words_pass(text):
    assert not gendered_words(text)


def test_the_wording_is_gender_neutral(real):
    # model_dump includes the default scale and yes/no/unsure labels as well as the YAML's own.
    found = [
        f"{where}: {words} in {text!r}"
        for where, text in all_texts(real.model_dump(mode="json"))
        if (words := gendered_words(text))
    ]
    assert not found, "gendered words:\n" + "\n".join(found)
