"""Extract every ``_()`` string from src/ into the catalogues in resources/translations/.

Usage: ``python scripts/update_translations.py [--src DIR ...] [--check]`` —
adds new strings (empty translations) to each ``<lang>.po`` and marks vanished
ones obsolete, using Babel's extractor and catalogue updater.  Translate the
new entries by hand.

``--src`` (repeatable) extracts from the union of several ``src`` trees
instead of this checkout's own, e.g. the worktrees of branches that are about
to be merged, so their strings are translated before the merge; entries that
exist in none of them become obsolete (``#~``) and come back with their
translation if a string reappears.  ``--check`` writes nothing: it lists, per
catalogue, the strings that still lack a translation (every ``_``/``N_``/
``ngettext`` string, in every catalogue: ``tests/core/test_translations_complete.py``
requires all five complete) and exits 1 if there are any.

After merging a branch that marks new strings: keep the trunk's catalogues
if they conflict, run this script without ``--src`` (strings that were kept as
obsolete ``#~`` entries come back with their translations), then
``--check`` lists what is left to translate by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
#: Languages whose catalogue must hold every string (all the UN languages besides English;
#: a language outside this set would only need the N_ labels printed inside documents).
FULL = {"ar", "es", "fr", "ru", "zh"}


def extract(*sources: Path | str, keywords: dict | None = None) -> Catalog:
    """A template catalogue of the strings marked in ``sources`` (``src`` directories).

    Without arguments, this checkout's ``src``.  Several trees give the union;
    a string's locations are those in the first tree that marks it (list the
    trunk first), named by the path below ``src``.
    ``keywords`` defaults to ``_``, ``N_`` and ``ngettext`` (Babel keyword spec).
    """
    template = Catalog(project="BriefDesk")
    for source in sources or (ROOT / "src",):
        # a string already met in an earlier tree keeps that tree's locations
        seen = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
        for filename, lineno, message, comments, context in extract_from_dir(
                Path(source), method_map=[("**.py", "python")], keywords=keywords or KEYWORDS):
            if (message if isinstance(message, str) else message[0], context) in seen:
                continue
            template.add(message, None, [(f"src/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write ``catalog`` to ``path`` the one way every catalogue is written: sorted, without
    locations, 100 columns, so branches that add strings merge without conflicts."""
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, no_location=True, sort_output=True)


def _translated(message) -> bool:
    if message is None or message.fuzzy:  # a fuzzy entry is never loaded
        return False
    return all(message.string) if isinstance(message.string, tuple) else bool(message.string)


def missing(catalog: Catalog, template: Catalog, labels: Catalog) -> list[str]:
    """The ids of ``template`` (or only of ``labels`` for a non-full language) untranslated in ``catalog``."""
    wanted = template if str(catalog.locale) in FULL else labels
    return [m.id if isinstance(m.id, str) else m.id[0]
            for m in wanted if m.id and not _translated(catalog.get(m.id))]


def revive_obsolete(catalog: Catalog, template: Catalog) -> None:
    """Bring back obsolete (``#~``) entries of ``catalog`` whose string is marked again in ``template``.

    Babel's ``Catalog.update`` keeps obsolete entries but never restores them,
    so a string that leaves one branch and comes back on another would lose its
    translation.  When a merge has left both a live entry and an obsolete one
    for the same string, the live entry takes the obsolete one's translation if
    it has none, and the obsolete duplicate is dropped.
    """
    for key in list(catalog.obsolete):
        if key not in template:
            continue
        old = catalog.obsolete.pop(key)
        live = catalog.get(old.id, old.context)
        if live is None:
            catalog[key] = old
        elif not _translated(live) and _translated(old):
            live.string = old.string
            live.flags.discard("fuzzy")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", action="append", type=Path, default=[],
                        help="a src directory to extract from (repeatable; default: this checkout's src)")
    parser.add_argument("--check", action="store_true", help="write nothing; list untranslated strings")
    args = parser.parse_args(argv)
    template = extract(*args.src)
    labels = extract(*args.src, keywords={"N_": None})
    status = 0
    for po in sorted(TRANSLATIONS.glob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.stem)
        if not args.check:
            revive_obsolete(catalog, template)
            created = catalog.creation_date  # kept, so branches do not all change the header
            catalog.update(template, no_fuzzy_matching=True)  # a guessed translation is worse than none
            catalog.creation_date = created
            write_catalog(po, catalog)
        lacking = missing(catalog, template, labels)
        print(f"{po.name}: {len(catalog)} messages, {len(lacking)} required untranslated")
        if args.check:
            for message_id in lacking:
                print(f"    {message_id!r}")
            status = status or (1 if lacking else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
