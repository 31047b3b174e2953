"""Scoring: answers in, an assessment out; pure, with no Streamlit or storage import.

`assess` takes no language; `localize(assessment, lang)` puts its texts in a language.
"""

from scoring.engine import assess, assess_safety
from scoring.localize import localize
from scoring.model import (
    PATH_IDS,
    Assessment,
    Caution,
    Clarity,
    CrisisLevel,
    Driver,
    Lead,
    LineKind,
    PathDescription,
    PathId,
    PathScore,
    SafetyLevel,
    SafetyResult,
)
from scoring.rules import RuleSet, load_rules, rules_fingerprint

__all__ = [
    "PATH_IDS",
    "Assessment",
    "Caution",
    "Clarity",
    "CrisisLevel",
    "Driver",
    "Lead",
    "LineKind",
    "PathDescription",
    "PathId",
    "PathScore",
    "RuleSet",
    "SafetyLevel",
    "SafetyResult",
    "assess",
    "assess_safety",
    "localize",
    "load_rules",
    "rules_fingerprint",
]
