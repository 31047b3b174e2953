"""The questionnaire as data: its content files, the models that validate them, and answers."""

from questionnaire.answers import (
    Answers,
    AnswersError,
    declined,
    drop_hidden,
    parse_answers,
    scorable,
    validate_answers,
)
from questionnaire.loader import ContentError, default_questionnaire, load_questionnaire
from questionnaire.schema import Option, Question, Questionnaire, QuestionType, Section

__all__ = [
    "Answers",
    "AnswersError",
    "ContentError",
    "Option",
    "Question",
    "QuestionType",
    "Questionnaire",
    "Section",
    "declined",
    "default_questionnaire",
    "drop_hidden",
    "load_questionnaire",
    "parse_answers",
    "scorable",
    "validate_answers",
]
