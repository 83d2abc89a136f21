"""The head of a draft as the editor's previews show it (clean, compilation, track changes,
projection): symbol line, kind line, title, then — after any lines a view adds, such as the
track view's sponsor legend — the body's name, all in a ``<div>`` set in the draft's direction."""

from __future__ import annotations

from html import escape

from ...core.direction import is_rtl
from ...core.drafting.snapshot import DraftSnapshot, kind_line
from .kai import chinese_verb_html


def draft_head_html(snapshot: DraftSnapshot, extra: list[str] = ()) -> list[str]:
    """The opening HTML lines of a preview of ``snapshot`` (the caller appends the paragraphs
    and closes the ``<div>``): symbol line on the far side, kind line and title centred,
    ``extra`` lines, then the body's name (in 楷体 for Chinese, :func:`.kai.chinese_verb_html`,
    else italic)."""
    rtl = is_rtl(snapshot.language)
    out = [f"<div dir='{'rtl' if rtl else 'ltr'}'>"]
    if snapshot.symbol:
        out.append(f"<p align='{'left' if rtl else 'right'}'><b>{escape(snapshot.symbol, quote=False)}</b></p>")
    out.append(f"<p align='center'><b>{escape(kind_line(snapshot.kind, snapshot.language), quote=False)}</b></p>")
    if snapshot.title:
        out.append(f"<p align='center'><b>{escape(snapshot.title, quote=False)}</b></p>")
    out.extend(extra)
    if snapshot.body_name:
        name = escape(snapshot.body_name, quote=False)
        out.append(f"<p>{chinese_verb_html(name) if snapshot.language == 'zh' else f'<i>{name}</i>'}</p>")
    return out
