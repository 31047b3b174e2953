"""Helplines as HTML a phone can use: tap to call or text, numbers that never break in two."""

from __future__ import annotations

from html import escape

import streamlit as st

from i18n import N_, _, format_date
from scoring.helplines import Country, Helpline
from scoring.model import LineKind

KIND_TITLES = {
    LineKind.CRISIS: N_("If you are struggling or thinking of suicide"),
    LineKind.ABUSE: N_("Domestic abuse lines, free and confidential"),
    LineKind.CHILDREN: N_("To keep children safe"),
    LineKind.OWN_BEHAVIOUR: N_("For people worried about their own behaviour"),
}
NO_LINE = {
    LineKind.CRISIS: N_(
        "Your doctor, or the emergency number, can put you in touch with crisis support "
        "where you are."
    ),
    LineKind.ABUSE: N_(
        "A doctor, or the police, can put you in touch with a domestic abuse service where "
        "you are."
    ),
    LineKind.CHILDREN: N_(
        "The police, a doctor or a school can tell you who protects children where you are."
    ),
    LineKind.OWN_BEHAVIOUR: N_(
        "We don't know of a line for this where you are yet. A doctor or a counselor can "
        "point you to one."
    ),
}

_CSS = """<style>
.cr-lines { margin: 0 0 0.5rem 0; }
.cr-lines h3 {
  font-size: 1rem; font-weight: 600; line-height: 1.5; margin: 0.75rem 0 0.25rem 0; padding: 0;
}
.cr-lines ul { list-style: none; margin: 0; padding: 0; }
.cr-lines li { margin: 0 0 0.6rem 0; padding: 0; line-height: 1.5; }
.cr-lines .cr-name { font-weight: 600; }
.cr-lines .cr-ways { display: flex; flex-wrap: wrap; gap: 0.4rem 0.6rem; margin: 0.15rem 0; }
.cr-lines a.cr-way {
  white-space: nowrap; display: inline-block; padding: 0.35rem 0.7rem; min-height: 2.75rem;
  box-sizing: border-box; line-height: 2rem; border: 1px solid #2f6f73; border-radius: 0.5rem;
  color: #1d4e51; text-decoration: none; font-weight: 600; background: #ffffff;
}
.cr-lines a.cr-way:focus-visible { outline: 3px solid #1d4e51; outline-offset: 2px; }
.cr-lines .cr-meta { color: #4a5058; font-size: 0.9rem; }
.cr-lines .cr-emergency { font-weight: 600; margin: 0.25rem 0 0.5rem 0; }
.cr-lines .cr-emergency a.cr-way { border-color: #a4262c; color: #a4262c; }
.cr-nowrap { white-space: nowrap; }
</style>"""


def _way(href: str, label: str, aria: str) -> str:
    """A link to call or text; its spoken name starts with the words shown (WCAG 2.5.3)."""
    return (
        f'<a class="cr-way" href="{escape(href)}" aria-label="{escape(aria)}">'
        f"{escape(label)}</a>"
    )


def emergency_html(country: Country) -> str:
    if country.emergency is None:
        return '<p class="cr-emergency">{}</p>'.format(
            escape(_("In immediate danger, call the emergency number where you are."))
        )
    number = country.emergency.number
    note = f' <span class="cr-meta">{escape(country.emergency.note)}</span>' \
        if country.emergency.note else ""
    call = _way(
        f"tel:{number}",
        _("Call {number}").format(number=number),
        _("Call {number}, the emergency number").format(number=number),
    )
    lead = escape(_("In immediate danger:"))
    return f'<p class="cr-emergency">{lead} {call}{note}</p>'


def _line_html(line: Helpline) -> str:
    ways = []
    if line.tel_uri:
        ways.append(
            _way(
                line.tel_uri,
                _("Call {number}").format(number=line.phone),
                _("Call {number}, {name}").format(number=line.phone, name=line.name),
            )
        )
    if line.sms_uri:
        ways.append(_way(line.sms_uri, line.sms_text, f"{line.sms_text}, {line.name}"))
    if line.web:
        site = line.web.split("//", 1)[-1].removeprefix("www.").rstrip("/")
        ways.append(
            f'<a class="cr-way" href="{escape(line.web)}" target="_blank" '
            f'rel="noopener noreferrer">{escape(site)}</a>'
        )
    meta = " · ".join(escape(part) for part in (line.hours, line.note) if part)
    return (
        f'<li><span class="cr-name">{escape(line.name)}</span>'
        f'<span class="cr-ways">{"".join(ways)}</span>'
        + (f'<span class="cr-meta">{meta}</span>' if meta else "")
        + "</li>"
    )


def lines_html(
    country: Country, kinds: list[LineKind], *, emergency_first: bool, titled: bool = True
) -> str:
    """The emergency number (first when needed, else last) and each kind's lines, in order."""
    parts = [_CSS, '<div class="cr-lines">']
    if emergency_first:
        parts.append(emergency_html(country))
    for kind in kinds:
        if titled:
            # h3: these sit under the page's h2 (a section, or the result's support block).
            parts.append(f"<h3>{escape(_(KIND_TITLES[kind]))}</h3>")
        lines = country.lines_of(kind)
        if lines:
            parts.append("<ul>" + "".join(_line_html(line) for line in lines) + "</ul>")
        else:
            parts.append(f'<p class="cr-meta">{escape(_(NO_LINE[kind]))}</p>')
    if not emergency_first:
        parts.append(emergency_html(country))
    parts.append("</div>")
    return "".join(parts)


def render_lines(
    country: Country, kinds: list[LineKind], *, emergency_first: bool, titled: bool = True,
    checked: bool = True,
) -> None:
    """The lines, then (`checked`) when they were last checked."""
    st.html(lines_html(country, kinds, emergency_first=emergency_first, titled=titled))
    if checked:
        st.caption(checked_caption(country))


def checked_caption(country: Country) -> str:
    """When the numbers shown were last checked, in words a person understands."""
    dates = [line.checked for line in country.lines if line.checked]
    if country.emergency and country.emergency.checked:
        dates.append(country.emergency.checked)
    if not dates:
        return ""
    return _("We last checked these numbers on {date}.").format(date=format_date(min(dates)))


def render_sources(country: Country) -> None:
    """Where each number shown comes from, for anyone who wants to check it themselves."""
    with st.expander(_("Where these numbers come from")):
        rows = [
            (line.name, line.source, line.checked) for line in country.lines if line.checked
        ]
        if country.emergency and country.emergency.checked:
            rows.insert(0, (_("Emergency number"), country.emergency.source,
                            country.emergency.checked))
        st.html(
            _CSS + '<div class="cr-lines"><ul>'
            + "".join(
                "<li>"
                + _("{name}: checked {date} against {source}").format(
                    name=f'<span class="cr-name">{escape(name)}</span>',
                    date=escape(format_date(checked)),
                    source=f'<a href="{escape(source)}" target="_blank" rel="noopener '
                    f'noreferrer">{escape(source.split("//", 1)[-1][:60])}</a>',
                )
                + "</li>"
                for name, source, checked in rows
            )
            + "</ul></div>"
        )
