"""Make the pseudo-locale en-XA from the English: every text wrapped, 40% longer, accented.

    python scripts/pseudo_locale.py [--out LOCALES_DIR]

Writes `<out>/en-XA/LC_MESSAGES/crossroads.po` from `locales/crossroads.pot` and, for every
translatable content family (i18n/overlay.py), an overlay at `<out>/en-XA/<English path>`.
Each text becomes "⟦Ŵéļçöɱé ƀåçķ ~ ŀöřé ïƥšû⟧": a string shown without the brackets escaped
translation, and a layout that breaks with 40% more words breaks here first. Placeholders
({name}), Markdown marks, HTML tags, :material/icons:, URLs and list markers are kept as they
are, so the pseudo-locale works wherever English does. The app shows it in the language
switch only when CROSSROADS_PSEUDO=1.
"""

from __future__ import annotations

import argparse
import io
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from i18n import DOMAIN, PSEUDO  # noqa: E402

OPEN, CLOSE = "⟦", "⟧"
GROWTH = 0.4
ACCENTED = dict(
    zip(
        "abcdeghijklnoprstuwyzABCDEGHIJKLNOPRSTUWYZ",
        "åƀçđéĝĥîĵķļñöƥřšţûŵýžÅƁÇĐÉĜĤÎĴĶĻÑÖƤŘŠŢÛŴÝŽ",
        strict=True,
    )
)
# Never changed: placeholders, Markdown/Streamlit marks, tags, entities, icons, addresses.
_KEEP = re.compile(
    r"\{[^{}]*\}"  # {name}
    r"|<[^<>]+>"  # <span class="x">
    r"|&[#\w]+;"  # &amp;
    r"|:material/[a-z_]+:"  # :material/icon:
    r"|:[a-z]+\["  # :gray[
    r"|https?://\S+|www\.\S+|\S+@\S+\.\w+"  # addresses
    r"|\*\*|__|`+|\\n"
)
# A list marker or number at the start stays outside the brackets, so lists stay lists.
_LEAD = re.compile(r"^(\s*(?:[-*] |\d+\. |#+ ))")
_FILLER = "ļöřé ïƥšû đöļö šîţ åɱéţ çöñšé çţéţûř åđîƥ"


def pseudo(text: str) -> str:
    """One text in the pseudo-locale; an empty or blank text stays as it is."""
    if not text.strip():
        return text
    lead = _LEAD.match(text)
    prefix = lead.group(1) if lead else ""
    body = text[len(prefix):]
    out, letters, last = [], 0, 0
    for keep in _KEEP.finditer(body):
        out.append(_accent(body[last:keep.start()]))
        letters += sum(c.isalpha() for c in body[last:keep.start()])
        out.append(keep.group())
        last = keep.end()
    out.append(_accent(body[last:]))
    letters += sum(c.isalpha() for c in body[last:])
    return f"{prefix}{OPEN}{''.join(out)}{_padding(letters)}{CLOSE}"


def _accent(part: str) -> str:
    return "".join(ACCENTED.get(c, c) for c in part)


def _padding(letters: int) -> str:
    """About 40% more letters, as short words, so lines can still wrap where words end."""
    need = math.ceil(letters * GROWTH)
    if need == 0:
        return ""
    filler = (_FILLER + " ") * (need // len(_FILLER) + 2)
    return " ~ " + filler[:need].rstrip()


def is_pseudo(text: str) -> bool:
    return OPEN in text and CLOSE in text


# --- the catalogue -------------------------------------------------------------------------


def pseudo_catalog(template: Path) -> bytes:
    with template.open("rb") as f:
        pot = read_po(f)
    catalog = Catalog(
        locale=None,
        domain=DOMAIN,
        project="Crossroads",
        version="1",
        header_comment="# Pseudo-locale made by scripts/pseudo_locale.py: do not edit.\n#",
        fuzzy=False,
    )
    catalog.mime_headers  # noqa: B018 - builds the header before Plural-Forms is replaced
    catalog._num_plurals, catalog._plural_expr = 2, "(n != 1)"
    for message in pot:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string = tuple(pseudo(m) for m in message.id)
        else:
            string = pseudo(message.id)
        catalog.add(message.id, string, locations=message.locations, flags=message.flags)
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=False, width=76)
    return buffer.getvalue().replace(
        b'"Language-Team:', f'"Language: {PSEUDO}\\n"\n"Language-Team:'.encode(), 1
    )


# --- the content overlays ------------------------------------------------------------------


def content_families() -> list:
    """Every translatable content family, as i18n/overlay.py lists them."""
    from i18n import overlay

    return overlay.families()


def _pseudo_tree(tree):
    if isinstance(tree, str):
        return pseudo(tree)
    if isinstance(tree, dict):
        return {key: _pseudo_tree(value) for key, value in tree.items()}
    if isinstance(tree, list):
        return [_pseudo_tree(item) for item in tree]
    return tree


def content_overlays() -> dict[Path, str]:
    """The pseudo overlay of each content file, by its path relative to the locale folder."""
    from i18n.overlay import texts
    from questionnaire.loader import read_yaml

    out: dict[Path, str] = {}
    for family in content_families():
        for english in family.files():
            tree = texts(read_yaml(english), family.text_keys)
            if tree is None:
                continue
            out[english.resolve().relative_to(ROOT)] = (
                "# Pseudo-locale made by scripts/pseudo_locale.py: do not edit.\n"
                + yaml.safe_dump(
                    _pseudo_tree(tree), allow_unicode=True, sort_keys=False, width=1000
                )
            )
    return out


def build() -> dict[Path, bytes]:
    """Every file of the pseudo-locale, by path relative to the locales folder."""
    files = {
        Path(PSEUDO, "LC_MESSAGES", f"{DOMAIN}.po"): pseudo_catalog(
            ROOT / "locales" / f"{DOMAIN}.pot"
        )
    }
    for path, text in content_overlays().items():
        files[Path(PSEUDO) / path] = text.encode("utf-8")
    return files


def write(out: Path) -> list[Path]:
    written = []
    for relative, data in build().items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "locales", help="locales folder")
    args = parser.parse_args(argv)
    written = write(args.out)
    print(f"pseudo-locale {PSEUDO}: {len(written)} files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
