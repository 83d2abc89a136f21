"""Colours that follow the palette: the few BriefDesk draws itself (highlights, shaded parts,
links, secondary text, amendment marks) chosen for a light or a dark palette, so text on
them keeps a WCAG 2.x contrast ratio of at least 4.5 with the palette's own text colour.

Use :func:`theme` at the moment of drawing (never cache its colours in a module constant):
it reads the application palette each time, so a palette changed while running is followed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .qt import QApplication, QColor, QPalette


@dataclass(frozen=True)
class Theme:
    """Colours as ``#rrggbb`` strings for HTML and style sheets.

    ``text``/``base`` are the palette's; every other colour is meant to be read with
    ``text`` on it (backgrounds) or to be read on ``base`` (foregrounds).
    """

    dark: bool
    text: str
    base: str
    highlight: str          # the paragraph a search or a citation lands on
    hit: str                # searched words in result snippets
    mark: str               # searched words marked in the document view
    part_background: str    # an embedded part (a draft decision inside a note)
    part_title: str
    muted: str              # secondary text: labels, kinds, acknowledgements
    resolved_link: str
    unresolved_link: str
    inserted: str           # amendments: inserted text
    deleted: str            # amendments: deleted text
    warning_background: str
    warning_text: str
    note_background: str


LIGHT = dict(highlight="#fff2a8", hit="#ffe066", mark="#ffc04d", part_background="#eef3f8",
             part_title="#1f4e79", muted="#555555", resolved_link="#1a5fb4", unresolved_link="#8a5200",
             inserted="#0b57d0", deleted="#b3261e", warning_background="#fff1dc", warning_text="#7a3e00",
             note_background="#e8f0fb")
DARK = dict(highlight="#4a3c00", hit="#6b5600", mark="#7a4f00", part_background="#1f2b38",
            part_title="#9cc3e6", muted="#cccccc", resolved_link="#8cb8ff", unresolved_link="#f0b050",
            inserted="#8cb8ff", deleted="#ff8a80", warning_background="#4a3000", warning_text="#ffd59e",
            note_background="#1f2b38")
#: which of the colours are backgrounds (read against the palette's text), the rest foregrounds
BACKGROUNDS = ("highlight", "hit", "mark", "part_background", "warning_background", "note_background")


def luminance(colour: QColor | str) -> float:
    """Relative luminance (WCAG 2.x, sRGB), 0 (black) … 1 (white)."""
    c = QColor(colour)

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QColor | str, b: QColor | str) -> float:
    """WCAG contrast ratio of two colours, 1 … 21 (4.5 is the minimum for body text, AA)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the palette's text is lighter than its base (a dark theme)."""
    palette = palette or QApplication.palette()
    return luminance(palette.color(QPalette.ColorRole.Text)) > luminance(palette.color(QPalette.ColorRole.Base))


_themes: dict[int, Theme] = {}


def theme(palette: QPalette | None = None) -> Theme:
    """The colours for ``palette`` (default: the application's); computed once per palette
    (:meth:`QPalette.cacheKey`: result lists ask for them on every cell they paint)."""
    palette = palette or QApplication.palette()
    key = palette.cacheKey()
    cached = _themes.get(key)
    if cached is not None:
        return cached
    if len(_themes) > 32:
        _themes.clear()
    _themes[key] = made = _make_theme(palette)
    return made


def _make_theme(palette: QPalette) -> Theme:
    dark = is_dark(palette)
    text = palette.color(QPalette.ColorRole.Text).name()
    base = palette.color(QPalette.ColorRole.Base).name()
    return Theme(dark=dark, text=text, base=base, **(DARK if dark else LIGHT))


#: The golden angle in degrees: consecutive sponsors get hues as far apart as can be.
_GOLDEN_ANGLE = 137.50776
#: The first sponsor's hue (a blue), then on round the colour wheel.
_FIRST_HUE = 215.0


def sponsor_colour(index: int, palette: QPalette | None = None) -> str:
    """The colour (``#rrggbb``) of the ``index``-th sponsor of a draft (0, 1, 2 …, in the order of
    :func:`briefdesk.core.drafting.track.lead_sponsors`), as a foreground on ``palette``'s base.

    Hues go round the colour wheel by the golden angle, so neighbours in the list differ most;
    the lightness is then chosen for the palette — darkened on a light base, lightened on a dark
    one — until the colour reaches a WCAG contrast of 4.5 with the base, so every sponsor's text
    is readable in a light and in a dark palette.  The same index gives the same hue in both."""
    palette = palette or QApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    dark = is_dark(palette)
    hue = (_FIRST_HUE + index * _GOLDEN_ANGLE) % 360.0
    saturation = 0.75 if index % 2 == 0 else 0.6          # alternate, so near hues still differ
    lightness = 0.45
    step = 0.02 if dark else -0.02
    colour = QColor.fromHslF(hue / 360.0, saturation, lightness)
    while contrast(colour, base) < 4.5 and 0.05 < lightness < 0.95:
        lightness += step
        colour = QColor.fromHslF(hue / 360.0, saturation, lightness)
    return colour.name()
