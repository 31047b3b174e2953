"""The answers and the assessment together as one JSON document."""

from __future__ import annotations

import json
from datetime import date

from scoring.model import Assessment


def to_json(values: dict, assessment: Assessment, created: date, lang: str = "en") -> str:
    """Ids and scores as scored, whatever the language; `language` names the one the texts
    inside the assessment were shown in."""
    document = {
        "language": lang,
        "questionnaire": {
            "id": assessment.questionnaire_id,
            "version": assessment.questionnaire_version,
        },
        "created": created.isoformat(),
        "answers": values,
        "assessment": assessment.model_dump(mode="json"),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
