"""Every text a person reads is plain: Flesch-Kincaid grade 8 or below.

A text of 100 words or more is judged on its own; shorter texts are pooled by kind (all the
rationales, all the option labels...), since a formula means little on one short sentence.
A failure lists the block's hardest sentences, so the fix is plain to see.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
import textstat

from plans import default_plan, default_where_to_look
from questionnaire import default_questionnaire
from scoring import load_rules
from scoring.helplines import load_helplines
from scoring.sources import load_sources

MAX_GRADE = 8.0
LONG = 100  # words: a block this long is judged on its own


def _texts() -> dict[str, list[str]]:
    """Every text a person reads, by kind."""
    kinds: dict[str, list[str]] = defaultdict(list)
    questionnaire = default_questionnaire()
    for section in questionnaire.sections:
        kinds["section"] += [t for t in (section.title, section.intro, section.skip_note) if t]
        for question in section.questions:
            kinds["question"] += [t for t in (question.text, question.help) if t]
            kinds["option"] += [o.label for o in question.options]
    rules = load_rules()
    kinds["rationale"] += [r.rationale for r in rules.rules]
    kinds["rationale"] += [r.rationale_when_unsafe for r in rules.rules if r.rationale_when_unsafe]
    texts = rules.rules_file.clarity.texts
    kinds["clarity"] += [
        texts.clear, texts.leaning, texts.close_call, texts.decisive, texts.not_enough,
        texts.support_first,
    ]
    kinds["gate and tension"] += [g.reason for g in rules.rules_file.gates]
    kinds["gate and tension"] += [t.text for t in rules.rules_file.tensions]
    kinds["next step"] += rules.rules_file.enough_answered.next_steps
    for caution in rules.cautions:
        kinds["caution"] += [
            t for t in (
                caution.label, caution.why_it_backfires, caution.instead,
                caution.label_when_unsafe, caution.why_when_unsafe, caution.instead_when_unsafe,
            ) if t
        ]
    for path in rules.paths_file.paths:
        for name, value in path:
            if isinstance(value, str) and name != "path":
                (kinds["path"] if len(value.split()) < LONG else kinds[f"path {path.path}"]
                 ).append(value)
            elif isinstance(value, list):
                kinds["path"] += value
    safety = rules.safety
    kinds["safety"] += [r.sign for r in safety.rules] + [s for r in safety.rules for s in r.steps]
    for texts in (safety.none, safety.none_unanswered, safety.none_declined, safety.concern,
                  safety.danger, safety.crisis.thoughts, safety.crisis.now):
        kinds["safety"] += [texts.headline, texts.message, *texts.steps]
    own = safety.own_behaviour
    kinds["safety"] += [own.headline, own.message, *own.steps, *(r.sign for r in own.rules)]
    kinds["safety plan"].append(safety.safety_plan)
    for by_path in rules.values_file.fits.values():
        kinds["values"] += [fit.text for fit in by_path.values()]
    sources = load_sources()
    kinds["sources"] += [sources.decision, sources.how_it_works, *sources.limits,
                         sources.who_made_it, sources.update_policy]
    kinds["sources"] += [t for e in sources.evidence for t in (e.idea, e.used_for)]
    for country in load_helplines().countries:
        kinds["helplines"] += [line.note for line in country.lines if line.note]
    for path_id in ("talk", "space", "counseling", "let_go"):
        kinds[f"plan {path_id}"] += _plan_texts(default_plan(path_id))
    where = default_where_to_look()
    kinds["where to look"] += [
        place.what for kind in (where.counseling, where.separation)
        for places in kind.values() for place in places if place.checked
    ]
    return kinds


def _plan_texts(plan) -> list[str]:
    """Every text of a plan a person reads: screens, prompts, choices, tips, reasons, sources."""
    texts = [plan.title, plan.intro, plan.output_intro, *(s.text for s in plan.sources)]
    for block in plan.blocks:
        texts += [block.title, *([block.intro] if block.intro else []),
                  *(tip.text for tip in block.tips)]
        for prompt in block.prompts:
            texts += [t for t in (prompt.text, prompt.help, prompt.placeholder) if t]
            texts += [c.label for c in prompt.choices] + [c.note for c in prompt.choices if c.note]
            texts += [r.why for r in (prompt.range, prompt.dates) if r and r.why]
    return texts


def _blocks() -> list[tuple[str, str]]:
    blocks = []
    for kind, texts in _texts().items():
        short = [t for t in texts if len(t.split()) < LONG]
        blocks += [(f"{kind} (one text)", t) for t in texts if len(t.split()) >= LONG]
        if short:
            # Each short text as its own sentence, so labels without a full stop still count.
            pooled = " ".join(t if t.rstrip().endswith((".", "?", "!")) else f"{t}." for t in short)
            blocks.append((f"{kind} (pooled, {len(short)} texts)", pooled))
    return blocks


def _hardest(text: str, n: int = 5) -> list[str]:
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", text) if len(s.split()) >= 3]
    scored = sorted(sentences, key=textstat.flesch_kincaid_grade, reverse=True)
    return [f"  {textstat.flesch_kincaid_grade(s):5.1f}  {s}" for s in scored[:n]]


BLOCKS = _blocks()


@pytest.mark.parametrize(("name", "text"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_every_block_a_person_reads_is_grade_8_or_below(name, text):
    textstat.set_lang("en")
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, (
        f"{name}: Flesch-Kincaid grade {grade:.1f} (at most {MAX_GRADE}). Hardest sentences:\n"
        + "\n".join(_hardest(text))
    )


def test_the_check_can_fail():
    hard = ("Notwithstanding considerable interpersonal ambivalence, reconciliation "
            "necessitates comprehensive bidirectional communication and institutional support.")
    assert textstat.flesch_kincaid_grade(hard) > MAX_GRADE
