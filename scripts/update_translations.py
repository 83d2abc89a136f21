"""Extract every ``_()`` string from src/ into the catalogues in resources/translations/.

Usage: ``python scripts/update_translations.py`` — adds new strings (empty
translations) to each ``<lang>.po`` and marks vanished ones obsolete, using
Babel's extractor and catalogue updater.  Translate the new entries by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"


def extract() -> Catalog:
    template = Catalog(project="BriefDesk")
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / "src", method_map=[("**.py", "python")], keywords=keywords):
        template.add(message, None, [(f"src/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def main() -> int:
    template = extract()
    for po in sorted(TRANSLATIONS.glob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.stem)
        catalog.update(template, no_fuzzy_matching=True)  # a guessed translation is worse than none
        with po.open("wb") as fh:
            write_po(fh, catalog, width=100, omit_header=False)
        missing = sum(1 for m in catalog
                      if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string))
        print(f"{po.name}: {len(catalog)} messages, {missing} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
