"""Which way a language is written: right to left (Arabic) or left to right.

:func:`is_rtl` answers for a language code from CLDR (Babel's
``Locale.character_order``: ``"right-to-left"`` for ``ar``, ``he``, ``fa``…),
with a small fixed set as the answer when Babel cannot parse the code.  The
GUI mirrors the whole interface when :func:`interface_is_rtl`, and shows a
document right to left when :func:`is_rtl` of its language, whatever the
interface (issue 14).  No Qt here.
"""

from __future__ import annotations

import functools

from . import i18n

#: Right-to-left languages when Babel does not know the code (ISO 639-1).
RTL_LANGUAGES: frozenset[str] = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ug", "ckb", "sd"})

#: The direction of the six UN languages (bare codes), as CLDR gives it, known without loading
#: Babel's locale data (the window asks for the interface language's before its first paint).
UN_LANGUAGE_RTL: dict[str, bool] = {"ar": True, "en": False, "fr": False, "es": False, "ru": False, "zh": False}


@functools.lru_cache(maxsize=64)
def is_rtl(language: str | None) -> bool:
    """True when ``language`` (``"ar"``, ``"ar_EG"``, ``"en"``…; None or ``""``: no) is written
    right to left, per CLDR's character order (Babel), else :data:`RTL_LANGUAGES`."""
    code = (language or "").replace("-", "_").split(".")[0]
    if not code:
        return False
    if code in UN_LANGUAGE_RTL:
        return UN_LANGUAGE_RTL[code]
    try:
        from babel import Locale

        return Locale.parse(code).character_order == "right-to-left"
    except Exception:  # noqa: BLE001 - an unknown code: the fixed set decides
        return code.split("_")[0].lower() in RTL_LANGUAGES


def interface_is_rtl() -> bool:
    """True when the interface language in force (:func:`.i18n.current_language`) is right to left."""
    return is_rtl(i18n.current_language())
