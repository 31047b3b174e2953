"""Every Spanish content text is plain: Fernández-Huerta 70 or above (the Spanish Flesch).

Collected from every translated content file in locales/es/ (the questionnaire, and the
scoring and plan texts: every family i18n.overlay.families() knows). A text of
100 words or more is judged on its own; shorter texts are pooled by file and field (all the
option labels, all the help lines...), and pools still under 100 words by file, since a
formula means little on one short sentence. `python -m tests.test_readability_es` prints
each block's score and the ten hardest sentences.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict

import pytest

# The backend takes the language as an argument: textstat.set_lang() would change a global
# that tests/test_readability.py (English) relies on.
from textstat.backend.metrics import fernandez_huerta

from i18n.overlay import ROOT, families, overlay_path
from questionnaire.loader import read_yaml

LANG = "es"
MIN_SCORE = 70.0
LONG = 100  # words: a block this long is judged on its own


def score(text: str) -> float:
    return fernandez_huerta(text, LANG)


def _strings(tree, text_keys: frozenset[str], field: str | None = None) -> list[tuple[str, str]]:
    """(field, text) for every string in an overlay; the field is the outermost text key."""
    if isinstance(tree, str):
        return [(field or "text", tree)] if tree.strip() else []
    if isinstance(tree, dict):
        return [pair for k, v in tree.items()
                for pair in _strings(v, text_keys, field or (k if k in text_keys else None))]
    if isinstance(tree, list):
        return [pair for item in tree for pair in _strings(item, text_keys, field)]
    return []


def _texts() -> dict[str, list[str]]:
    """Every Spanish content text, by file and field."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for family in families():
        for english in family.files():
            path = overlay_path(english, LANG)
            if path.is_file():
                name = str(english.relative_to(ROOT))
                for field, text in _strings(read_yaml(path), family.text_keys):
                    kinds[f"{name} {field}"].append(" ".join(text.split()))
    return kinds


def _sentence(text: str) -> str:
    # Each short text as its own sentence, so labels without a full stop still count.
    return text if text.rstrip().endswith((".", "?", "!", "…")) else f"{text}."


def _blocks() -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    leftovers: dict[str, list[str]] = defaultdict(list)
    for kind, texts in _texts().items():
        blocks += [(f"{kind} (one text)", t) for t in texts if len(t.split()) >= LONG]
        short = [t for t in texts if len(t.split()) < LONG]
        pooled = " ".join(_sentence(t) for t in short)
        if len(pooled.split()) >= LONG:
            blocks.append((f"{kind} (pooled, {len(short)} texts)", pooled))
        elif short:
            leftovers[kind.split()[0]] += short
    for name, short in leftovers.items():
        blocks.append((f"{name} other short texts (pooled, {len(short)})",
                       " ".join(_sentence(t) for t in short)))
    return blocks


def hardest(text: str, n: int = 10, min_words: int = 3) -> list[tuple[float, str]]:
    sentences = dict.fromkeys(
        s for s in re.split(r"(?<=[.?!…])\s+", text) if len(s.split()) >= min_words
    )
    return sorted(((score(s), s) for s in sentences), key=lambda pair: pair[0])[:n]


BLOCKS = _blocks()


@pytest.mark.parametrize(("name", "text"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_every_spanish_block_scores_70_or_above(name, text):
    value = score(text)
    assert value >= MIN_SCORE, (
        f"{name}: Fernández-Huerta {value:.1f} (at least {MIN_SCORE}). Hardest sentences:\n"
        + "\n".join(f"  {s:6.1f}  {t}" for s, t in hardest(text, 5))
    )


def test_there_is_spanish_to_judge():
    assert any("questionnaire/content/crossroads.yaml" in name for name, _ in BLOCKS)


def test_the_check_can_fail():
    hard = ("Independientemente de la considerable ambivalencia interpersonal, la reconciliación "
            "necesita comunicación bidireccional exhaustiva y acompañamiento institucional.")
    assert score(hard) < MIN_SCORE
    assert score("Tu pareja quiere irse. No estás sola en esto. Hay ayuda.") > MIN_SCORE


def report(only: str = "") -> str:
    """The figures for a closing note: each block's score, and the ten hardest sentences.

    `only`: the start of the English paths to report on (say "questionnaire/").
    """
    blocks = [(name, text) for name, text in BLOCKS if name.startswith(only)]
    scores = [score(text) for _, text in blocks]
    every = " ".join(_sentence(t) for kind, texts in _texts().items() if kind.startswith(only)
                     for t in texts)
    lines = [f"Fernández-Huerta, {len(blocks)} Spanish blocks: min {min(scores):.1f}, "
             f"median {statistics.median(scores):.1f}, max {max(scores):.1f}"]
    for (name, _), value in sorted(zip(blocks, scores, strict=True), key=lambda p: p[1]):
        lines.append(f"  {value:6.1f}  {name}")
    # Sentences of a few words swing on one long word; six words or more say more.
    lines.append("The ten hardest sentences of six words or more:")
    for value, sentence in hardest(every, 10, min_words=6):
        lines.append(f"  {value:6.1f}  {sentence}")
    return "\n".join(lines)


def test_the_report_names_the_figures():
    text = report()
    assert text.startswith(f"Fernández-Huerta, {len(BLOCKS)} Spanish blocks: min ")
    assert "The ten hardest sentences" in text


if __name__ == "__main__":
    # python -m tests.test_readability_es [questionnaire/]
    import sys

    print(report(sys.argv[1] if len(sys.argv) > 1 else ""))
