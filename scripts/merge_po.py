"""Resolve a merge conflict in translation catalogues: the union of both sides' entries.

Usage (during a conflicted ``git merge``): ``python scripts/merge_po.py [FILE.po ...]``
(default: every conflicted catalogue in resources/translations/).  For each file it reads
our side (``git show :2:FILE``) and theirs (``:3:FILE``), keeps every message of either,
and where both have one keeps the side that has a translation (ours when both do); an
obsolete (``#~``) translation on either side fills the same string left untranslated live.  It
writes the catalogue in the form scripts/update_translations.py writes (sorted, no
locations) and ``git add``s it.  Run update_translations.py after, to retire strings that
neither side still marks.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from update_translations import (
    write_catalog,  # this directory is on sys.path when run as a script
)

ROOT = Path(__file__).resolve().parent.parent


def _side(stage: int, path: str, locale: str):
    data = subprocess.run(["git", "show", f":{stage}:{path}"], cwd=ROOT, check=True,
                          capture_output=True).stdout
    return read_po(io.BytesIO(data), locale=locale)


def _translated(message) -> bool:
    return all(message.string) if isinstance(message.string, (tuple, list)) else bool(message.string)


def merge(path: str) -> None:
    locale = Path(path).stem
    ours, theirs = _side(2, path, locale), _side(3, path, locale)
    for message in theirs:
        if not message.id:
            continue
        key = message.id if message.context is None else (message.id, message.context)
        mine = ours.get(message.id, message.context)
        if mine is None:
            ours[key] = message
        elif not _translated(mine) and _translated(message):
            mine.string = message.string
            mine.flags = message.flags
    # a string one side keeps obsolete (``#~``, translated ahead of the branch that adds it) gives
    # its translation to the other side's live, untranslated entry
    for side in (theirs, ours):
        for key, message in list(side.obsolete.items()):
            mine = ours.get(message.id, message.context)
            if mine is not None and not _translated(mine) and _translated(message):
                mine.string = message.string
                mine.flags = message.flags
            elif mine is None and side is theirs and key not in ours.obsolete:
                ours.obsolete[key] = message
    write_catalog(ROOT / path, ours)
    subprocess.run(["git", "add", path], cwd=ROOT, check=True)


def main(argv: list[str]) -> int:
    files = argv or subprocess.run(
        ["git", "diff", "--name-only", "--diff-filter=U", "--", "resources/translations/*.po"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    for path in files:
        merge(path)
        print(f"merged {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
