"""The editor's track-changes view (issue 15, point 4): amendments inline, as Word shows revisions.

:func:`track_html` renders the spans of :func:`briefdesk.core.drafting.track.track_changes`
as HTML for a :class:`QTextBrowser`: proposed insertions underlined, text proposed for
deletion struck through, both in the colour of the amendment's lead sponsor
(:func:`..palette.sponsor_colour`, chosen for the palette in use), and the numbers of the
amendments on each paragraph in a margin column beside it.  A legend under the header
names each sponsor in its colour.  The GUI only renders here: which text is inserted or
deleted, and by which amendment, is the core's.
"""

from __future__ import annotations

from html import escape

from ...core.direction import is_rtl
from ...core.drafting.snapshot import DraftSnapshot
from ...core.drafting.track import TrackParagraph, TrackSpan, lead_sponsors
from ...core.i18n import _
from ..palette import sponsor_colour, theme
from ..qt import QPalette
from .head import draft_head_html
from .kai import chinese_verb_html


def sponsor_colours(snapshot: DraftSnapshot, palette: QPalette | None = None) -> dict[str, str]:
    """Lead sponsor → colour (``#rrggbb``) for every amendment of ``snapshot``, in the order of
    :func:`~briefdesk.core.drafting.track.lead_sponsors` (so a sponsor keeps its colour while
    amendments are accepted, rejected or withdrawn), for ``palette`` (default: the application's)."""
    return {name: sponsor_colour(i, palette) for i, name in enumerate(lead_sponsors(snapshot))}


def _span_html(span: TrackSpan, colours: dict[str, str], language: str) -> str:
    text = escape(span.text, quote=False)
    if span.kind == "unchanged":
        if span.verb:
            return chinese_verb_html(text) if language == "zh" else f"<i>{text}</i>"
        return text
    colour = colours.get(span.sponsors[0], theme().inserted) if span.sponsors else theme().inserted
    line = "underline" if span.kind == "insert" else "line-through"
    if span.verb and span.kind == "delete":
        text = f"<i>{text}</i>" if language != "zh" else text
    return f"<span style='color:{colour}; text-decoration:{line}'>{text}</span>"


def _margin_html(p: TrackParagraph, colours: dict[str, str]) -> str:
    """The amendment numbers of ``p``, each in its lead sponsor's colour."""
    lead = {}
    for s in p.spans:
        if s.amendment is not None and s.sponsors:
            lead.setdefault(s.amendment, s.sponsors[0])
    marks = [f"<span style='color:{colours.get(lead.get(n, ''), theme().muted)}'>#{n}</span>"
             for n in p.amendments]
    return "<br/>".join(marks)


def track_html(snapshot: DraftSnapshot, paragraphs: list[TrackParagraph], palette: QPalette | None = None) -> str:
    """HTML of the track-changes view of ``snapshot`` (``paragraphs`` from
    :func:`~briefdesk.core.drafting.track.track_changes`): symbol line, kind line, title and the
    body's name as in the preview, a legend of sponsors, then one table row per paragraph —
    the margin with its amendments' numbers (``#3``), and the paragraph with its number and its
    insertions underlined and deletions struck through in the sponsor's colour; footnote
    markers raised, the notes after the text.  Each row carries an anchor ``p<id>``.  Right-to-left languages are laid out mirrored."""
    colours = sponsor_colours(snapshot, palette)
    language = snapshot.language
    rtl = is_rtl(language)
    side = "right" if rtl else "left"
    legend_line = []
    if colours:
        legend = " &nbsp; ".join(f"<span style='color:{c}'>■ {escape(name)}</span>" for name, c in colours.items())
        label = escape(_("Sponsors:"))
        legend_line = [f"<p style='color:{theme().muted}'><small>{label}</small> {legend}</p>"]
    out = draft_head_html(snapshot, legend_line)
    rows: list[str] = []
    notes: list[tuple[str, str]] = []
    for p in paragraphs:
        pieces: list[str] = []
        pending = sorted(((len(p.text) if o is None else o), m, t) for m, t, o in p.footnotes)

        def flush(upto: int) -> None:
            while pending and pending[0][0] <= upto:
                _offset, marker, note = pending.pop(0)
                pieces.append(f"<sup>{escape(marker)}</sup>")
                notes.append((marker, note))

        for span in p.spans:
            if span.kind != "insert":
                flush(span.start)
            pieces.append(_span_html(span, colours, language))
        flush(len(p.text))
        body = "".join(pieces) or "&nbsp;"
        number = escape(p.number or "")
        direction = f"dir='{'rtl' if rtl else 'ltr'}'"
        if p.kind == "heading":
            cell = f"<p {direction} align='center'><b>{number} {body}</b></p>"
        elif p.number:
            cell = (f"<p {direction} style='margin-{side}:{24 * p.level + 24}px; text-indent:-24px'>"
                    f"{number}&nbsp;&nbsp;{body}</p>")
        else:
            cell = f"<p {direction} style='margin-{side}:{24 * p.level}px'>{body}</p>"
        margin = (f"<td width='44' valign='top' align='center'><a name='p{p.id}'></a><small><b>"
                  f"{_margin_html(p, colours)}</b></small></td>")
        text = f"<td valign='top'>{cell}</td>"
        # Qt lays a table's columns out left to right whatever its direction: the margin goes
        # first on the side where the text starts (right for Arabic).
        rows.append(f"<tr>{text}{margin}</tr>" if rtl else f"<tr>{margin}{text}</tr>")
    out.append("<table dir='ltr' width='100%' cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>")
    if notes:
        out.append("<hr/>")
        for marker, note in notes:
            out.append(f"<p style='font-size:small'><sup>{escape(marker)}</sup> {escape(note)}</p>")
    out.append("</div>")
    return "".join(out)


__all__ = ["sponsor_colours", "track_html"]
