"""Benchmark of scoring: one assessment, and the batch scorer against a row-by-row loop.

    .venv/bin/python bench/scoring.py [--rows 1000000] [--loop-rows 20000] [--seed 1]

Prints figures and ratios, not verdicts. The targets from issue 3: a single assessment well
under 1 ms, and the batch scorer at least 50 times the throughput of a row-by-row loop.

The responses are generated column by column with numpy, as valid answers would be given
(hidden questions left blank, "none of these" alone, at most three values), with some
questions skipped and 0.1% of rows spoiled on purpose so that error reporting is timed too.
Columns are pandas categoricals, a few bytes per cell, so a million rows fit comfortably in
memory. The loop (read a row, validate it, assess it) is timed on the first --loop-rows rows
and extrapolated to all of them; the output says so.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from questionnaire.answers import AnswersError, validate_answers  # noqa: E402
from questionnaire.loader import default_questionnaire  # noqa: E402
from questionnaire.schema import Question, Questionnaire, QuestionType  # noqa: E402
from scoring import assess, load_rules  # noqa: E402
from scoring.batch import row_values, score_frame  # noqa: E402

BAD_CELL = "not_an_option"


def cell_pool(question: Question, rng: random.Random) -> list[str]:
    """Valid cells for a question; for a multiple choice, a sample of valid combinations."""
    if question.type is QuestionType.FREE_TEXT:
        return ["We grew apart", "They said they feel alone; I'm not sure", "work, mostly"]
    if question.type is not QuestionType.MULTI_CHOICE:
        return list(question.option_ids)
    exclusive = [o.id for o in question.options if o.exclusive]
    others = [o.id for o in question.options if not o.exclusive]
    most = min(question.max_choices or len(others), len(others))
    combos = {";".join(rng.sample(others, rng.randint(1, most))) for _ in range(60)}
    return sorted(combos) + exclusive


def generate(questionnaire: Questionnaire, n: int, seed: int) -> pd.DataFrame:
    """n valid responses (some partial), plus 0.1% spoiled rows, as categorical columns."""
    rng = np.random.default_rng(seed)
    pick = random.Random(seed)
    row_skip = rng.choice(np.array([0.0, 0.05, 0.3, 0.7], dtype=np.float32), n)
    codes: dict[str, np.ndarray] = {}
    pools: dict[str, list[str]] = {}
    for question in questionnaire.questions:
        pool = pools[question.id] = cell_pool(question, pick)
        column = rng.integers(0, len(pool), n, dtype=np.int16)
        hidden = rng.random(n, dtype=np.float32) < row_skip
        for condition in question.visible_if:
            source = pools[condition.question]
            wanted = set(condition.any_of)
            table = np.array([bool(wanted & set(c.split(";"))) for c in source] + [False])
            hidden |= ~table[codes[condition.question]]
        column[hidden] = -1
        codes[question.id] = column
    # Spoil 0.1% of rows: an answer that is not an option of its question.
    spoiled = rng.choice(n, size=max(1, n // 1000), replace=False)
    singles = [q.id for q in questionnaire.questions if q.type is QuestionType.SINGLE_CHOICE]
    for row in spoiled:
        question_id = singles[int(rng.integers(len(singles)))]
        if BAD_CELL not in pools[question_id]:
            pools[question_id].append(BAD_CELL)
        codes[question_id][row] = len(pools[question_id]) - 1
    return pd.DataFrame(
        {
            qid: pd.Categorical.from_codes(codes[qid], categories=pools[qid])
            for qid in codes
        }
    )


def as_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with plain string columns, blanks as "", like `pd.read_csv(dtype=str)`."""
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if "" not in column.cat.categories:
            column = column.cat.add_categories([""])
        columns[name] = column.fillna("").astype("str")
    return pd.DataFrame(columns)


def loop(frame: pd.DataFrame, questionnaire: Questionnaire) -> list[tuple]:
    """The baseline: every row read, validated and assessed on its own."""
    results = []
    rules = load_rules()
    for row in frame.to_dict("records"):
        try:
            values = row_values(row, questionnaire)
            answers = validate_answers(questionnaire, values, complete=False)
        except (ValueError, AnswersError) as exc:
            results.append((None, str(exc)))
            continue
        result = assess(answers, questionnaire, rules)
        results.append((result.recommended, tuple(s.score for s in result.scores)))
    return results


def time_single(questionnaire: Questionnaire, seed: int) -> tuple[float, float]:
    """Median microseconds for assess() alone, and for validation plus assess()."""
    rng = np.random.default_rng(seed)
    frame = generate(questionnaire, 200, seed)
    rows, answers = [], []
    for record in frame.to_dict("records"):
        try:
            values = row_values(record, questionnaire)
            answers.append(validate_answers(questionnaire, values, complete=False))
        except (ValueError, AnswersError):
            continue  # a spoiled row
        rows.append(values)
    for a in answers[:20]:
        assess(a)  # warm up: rules loaded, label tables built
    order = rng.permutation(len(answers))
    alone, with_validation = [], []
    for i in order:
        start = time.perf_counter()
        assess(answers[i])
        alone.append(time.perf_counter() - start)
        start = time.perf_counter()
        assess(validate_answers(questionnaire, rows[i], complete=False))
        with_validation.append(time.perf_counter() - start)
    return statistics.median(alone) * 1e6, statistics.median(with_validation) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--loop-rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    questionnaire = default_questionnaire()
    load_rules()

    single, single_validated = time_single(questionnaire, args.seed)
    print("single assessment (median of ~200 different responses)")
    print(f"  assess() alone:              {single:8.1f} us   (target: well under 1000 us)")
    print(f"  validate_answers + assess(): {single_validated:8.1f} us")

    start = time.perf_counter()
    frame = generate(questionnaire, args.rows, args.seed)
    generated = time.perf_counter() - start
    memory = frame.memory_usage(deep=True).sum() / 2**20
    print(f"\ngenerated {len(frame):,} responses x {frame.shape[1]} questions "
          f"in {generated:.1f} s ({memory:.0f} MiB as categorical columns)")

    start = time.perf_counter()
    scored = score_frame(frame, questionnaire)
    batch_seconds = time.perf_counter() - start
    batch_rate = len(frame) / batch_seconds
    bad = int(scored["error"].notna().sum())
    print("\nbatch scorer, score_frame()")
    print(f"  categorical columns: {len(frame):,} rows in {batch_seconds:.2f} s = "
          f"{batch_rate:,.0f} rows/s ({bad:,} bad rows reported, {len(frame) - bad:,} scored)")

    strings = as_strings(frame)
    start = time.perf_counter()
    from_strings = score_frame(strings, questionnaire)
    string_seconds = time.perf_counter() - start
    string_rate = len(frame) / string_seconds
    same = from_strings.equals(scored)
    del strings, from_strings
    print(f"  string columns (as read from a CSV): {string_seconds:.2f} s = "
          f"{string_rate:,.0f} rows/s (results identical: {same})")

    sample = frame.iloc[: min(args.loop_rows, len(frame))]
    start = time.perf_counter()
    looped = loop(sample, questionnaire)
    loop_seconds = time.perf_counter() - start
    loop_rate = len(sample) / loop_seconds
    print("\nrow-by-row loop (read row, validate_answers, assess)")
    print(f"  timed on the first {len(sample):,} rows: {loop_seconds:.2f} s = "
          f"{loop_rate:,.0f} rows/s")
    print(f"  extrapolated to {len(frame):,} rows: {len(frame) / loop_rate:,.0f} s")

    head = scored.iloc[: len(sample)]
    mismatches = 0
    for (recommended, scores), (_, row) in zip(looped, head.iterrows(), strict=True):
        got = None if pd.isna(row["recommended"]) else row["recommended"]
        if isinstance(scores, str):  # a bad row: both must have refused it
            mismatches += pd.isna(row["error"])
            continue
        batch_scores = tuple(row[f"score_{p}"] for p in ("talk", "space", "counseling", "let_go"))
        mismatches += got != recommended or batch_scores != scores
    print(f"  batch and loop disagree on {mismatches} of {len(sample):,} sampled rows")

    print("\nbatch / loop throughput (target: at least 50x)")
    print(f"  string columns:      {string_rate / loop_rate:,.0f}x")
    print(f"  categorical columns: {batch_rate / loop_rate:,.0f}x")


if __name__ == "__main__":
    main()
