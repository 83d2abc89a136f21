"""Translation and locale formatting.

Every user-visible string goes through :func:`_` (GNU gettext, catalogues in
``resources/translations/<lang>/LC_MESSAGES/briefdesk.mo``).  Dates, numbers
and date ranges go through Babel (CLDR data), never ``strftime``.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_interval
from babel.numbers import format_decimal

from .resources import resource_path

_DOMAIN = "briefdesk"
_translation: gettext.NullTranslations = gettext.NullTranslations()
_locale: str = "en"


def set_language(language: str | None = None) -> str:
    """Install the catalogue for ``language`` (e.g. ``"zh"``, ``"en"``).

    ``None`` takes ``BRIEFDESK_LANG`` or the environment's locale, falling
    back to English.  Returns the language code in force.  A missing
    catalogue is not an error: strings then show in English.
    """
    global _translation, _locale
    if language is None:
        language = os.environ.get("BRIEFDESK_LANG") or (
            os.environ.get("LC_ALL") or os.environ.get("LANG") or "en").split(".")[0]
    language = language or "en"
    if language in ("C", "POSIX"):
        language = "en"
    try:
        Locale.parse(language.replace("-", "_"))
    except Exception:  # unknown locale name: keep English
        language = "en"
    localedir = Path(resource_path("translations"))
    _translation = gettext.translation(_DOMAIN, localedir, languages=[language], fallback=True)
    _locale = language.replace("-", "_")
    return _locale


def current_locale() -> str:
    """The Babel locale name in force (``"en"``, ``"zh_CN"``…)."""
    return _locale


def _(message: str) -> str:
    """Translate ``message`` into the language in force."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on the count ``n``."""
    return _translation.ngettext(singular, plural, n)


def format_date(value: dt.date | None, *, locale: str | None = None, format: str = "long") -> str:
    """Format a date with CLDR rules (``9 July 2018``, ``2018年7月9日``); ``""`` for None."""
    if value is None:
        return ""
    return _babel_date(value, format=format, locale=locale or _locale)


def format_date_range(start: dt.date | None, end: dt.date | None, *,
                      locale: str | None = None) -> str:
    """Format a meeting's dates as one range (``9–13 July 2018``, ``2018年7月9日至13日``).

    Uses CLDR interval formats through :func:`babel.dates.format_interval`.
    One missing end gives the single date.
    """
    loc = locale or _locale
    if start is None:
        return format_date(end, locale=loc)
    if end is None or end == start:
        return format_date(start, locale=loc)
    return format_interval(start, end, skeleton="yMMMMd", locale=loc)


def format_number(value: float | int, *, locale: str | None = None) -> str:
    """Format a number with the locale's grouping and decimal signs."""
    return format_decimal(value, locale=locale or _locale)
