"""The scoring function: one person's answers in, an explainable Assessment out.

How a result is reached (the batch scorer in `scoring/batch.py` does exactly the same, for
many responses at once, and the tests hold the two to agreeing):

0. A "Prefer not to say" answer is read as no answer at all.
1. Every rule in rules.yaml whose conditions hold adds its weight to its path's score.
2. Safety (safety.yaml) is evaluated on whatever was answered: the partner's behaviour gives
   danger, concern or none; the person's own thoughts of self-harm give a crisis level; the
   person's own controlling behaviour is noted with help of its own.
3. What the result leads with (`Lead`): a crisis first, then a safety sign (concern or
   danger), then too little answered, and only otherwise a suggested path. Under a crisis or
   a safety sign nothing is recommended and no clarity is claimed: the result is support for
   the person, and the four paths follow as context. Under a safety sign, talk and counseling
   (which need a joint session or a face-to-face talk) are marked as set aside, every path is
   shown in its safety wording, and reasons and cautions use their `*_when_unsafe` wording.
4. Otherwise, if a decisive rule holds, its path is recommended (clarity "decisive"); else
   the highest score wins, ties going to the earlier path in the decision process (talk,
   space, counseling, let_go). The runner-up is the best other path, and the margin is the
   difference between their scores (negative only where a decisive rule overrides a higher
   score).
5. With too few key questions answered (see `enough_answered` in rules.yaml), nothing is
   recommended: `clarity_text` says so, while scores, drivers and safety still show how the
   answers lean so far.
"""

from __future__ import annotations

from typing import Any

from questionnaire.answers import Answers, declined, scorable
from questionnaire.loader import default_questionnaire
from questionnaire.schema import Questionnaire
from scoring.model import (
    PATH_IDS,
    AnswerRef,
    Assessment,
    Caution,
    Clarity,
    CrisisLevel,
    CrisisResult,
    Driver,
    FiredSign,
    Lead,
    LineKind,
    OwnBehaviourResult,
    PathFit,
    PathId,
    PathScore,
    RuledOut,
    SafetyLevel,
    SafetyResult,
    ValueFit,
)
from scoring.rules import CautionRule, CompiledCondition, RuleSet, load_rules

_LEVEL_RANK = {"concern": 1, "danger": 2}
_RANK_LEVEL = (SafetyLevel.NONE, SafetyLevel.CONCERN, SafetyLevel.DANGER)
_CRISIS_RANK = {"thoughts": 1, "now": 2}
_LESS_SURE = {
    Clarity.DECISIVE: Clarity.LEANING,
    Clarity.CLEAR: Clarity.LEANING,
    Clarity.LEANING: Clarity.CLOSE_CALL,
    Clarity.CLOSE_CALL: Clarity.CLOSE_CALL,
}
_RANK_CRISIS = (CrisisLevel.NONE, CrisisLevel.THOUGHTS, CrisisLevel.NOW)


class _Outcome:
    """The numbers behind an assessment, before any text is attached."""

    __slots__ = (
        "scores",
        "fired",
        "safety_fired",
        "level",
        "crisis",
        "declined",
        "own_fired",
        "lead",
        "allowed",
        "recommended",
        "runner_up",
        "margin",
        "clarity",
        "decisive_rule",
        "enough",
        "gates_fired",
        "tensions_fired",
    )


def _holds(conditions: tuple[CompiledCondition, ...], values: dict[str, Any]) -> bool:
    return all(condition.holds(values.get(condition.question_id)) for condition in conditions)


def _answered(value: Any) -> bool:
    return value is not None and value != "" and value != []


def evaluate(values: dict[str, Any], rules: RuleSet) -> _Outcome:
    """Scores, safety level and the recommended path for a dict of answer values."""
    out = _Outcome()
    out.declined = any(declined(values.get(q)) for q in rules.safety.screening_questions)
    values = scorable(values)
    scores = dict.fromkeys(PATH_IDS, 0.0)
    fired: list[int] = []
    for question_id, by_option in rules.single_index.items():
        value = values.get(question_id)
        if value is not None:
            fired.extend(by_option.get(value, ()))
    conditions = rules.rule_conditions
    fired.extend(i for i in rules.other_rules if _holds(conditions[i], values))
    fired.sort()
    rule_list = rules.rules
    for i in fired:
        rule = rule_list[i]
        scores[rule.path] += rule.weight
    out.scores = scores
    out.fired = fired

    safety_rules = rules.safety.rules
    out.safety_fired = [
        i for i, conditions in enumerate(rules.safety_conditions) if _holds(conditions, values)
    ]
    rank = max((_LEVEL_RANK[safety_rules[i].level] for i in out.safety_fired), default=0)
    out.level = _RANK_LEVEL[rank]
    crisis_rules = rules.safety.crisis.rules
    out.crisis = _RANK_CRISIS[
        max(
            (
                _CRISIS_RANK[crisis_rules[i].level]
                for i, conditions in enumerate(rules.crisis_conditions)
                if _holds(conditions, values)
            ),
            default=0,
        )
    ]
    out.own_fired = [
        i for i, conditions in enumerate(rules.own_behaviour_conditions)
        if _holds(conditions, values)
    ]

    gates = rules.rules_file.gates
    out.gates_fired = [i for i, c in enumerate(rules.gate_conditions) if _holds(c, values)]
    gated = {gates[i].path for i in out.gates_fired}
    out.tensions_fired = [i for i, c in enumerate(rules.tension_conditions) if _holds(c, values)]
    safe = set(rules.safety.safe_paths)
    allowed = [p for p in PATH_IDS if (rank == 0 or p in safe) and p not in gated]
    out.allowed = allowed

    enough_cfg = rules.rules_file.enough_answered
    answered = sum(1 for q in enough_cfg.questions if _answered(values.get(q)))
    out.enough = answered >= enough_cfg.at_least

    decisive = [i for i in fired if rule_list[i].decisive and rule_list[i].path in allowed]
    decisive_paths = {rule_list[i].path for i in decisive}
    candidates = [p for p in allowed if p in decisive_paths] if decisive else allowed
    recommended = _first_best(candidates, scores)
    runner_up = _first_best([p for p in allowed if p != recommended], scores)
    out.margin = scores[recommended] - scores[runner_up]
    out.decisive_rule = None
    if decisive:
        # The heaviest decisive rule for the chosen path explains it (first in file on ties).
        chosen = [i for i in decisive if rule_list[i].path == recommended]
        out.decisive_rule = max(chosen, key=lambda i: (rule_list[i].weight, -i))

    if out.crisis is not CrisisLevel.NONE:
        out.lead = Lead.CRISIS
    elif rank:
        out.lead = Lead.SAFETY
    elif not out.enough:
        out.lead = Lead.NOT_ENOUGH
    else:
        out.lead = Lead.PATH
    clarity_cfg = rules.rules_file.clarity
    if out.lead is not Lead.PATH:
        out.recommended = out.runner_up = out.clarity = None
        out.margin = 0.0
    else:
        out.recommended, out.runner_up = recommended, runner_up
        if decisive:
            out.clarity = Clarity.DECISIVE
        elif out.margin >= clarity_cfg.clear_margin:
            out.clarity = Clarity.CLEAR
        elif out.margin >= clarity_cfg.leaning_margin:
            out.clarity = Clarity.LEANING
        else:
            out.clarity = Clarity.CLOSE_CALL
        if out.tensions_fired:
            # Answers that contradict each other make any verdict less sure, by one step.
            out.clarity = _LESS_SURE[out.clarity]
    return out


def _first_best(paths: list[PathId], scores: dict[PathId, float]) -> PathId:
    best = paths[0]
    for path in paths[1:]:
        if scores[path] > scores[best]:
            best = path
    return best


def assess(
    answers: Answers,
    questionnaire: Questionnaire | None = None,
    rules: RuleSet | None = None,
) -> Assessment:
    """Score one person's answers (complete or partial) and explain the result.

    Defaults to the shipped questionnaire and rules. Pure: the same answers and the same
    content always give the same Assessment, byte for byte in JSON.
    """
    questionnaire = questionnaire or default_questionnaire("en")
    rules = rules or load_rules()
    if answers.questionnaire_id != questionnaire.id:
        raise ValueError(
            f"answers are for questionnaire '{answers.questionnaire_id}', "
            f"not '{questionnaire.id}'"
        )
    if rules.questionnaire_id != questionnaire.id:
        raise ValueError(
            f"rules are for questionnaire '{rules.questionnaire_id}', not '{questionnaire.id}'"
        )
    # evaluate() reads the raw answers: it notes "Prefer not to say" before dropping it.
    out = evaluate(answers.values, rules)
    values = scorable(answers.values)
    labels = _labels_for(questionnaire)
    unsafe = out.level is not SafetyLevel.NONE

    return Assessment(
        lead=out.lead,
        recommended=out.recommended,
        enough_answered=out.enough,
        scores=[
            PathScore(
                path=p,
                title=rules.title(p, safety=unsafe),
                score=out.scores[p],
                lean=rules.lean(out.scores[p]),
            )
            for p in PATH_IDS
        ],
        runner_up=out.runner_up,
        margin=out.margin,
        clarity=out.clarity,
        decisive_rule=(
            rules.rules[out.decisive_rule].id
            if out.lead is Lead.PATH and out.decisive_rule is not None else None
        ),
        clarity_text=_clarity_text(out, rules),
        tension_ids=[rules.rules_file.tensions[i].id for i in out.tensions_fired],
        tensions=[rules.rules_file.tensions[i].text for i in out.tensions_fired],
        ruled_out=_ruled_out(out, rules) if not unsafe else [],
        drivers=_drivers(out, rules, values, labels),
        next_steps=_next_steps(out, rules),
        paths=list(rules.safety_descriptions if unsafe else rules.descriptions),
        cautions=_cautions(values, rules, unsafe),
        values=_values(values, rules, labels),
        safety=_safety(out, rules, values, labels),
        answered_count=sum(1 for v in answers.values.values() if _answered(v)),
        shown_count=len(questionnaire.visible_questions(answers.values)),
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        rules_fingerprint=rules.fingerprint,
    )


def assess_safety(
    answers: Answers,
    questionnaire: Questionnaire | None = None,
    rules: RuleSet | None = None,
) -> SafetyResult:
    """`assess(...).safety` alone, for a page that checks the safety signs on every answer:
    the same result, without working out the paths, drivers and texts of a full result."""
    questionnaire = questionnaire or default_questionnaire("en")
    rules = rules or load_rules()
    if answers.questionnaire_id != questionnaire.id or rules.questionnaire_id != questionnaire.id:
        return assess(answers, questionnaire, rules).safety  # assess names the mismatch
    out = evaluate(answers.values, rules)
    return _safety(out, rules, scorable(answers.values), _labels_for(questionnaire))


class _Labels:
    """Answer labels from one questionnaire: question id -> option id -> label."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self._table = {q.id: {o.id: o.label for o in q.options} for q in questionnaire.questions}

    def of(self, question_id: str, option_ids: list[str]) -> list[str]:
        table = self._table[question_id]
        return [table.get(o, o) for o in option_ids]

    def joined(self, answers: list[AnswerRef]) -> str:
        """The labels of chosen options, as one line."""
        return "; ".join(self._table[a.question].get(a.option, a.option) for a in answers)


def _matched(
    conditions: tuple[CompiledCondition, ...], values: dict[str, Any]
) -> list[AnswerRef]:
    """The chosen options that made the conditions hold, by id, in the conditions' order."""
    return [
        AnswerRef(question=condition.question_id, option=option)
        for condition in conditions
        for option in condition.matched(values.get(condition.question_id))
    ]


# Label tables for the last few questionnaires used. Each entry keeps its questionnaire
# alive, so an id() can never be reused while it is a key here.
_LABELS: dict[int, tuple[Questionnaire, _Labels]] = {}


def _labels_for(questionnaire: Questionnaire) -> _Labels:
    entry = _LABELS.get(id(questionnaire))
    if entry is None or entry[0] is not questionnaire:
        if len(_LABELS) >= 8:
            _LABELS.clear()
        entry = _LABELS[id(questionnaire)] = (questionnaire, _Labels(questionnaire))
    return entry[1]


def _clarity_text(out: _Outcome, rules: RuleSet) -> str:
    texts = rules.rules_file.clarity.texts
    if out.lead in (Lead.CRISIS, Lead.SAFETY):
        return texts.support_first
    if out.clarity is None:
        return texts.not_enough
    template = {
        Clarity.CLEAR: texts.clear,
        Clarity.LEANING: texts.leaning,
        Clarity.CLOSE_CALL: texts.close_call,
        Clarity.DECISIVE: texts.decisive,
    }[out.clarity]
    decisive = out.decisive_rule if out.clarity is Clarity.DECISIVE else None
    reason = rules.rules[decisive].rationale if decisive is not None else ""
    return template.format(
        recommended=rules.title(out.recommended),
        runner_up=rules.title(out.runner_up),
        reason=reason,
    )


def _ruled_out(out: _Outcome, rules: RuleSet) -> list[RuledOut]:
    """Each gated path once, with the first reason in the file's order."""
    gates: dict[PathId, Any] = {}
    for i in out.gates_fired:
        gate = rules.rules_file.gates[i]
        gates.setdefault(gate.path, gate)
    return [RuledOut(path=p, gate=g.id, reason=g.reason) for p, g in gates.items()]


def _drivers(
    out: _Outcome, rules: RuleSet, values: dict[str, Any], labels: _Labels
) -> list[Driver]:
    """The answers that moved the scores most: decisive rules first, then by size.

    Under a safety concern, only rules for the paths that stay open are listed, with their
    `rationale_when_unsafe` where they have one, so that no reason shown reads as advice to
    talk, negotiate, or go to counseling together.
    """
    allowed = set(out.allowed)
    unsafe = out.level is not SafetyLevel.NONE
    rule_list = rules.rules
    ranked = sorted(
        (i for i in out.fired if rule_list[i].path in allowed),
        key=lambda i: (not rule_list[i].decisive, -abs(rule_list[i].weight), i),
    )
    drivers = []
    for i in ranked[: rules.rules_file.max_drivers]:
        rule = rule_list[i]
        conditions = rules.rule_conditions[i]
        matched = _matched(conditions, values)
        drivers.append(
            Driver(
                rule_id=rule.id,
                question_id=conditions[0].question_id,
                answers=matched,
                answer_label=labels.joined(matched),
                path=rule.path,
                contribution=rule.weight,
                decisive=rule.decisive,
                reason=(rule.rationale_when_unsafe or rule.rationale) if unsafe else rule.rationale,
            )
        )
    return drivers


def _next_steps(out: _Outcome, rules: RuleSet) -> list[str]:
    """Under a crisis or a safety sign, the support steps (crisis first); else the path's."""
    steps: list[str] = []
    safety_steps = _safety_steps(out, rules) if out.level is not SafetyLevel.NONE else []
    if out.level is SafetyLevel.DANGER:
        # The emergency number first, even before the crisis lines: both dangers are real.
        steps, safety_steps = safety_steps[:1], safety_steps[1:]
    if out.crisis is not CrisisLevel.NONE:
        crisis = rules.safety.crisis
        steps += (crisis.now if out.crisis is CrisisLevel.NOW else crisis.thoughts).steps
    steps += safety_steps
    if steps:
        return list(dict.fromkeys(steps))
    if out.recommended is None:
        return list(rules.rules_file.enough_answered.next_steps)
    return list(rules.path_text(out.recommended).next_steps)


def _safety_steps(out: _Outcome, rules: RuleSet) -> list[str]:
    """The level's steps, with the steps fitted to each sign after its first one."""
    safety = rules.safety
    texts = safety.danger if out.level is SafetyLevel.DANGER else safety.concern
    fitted = [step for i in out.safety_fired for step in safety.rules[i].steps]
    # Steps fitted to what happened come right after the first, most urgent one.
    return list(dict.fromkeys([*texts.steps[:1], *fitted, *texts.steps[1:]]))


def _cautions(values: dict[str, Any], rules: RuleSet, unsafe: bool) -> list[Caution]:
    return [
        _caution(caution, unsafe)
        for caution, conditions in zip(rules.cautions, rules.caution_conditions, strict=True)
        if _holds(conditions, values)
    ]


def _caution(caution: CautionRule, unsafe: bool) -> Caution:
    """One caution in its words, the safety wording under a safety sign."""
    why, instead = caution.why_it_backfires, caution.instead
    if unsafe:
        why = caution.why_when_unsafe or why
        instead = caution.instead_when_unsafe or instead
    return Caution(
        tactic=caution.id,
        label=caution.label_when_unsafe if unsafe and caution.label_when_unsafe
        else caution.label,
        why_it_backfires=why,
        instead=instead,
    )


def _values(values: dict[str, Any], rules: RuleSet, labels: _Labels) -> list[ValueFit]:
    """What the person chose as mattering most, each set against every path."""
    table = rules.values_file
    chosen = values.get(table.question) or []
    return [
        ValueFit(
            value=value,
            label=labels.of(table.question, [value])[0],
            fits=[
                PathFit(path=p, effect=table.fits[value][p].effect, text=table.fits[value][p].text)
                for p in PATH_IDS
            ],
        )
        for value in chosen
        if value in table.fits
    ]


def _safety(
    out: _Outcome, rules: RuleSet, values: dict[str, Any], labels: _Labels
) -> SafetyResult:
    safety = rules.safety
    fired = [
        FiredSign(
            rule=safety.rules[i].id,
            answers=_matched(rules.safety_conditions[i], values)
            if "{answers}" in safety.rules[i].sign else [],
        )
        for i in out.safety_fired
    ]
    unsafe = out.level is not SafetyLevel.NONE
    if out.level is SafetyLevel.DANGER:
        wording = "danger"
    elif out.level is SafetyLevel.CONCERN:
        wording = "concern"
    elif out.declined:
        wording = "none_declined"
    elif not any(_answered(values.get(q)) for q in safety.screening_questions):
        wording = "none_unanswered"
    else:
        wording = "none"
    texts = getattr(safety, wording)
    return SafetyResult(
        level=out.level,
        fired=fired,
        wording=wording,
        signs=_signs(fired, rules, labels),
        headline=texts.headline,
        message=texts.message,
        steps=_safety_steps(out, rules) if unsafe else [],
        safety_plan=safety.safety_plan if unsafe else None,
        paths_set_aside=[p for p in PATH_IDS if p not in safety.safe_paths] if unsafe else [],
        declined=out.declined,
        crisis=_crisis(out, rules),
        own_behaviour=_own_behaviour(out, rules),
        line_kinds=_line_kinds(out, rules),
        emergency_first=out.level is SafetyLevel.DANGER or out.crisis is CrisisLevel.NOW,
    )


def _signs(fired: list[FiredSign], rules: RuleSet, labels: _Labels) -> list[str]:
    """The signs in words, each once, with `{answers}` filled from the answers by id."""
    by_id = {rule.id: rule for rule in rules.safety.rules}
    signs: list[str] = []
    for one in fired:
        sign = by_id[one.rule].sign
        if "{answers}" in sign:
            sign = sign.replace("{answers}", labels.joined(one.answers))
        if sign not in signs:
            signs.append(sign)
    return signs


def _crisis(out: _Outcome, rules: RuleSet) -> CrisisResult | None:
    if out.crisis is CrisisLevel.NONE:
        return None
    crisis = rules.safety.crisis
    texts = crisis.now if out.crisis is CrisisLevel.NOW else crisis.thoughts
    return CrisisResult(
        level=out.crisis, headline=texts.headline, message=texts.message, steps=list(texts.steps)
    )


def _own_behaviour(out: _Outcome, rules: RuleSet) -> OwnBehaviourResult | None:
    if not out.own_fired:
        return None
    own = rules.safety.own_behaviour
    return OwnBehaviourResult(
        rules=[own.rules[i].id for i in out.own_fired],
        signs=[own.rules[i].sign for i in out.own_fired],
        headline=own.headline,
        message=own.message,
        steps=list(own.steps),
    )


def _line_kinds(out: _Outcome, rules: RuleSet) -> list[LineKind]:
    """The kinds of line the answers call for, most needed first.

    Crisis lines lead for the person's own thoughts of self-harm; domestic abuse lines lead
    under a safety sign; every result keeps the abuse lines, shown quietly where no sign is.
    """
    kinds: list[LineKind] = []
    if out.crisis is not CrisisLevel.NONE:
        kinds.append(LineKind.CRISIS)
    kinds.append(LineKind.ABUSE)
    for i in out.safety_fired:
        kinds.extend(rules.safety.rules[i].lines)
    if out.own_fired:
        kinds.append(LineKind.OWN_BEHAVIOUR)
    return list(dict.fromkeys(kinds))
