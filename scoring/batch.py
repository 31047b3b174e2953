"""Scores many responses at once: a pandas DataFrame in, one row of results per response out.

The input has one row per response and one column per question id. A multiple-choice cell
holds option ids separated by ";" (for example `begging;crowding`); a blank cell means the
question was not answered. Every column is factorised once, each distinct cell is read and
checked once, and the rules then run as numpy operations over whole columns: the results
are the same as `scoring.assess` on each row, only much faster.

A row that does not fit the questionnaire is not dropped and does not stop the others: its
results are left blank and its `error` column says, in one line, what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from questionnaire.answers import declined
from questionnaire.loader import default_questionnaire
from questionnaire.schema import Question, Questionnaire, QuestionType
from scoring.model import PATH_IDS, Clarity, CrisisLevel, Lead, SafetyLevel
from scoring.rules import CompiledCondition, RuleSet, load_rules

SEPARATOR = ";"
SCORE_COLUMNS = [f"score_{p}" for p in PATH_IDS]
RESULT_COLUMNS = [
    "recommended",
    "runner_up",
    *SCORE_COLUMNS,
    "margin",
    "clarity",
    "enough_answered",
    "lead",
    "safety",
    "crisis",
    "error",
]
_LEVELS = np.array([lvl.value for lvl in SafetyLevel], dtype=object)  # none, concern, danger
_CRISIS = np.array([lvl.value for lvl in CrisisLevel], dtype=object)  # none, thoughts, now
_LEADS = np.array(
    [Lead.PATH.value, Lead.NOT_ENOUGH.value, Lead.SAFETY.value, Lead.CRISIS.value], dtype=object
)
_PATHS = np.array(PATH_IDS, dtype=object)
_CLARITY = np.array(
    [Clarity.DECISIVE.value, Clarity.CLEAR.value, Clarity.LEANING.value, Clarity.CLOSE_CALL.value],
    dtype=object,
)


class BatchError(ValueError):
    """The table as a whole cannot be scored (for example, a column that is no question)."""


# --- reading one cell ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One distinct cell of a column, read: its answer value, or why it cannot be one."""

    value: str | list[str] | None  # None when blank (not answered)
    error: str | None = None


def read_cell(question: Question, raw: Any) -> Cell:
    """Read a table cell as an answer to `question`, with the same checks as `Answers`."""
    if raw is None or (isinstance(raw, float) and np.isnan(raw)) or raw is pd.NA:
        return Cell(None)
    text = raw if isinstance(raw, str) else str(raw)
    where = f"question '{question.id}'"
    if question.type is QuestionType.FREE_TEXT:
        if not text.strip():
            return Cell(None)
        if len(text) > question.max_length:
            return Cell(None, f"{where}: text is longer than {question.max_length} characters")
        return Cell(text)
    if question.type is QuestionType.MULTI_CHOICE:
        chosen = [part.strip() for part in text.split(SEPARATOR) if part.strip()]
        if not chosen:
            return Cell(None)
        for option_id in chosen:
            if option_id not in question.option_ids:
                return Cell(None, f"{where}: '{option_id}' is not one of its options")
        exclusive = {o.id for o in question.options if o.exclusive} & set(chosen)
        if len(chosen) > 1 and exclusive:
            return Cell(None, f"{where}: '{sorted(exclusive)[0]}' cannot be combined with others")
        if question.max_choices and len(chosen) > question.max_choices:
            return Cell(None, f"{where}: choose at most {question.max_choices} options")
        if len(set(chosen)) != len(chosen):
            return Cell(None, f"{where}: an option is chosen twice")
        return Cell(chosen)
    value = text.strip()
    if not value:
        return Cell(None)
    if value not in question.option_ids:
        return Cell(None, f"{where}: '{value}' is not one of its options")
    return Cell(value)


def row_values(row: Mapping[str, Any], questionnaire: Questionnaire | None = None) -> dict:
    """One table row as an answers dict for `validate_answers` (blank cells left out).

    Raises ValueError with the first cell that cannot be read.
    """
    questionnaire = questionnaire or default_questionnaire("en")
    values: dict[str, Any] = {}
    for question in questionnaire.questions:
        if question.id not in row:
            continue
        cell = read_cell(question, row[question.id])
        if cell.error:
            raise ValueError(cell.error)
        if cell.value is not None:
            values[question.id] = cell.value
    return values


def to_cell(value: str | list[str] | None) -> str:
    """The table cell for an answer value: the inverse of `read_cell`."""
    if value is None:
        return ""
    return SEPARATOR.join(value) if isinstance(value, list) else value


def answers_frame(
    rows: Iterable[Mapping[str, Any]], questionnaire: Questionnaire | None = None
) -> pd.DataFrame:
    """A table in the batch format, from answer dicts (one column per question id)."""
    questionnaire = questionnaire or default_questionnaire("en")
    ids = [q.id for q in questionnaire.questions]
    return pd.DataFrame(
        [[to_cell(values.get(i)) for i in ids] for values in rows], columns=ids, dtype=object
    )


# --- one column, read once per distinct cell ----------------------------------------------


class _Column:
    """A question's column: per-row codes into a small table of distinct cells.

    Code -1 (blank) indexes the extra last entry of every table, which means "not answered".
    """

    def __init__(self, question: Question, raw: pd.Series | None, n: int) -> None:
        self.question = question
        self.cells: list[Cell] = []
        self._tables: dict[Any, np.ndarray] = {}
        if raw is None:
            self.codes = np.full(n, -1, dtype=np.int8)
            return
        if isinstance(raw.dtype, pd.CategoricalDtype):
            # Already factorised: use the codes as they are (often one byte per row).
            codes, uniques = raw.cat.codes.to_numpy(), raw.cat.categories
        else:
            codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        self.cells = [read_cell(question, u) for u in uniques]
        blank = [
            i for i, c in enumerate(self.cells)
            if c.error is None and (c.value is None or declined(c.value))
        ]
        if blank:
            # Blank-looking cells ("", "  ", ";") share the "not answered" code, and so does
            # "Prefer not to say", which scoring reads as no answer.
            codes = np.where(np.isin(codes, blank), -1, codes)
        self.codes = codes

    def per_row(self, table: Iterable[bool], blank: bool = False) -> np.ndarray:
        """Spread a per-distinct-cell truth table over the rows (blank rows get `blank`)."""
        lookup = np.fromiter([*table, blank], dtype=bool, count=len(self.cells) + 1)
        return lookup[self.codes]

    def answered(self) -> np.ndarray:
        return self.codes >= 0

    def holds(self, condition: CompiledCondition) -> np.ndarray:
        mask = self._tables.get(condition)
        if mask is None:
            mask = self._tables[condition] = self.per_row(
                (condition.holds(c.value) if c.error is None else False for c in self.cells),
                blank=condition.holds(None),
            )
        return mask

    def shows(self, any_of: list[str]) -> np.ndarray:
        """Rows whose answer includes one of `any_of` (for visible_if conditions)."""
        wanted = set(any_of)
        return self.per_row(
            c.value is not None
            and bool(wanted & set(c.value if isinstance(c.value, list) else [c.value]))
            for c in self.cells
        )


# --- scoring a table ----------------------------------------------------------------------


def score_frame(
    frame: pd.DataFrame,
    questionnaire: Questionnaire | None = None,
    rules: RuleSet | None = None,
    *,
    complete: bool = False,
    keep: Sequence[str] = (),
) -> pd.DataFrame:
    """Score every row of `frame`; the result has one row per input row, in order.

    Columns: `row` (1-based), the `keep` columns, then RESULT_COLUMNS. A bad row keeps its
    place with blank results and a one-line `error`; good rows are never dropped. With
    complete=True a missing required answer is an error, as in `validate_answers`.
    Raises BatchError when the table itself is unusable (an unknown or repeated column).
    """
    questionnaire = questionnaire or default_questionnaire("en")
    rules = rules or load_rules()
    if rules.questionnaire_id != questionnaire.id:
        raise BatchError(
            f"rules are for questionnaire '{rules.questionnaire_id}', not '{questionnaire.id}'"
        )
    _check_columns(frame, questionnaire, keep)
    n = len(frame)
    columns = {
        q.id: _Column(q, frame[q.id] if q.id in frame.columns else None, n)
        for q in questionnaire.questions
    }
    error_ids, messages = _row_errors(columns, questionnaire, n, complete)
    bad = error_ids > 0

    scores = np.zeros((len(PATH_IDS), n))
    decisive = np.zeros((len(PATH_IDS), n), dtype=bool)
    for rule, conditions in zip(rules.rules, rules.rule_conditions, strict=True):
        mask = _all_hold(columns, conditions, n)
        p = PATH_IDS.index(rule.path)
        np.add(scores[p], rule.weight, out=scores[p], where=mask)
        if rule.decisive:
            decisive[p] |= mask

    danger = np.zeros(n, dtype=bool)
    concern = np.zeros(n, dtype=bool)
    for safety_rule, conditions in zip(rules.safety.rules, rules.safety_conditions, strict=True):
        target = danger if safety_rule.level == "danger" else concern
        target |= _all_hold(columns, conditions, n)
    level = np.where(danger, 2, np.where(concern, 1, 0))
    crisis = np.zeros(n, dtype=np.int8)
    for crisis_rule, conditions in zip(
        rules.safety.crisis.rules, rules.crisis_conditions, strict=True
    ):
        rank = 2 if crisis_rule.level == "now" else 1
        crisis = np.where(_all_hold(columns, conditions, n), np.maximum(crisis, rank), crisis)

    enough_cfg = rules.rules_file.enough_answered
    answered = sum(columns[q].answered().astype(np.int16) for q in enough_cfg.questions)
    enough = np.asarray(answered >= enough_cfg.at_least)

    # The paths that may be suggested: all four, or only the safe ones under a concern.
    safe = np.array([p in rules.safety.safe_paths for p in PATH_IDS])
    allowed = np.where(level[None, :] > 0, safe[:, None], True)
    for gate, conditions in zip(rules.rules_file.gates, rules.gate_conditions, strict=True):
        allowed[PATH_IDS.index(gate.path)] &= ~_all_hold(columns, conditions, n)
    tension = np.zeros(n, dtype=bool)
    for conditions in rules.tension_conditions:
        tension |= _all_hold(columns, conditions, n)
    decisive &= allowed
    has_decisive = decisive.any(axis=0)
    candidates = np.where(has_decisive[None, :], decisive, allowed)
    recommended, best = _first_best(np.where(candidates, scores, -np.inf))
    others = allowed.copy()
    others[recommended, np.arange(n)] = False
    runner_up, second = _first_best(np.where(others, scores, -np.inf))
    margin = best - second

    clarity_cfg = rules.rules_file.clarity
    clarity_code = np.select(
        [has_decisive, margin >= clarity_cfg.clear_margin, margin >= clarity_cfg.leaning_margin],
        [0, 1, 2],
        default=3,
    )
    # Contradicting answers: decisive or clear becomes leaning, leaning becomes a close call.
    clarity_code = np.where(tension, np.where(clarity_code <= 1, 2, 3), clarity_code)
    # Lead codes index _LEADS: a crisis outranks a safety sign, which outranks too few answers.
    lead = np.select([crisis > 0, level > 0, ~enough], [3, 2, 1], default=0)
    blank_result = bad | (lead != 0)
    margin = np.where(lead == 0, margin, 0.0)

    out = pd.DataFrame({"row": np.arange(1, n + 1)})
    for name in keep:
        out[name] = frame[name].to_numpy()
    out["recommended"] = _labels(_PATHS, recommended, blank_result)
    out["runner_up"] = _labels(_PATHS, runner_up, blank_result)
    for p, name in enumerate(SCORE_COLUMNS):
        out[name] = np.where(bad, np.nan, scores[p])
    out["margin"] = np.where(bad, np.nan, margin)
    out["clarity"] = _labels(_CLARITY, clarity_code, blank_result)
    out["enough_answered"] = pd.array(enough, dtype="boolean")
    out.loc[bad, "enough_answered"] = pd.NA
    out["lead"] = _labels(_LEADS, lead, bad)
    out["safety"] = _labels(_LEVELS, level, bad)
    out["crisis"] = _labels(_CRISIS, crisis, bad)
    out["error"] = pd.Series(np.array([None, *messages[1:]], dtype=object)[error_ids], dtype=object)
    return out


def _first_best(masked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column, the row index of the highest value (the first on ties) and that value."""
    best = np.zeros(masked.shape[1], dtype=np.int8)
    value = masked[0].copy()
    for p in range(1, masked.shape[0]):
        better = masked[p] > value
        best[better] = p
        np.copyto(value, masked[p], where=better)
    return best, value


def bad_rows(scored: pd.DataFrame) -> pd.DataFrame:
    """The rows of a `score_frame` result that could not be scored: row number and error."""
    return scored.loc[scored["error"].notna(), ["row", "error"]]


def _labels(names: np.ndarray, codes: np.ndarray, blank: np.ndarray) -> pd.Categorical:
    """Names by code, blank where `blank`: a categorical, one byte per row."""
    return pd.Categorical.from_codes(np.where(blank, -1, codes), categories=list(names))


def _check_columns(frame: pd.DataFrame, questionnaire: Questionnaire, keep: Sequence[str]) -> None:
    ids = {q.id for q in questionnaire.questions}
    names = [str(c) for c in frame.columns]
    repeated = sorted({c for c in names if names.count(c) > 1})
    if repeated:
        raise BatchError(f"column '{repeated[0]}' appears more than once")
    for name in keep:
        if name not in names:
            raise BatchError(f"column '{name}' (asked to keep) is not in the table")
        if name in ids:
            raise BatchError(f"column '{name}' is a question; only other columns can be kept")
    for name in names:
        if name not in ids and name not in keep:
            raise BatchError(
                f"column '{name}' is not a question of questionnaire '{questionnaire.id}' "
                "(keep it with --keep, or remove it)"
            )


def _all_hold(
    columns: dict[str, _Column], conditions: tuple[CompiledCondition, ...], n: int
) -> np.ndarray:
    mask = columns[conditions[0].question_id].holds(conditions[0])
    for condition in conditions[1:]:
        mask = mask & columns[condition.question_id].holds(condition)
    return mask


def _row_errors(
    columns: dict[str, _Column], questionnaire: Questionnaire, n: int, complete: bool
) -> tuple[np.ndarray, list[str]]:
    """The first problem of each row, in questionnaire order, as an index into the messages.

    Index 0 (the message "") means the row is good.
    """
    messages: list[str] = [""]
    first = np.zeros(n, dtype=np.int32)  # index into messages; 0 means no problem yet

    def report(rows: np.ndarray, message_ids: np.ndarray | int) -> None:
        new = rows & (first == 0)
        if new.any():
            first[new] = message_ids[new] if isinstance(message_ids, np.ndarray) else message_ids

    def message(text: str) -> int:
        messages.append(text)
        return len(messages) - 1

    visible: dict[str, np.ndarray | None] = {}  # None: shown on every row
    for question in questionnaire.questions:
        column = columns[question.id]
        problems = [c.error for c in column.cells]
        if any(problems):
            ids = np.array([message(p) if p else 0 for p in problems] + [0], dtype=np.int32)
            report(column.per_row(p is not None for p in problems), ids[column.codes])
        shown: np.ndarray | None = None
        for condition in question.visible_if:
            source_shown = visible[condition.question]
            mask = columns[condition.question].shows(condition.any_of)
            if source_shown is not None:
                mask = mask & source_shown
            shown = mask if shown is None else shown & mask
        visible[question.id] = shown
        if shown is not None:
            hidden = f"question '{question.id}': answered, but hidden by the earlier answers"
            report(column.answered() & ~shown, message(hidden))
        if complete and question.required:
            missing = ~column.answered() if shown is None else shown & ~column.answered()
            report(missing, message(f"question '{question.id}': a required answer is missing"))
    return first, messages
