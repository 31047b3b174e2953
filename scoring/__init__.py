"""Scoring: answers in, an assessment out; pure, with no Streamlit or storage import."""

from scoring.engine import assess
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
    "load_rules",
    "rules_fingerprint",
]
