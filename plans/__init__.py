"""Plans for the path a person chooses: content as data, its models, loader and check command."""

from plans.loader import (
    default_plan,
    default_where_to_look,
    load_plan,
    load_where_to_look,
)
from plans.schema import Block, Choice, Place, Plan, Prompt, PromptKind, WhereToLook

__all__ = [
    "Block",
    "Choice",
    "Place",
    "Plan",
    "Prompt",
    "PromptKind",
    "WhereToLook",
    "default_plan",
    "default_where_to_look",
    "load_plan",
    "load_where_to_look",
]
