"""The batch scorer: the same results as assess() row by row, bad rows reported and kept."""

from __future__ import annotations

import io
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaire.answers import AnswersError, validate_answers
from questionnaire.loader import default_questionnaire
from scoring import PATH_IDS, assess
from scoring.batch import (
    RESULT_COLUMNS,
    BatchError,
    answers_frame,
    bad_rows,
    row_values,
    score_frame,
)
from tests.strategies import any_answer_values, random_answer_values


def _expected(values: dict) -> dict:
    result = assess(validate_answers(default_questionnaire(), values, complete=False))
    return {
        "recommended": result.recommended,
        "runner_up": result.runner_up,
        **{f"score_{s.path}": s.score for s in result.scores},
        "margin": result.margin,
        "clarity": result.clarity.value if result.clarity else None,
        "enough_answered": result.enough_answered,
        "lead": result.lead.value,
        "safety": result.safety.level.value,
        "crisis": result.safety.crisis.level.value if result.safety.crisis else "none",
    }


def _got(row: pd.Series) -> dict:
    def text(value):
        return None if pd.isna(value) else value

    return {
        "recommended": text(row["recommended"]),
        "runner_up": text(row["runner_up"]),
        **{f"score_{p}": row[f"score_{p}"] for p in PATH_IDS},
        "margin": row["margin"],
        "clarity": text(row["clarity"]),
        "enough_answered": bool(row["enough_answered"]),
        "lead": row["lead"],
        "safety": row["safety"],
        "crisis": row["crisis"],
    }


def assert_same_as_assess(rows: list[dict], scored: pd.DataFrame) -> None:
    assert len(scored) == len(rows)
    assert scored["error"].isna().all(), bad_rows(scored).head().to_string()
    for i, values in enumerate(rows):
        assert _got(scored.iloc[i]) == _expected(values), f"row {i + 1}: {values}"


def _random_rows(rng: random.Random, n: int) -> list[dict]:
    """Half drawn freely (nearly all with a sign), half calm (so that paths are suggested)."""
    return [
        random_answer_values(rng, skip_rate=rng.choice([0.05, 0.3, 0.6]), calm=i % 2 == 0)
        for i in range(n)
    ]


def test_same_results_as_assess_on_hundreds_of_random_responses() -> None:
    rng = random.Random(20261126)
    rows = _random_rows(rng, 400)
    scored = score_frame(answers_frame(rows))
    assert_same_as_assess(rows, scored)
    # The sample exercises every lead, every path, every safety and crisis level, and
    # "Prefer not to say" (which scores as no answer).
    assert set(scored["lead"]) == {"path", "not_enough", "safety", "crisis"}
    assert set(scored["recommended"].dropna()) == set(PATH_IDS)
    assert set(scored["safety"]) == {"none", "concern", "danger"}
    assert set(scored["crisis"]) == {"none", "thoughts", "now"}
    assert (~scored["enough_answered"]).any()
    assert any("prefer_not" in str(v) for row in rows for v in row.values())


def test_nothing_is_suggested_under_a_sign_or_with_too_few_answers() -> None:
    rows = _random_rows(random.Random(8), 200)
    scored = score_frame(answers_frame(rows))
    without_path = scored["lead"] != "path"
    assert without_path.any() and (~without_path).any()
    for column in ("recommended", "runner_up", "clarity"):
        assert scored.loc[without_path, column].isna().all(), column
        assert scored.loc[~without_path, column].notna().all(), column
    assert (scored.loc[without_path, "margin"] == 0).all()
    signs = (scored["safety"] != "none") | (scored["crisis"] != "none")
    assert (scored.loc[signs, "lead"].isin(["safety", "crisis"])).all()
    assert (scored.loc[scored["crisis"] != "none", "lead"] == "crisis").all()


@settings(max_examples=20, deadline=None)
@given(st.lists(any_answer_values(skip_rate=0.3), min_size=1, max_size=15))
def test_same_results_as_assess_for_any_valid_answers(rows: list[dict]) -> None:
    assert_same_as_assess(rows, score_frame(answers_frame(rows)))


def test_a_csv_round_trip_scores_the_same() -> None:
    rows = _random_rows(random.Random(7), 60)
    frame = answers_frame(rows)
    text = frame.to_csv(index=False)
    again = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(score_frame(frame), score_frame(again))


def test_bad_rows_are_reported_by_row_number_and_good_rows_kept() -> None:
    rng = random.Random(3)
    good = [random_answer_values(rng, skip_rate=0.0) for _ in range(5)]
    frame = answers_frame(good)
    frame.loc[1, "who_wants_out"] = "partner_left_yesterday"
    frame.loc[3, "keeping_tactics"] = "begging;none"
    frame.loc[4, "what_matters"] = "love;respect;honesty;peace"
    scored = score_frame(frame)

    problems = bad_rows(scored)
    assert problems["row"].tolist() == [2, 4, 5]
    assert problems["error"].tolist() == [
        "question 'who_wants_out': 'partner_left_yesterday' is not one of its options",
        "question 'keeping_tactics': 'none' cannot be combined with others",
        "question 'what_matters': choose at most 3 options",
    ]
    assert len(scored) == 5
    assert scored.loc[problems.index, "recommended"].isna().all()
    assert scored.loc[problems.index, "score_talk"].isna().all()
    for i in (0, 2):
        assert _got(scored.iloc[i]) == _expected(good[i])


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"heart_to_heart": "not_yet", "still_a_chance": "no"}, "hidden by the earlier answers"),
        ({"safety_control": "phone;phone"}, "chosen twice"),
        ({"needs_unmet": "very much"}, "'very much' is not one of its options"),
        ({"their_reasons": "x" * 1501}, "longer than 1500 characters"),
        ({"safety_danger": "choking;prefer_not"}, "'prefer_not' cannot be combined"),
        ({"who_wants_out": "prefer_not"}, "'prefer_not' is not one of its options"),
    ],
)
def test_each_kind_of_bad_cell_is_named(cells: dict, message: str) -> None:
    frame = pd.DataFrame([cells])
    error = score_frame(frame)["error"].iloc[0]
    question = next(iter(cells)) if "hidden" not in message else "still_a_chance"
    assert error.startswith(f"question '{question}'") and message in error


def test_a_row_is_bad_exactly_when_validate_answers_refuses_it() -> None:
    questionnaire = default_questionnaire()
    rng = random.Random(11)
    rows = []
    for _ in range(300):
        cells = answers_frame([random_answer_values(rng)]).iloc[0].to_dict()
        # Spoil a random cell about half the time: a stray option, or one from elsewhere.
        if rng.random() < 0.5:
            question = rng.choice(questionnaire.questions)
            other = rng.choice(questionnaire.questions)
            cells[question.id] = rng.choice([*other.option_ids, "bogus", "none;money"])
        rows.append(cells)
    frame = pd.DataFrame(rows, dtype=object)
    scored = score_frame(frame)
    for i, cells in enumerate(rows):
        try:
            validate_answers(questionnaire, row_values(cells), complete=False)
            refused = False
        except (ValueError, AnswersError):
            refused = True
        assert pd.notna(scored["error"].iloc[i]) == refused, (i + 1, cells)
    assert 0 < scored["error"].notna().sum() < len(rows)


def test_complete_requires_every_shown_required_answer() -> None:
    rng = random.Random(5)
    full = random_answer_values(rng, complete=True, skip_rate=0.0)
    partial = {k: v for k, v in full.items() if k != "my_wish"}
    scored = score_frame(answers_frame([full, partial]), complete=True)
    assert scored["error"].isna().iloc[0]
    assert scored["error"].iloc[1] == "question 'my_wish': a required answer is missing"
    assert score_frame(answers_frame([partial]))["error"].isna().all()


def test_blank_and_missing_cells_mean_unanswered() -> None:
    values = {"who_wants_out": "partner_unsure", "heart_to_heart": "not_yet"}
    frame = pd.DataFrame(
        {"who_wants_out": ["partner_unsure"], "heart_to_heart": [" not_yet "],
         "safety_control": [np.nan], "keeping_tactics": [" ; "]}
    )
    scored = score_frame(frame)
    assert _got(scored.iloc[0]) == _expected(values)


def test_prefer_not_to_say_scores_as_a_blank_cell() -> None:
    values = {"safety_afraid": "yes", "safety_hurt": "yes", "who_wants_out": "partner_wants_out"}
    declined = {**values, "safety_afraid": "prefer_not", "safety_control": ["prefer_not"],
                "own_thoughts": "prefer_not"}
    scored = score_frame(answers_frame([values, declined]))
    assert _got(scored.iloc[0]) == _expected(values)
    assert _got(scored.iloc[1]) == _expected(declined)
    # Declining fear leaves physical hurt with a separation asked for: danger all the same.
    assert scored["safety"].tolist() == ["danger", "danger"]
    assert scored["lead"].tolist() == ["safety", "safety"]


def test_a_right_now_answer_after_declining_the_thoughts_question_is_a_bad_row() -> None:
    frame = pd.DataFrame([{"own_thoughts": "prefer_not", "own_thoughts_now": "yes"},
                          {"own_thoughts": "yes", "own_thoughts_now": "yes"}])
    scored = score_frame(frame)
    assert scored["error"].iloc[0] == (
        "question 'own_thoughts_now': answered, but hidden by the earlier answers"
    )
    assert pd.isna(scored["error"].iloc[1])
    assert (scored["lead"].iloc[1], scored["crisis"].iloc[1]) == ("crisis", "now")


def test_categorical_columns_work_too() -> None:
    rows = _random_rows(random.Random(9), 50)
    frame = answers_frame(rows).astype("category")
    assert_same_as_assess(rows, score_frame(frame))


def test_output_columns_and_kept_id_column() -> None:
    frame = answers_frame([{"who_wants_out": "both_unsure"}])
    frame.insert(0, "respondent", ["r-17"])
    scored = score_frame(frame, keep=["respondent"])
    assert list(scored.columns) == ["row", "respondent", *RESULT_COLUMNS]
    assert scored["respondent"].tolist() == ["r-17"]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"who_wants_out": ["both_unsure"], "mood": ["ok"]}), "column 'mood'"),
        (pd.DataFrame([["a", "b"]], columns=["my_wish", "my_wish"]), "more than once"),
    ],
)
def test_a_table_that_cannot_be_scored_is_refused(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(BatchError, match=message):
        score_frame(frame)


def test_an_empty_table_gives_an_empty_result() -> None:
    scored = score_frame(answers_frame([]))
    assert len(scored) == 0
    assert list(scored.columns) == ["row", *RESULT_COLUMNS]
