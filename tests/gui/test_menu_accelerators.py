"""Translated menus keep one working accelerator per entry, distinct within each menu (issue 14).

An ``&`` letter that two entries of one menu share makes Alt+letter cycle between them
instead of choosing; translations place their own letters, so each menu is checked as
built, in each translated interface language.
"""

from __future__ import annotations

import re

import pytest

from briefdesk.core import i18n

#: ``&`` before a character, not the literal ``&&``.
ACCELERATOR = re.compile(r"&([^&\s])")


def _clashes(title: str, actions) -> list[str]:
    """The clashing accelerators of one menu (and, recursively, of its submenus)."""
    seen: dict[str, str] = {}
    found = []
    for action in actions:
        text = action.text().replace("&&", "")
        match = ACCELERATOR.search(text)
        if match:
            letter = match.group(1).casefold()
            if letter in seen:
                found.append(f"{title}: {seen[letter]!r} and {action.text()!r} share &{letter}")
            seen[letter] = action.text()
        if action.menu() is not None:
            found += _clashes(action.text(), action.menu().actions())
    return found


@pytest.mark.parametrize("language", ["ar", "es", "fr", "ru", "zh"])
def test_each_menu_has_distinct_accelerators(language, library, main_window):
    try:
        assert i18n.set_language(language) == language
        window = main_window(library)
        editor = window.open_draft_editor()
        try:
            titles = [a.text() for a in window.menuBar().actions()]
            assert i18n._("&File") in titles  # the menus really are translated
            clashes = (_clashes("main window menu bar", window.menuBar().actions())
                       + _clashes("draft editor menu bar", editor.menuBar().actions()))
        finally:
            editor.close()
    finally:
        i18n.set_language("en")
    assert clashes == []
