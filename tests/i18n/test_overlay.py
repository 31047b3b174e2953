"""i18n.overlay: the texts of an English content file, a translation laid over it, its check."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n.overlay import apply, check, localized, overlay_path, texts

KEYS = frozenset({"title", "text", "label", "steps", "names"})

ENGLISH = {
    "id": "demo",
    "version": "1.0.0",
    "title": "Hello {name}",
    "url": "https://example.org",
    "sections": [
        {
            "id": "first",
            "title": "First",
            "questions": [
                {"id": "q1", "type": "scale", "text": "How are you?", "weight": 2},
                {"id": "q2", "text": "Pick one", "options": [
                    {"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"},
                ]},
            ],
        },
    ],
    "steps": ["Breathe.", "Call {phone}."],
    "lines": [{"phone": "112"}, {"phone": "016", "text": "Free"}],
    "names": {"short": "Hi", "long": "Hello there"},
}

SPANISH = {
    "title": "Hola {name}",
    "sections": {
        "first": {
            "title": "Primero",
            "questions": {
                "q1": {"text": "¿Cómo estás?"},
                "q2": {"text": "Elige una", "options": {
                    "yes": {"label": "Sí"}, "no": {"label": "No"},
                }},
            },
        },
    },
    "steps": ["Respira.", "Llama al {phone}."],
    "lines": [{}, {"text": "Gratis"}],
    "names": {"short": "Hola", "long": "Hola a ti"},
}


def test_texts_keeps_only_the_words_with_lists_of_ids_keyed_by_id():
    tree = texts(ENGLISH, KEYS)
    assert set(tree) == {"title", "sections", "steps", "lines", "names"}
    assert tree["sections"]["first"]["questions"]["q2"]["options"]["no"] == {"label": "No"}
    assert tree["sections"]["first"]["questions"]["q1"] == {"text": "How are you?"}
    # A list without ids keeps its length; an item with no text keeps its place.
    assert tree["lines"] == [{}, {"text": "Free"}]
    assert tree["steps"] == ["Breathe.", "Call {phone}."]


def test_a_complete_translation_has_no_problems_and_changes_only_texts():
    assert check(ENGLISH, SPANISH, KEYS, "es.yaml") == []
    out = apply(ENGLISH, SPANISH, KEYS)
    assert out["title"] == "Hola {name}"
    assert out["sections"][0]["questions"][1]["options"][0] == {"id": "yes", "label": "Sí"}
    assert out["sections"][0]["questions"][0]["weight"] == 2
    assert out["lines"] == [{"phone": "112"}, {"phone": "016", "text": "Gratis"}]
    assert out["url"] == ENGLISH["url"]
    assert ENGLISH["title"] == "Hello {name}", "apply must not change the English data"


def _broken(change) -> dict:
    overlay = copy.deepcopy(SPANISH)
    change(overlay)
    return overlay


@pytest.mark.parametrize(
    ("change", "words"),
    [
        pytest.param(lambda o: o["sections"]["first"]["questions"]["q1"].pop("text"),
                     "question 'q1' field 'text': missing (English: 'How are you?')",
                     id="missing text"),
        pytest.param(lambda o: o["sections"]["first"]["questions"].pop("q2"),
                     "question 'q2': missing", id="missing item"),
        pytest.param(lambda o: o["sections"]["first"]["questions"].update(q9={"text": "x"}),
                     "question 'q9': not in the English file",
                     id="extra id"),
        pytest.param(lambda o: o.update(version="2.0.0"),
                     "field 'version': not in the English file (or not a text)",
                     id="a non-text field"),
        pytest.param(lambda o: o["steps"].append("Uno más."),
                     "field 'steps': 3 items, the English has 2", id="list too long"),
        pytest.param(lambda o: o.update(title="Hola {nombre}"),
                     "field 'title': placeholders {nombre} differ from the English {name}",
                     id="renamed placeholder"),
        pytest.param(lambda o: o["steps"].__setitem__(1, "Llama."),
                     "field 'steps' item 2: placeholders none differ from the English {phone}",
                     id="lost placeholder"),
        pytest.param(lambda o: o["names"].update(short="  "),
                     "field 'names' field 'short': empty (English: 'Hi')", id="empty text"),
        pytest.param(lambda o: o["sections"]["first"].update(title=["Primero"]),
                     "section 'first' field 'title': should be text, not a list",
                     id="a list for a text"),
        pytest.param(lambda o: o["sections"].update(first=["x"]),
                     "section 'first': should be a mapping, not a list", id="wrong shape"),
    ],
)
def test_each_fault_is_one_line_naming_file_item_and_problem(change, words):
    problems = check(ENGLISH, _broken(change), KEYS, "locales/es/demo.yaml")
    assert len(problems) == 1, problems
    assert problems[0] == f"locales/es/demo.yaml: {words}"


def test_every_fault_is_listed_not_only_the_first():
    def many(o):
        o.pop("title")
        o["names"]["long"] = ""
        o["steps"] = ["solo uno"]

    assert len(check(ENGLISH, _broken(many), KEYS, "f")) == 3


def test_an_empty_or_odd_file_is_one_line():
    assert check(ENGLISH, None, KEYS, "f") == ["f: empty file, every text is missing"]
    assert check(ENGLISH, ["x"], KEYS, "f") == ["f: expected a mapping at the top of the file"]


def test_a_faulty_translation_still_gives_whole_english_shaped_data():
    def faulty(o):
        o.pop("title")
        o["steps"] = ["solo uno"]
        o["sections"]["first"]["questions"]["q1"]["text"] = ""
        o["sections"]["first"]["questions"]["q9"] = {"text": "x"}

    out = apply(ENGLISH, _broken(faulty), KEYS)
    assert out["title"] == "Hello {name}"
    assert out["steps"] == ENGLISH["steps"]
    assert out["sections"][0]["questions"][0]["text"] == "How are you?"
    assert [q["id"] for q in out["sections"][0]["questions"]] == ["q1", "q2"]


def test_a_language_name_cannot_lead_out_of_locales(tmp_path):
    english = tmp_path / "a.yaml"
    english.write_text("title: Hello\n", encoding="utf-8")
    for bad in ("../etc", "es/../../x", "", "e s"):
        with pytest.raises(ValueError, match="not a language name"):
            overlay_path(english, bad)
        assert localized(english, bad, KEYS) == {"title": "Hello"}


# --- properties over generated content ---------------------------------------------------

_ids = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                 max_size=20).filter(str.strip)
_scalars = st.one_of(st.integers(), st.booleans(), _words)


def _items(children):
    return st.lists(
        st.fixed_dictionaries({"text": _words}, optional={"n": st.integers(), "sub": children}),
        max_size=4,
    ).flatmap(lambda items: st.lists(_ids, min_size=len(items), max_size=len(items),
                                     unique=True).map(
        lambda ids: [{"id": i, **item} for i, item in zip(ids, items, strict=True)]))


_content = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.dictionaries(st.sampled_from(["title", "text", "n", "url", "more"]), children,
                        max_size=4),
        st.lists(children, max_size=3),
        _items(children),
    ),
    max_leaves=20,
)
_files = st.dictionaries(st.sampled_from(["title", "text", "n", "more", "items"]), _content,
                         min_size=1, max_size=4)
_KEYS = frozenset({"title", "text"})


def _upper(tree):
    if isinstance(tree, str):
        return tree.upper() + "!" if tree else tree  # "" holds the place of an item with no text
    if isinstance(tree, dict):
        return {k: _upper(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_upper(v) for v in tree]
    return tree


@settings(max_examples=60, deadline=None)
@given(_files)
def test_the_english_texts_are_a_complete_translation_of_themselves(english):
    tree = texts(english, _KEYS) or {}
    assert check(english, tree, _KEYS, "f") == []
    assert apply(english, tree, _KEYS) == english


@settings(max_examples=60, deadline=None)
@given(_files)
def test_a_translation_changes_the_texts_and_nothing_else(english):
    tree = texts(english, _KEYS) or {}
    translated = _upper(tree)
    assert check(english, translated, _KEYS, "f") == []
    out = apply(english, translated, _KEYS)
    # Its texts are the translation; taking the texts out again leaves the same skeleton.
    assert texts(out, _KEYS) == (translated or None)
    assert apply(out, tree, _KEYS) == english


@settings(max_examples=60, deadline=None)
@given(_files, st.data())
def test_dropping_any_text_is_reported(english, data):
    tree = texts(english, _KEYS)
    if not tree:
        return
    paths = list(_leaf_paths(tree))
    if not paths:
        return
    path = data.draw(st.sampled_from(paths))
    broken = copy.deepcopy(tree)
    parent = broken
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, list):
        parent[path[-1]] = None
    else:
        del parent[path[-1]]
    assert check(english, broken, _KEYS, "f"), path


def _leaf_paths(tree, prefix=()):
    if isinstance(tree, str):
        if tree:  # "" only holds the place of an item with no text
            yield prefix
    elif isinstance(tree, dict):
        for k, v in tree.items():
            yield from _leaf_paths(v, (*prefix, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            yield from _leaf_paths(v, (*prefix, i))
