"""Dates and ranges through Babel in the UN languages; catalogues load from .po."""

from __future__ import annotations

import datetime as dt

import pytest

from briefdesk.core import i18n

D = dt.date


#: Meeting dates as UN documents print them (CBD/SBI/2/10's masthead, 9–13 July 2018; the
#: Arabic of the UN's resolutions in the corpus, ``4-15 أيلول/سبتمبر 1995``).  These must
#: hold whatever Babel release is installed: ``scripts/test-newest-babel.sh`` (run by
#: ``.ci/run``) runs this file again with the newest Babel on PyPI.
UN_RANGES = [
    ("zh", "2018年7月9日至13日", "2018年7月30日至8月3日", "2018年12月30日至2019年1月3日"),
    ("en", "9–13 July 2018", "30 July–3 August 2018", "30 December 2018–3 January 2019"),
    ("fr", "9–13 juillet 2018", "30 juillet–3 août 2018", "30 décembre 2018–3 janvier 2019"),
    ("es", "9–13 de julio de 2018", "30 de julio–3 de agosto de 2018",
     "30 de diciembre de 2018–3 de enero de 2019"),
    ("ru", "9–13 июля 2018 года", "30 июля–3 августа 2018 года",
     "30 декабря 2018 года–3 января 2019 года"),
    ("ar", "9-13 تموز/يوليه 2018", "30 تموز/يوليه - 3 آب/أغسطس 2018",
     "30 كانون الأول/ديسمبر 2018 - 3 كانون الثاني/يناير 2019"),
]


@pytest.mark.parametrize("locale,same_month,across_months,across_years", UN_RANGES)
def test_meeting_date_ranges_read_as_the_un_prints_them(locale, same_month, across_months, across_years):
    # exact strings: no thin spaces, no CLDR interval pattern, whatever the Babel release
    assert i18n.format_date_range(D(2018, 7, 9), D(2018, 7, 13), locale=locale) == same_month
    assert i18n.format_date_range(D(2018, 7, 30), D(2018, 8, 3), locale=locale) == across_months
    assert i18n.format_date_range(D(2018, 12, 30), D(2019, 1, 3), locale=locale) == across_years
    # ends given the wrong way round still read forwards
    assert i18n.format_date_range(D(2018, 7, 13), D(2018, 7, 9), locale=locale) == same_month


@pytest.mark.parametrize("locale,expected", [
    ("zh", "2014年10月6日"), ("zh_Hans_CN", "2014年10月6日"), ("en", "6 October 2014"),
    ("fr", "6 octobre 2014"), ("es", "6 de octubre de 2014"), ("ru", "6 октября 2014 года"),
    ("ar", "6 تشرين الأول/أكتوبر 2014"),
])
def test_single_dates_in_un_style(locale, expected):
    assert i18n.format_date(D(2014, 10, 6), locale=locale) == expected
    assert i18n.format_date_range(D(2014, 10, 6), None, locale=locale) == expected
    assert i18n.format_date_range(None, D(2014, 10, 6), locale=locale) == expected


def test_missing_dates_and_other_locales():
    assert i18n.format_date(None) == ""
    assert i18n.format_date_range(None, None) == ""
    # a locale outside the six UN languages falls back to CLDR's own patterns
    assert "2018" in i18n.format_date_range(D(2018, 7, 9), D(2018, 7, 13), locale="de")
    assert i18n.format_date(D(2018, 7, 9), locale="de") == "9. Juli 2018"


def test_chinese_catalogue_translates_and_unknown_language_falls_back():
    try:
        assert i18n.set_language("zh") == "zh"
        assert i18n._("No paragraph matches.") != "No paragraph matches."
        assert i18n.set_language("xx-nonsense") == "en"
        assert i18n._("No paragraph matches.") == "No paragraph matches."
    finally:
        i18n.set_language("en")


def test_every_user_visible_string_has_a_chinese_translation():
    """Chinese first: a string added to the code without a zh translation fails here.

    Fix: ``python scripts/update_translations.py``, then translate the new
    entries in ``resources/translations/zh.po``.
    """
    import importlib.util
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("update_translations", root / "scripts" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with (root / "resources" / "translations" / "zh.po").open("rb") as fh:
        zh = read_po(fh, locale="zh")
    missing = []
    for message in module.extract():
        if not message.id:
            continue
        found = zh.get(message.id)
        strings = found.string if found is not None and not found.fuzzy else None  # fuzzy is not loaded
        if not (any(strings) if isinstance(strings, tuple) else strings):
            missing.append(message.id)
    assert missing == []


def test_no_translated_string_hides_inside_an_f_string():
    """Babel's extractor cannot see ``_("...")`` inside an f-string (Python 3.11),
    so such a string would silently stay untranslated: call ``_()`` outside it."""
    import io
    import tokenize
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "src"
    hidden = []
    for path in root.rglob("*.py"):
        for tok in tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline):
            prefix = tok.string[:2].lower()
            if tok.type == tokenize.STRING and "f" in prefix.split('"')[0].split("'")[0] \
                    and ("_(" in tok.string or "ngettext(" in tok.string):
                hidden.append(f"{path.relative_to(root)}:{tok.start[0]}")
    assert hidden == []


@pytest.mark.parametrize("language", ["zh", "fr", "es", "ru", "ar"])
def test_labels_printed_inside_documents_exist_in_every_un_language(language):
    """Strings marked ``N_`` are printed in the document's own language (PDF title
    block, page footer), so each UN language must have all of them."""
    from pathlib import Path

    from babel.messages.extract import extract_from_dir

    root = Path(__file__).resolve().parents[2] / "src"
    marked = {message for _file, _line, message, _comments, _context in extract_from_dir(
        root, method_map=[("**.py", "python")], keywords={"N_": None})}
    assert len(marked) >= 10
    from babel.messages.pofile import read_po

    with (root.parent / "resources" / "translations" / f"{language}.po").open("rb") as fh:
        catalogue = read_po(fh, locale=language)
    missing = [m for m in marked
               if catalogue.get(m) is None or not catalogue.get(m).string or catalogue.get(m).fuzzy]
    assert sorted(missing) == []
