"""What the store promises a person, checked on SQLite and on PostgreSQL alike.

Save and resume, a wrong code that reveals nothing, a code kept only as a hash, a deletion
that leaves no row behind, two people who never see each other's answers, an export that
holds everything, and a history that reads oldest first.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from storage import Progress, Store, new_code
from storage.codes import hash_code
from tests.storage.helpers import complete_answers, every_cell, row_counts

QUESTIONNAIRE = {"questionnaire_id": "crossroads", "questionnaire_version": "1.0.0"}


def assessment_fields(version: str = "1.0.0", fingerprint: str = "rules-aaaa", **changes):
    fields = {
        "answers": {"who_wants_out": "partner_unsure"},
        "assessment": {"recommended": "talk", "drivers": [{"rule_id": "r1", "reason": "why"}]},
        "recommended": "talk",
        "scores": {"talk": 3.5, "space": 1.0, "counseling": 2.0, "let_go": 0.5},
        "questionnaire_id": "crossroads",
        "questionnaire_version": version,
        "rules_fingerprint": fingerprint,
    }
    return {**fields, **changes}


class Clock:
    """A settable UTC clock for the store's timestamps."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment


def test_answers_saved_one_by_one_come_back_with_the_step(store: Store, full_answers: dict):
    code = store.start()
    given: dict = {}
    for number, (question_id, value) in enumerate(full_answers.items()):
        given[question_id] = value
        assert store.save_progress(code, given, f"question:{question_id}", **QUESTIONNAIRE)
        if number == 10:
            half_way = store.load_progress(code)
            assert half_way is not None and half_way.values == given
    resumed = store.load_progress(code)
    assert resumed is not None
    assert resumed.values == full_answers
    # Every question a full walk can show: the questionnaire's count, not a number to update.
    assert len(resumed.values) == len(full_answers) >= 37
    assert resumed.step == "question:note_to_self"
    assert (resumed.questionnaire_id, resumed.questionnaire_version) == ("crossroads", "1.0.0")


def test_a_code_works_however_it_is_typed_back(store: Store):
    code = store.start()
    store.save_progress(code, {"who_wants_out": "both_unsure"}, "situation", **QUESTIONNAIRE)
    for typed in (code.lower(), code.replace("-", ""), code.replace("-", " "), f" {code} "):
        progress = store.load_progress(typed)
        assert progress is not None and progress.values == {"who_wants_out": "both_unsure"}


def test_a_new_code_resumes_to_an_empty_start(store: Store):
    progress = store.load_progress(store.start())
    assert progress is not None
    assert progress == Progress({}, "", None, None, progress.updated_at)
    assert progress.updated_at.tzinfo == UTC
    assert abs(progress.updated_at - datetime.now(UTC)) < timedelta(minutes=1)


def test_the_latest_save_wins_and_changed_answers_replace_old_ones(store: Store):
    code = store.start()
    store.save_progress(code, {"a": "yes", "b": ["x"]}, "s1", **QUESTIONNAIRE)
    store.save_progress(code, {"a": "no"}, "s2", **QUESTIONNAIRE)
    progress = store.load_progress(code)
    assert progress is not None and (progress.values, progress.step) == ({"a": "no"}, "s2")


def test_answers_that_are_not_json_are_refused_before_anything_is_written(store: Store):
    code = store.start()
    store.save_progress(code, {"a": "yes"}, "s1", **QUESTIONNAIRE)
    for bad in ({"a": {1, 2}}, {"a": float("nan")}, ["not", "a", "mapping"]):
        with pytest.raises(ValueError):
            store.save_progress(code, bad, "s2", **QUESTIONNAIRE)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="step"):
        store.save_progress(code, {}, "x" * 500, **QUESTIONNAIRE)
    progress = store.load_progress(code)
    assert progress is not None and progress.values == {"a": "yes"}


def _every_answer_to(store: Store, typed: str) -> tuple:
    return (
        store.load_progress(typed),
        store.history(typed),
        store.export(typed),
        store.save_progress(typed, {"a": "yes"}, "s", **QUESTIONNAIRE),
        store.record_assessment(typed, **assessment_fields()),
        store.delete(typed),
    )


WRONG = (None, None, None, False, False, False)


def test_a_wrong_code_gets_the_same_nothing_whether_or_not_records_exist(store: Store):
    unknown = new_code()
    attempts = ["", "not a code", "1234", unknown, unknown.lower(), unknown[:-1]]
    assert all(_every_answer_to(store, typed) == WRONG for typed in attempts)

    real = store.start()
    store.save_progress(real, {"a": "yes"}, "s", **QUESTIONNAIRE)
    store.record_assessment(real, **assessment_fields())
    counts = row_counts(store.database.engine)
    # A code one character off a real one is as unknown as any other.
    near = real[:-1] + ("0" if real[-1] != "0" else "1")
    for typed in [*attempts, near]:
        assert _every_answer_to(store, typed) == WRONG
    assert row_counts(store.database.engine) == counts

    store.delete(real)
    assert _every_answer_to(store, real) == WRONG


def test_the_code_is_stored_only_as_its_hash(store: Store, full_answers: dict, database_url):
    code = store.start()
    store.save_progress(code, full_answers, "end", **QUESTIONNAIRE)
    store.record_assessment(code, **assessment_fields())
    cells = every_cell(store.database.engine)
    raw = code.replace("-", "")
    for form in (code, raw, code.lower(), raw.lower(), raw[:12]):
        assert form not in cells
    assert hash_code(code) in cells
    if database_url.startswith("sqlite"):
        folder = store.database.sqlite_path.parent
        for path in folder.iterdir():
            content = path.read_bytes()
            assert code.encode() not in content and raw.encode() not in content, path.name


def _respondent_rows(store: Store, code: str) -> dict[str, int]:
    with store.database.engine.connect() as conn:
        found = conn.execute(
            text("SELECT id FROM respondents WHERE code_hash = :h"), {"h": hash_code(code)}
        ).scalar()
        return {
            "respondents": 0 if found is None else 1,
            "progress": conn.execute(
                text("SELECT count(*) FROM progress WHERE respondent_id = :i"), {"i": found}
            ).scalar(),
            "assessments": conn.execute(
                text("SELECT count(*) FROM assessments WHERE respondent_id = :i"), {"i": found}
            ).scalar(),
        }


def test_delete_removes_every_row_of_that_person_and_no_one_elses(
    store: Store, questionnaire, database_url
):
    alice, bob = store.start(), store.start()
    alice_answers = complete_answers(questionnaire, marker="alice-secret-6152")
    bob_answers = complete_answers(questionnaire, marker="bob-secret-9044")
    store.save_progress(alice, alice_answers, "end", **QUESTIONNAIRE)
    store.record_assessment(alice, **assessment_fields(answers=alice_answers))
    store.record_assessment(alice, **assessment_fields(answers=alice_answers, version="1.1.0"))
    store.save_progress(bob, bob_answers, "end", **QUESTIONNAIRE)
    store.record_assessment(bob, **assessment_fields(answers=bob_answers))
    assert _respondent_rows(store, alice) == {"respondents": 1, "progress": 1, "assessments": 2}
    before = row_counts(store.database.engine)

    assert store.delete(alice.lower()) is True

    after = row_counts(store.database.engine)
    assert _respondent_rows(store, alice) == {"respondents": 0, "progress": 0, "assessments": 0}
    assert {t: before[t] - after[t] for t in after} == {
        "respondents": 1, "progress": 1, "assessments": 2, "schema_version": 0,
        "rate_counts": 0, "plans": 0,
    }
    cells = every_cell(store.database.engine)
    assert "alice-secret-6152" not in cells and hash_code(alice) not in cells
    assert "bob-secret-9044" in cells
    assert store.load_progress(alice) is None and store.delete(alice) is False
    bob_progress = store.load_progress(bob)
    assert bob_progress is not None and bob_progress.values == bob_answers
    if database_url.startswith("sqlite"):
        # Not even the bytes are left: secure_delete zeroes them, the WAL is truncated.
        for path in store.database.sqlite_path.parent.iterdir():
            assert b"alice-secret-6152" not in path.read_bytes(), path.name


def test_two_people_never_see_each_others_answers(store: Store, questionnaire):
    first, second = store.start(), store.start()
    first_answers = complete_answers(questionnaire, marker="first-person-1111")
    second_answers = complete_answers(questionnaire, marker="second-person-2222")
    store.save_progress(first, first_answers, "values", **QUESTIONNAIRE)
    store.save_progress(second, second_answers, "situation", **QUESTIONNAIRE)
    store.record_assessment(first, **assessment_fields(answers=first_answers, recommended="space"))

    one, two = store.load_progress(first), store.load_progress(second)
    assert one is not None and two is not None
    assert (one.values, one.step) == (first_answers, "values")
    assert (two.values, two.step) == (second_answers, "situation")
    assert [a.recommended for a in store.history(first) or []] == ["space"]
    assert store.history(second) == []
    assert "first-person-1111" not in json.dumps(store.export(second))
    assert "second-person-2222" not in json.dumps(store.export(first))


def _all_values(node, found: list) -> list:
    found.append(node)
    if isinstance(node, dict):
        for value in node.values():
            _all_values(value, found)
    elif isinstance(node, list):
        for value in node:
            _all_values(value, found)
    return found


def _as_exported(value):
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, str) and re.match(r"\d{4}-\d\d-\d\d[ T]\d\d:", value):
        return _as_exported(datetime.fromisoformat(value))  # SQLite hands back text
    if isinstance(value, str) and value[:1] in "{[":
        return json.loads(value)  # a JSON column read back raw
    return value


def test_the_export_holds_every_stored_value_and_is_json(store: Store, full_answers: dict):
    code = store.start()
    store.save_progress(code, full_answers, "end", **QUESTIONNAIRE)
    store.record_assessment(code, **assessment_fields(answers=full_answers))
    store.record_assessment(code, **assessment_fields(recommended=None, version="1.1.0"))
    exported = store.export(code)
    assert exported is not None
    assert json.loads(json.dumps(exported)) == exported
    everything = _all_values(exported, [])

    respondent_id = None
    with store.database.engine.connect() as conn:
        respondent_id = conn.execute(
            text("SELECT id FROM respondents WHERE code_hash = :h"), {"h": hash_code(code)}
        ).scalar()
        rows = {
            "respondents": conn.execute(
                text("SELECT * FROM respondents WHERE id = :i"), {"i": respondent_id}
            ).mappings().all(),
            "progress": conn.execute(
                text("SELECT * FROM progress WHERE respondent_id = :i"), {"i": respondent_id}
            ).mappings().all(),
            "assessments": conn.execute(
                text("SELECT * FROM assessments WHERE respondent_id = :i"), {"i": respondent_id}
            ).mappings().all(),
        }
    assert [len(r) for r in rows.values()] == [1, 1, 2]
    for table, table_rows in rows.items():
        for row in table_rows:
            for column, value in row.items():
                if column in ("id", "respondent_id"):
                    continue  # row numbers: not information about anyone
                assert _as_exported(value) in everything, f"{table}.{column} missing from export"


def test_history_is_oldest_first_with_versions_and_fingerprints(database_url, make_store):
    clock = Clock(datetime(2026, 1, 10, 21, 30, tzinfo=UTC))
    store: Store = make_store(database_url, now=clock)
    code = store.start()
    assert store.history(code) == []

    clock.moment = datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    store.record_assessment(code, **assessment_fields("1.1.0", "rules-bbbb", recommended="space"))
    # Another replica with a slower clock records the earlier assessment later: order by time.
    clock.moment = datetime(2026, 1, 10, 22, 0, tzinfo=UTC)
    store.record_assessment(code, **assessment_fields("1.0.0", "rules-aaaa", recommended="talk"))
    clock.moment = datetime(2026, 6, 1, 7, 15, tzinfo=UTC)
    store.record_assessment(
        code, **assessment_fields("1.2.0", "rules-cccc", recommended="let_go",
                                  scores={"talk": 0.5, "let_go": 4.0})
    )

    history = store.history(code)
    assert history is not None
    assert [h.taken_at.month for h in history] == [1, 3, 6]
    assert all(h.taken_at.tzinfo == UTC for h in history)
    assert [(h.questionnaire_version, h.rules_fingerprint, h.recommended) for h in history] == [
        ("1.0.0", "rules-aaaa", "talk"),
        ("1.1.0", "rules-bbbb", "space"),
        ("1.2.0", "rules-cccc", "let_go"),
    ]
    assert history[2].scores == {"talk": 0.5, "let_go": 4.0}
    assert history[0].answers == {"who_wants_out": "partner_unsure"}
    assert history[0].assessment["drivers"][0]["reason"] == "why"


def test_people_inactive_for_too_long_can_be_purged(database_url, make_store):
    clock = Clock(datetime(2026, 1, 1, tzinfo=UTC))
    store: Store = make_store(database_url, now=clock)
    old = store.start()
    store.record_assessment(old, **assessment_fields())
    clock.moment += timedelta(days=100)
    recent = store.start()
    clock.moment += timedelta(days=20)
    assert store.purge_inactive(timedelta(days=90)) == 1
    assert store.load_progress(old) is None and store.load_progress(recent) is not None
    assert row_counts(store.database.engine)["assessments"] == 0
