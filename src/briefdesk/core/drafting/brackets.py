"""Square brackets in a negotiating text: spans not yet agreed, nested, with alternatives.

A bracket is stored as the literal ``[`` … ``]`` a negotiating text prints
(UN and CBD practice: text not agreed stands in square brackets; brackets may
nest; competing formulations stand side by side as ``[Alt 1 …] [Alt 2 …]``,
in Chinese ``[备选案文1 …]``, French ``[Variante 1 …]``, Spanish
``[Alternativa 1 …]``, Russian ``[Вариант 1 …]``, Arabic ``[البديل 1 …]``).

Public API: :class:`BracketSpan`, :func:`parse`, :func:`clean`, :func:`unbalanced`,
:func:`alternatives_text`, :data:`ALT_LABELS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: The label opening an alternative, per language (``{n}`` is its number).
ALT_LABELS: dict[str, str] = {
    "en": "Alt {n} ", "zh": "备选案文{n} ", "fr": "Variante {n} ", "es": "Alternativa {n} ",
    "ru": "Вариант {n} ", "ar": "البديل {n} ",
}
_ALT = re.compile(r"(?:Alt(?:ernative)?|备选案文|备选|Variante|Alternativa|Вариант|البديل)\s*(\d+)\s*[:：]?\s*")


@dataclass
class BracketSpan:
    """One bracketed span of a text: ``text[start:end]`` includes the brackets.

    ``alternative`` is the alternative's number when the span opens with an
    ``Alt N`` label (``None`` otherwise); ``children`` are brackets nested inside.
    """

    start: int
    end: int
    depth: int
    alternative: int | None = None
    children: list[BracketSpan] = field(default_factory=list)

    def inner(self, text: str) -> str:
        """The bracketed text without the brackets (and without an ``Alt N`` label)."""
        body = text[self.start + 1:self.end - 1]
        m = _ALT.match(body) if self.alternative is not None else None
        return body[m.end():] if m else body


def parse(text: str) -> list[BracketSpan]:
    """Top-level bracket spans of ``text`` with nested ones as children.

    Unmatched brackets are ignored here (see :func:`unbalanced`).
    """
    roots: list[BracketSpan] = []
    stack: list[BracketSpan] = []
    for i, ch in enumerate(text):
        if ch == "[":
            m = _ALT.match(text, i + 1)
            span = BracketSpan(i, -1, len(stack), int(m.group(1)) if m else None)
            (stack[-1].children if stack else roots).append(span)
            stack.append(span)
        elif ch == "]" and stack:
            stack.pop().end = i + 1
    _drop_open(roots)
    return roots


def _drop_open(spans: list[BracketSpan]) -> None:
    spans[:] = [s for s in spans if s.end >= 0]
    for s in spans:
        _drop_open(s.children)


def unbalanced(text: str) -> list[int]:
    """Offsets of brackets without a partner (an empty list when balanced)."""
    stack: list[int] = []
    lone: list[int] = []
    for i, ch in enumerate(text):
        if ch == "[":
            stack.append(i)
        elif ch == "]":
            if stack:
                stack.pop()
            else:
                lone.append(i)
    return sorted(lone + stack)


def clean(text: str) -> str:
    """``text`` as it reads without brackets: bracket marks removed and, of a
    group of alternatives, only the first kept (without its label)."""
    out: list[str] = []
    pos = 0
    spans = parse(text)
    i = 0
    while i < len(spans):
        s = spans[i]
        out.append(text[pos:s.start])
        if s.alternative is not None:
            out.append(_clean_inner(text, s))
            j = i + 1
            end = s.end
            while j < len(spans) and spans[j].alternative is not None and not text[end:spans[j].start].strip():
                end = spans[j].end
                j += 1
            pos, i = end, j
            continue
        out.append(_clean_inner(text, s))
        pos, i = s.end, i + 1
    out.append(text[pos:])
    return re.sub(r"  +", " ", "".join(out))


def _clean_inner(text: str, span: BracketSpan) -> str:
    body_start = span.start + 1
    if span.alternative is not None:
        m = _ALT.match(text, body_start)
        body_start = m.end() if m else body_start
    sub = text[body_start:span.end - 1]
    return clean(sub)


def alternatives_text(alternatives: list[str], language: str) -> str:
    """``[Alt 1 …] [Alt 2 …]`` for the given formulations, labelled in ``language``."""
    label = ALT_LABELS.get(language, ALT_LABELS["en"])
    return " ".join(f"[{label.format(n=i)}{alt}]" for i, alt in enumerate(alternatives, 1))
