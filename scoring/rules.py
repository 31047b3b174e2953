"""The scoring content as data: rules, path descriptions and safety, validated when loaded."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from questionnaire.loader import ContentError, default_questionnaire, load_model
from questionnaire.schema import PREFER_NOT, Question, Questionnaire, QuestionType
from scoring.model import PATH_IDS, LineKind, PathDescription, PathId

RULES_DIR = Path(__file__).parent
DEFAULT_RULES = RULES_DIR / "rules.yaml"

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# Weights are multiples of a quarter point: sums of them are exact in floating point, so the
# single scorer and the batch scorer add up to the very same numbers, in any order.
WEIGHT_STEP = 0.25
MAX_WEIGHT = 20.0


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _WithConditions(_Strict):
    @model_validator(mode="before")
    @classmethod
    def _when_shorthand(cls, data: Any) -> Any:
        """Allow `when: {question: x, any_of: [...]}` for the common single condition."""
        if isinstance(data, dict) and isinstance(data.get("when"), dict):
            data = {**data, "when": [data["when"]]}
        return data


class Condition(_Strict):
    """Holds when the answer to `question` is one of `any_of`.

    For a multiple choice, it holds when at least `min_count` of the chosen options are in
    `any_of` (default 1); without `any_of`, every option but "none of these" counts.
    `none_of` is the opposite: it holds when the question is unanswered, or answered with
    none of the options listed.
    """

    question: Identifier
    any_of: list[Identifier] | None = Field(default=None, min_length=1)
    min_count: int | None = Field(default=None, ge=1)
    none_of: list[Identifier] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _says_something(self) -> Condition:
        if self.none_of is not None:
            if self.any_of is not None or self.min_count is not None:
                raise ValueError("'none_of' cannot be combined with 'any_of' or 'min_count'")
        elif self.any_of is None and self.min_count is None:
            raise ValueError("a condition needs 'any_of', 'min_count' or 'none_of'")
        return self


class Rule(_WithConditions):
    """When every condition holds, add `weight` points to `path`, for the reason given."""

    id: Identifier
    when: list[Condition] = Field(min_length=1)
    path: PathId
    weight: float
    decisive: bool = False
    rationale: Text
    # Shown instead of `rationale` when safety is a concern, where the usual reason would
    # suggest agreeing things with the partner (only needed for space and let_go rules).
    rationale_when_unsafe: Text | None = None

    @model_validator(mode="after")
    def _weight_is_sound(self) -> Rule:
        if self.weight == 0:
            raise ValueError("weight 0 does nothing; remove the rule or give it a weight")
        if abs(self.weight) > MAX_WEIGHT:
            raise ValueError(f"weight {self.weight} is beyond the limit of {MAX_WEIGHT}")
        if (self.weight / WEIGHT_STEP) != int(self.weight / WEIGHT_STEP):
            raise ValueError(f"weight {self.weight} is not a multiple of {WEIGHT_STEP}")
        if self.decisive and self.weight < 0:
            raise ValueError("a decisive rule must point toward its path (a positive weight)")
        return self


class CautionRule(_WithConditions):
    """A tactic that tends to backfire, shown when its conditions hold."""

    id: Identifier
    when: list[Condition] = Field(min_length=1)
    label: Text
    why_it_backfires: Text
    instead: Text
    # Under a safety sign the person may be afraid of their partner: these replace the usual
    # words, which assume a partner who feels pressed, and advice that needs a joint talk.
    label_when_unsafe: Text | None = None
    why_when_unsafe: Text | None = None
    instead_when_unsafe: Text | None = None


class Gate(_WithConditions):
    """A path that needs something the answers rule out is never suggested while `when`
    holds, whatever it scores; `reason` says why, kindly."""

    id: Identifier
    path: PathId
    when: list[Condition] = Field(min_length=1)
    reason: Text


class Tension(_WithConditions):
    """Two answers that pull against each other: named for the person to check, and the
    result is then said to be less clear-cut."""

    id: Identifier
    when: list[Condition] = Field(min_length=2)
    text: Text


class EnoughAnswered(_Strict):
    """A path is suggested only when at least `at_least` of these questions are answered."""

    questions: list[Identifier] = Field(min_length=1)
    at_least: int = Field(ge=1)
    next_steps: list[Text] = Field(min_length=1)

    @model_validator(mode="after")
    def _reachable(self) -> EnoughAnswered:
        if self.at_least > len(self.questions):
            raise ValueError(
                f"at_least {self.at_least} is more than the {len(self.questions)} questions listed"
            )
        return self


class ClarityTexts(_Strict):
    clear: Text
    leaning: Text
    close_call: Text
    decisive: Text
    not_enough: Text
    # Shown when the result leads with support (a safety sign or a crisis), in place of any
    # claim about how clear-cut a path is.
    support_first: Text


class ClaritySettings(_Strict):
    """Margins (in points) from which a result counts as clear, or as leaning one way."""

    clear_margin: float = Field(gt=0)
    leaning_margin: float = Field(gt=0)
    texts: ClarityTexts

    @model_validator(mode="after")
    def _ordered(self) -> ClaritySettings:
        if self.leaning_margin >= self.clear_margin:
            raise ValueError("leaning_margin must be smaller than clear_margin")
        return self


class LeanBand(_Strict):
    """Scores below `below` (or any score, for the last band) lean to a path in `words`."""

    below: float | None = None
    words: Text


class RulesFile(_Strict):
    """The top of `rules.yaml`."""

    questionnaire: Identifier
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    paths_file: str = "paths.yaml"
    safety_file: str = "safety.yaml"
    values_file: str = "values.yaml"
    max_drivers: int = Field(default=5, ge=1, le=20)
    enough_answered: EnoughAnswered
    clarity: ClaritySettings
    lean_words: list[LeanBand] = Field(min_length=2)
    rules: list[Rule] = Field(min_length=1)
    gates: list[Gate] = Field(default_factory=list)
    tensions: list[Tension] = Field(default_factory=list)
    cautions: list[CautionRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fits_questionnaire(self, info: ValidationInfo) -> RulesFile:
        questionnaire = _questionnaire_from(info)
        if self.questionnaire != questionnaire.id:
            raise ValueError(
                f"rules are for questionnaire '{self.questionnaire}', not '{questionnaire.id}'"
            )
        _unique("rule", [r.id for r in self.rules])
        _unique("gate", [g.id for g in self.gates])
        _unique("tension", [t.id for t in self.tensions])
        _unique("caution", [c.id for c in self.cautions])
        if {g.path for g in self.gates} >= set(PATH_IDS):
            raise ValueError("gates: at least one path must never be gated")
        for gate in self.gates:
            _check_conditions(f"gate '{gate.id}'", gate.when, questionnaire)
        for tension in self.tensions:
            _check_conditions(f"tension '{tension.id}'", tension.when, questionnaire)
        limits = [band.below for band in self.lean_words]
        if limits[-1] is not None or None in limits[:-1] or limits[:-1] != sorted(set(limits[:-1])):
            raise ValueError(
                "lean_words: give each band but the last a 'below' limit, rising; "
                "the last band takes every higher score"
            )
        for rule in self.rules:
            _check_conditions(f"rule '{rule.id}'", rule.when, questionnaire)
        for caution in self.cautions:
            _check_conditions(f"caution '{caution.id}'", caution.when, questionnaire)
        known = {q.id: q for q in questionnaire.questions}
        for question_id in self.enough_answered.questions:
            if question_id not in known:
                raise ValueError(f"enough_answered: unknown question '{question_id}'")
        return self


class PathText(_Strict):
    """One path described for the decision aid; all four carry the same fields."""

    path: PathId
    title: Text
    # The title under a safety concern, where the usual one would suggest negotiating.
    safety_title: Text | None = None
    summary: Text
    what_it_means: Text
    what_it_is_like: Text
    good_sides: list[Text] = Field(min_length=2)
    hard_sides: list[Text] = Field(min_length=2)
    next_steps: list[Text] = Field(min_length=2)
    # Shown instead of next_steps when safety is a concern: individual support only.
    safety_next_steps: list[Text] = Field(min_length=1)
    safety_note: Text
    # Optional wording under a safety concern, where the usual one assumes agreeing things
    # with the partner face to face (space, above all).
    safety_summary: Text | None = None
    safety_what_it_means: Text | None = None
    safety_good_sides: list[Text] | None = None
    safety_hard_sides: list[Text] | None = None

    @model_validator(mode="after")
    def _safety_lists_keep_equal_detail(self) -> PathText:
        for name in ("good_sides", "hard_sides"):
            alternative = getattr(self, f"safety_{name}")
            if alternative is not None and len(alternative) != len(getattr(self, name)):
                raise ValueError(f"safety_{name} needs as many items as {name} (equal detail)")
        return self


class PathsFile(_Strict):
    """The top of `paths.yaml`: every path, described in equal detail (the same list lengths)."""

    paths: list[PathText]

    @model_validator(mode="after")
    def _all_four_in_equal_detail(self) -> PathsFile:
        ids = [p.path for p in self.paths]
        _unique("path", ids)
        missing = [p for p in PATH_IDS if p not in ids]
        if missing:
            raise ValueError(f"path '{missing[0]}' is not described")
        for name in ("good_sides", "hard_sides", "next_steps", "safety_next_steps"):
            counts = {p.path: len(getattr(p, name)) for p in self.paths}
            if len(set(counts.values())) > 1:
                detail = ", ".join(f"{k}: {v}" for k, v in counts.items())
                raise ValueError(
                    f"every path needs the same number of {name} (equal detail); {detail}"
                )
        return self

    def ordered(self) -> list[PathText]:
        by_id = {p.path: p for p in self.paths}
        return [by_id[p] for p in PATH_IDS]


class Fit(_Strict):
    effect: Literal["helps", "mixed", "risks"]
    text: Text


class ValuesFile(_Strict):
    """The top of `values.yaml`: every option of one question, set against every path."""

    question: Identifier
    fits: dict[Identifier, dict[PathId, Fit]]

    @model_validator(mode="after")
    def _every_value_meets_every_path(self, info: ValidationInfo) -> ValuesFile:
        questionnaire = _questionnaire_from(info)
        try:
            question = questionnaire.question(self.question)
        except KeyError:
            raise ValueError(f"question: unknown question '{self.question}'") from None
        options = [o.id for o in question.options if not o.exclusive]
        for option in options:
            if option not in self.fits:
                raise ValueError(f"fits: option '{option}' of '{question.id}' is missing")
        for value, by_path in self.fits.items():
            if value not in options:
                raise ValueError(f"fits: '{value}' is not an option of '{question.id}'")
            missing = [p for p in PATH_IDS if p not in by_path]
            if missing:
                raise ValueError(f"fits: '{value}' says nothing about path '{missing[0]}'")
        return self


class SafetyRule(_WithConditions):
    """When every condition holds, safety is at least `level`; `sign` says why, in plain words.

    `{answers}` in the sign is replaced by the labels of the matching answers.
    """

    id: Identifier
    level: Literal["concern", "danger"]
    when: list[Condition] = Field(min_length=1)
    sign: Text
    # Steps fitted to this sign, added after the level's own steps.
    steps: list[Text] = Field(default_factory=list)
    # Kinds of line this sign calls for beyond the domestic abuse lines.
    lines: list[LineKind] = Field(default_factory=list)


class SafetyTexts(_Strict):
    headline: Text
    message: Text
    steps: list[Text] = Field(default_factory=list)


class CrisisRule(_WithConditions):
    """The person's own thoughts of self-harm: `now` outranks `thoughts`."""

    id: Identifier
    level: Literal["thoughts", "now"]
    when: list[Condition] = Field(min_length=1)


class CrisisSettings(_Strict):
    rules: list[CrisisRule] = Field(min_length=1)
    thoughts: SafetyTexts
    now: SafetyTexts


class OwnBehaviourRule(_WithConditions):
    """An answer showing the person's own controlling behaviour; `sign` names it plainly."""

    id: Identifier
    when: list[Condition] = Field(min_length=1)
    sign: Text


class OwnBehaviourSettings(_Strict):
    rules: list[OwnBehaviourRule] = Field(min_length=1)
    headline: Text
    message: Text
    steps: list[Text] = Field(min_length=1)


class SafetyFile(_Strict):
    """The top of `safety.yaml`: what raises the level, and what to show at each level."""

    questionnaire: Identifier
    safe_paths: list[PathId] = Field(min_length=2)
    # The screening questions; when none is answered, the result says the person skipped them.
    screening_questions: list[Identifier] = Field(min_length=1)
    rules: list[SafetyRule] = Field(min_length=1)
    none: SafetyTexts
    none_unanswered: SafetyTexts
    none_declined: SafetyTexts
    concern: SafetyTexts
    danger: SafetyTexts
    safety_plan: Text
    crisis: CrisisSettings
    own_behaviour: OwnBehaviourSettings

    @model_validator(mode="after")
    def _fits_questionnaire(self, info: ValidationInfo) -> SafetyFile:
        questionnaire = _questionnaire_from(info)
        if self.questionnaire != questionnaire.id:
            raise ValueError(
                f"safety rules are for questionnaire '{self.questionnaire}', "
                f"not '{questionnaire.id}'"
            )
        _unique("rule", [r.id for r in self.rules])
        _unique("crisis rule", [r.id for r in self.crisis.rules])
        _unique("own_behaviour rule", [r.id for r in self.own_behaviour.rules])
        _unique("safe path", list(self.safe_paths))
        for rule in self.rules:
            _check_conditions(f"rule '{rule.id}'", rule.when, questionnaire)
        for rule in self.crisis.rules:
            _check_conditions(f"crisis rule '{rule.id}'", rule.when, questionnaire)
        for rule in self.own_behaviour.rules:
            _check_conditions(f"own_behaviour rule '{rule.id}'", rule.when, questionnaire)
        known = {q.id for q in questionnaire.questions}
        for question_id in self.screening_questions:
            if question_id not in known:
                raise ValueError(f"screening_questions: unknown question '{question_id}'")
        for path in ("talk", "counseling"):
            if path in self.safe_paths:
                raise ValueError(
                    f"safe_paths: '{path}' needs the partner's joint involvement and "
                    "cannot be suggested when safety is a concern"
                )
        if not self.danger.steps or not self.concern.steps:
            raise ValueError("concern and danger both need steps")
        return self


def _questionnaire_from(info: ValidationInfo) -> Questionnaire:
    questionnaire = (info.context or {}).get("questionnaire")
    if questionnaire is None:
        raise ValueError("rules can only be checked against a questionnaire")
    return questionnaire


def _unique(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{kind} '{item}': duplicate id")
        seen.add(item)


def _check_conditions(where: str, conditions: list[Condition], q: Questionnaire) -> None:
    for condition in conditions:
        try:
            question = q.question(condition.question)
        except KeyError:
            raise ValueError(f"{where}: unknown question '{condition.question}'") from None
        if question.type is QuestionType.FREE_TEXT:
            raise ValueError(f"{where}: cannot score free-text question '{question.id}'")
        for option_id in condition.any_of or condition.none_of or []:
            if option_id == PREFER_NOT:
                raise ValueError(
                    f"{where}: '{PREFER_NOT}' counts as unanswered and cannot be scored"
                )
            if option_id not in question.option_ids:
                raise ValueError(
                    f"{where}: '{option_id}' is not an option of question '{question.id}'"
                )
        if condition.min_count is not None:
            if question.type is not QuestionType.MULTI_CHOICE:
                raise ValueError(
                    f"{where}: min_count only fits a multiple choice, not '{question.id}'"
                )
            pool = condition.any_of or [o.id for o in question.options if not o.exclusive]
            if condition.min_count > len(pool):
                raise ValueError(
                    f"{where}: min_count {condition.min_count} can never hold for "
                    f"'{question.id}' ({len(pool)} options to choose from)"
                )


# --- the loaded, compiled rule set --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CompiledCondition:
    """A condition ready to test: the options that count, and how many must be chosen.

    A negated condition (`none_of`) holds exactly when the positive one would not.
    """

    question_id: str
    pool: frozenset[str]
    min_count: int
    multi: bool
    negated: bool = False

    def holds(self, value: Any) -> bool:
        if value is None:
            found = False
        elif isinstance(value, str):
            found = self.min_count == 1 and value in self.pool
        else:
            found = len(self.pool.intersection(value)) >= self.min_count
        return found is not self.negated

    def matched(self, value: Any) -> list[str]:
        """The chosen options that made the condition hold, in the order given."""
        if self.negated or value is None:
            return []
        if isinstance(value, str):
            return [value]
        return [v for v in value if v in self.pool]


def compile_condition(condition: Condition, questionnaire: Questionnaire) -> CompiledCondition:
    question: Question = questionnaire.question(condition.question)
    multi = question.type is QuestionType.MULTI_CHOICE
    if condition.none_of is not None:
        return CompiledCondition(condition.question, frozenset(condition.none_of), 1, multi, True)
    pool = condition.any_of or [o.id for o in question.options if not o.exclusive]
    return CompiledCondition(condition.question, frozenset(pool), condition.min_count or 1, multi)


@dataclass(frozen=True, eq=False)
class RuleSet:
    """Everything scoring needs, validated against one questionnaire, with a fingerprint."""

    rules_file: RulesFile
    paths_file: PathsFile
    safety_file: SafetyFile
    values_file: ValuesFile
    questionnaire_id: str
    fingerprint: str
    source: str

    # Compiled forms, built once at load so that each assessment is cheap.
    rule_conditions: tuple[tuple[CompiledCondition, ...], ...] = ()
    caution_conditions: tuple[tuple[CompiledCondition, ...], ...] = ()
    gate_conditions: tuple[tuple[CompiledCondition, ...], ...] = ()
    tension_conditions: tuple[tuple[CompiledCondition, ...], ...] = ()
    safety_conditions: tuple[tuple[CompiledCondition, ...], ...] = ()
    crisis_conditions: tuple[tuple[CompiledCondition, ...], ...] = ()
    own_behaviour_conditions: tuple[tuple[CompiledCondition, ...], ...] = ()
    descriptions: tuple[PathDescription, ...] = ()
    safety_descriptions: tuple[PathDescription, ...] = ()
    # Rules with one condition on a single-valued question, looked up by the answer given
    # (question -> option -> rule indices); every other rule is checked in full.
    single_index: dict[str, dict[str, tuple[int, ...]]] = field(default_factory=dict)
    other_rules: tuple[int, ...] = ()

    @property
    def rules(self) -> list[Rule]:
        return self.rules_file.rules

    @property
    def cautions(self) -> list[CautionRule]:
        return self.rules_file.cautions

    @property
    def safety(self) -> SafetyFile:
        return self.safety_file

    def title(self, path: PathId, *, safety: bool = False) -> str:
        text = self.path_text(path)
        return (text.safety_title or text.title) if safety else text.title

    def lean(self, score: float) -> str:
        """How strongly a score leans to its path, in words."""
        bands = self.rules_file.lean_words
        return next((b.words for b in bands if b.below is not None and score < b.below),
                    bands[-1].words)

    def path_text(self, path: PathId) -> PathText:
        return next(p for p in self.paths_file.paths if p.path == path)


def _fingerprint(*models: BaseModel) -> str:
    canonical = json.dumps(
        [m.model_dump(mode="json") for m in models], sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _describe(text: PathText, *, safety: bool) -> PathDescription:
    def pick(name: str):
        alternative = getattr(text, f"safety_{name}") if safety else None
        return alternative if alternative is not None else getattr(text, name)

    return PathDescription(
        path=text.path,
        title=pick("title"),
        summary=pick("summary"),
        what_it_means=pick("what_it_means"),
        what_it_is_like=text.what_it_is_like,
        good_sides=list(pick("good_sides")),
        hard_sides=list(pick("hard_sides")),
        next_steps=list(pick("next_steps")),
        safety_note=text.safety_note if safety else None,
    )


def build_rule_set(
    rules_file: RulesFile,
    paths_file: PathsFile,
    safety_file: SafetyFile,
    values_file: ValuesFile,
    questionnaire: Questionnaire,
    source: str = "<memory>",
) -> RuleSet:
    """Compile validated content into a RuleSet (used by `load_rules` and by tests)."""

    def compiled(conditions: list[Condition]) -> tuple[CompiledCondition, ...]:
        return tuple(compile_condition(c, questionnaire) for c in conditions)

    ordered = paths_file.ordered()
    rule_conditions = tuple(compiled(r.when) for r in rules_file.rules)
    index: dict[str, dict[str, list[int]]] = {}
    others: list[int] = []
    for i, conditions in enumerate(rule_conditions):
        if len(conditions) == 1 and not conditions[0].multi and not conditions[0].negated:
            by_option = index.setdefault(conditions[0].question_id, {})
            for option in sorted(conditions[0].pool):
                by_option.setdefault(option, []).append(i)
        else:
            others.append(i)
    return RuleSet(
        rules_file=rules_file,
        paths_file=paths_file,
        safety_file=safety_file,
        values_file=values_file,
        questionnaire_id=questionnaire.id,
        fingerprint=_fingerprint(rules_file, paths_file, safety_file, values_file),
        source=source,
        rule_conditions=rule_conditions,
        caution_conditions=tuple(compiled(c.when) for c in rules_file.cautions),
        gate_conditions=tuple(compiled(g.when) for g in rules_file.gates),
        tension_conditions=tuple(compiled(t.when) for t in rules_file.tensions),
        safety_conditions=tuple(compiled(r.when) for r in safety_file.rules),
        crisis_conditions=tuple(compiled(r.when) for r in safety_file.crisis.rules),
        own_behaviour_conditions=tuple(
            compiled(r.when) for r in safety_file.own_behaviour.rules
        ),
        descriptions=tuple(_describe(p, safety=False) for p in ordered),
        safety_descriptions=tuple(_describe(p, safety=True) for p in ordered),
        single_index={
            q: {o: tuple(ids) for o, ids in by_option.items()} for q, by_option in index.items()
        },
        other_rules=tuple(others),
    )


def load_rules(
    path: Path | str | None = None, questionnaire: Questionnaire | None = None
) -> RuleSet:
    """Load and validate rules.yaml (and the paths and safety files it names).

    Without arguments, the shipped rules for the shipped questionnaire, parsed once per
    process. Any fault raises ContentError: one line naming the file and the item.
    """
    if path is None and questionnaire is None:
        return _default_rules()
    questionnaire = questionnaire or default_questionnaire("en")
    return _load(Path(path) if path is not None else DEFAULT_RULES, questionnaire)


@lru_cache(maxsize=1)
def _default_rules() -> RuleSet:
    return _load(DEFAULT_RULES, default_questionnaire("en"))


def _load(path: Path, questionnaire: Questionnaire) -> RuleSet:
    context = {"questionnaire": questionnaire}
    rules_file = load_model(path, RulesFile, context)
    paths_file = load_model(_sibling(path, rules_file.paths_file, "paths_file"), PathsFile)
    safety_file = load_model(
        _sibling(path, rules_file.safety_file, "safety_file"), SafetyFile, context
    )
    values_file = load_model(
        _sibling(path, rules_file.values_file, "values_file"), ValuesFile, context
    )
    return build_rule_set(
        rules_file, paths_file, safety_file, values_file, questionnaire, source=str(path)
    )


def _sibling(rules_path: Path, name: str, field: str) -> Path:
    sibling = rules_path.parent / name
    if not sibling.is_file():
        raise ContentError(f"{rules_path}: field '{field}': no such file '{sibling}'")
    return sibling


def rules_fingerprint(rules: RuleSet | None = None) -> str:
    """A short hash of the rules, path texts and safety content, stored with every result."""
    return (rules or load_rules()).fingerprint
