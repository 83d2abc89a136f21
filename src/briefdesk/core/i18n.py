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
from pathlib import Path
from typing import TYPE_CHECKING

from .resources import resource_path

if TYPE_CHECKING:  # Babel is imported when first used: the window is painted without it (issue 13)
    from babel import Locale

#: Locale names CLDR is known to hold (the six UN languages), accepted by :func:`set_language`
#: without asking Babel, which is not loaded before the main window's first paint (a test
#: checks that Babel parses each of them).
KNOWN_LOCALES = frozenset({"ar", "en", "es", "fr", "ru", "zh"})

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
    if language not in KNOWN_LOCALES:
        from babel import Locale

        try:
            Locale.parse(language.replace("-", "_"))
        except Exception:  # unknown locale name: keep English
            language = "en"
    _translation = _load_catalogue(language)
    _locale = language.replace("-", "_")
    return _locale


def _babel_date(*args, **kwargs) -> str:
    """:func:`babel.dates.format_date` (imported on first use: the window is painted without it)."""
    from babel.dates import format_date

    return format_date(*args, **kwargs)


def format_interval(*args, **kwargs) -> str:
    """:func:`babel.dates.format_interval` (imported on first use)."""
    from babel.dates import format_interval as babel_format_interval

    return babel_format_interval(*args, **kwargs)


def _load_catalogue(language: str) -> gettext.NullTranslations:
    """The catalogue for ``language`` (``zh_CN`` falls back to ``zh``), or no translation."""
    base = language.replace("-", "_")
    for name in (base, base.split("_")[0]):
        po = Path(resource_path("translations", f"{name}.po"))
        if po.is_file():
            from babel.messages.mofile import write_mo  # here: an English interface never needs them
            from babel.messages.pofile import read_po

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
    from babel import Locale

    name = (locale or _locale).replace("-", "_")
    if name == "en":
        name = "en_GB"
    try:
        return Locale.parse(name)
    except Exception:
        return Locale.parse("en_GB")


#: Month names as the UN prints them in Arabic: the Levantine name, a slash, the Egyptian
#: name (``تموز/يوليه``), with Western digits for day and year.  CLDR's Arabic months
#: (``يوليو``) are not the UN's.  Source: the UN's own Arabic resolutions in the corpus
#: (``akn/ga-75/Arabic``: ``30 حزيران/يونيه 2020``, ``4-15 أيلول/سبتمبر 1995``).
UN_ARABIC_MONTHS: tuple[str, ...] = (
    "كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
    "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر",
)

#: UN editorial date style per language, as LDML patterns for Babel's ``format_date``:
#: (day month year, day month, dash between the two ends of a range).  Only month names
#: come from CLDR, so the output does not move with a Babel release (CLDR's interval
#: patterns changed in Babel 2.19: thin spaces round the dash, ``七月`` for ``7月``).
#: Sources: the UN editorial manuals' date style as printed in the corpus's meeting
#: documents and resolutions — ``9–13 July 2018``, ``9–13 juillet 2018``,
#: ``9–13 de julio de 2018``, ``9–13 июля 2018 года``.  Chinese and Arabic are spelled
#: out in :func:`_un_date` (``2018年7月9日至13日``; ``9-13 تموز/يوليه 2018``).
_UN_DATE_STYLE: dict[str, tuple[str, str, str]] = {
    "en": ("d MMMM y", "d MMMM", "\u2013"),
    "fr": ("d MMMM y", "d MMMM", "\u2013"),
    "es": ("d 'de' MMMM 'de' y", "d 'de' MMMM", "\u2013"),
    "ru": ("d MMMM y 'года'", "d MMMM", "\u2013"),
}


def base_language(code: str | None) -> str:
    """The language of a locale code, lower case: ``"fr_FR.UTF-8"``, ``"zh-Hans-CN"`` → ``"fr"``,
    ``"zh"``; ``"C"``/``"POSIX"``/empty → ``""``."""
    name = (code or "").split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return "" if name in ("c", "posix") else name


def _language(locale: str | None) -> str:
    """The ISO 639-1 language of ``locale`` (``"zh_Hans_CN"`` → ``"zh"``)."""
    return base_language(locale or _locale)


def _un_date(value: dt.date, language: str, *, year: bool = True, month: bool = True) -> str:
    """``value`` in UN style for ``language`` (one of :data:`_UN_DATE_STYLE`, ``zh``, ``ar``).

    ``year=False`` leaves the year out, ``month=False`` (with ``year=False``)
    gives the day alone, as the first end of a range prints it.
    """
    if language == "zh":
        text = f"{value.day}日"
        if month:
            text = f"{value.month}月" + text
        return f"{value.year}年" + text if year else text
    if language == "ar":
        parts = [str(value.day)]
        if month:
            parts.append(UN_ARABIC_MONTHS[value.month - 1])
        if year:
            parts.append(str(value.year))
        return " ".join(parts)
    full, day_month, _dash = _UN_DATE_STYLE[language]
    if not month:
        return str(value.day)
    return _babel_date(value, format=full if year else day_month, locale=_cldr(language))


def format_date(value: dt.date | None, *, locale: str | None = None, format: str = "long") -> str:
    """Format a date: ``9 July 2018``, ``2018年7月9日``, ``9 июля 2018 года``; ``""`` for None.

    ``format="long"`` (the default) follows UN editorial style in the six UN
    languages (:data:`_UN_DATE_STYLE`; Arabic months as :data:`UN_ARABIC_MONTHS`)
    and CLDR's long format elsewhere; ``"medium"``/``"short"`` or an LDML
    pattern go to Babel as they are.
    """
    if value is None:
        return ""
    language = _language(locale)
    if format == "long" and (language in _UN_DATE_STYLE or language in ("zh", "ar")):
        return _un_date(value, language)
    return _babel_date(value, format=format, locale=_cldr(locale))


def format_date_range(start: dt.date | None, end: dt.date | None, *,
                      locale: str | None = None) -> str:
    """Format a meeting's dates as one range, as UN documents print them.

    ``9–13 July 2018``, ``30 July–3 August 2018``, ``28 December 2018–3 January 2019``;
    ``2018年7月9日至13日``, ``2018年7月30日至8月3日``; ``9–13 juillet 2018``;
    ``9–13 de julio de 2018``; ``9–13 июля 2018 года``; ``9-13 تموز/يوليه 2018``
    and ``30 تموز/يوليه - 3 آب/أغسطس 2018``.  What both ends share is printed once
    (the year, and the month too within one month).  The rules are ours
    (:data:`_UN_DATE_STYLE`), not CLDR's interval patterns, so they hold
    whatever Babel release is installed; other locales use CLDR's interval
    formats.  One date missing, or both equal, gives the single date.
    """
    if start is None:
        return format_date(end, locale=locale)
    if end is None or end == start:
        return format_date(start, locale=locale)
    if end < start:
        start, end = end, start
    language = _language(locale)
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    if language == "zh":
        return _un_date(start, "zh") + "至" + _un_date(end, "zh", year=not same_year, month=not same_month)
    if language == "ar":
        dash = "-" if same_month else " - "
    elif language in _UN_DATE_STYLE:
        dash = _UN_DATE_STYLE[language][2]
    else:
        return format_interval(start, end, skeleton="yMMMd", locale=_cldr(locale))
    first = _un_date(start, language, year=not same_year, month=not same_month)
    return first + dash + _un_date(end, language)


def format_number(value: float | int, *, locale: str | None = None) -> str:
    """Format a number with the locale's grouping and decimal signs."""
    from babel.numbers import format_decimal

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
