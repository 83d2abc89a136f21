"""Which language the user reads a document in, and which language the interface speaks.

* :func:`interface_language_default` — the interface language when nothing is
  chosen: ``BRIEFDESK_LANG``, else the Preferences' choice, else the OS locale
  (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, ``LANGUAGE``: POSIX order, read by
  Babel's :func:`babel.default_locale`), else English.
* :func:`preferred_languages` — the order in which language versions of a
  document are preferred: the Preferences' list if set, else the interface
  language, then ``en, fr, es, ru, zh, ar``.
* :func:`choose_language` — the first preferred language a document is held in.

Preferences are read through :func:`preference`: :func:`.settings.get`, with
an empty value read as unset.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence

from . import i18n, settings

#: The environment variables :func:`os_language` reads, in Babel's order (``default_locale``
#: with these categories first, then its own fallbacks).
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LANG")
#: A locale value whose language Babel would read the same: ``C``/``POSIX`` (English), or
#: ``ll`` / ``ll_TT`` with an optional ``.ENCODING``, ``ll`` a UN language.
_PLAIN_LOCALE = re.compile(r"(?:(C|POSIX)|(ar|en|es|fr|ru|zh)(?:_[A-Z]{2})?)(?:\.[A-Za-z0-9-]+)?")

#: The fallback order of language versions after the interface language (issue 14).
DEFAULT_ORDER: tuple[str, ...] = ("en", "fr", "es", "ru", "zh", "ar")

#: Preference keys read through :func:`preference`.
INTERFACE_LANGUAGE_KEY = "interface_language"
DOCUMENT_LANGUAGES_KEY = "document_languages"


def preference(key: str, default=None):
    """The Preferences' value for ``key`` (:func:`.settings.get`), or ``default`` when unset or
    empty.  Never raises: an unreadable settings file reads as the defaults."""
    value = settings.get(key, default)
    return default if value in (None, "", []) else value


def os_language() -> str:
    """The language of the OS locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, ``LANGUAGE``), ISO 639-1;
    ``"en"`` when unset or ``C``."""
    name = next((name for name in _LOCALE_VARIABLES if os.environ.get(name)), None)
    if name is None:
        return "en"
    value = os.environ[name]
    if name == "LANGUAGE":  # a list, language:language…: Babel takes the first
        value = value.split(":")[0]
    plain = _PLAIN_LOCALE.fullmatch(value)
    if plain:  # what Babel answers (checked by a test), without loading it before the first paint
        return plain.group(2) or "en"
    from babel import default_locale

    try:
        found = default_locale(("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"))
    except (ValueError, TypeError):
        found = None
    return i18n.base_language(found) or "en"


def interface_language_default() -> str:
    """The interface language to install at start: ``BRIEFDESK_LANG``, else Preferences, else the OS
    locale (:func:`os_language`)."""
    return (i18n.base_language(os.environ.get("BRIEFDESK_LANG"))
            or i18n.base_language(preference(INTERFACE_LANGUAGE_KEY))
            or os_language())


def preferred_languages(interface: str | None = None) -> list[str]:
    """Languages in the order a document's versions are preferred: the Preferences' list when
    set, else ``interface`` (default: the one in force), then :data:`DEFAULT_ORDER`."""
    chosen = preference(DOCUMENT_LANGUAGES_KEY)
    if isinstance(chosen, str):
        chosen = [c for c in chosen.replace(",", " ").split()]
    first = [i18n.base_language(interface or i18n.current_language())]
    order = [i18n.base_language(c) for c in (chosen or [])] + first + list(DEFAULT_ORDER)
    return list(dict.fromkeys(c for c in order if c))


def choose_language(held: Iterable[str], preferred: Sequence[str] | None = None) -> str:
    """The first of ``preferred`` (default :func:`preferred_languages`) among the languages
    ``held``; else the first held in code order; ``""`` when none is held."""
    held = [h for h in held]
    for lang in (preferred if preferred is not None else preferred_languages()):
        if lang in held:
            return lang
    return min(held) if held else ""


def sort_languages(codes: Iterable[str]) -> list[str]:
    """Language codes in the order badges show them: alphabetical (``ar en es fr ru zh``)."""
    return sorted(set(codes))


def language_label(code: str, interface: str | None = None) -> str:
    """The name of language ``code`` in the interface language (``"ar"`` → ``Arabic``,
    ``arabe``, ``阿拉伯文``…), CLDR via Babel; the code itself when Babel does not know it."""
    return _language_label(code, interface or i18n.current_language())


@functools.lru_cache(maxsize=256)
def _language_label(code: str, interface: str) -> str:
    try:
        from babel import Locale

        name = Locale.parse(code).get_display_name(Locale.parse(interface))
    except Exception:  # noqa: BLE001 - an unknown or empty code shows as typed
        return code
    return name or code


#: The six official languages of the United Nations (ISO 639-1), in which packs and drafts are written.
UN_LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")


def default_document_language(interface: str | None = None) -> str:
    """The language a new briefing pack or draft is written in: the interface language (default:
    the one in force) when it is one of :data:`UN_LANGUAGES`, else English."""
    lang = i18n.base_language(interface or i18n.current_language())
    return lang if lang in UN_LANGUAGES else "en"
