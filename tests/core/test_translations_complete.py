"""Every interface string in the five UN languages besides English (issue 14, point 1).

The catalogues ``resources/translations/{ar,es,fr,ru,zh}.po`` must translate every
string marked in this tree's ``src`` (``_``, ``N_``, ``ngettext``), with no fuzzy
entry, no entry for a string the code no longer marks, and no obsolete (``#~``)
entry left behind for a string that is live again.  Extraction is the one in
``scripts/update_translations.py`` (imported by path), so the test and the script
agree on what "marked" means.

Fix a failure with ``python scripts/update_translations.py`` (adds new strings,
retires vanished ones, brings back obsolete translations), then translate what
``python scripts/update_translations.py --check`` lists.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("ar", "es", "fr", "ru", "zh")
#: CLDR plural categories used by gettext's Plural-Forms for each language.
PLURAL_FORMS = {"ar": 6, "es": 2, "fr": 2, "ru": 3, "zh": 1}
#: A ``str.format`` replacement field: ``{name}``, ``{n:,}``.
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
#: A keyboard accelerator: ``&`` before a character (``&&`` is a literal ampersand).
ACCELERATOR = re.compile(r"&(?!&)(?=\S)")


def _script():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "scripts" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def extracted():
    """(script module, template of every marked string, template of the ``N_`` labels)."""
    module = _script()
    return module, module.extract(ROOT / "src"), module.extract(ROOT / "src", keywords={"N_": None})


def _catalogue(language: str):
    with (ROOT / "resources" / "translations" / f"{language}.po").open("rb") as fh:
        return read_po(fh, locale=language)


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _forms(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_the_script_requires_every_un_language():
    assert _script().FULL == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_current(language, extracted):
    module, template, labels = extracted
    catalogue = _catalogue(language)
    marked = {_key(m) for m in template if m.id}
    live = {_key(m) for m in catalogue if m.id}

    untranslated = module.missing(catalogue, template, labels)
    fuzzy = sorted(_key(m) for m in catalogue if m.id and m.fuzzy)
    no_longer_in_src = sorted(live - marked)
    stale_obsolete = sorted(str(key) for key in catalogue.obsolete if key in live or key in template)
    wrong_plurals = sorted(_key(m) for m in catalogue
                           if m.id and m.pluralizable and len(_forms(m)) != PLURAL_FORMS[language])

    translated = len(marked) - len(untranslated)
    print(f"\n{language}: {translated}/{len(marked)} translated, {len(fuzzy)} fuzzy, "
          f"{len(no_longer_in_src) + len(stale_obsolete)} stale")
    assert catalogue.num_plurals == PLURAL_FORMS[language]
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated (run scripts/update_translations.py)"
    assert fuzzy == []
    assert no_longer_in_src == [], f"{language}: no longer marked in src (run scripts/update_translations.py)"
    assert stale_obsolete == [], f"{language}: obsolete entries of live strings (run scripts/update_translations.py)"
    assert wrong_plurals == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_accelerators(language):
    """``{name}`` fields are filled by ``str.format``: a missing one loses a value, an
    unknown one raises KeyError at run time.  ``&`` marks a menu accelerator."""
    wrong_fields, wrong_accelerators = [], []
    for message in _catalogue(language):
        if not message.id or not any(_forms(message)):
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        wanted = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        forms = [set(PLACEHOLDER.findall(text)) for text in _forms(message)]
        if message.pluralizable:
            # a form may leave the count out ("one page", Arabic dual), never add a field
            ok = all(form <= wanted for form in forms) and set().union(*forms) == wanted
        else:
            ok = forms[0] == wanted
        if not ok:
            wrong_fields.append((_key(message), _forms(message)))
        accelerators = len(ACCELERATOR.findall(ids[0]))
        if any(len(ACCELERATOR.findall(text)) != accelerators for text in _forms(message)):
            wrong_accelerators.append((_key(message), _forms(message)))
    assert wrong_fields == []
    assert wrong_accelerators == []


@pytest.mark.parametrize("language,n,expected", [
    ("ru", 1, "1 страница"), ("ru", 3, "3 страницы"), ("ru", 5, "5 страниц"), ("ru", 21, "21 страница"),
    ("ar", 1, "صفحة واحدة"), ("ar", 2, "صفحتان"), ("ar", 7, "7 صفحات"), ("ar", 11, "11 صفحة"),
    ("fr", 2, "2 pages"), ("es", 1, "1 página"), ("zh", 3, "共 3 页"),
])
def test_plural_forms_load_at_run_time(language, n, expected):
    from briefdesk.core import i18n

    try:
        assert i18n.set_language(language) == language
        assert i18n.ngettext("{n} page", "{n} pages", n).format(n=n) == expected
    finally:
        i18n.set_language("en")
