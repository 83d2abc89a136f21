"""Translation and locale formatting.

Every user-visible string goes through :func:`_` (GNU gettext semantics).
Catalogues are kept as text in ``resources/translations/<lang>.po`` and
compiled in memory by Babel when a language is chosen, so no compiled
binaries are committed; ``scripts/update_translations.py`` extracts new
strings into them.  Dates, numbers and date ranges go through Babel (CLDR
data), never ``strftime``.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import os
import re
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_interval
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from .resources import resource_path

_translation: gettext.NullTranslations = gettext.NullTranslations()
_locale: str = "en"


def set_language(language: str | None = None) -> str:
    """Install the catalogue for ``language`` (e.g. ``"zh"``, ``"en"``).

    ``None`` takes ``BRIEFDESK_LANG``, else the Preferences' choice, else the
    OS locale (:func:`.languages.interface_language_default`), falling back to English.  Returns the language code in force.  A missing
    catalogue is not an error: strings then show in English.
    """
    global _translation, _locale
    if language is None:  # BRIEFDESK_LANG, Preferences, then the OS locale (LC_ALL, LC_MESSAGES, LANG)
        from .languages import interface_language_default

        language = interface_language_default()
    language = language or "en"
    if language in ("C", "POSIX"):
        language = "en"
    try:
        Locale.parse(language.replace("-", "_"))
    except Exception:  # unknown locale name: keep English
        language = "en"
    _translation = _load_catalogue(language)
    _locale = language.replace("-", "_")
    return _locale


def _load_catalogue(language: str) -> gettext.NullTranslations:
    """The catalogue for ``language`` (``zh_CN`` falls back to ``zh``), or no translation."""
    base = language.replace("-", "_")
    for name in (base, base.split("_")[0]):
        po = Path(resource_path("translations", f"{name}.po"))
        if po.is_file():
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=name)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


def _(message: str) -> str:
    """Translate ``message`` into the language in force."""
    return _translation.gettext(message)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` for extraction without translating it now (see :func:`translator`)."""
    return message


_catalogues: dict[str, gettext.NullTranslations] = {}


def translator(language: str | None):
    """A function translating into ``language`` (ISO 639-1), whatever the interface language.

    Used for text printed inside a document in that document's language
    (``议程项目11`` on a Chinese document exported from an English
    interface).  Strings are marked with :func:`N_` for extraction.
    """
    key = (language or "en").replace("-", "_")
    if key not in _catalogues:
        _catalogues[key] = _load_catalogue(key)
    return _catalogues[key].gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the count ``n``."""
    return _translation.ngettext(singular, plural, n)


def _cldr(locale: str | None) -> Locale:
    """The Babel locale for ``locale``; English follows UN editorial style (``9 July 2018``)."""
    name = (locale or _locale).replace("-", "_")
    if name == "en":
        name = "en_GB"
    try:
        return Locale.parse(name)
    except Exception:
        return Locale.parse("en_GB")


def format_date(value: dt.date | None, *, locale: str | None = None, format: str = "long") -> str:
    """Format a date with CLDR rules (``9 July 2018``, ``2018年7月9日``); ``""`` for None."""
    if value is None:
        return ""
    return _babel_date(value, format=format, locale=_cldr(locale))


def format_date_range(start: dt.date | None, end: dt.date | None, *,
                      locale: str | None = None) -> str:
    """Format a meeting's dates as one range (``9–13 July 2018``, ``2018年7月9日至13日``).

    Uses the locale's CLDR interval pattern for the field that differs
    (year, month or day).  CLDR gives most locales only abbreviated-month
    intervals (``yMMMd``); meeting documents spell the month out, so the
    month is widened (``MMM`` → ``MMMM``).  One date missing, or both equal,
    gives the single date.
    """
    loc = _cldr(locale)
    if start is None:
        return format_date(end, locale=str(loc))
    if end is None or end == start:
        return format_date(start, locale=str(loc))
    formats = loc.interval_formats
    if "yMMMMd" in formats:
        return format_interval(start, end, skeleton="yMMMMd", locale=loc)
    skeleton = formats.get("yMMMd")
    if not skeleton:
        return format_interval(start, end, skeleton="yMMMd", locale=loc)
    field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    halves = skeleton.get(field) or skeleton.get("y")
    widen = lambda pattern: re.sub(r"(?<!M)MMM(?!M)", "MMMM", pattern)  # noqa: E731
    return "".join(_babel_date(day, format=widen(pattern), locale=loc)
                   for pattern, day in zip(halves, (start, end)))


def format_number(value: float | int, *, locale: str | None = None) -> str:
    """Format a number with the locale's grouping and decimal signs."""
    return format_decimal(value, locale=_cldr(locale))


def current_language() -> str:
    """The interface language in force (ISO 639-1, e.g. ``"ar"``), as :func:`set_language` chose it."""
    return _locale.split("_")[0] or "en"


#: Unicode isolates (UAX #9): FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE.
_FSI, _PDI = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """``text`` wrapped in Unicode isolates (FSI … PDI), so that a date or number formatted for a
    right-to-left locale (Arabic: ``07/12/2020`` with right-to-left marks) keeps its order inside a
    left-to-right cell, and the reverse, instead of reading ``072020/12/``; ``""`` stays ``""``."""
    return f"{_FSI}{text}{_PDI}" if text else text
