"""A generated library of many paragraphs, built from the real corpus, for benchmarks and GUI tests.

``build_library(path, paragraphs=1_000_000, progress=None)`` imports the
real corpus (``akn/ga-75`` in all six languages and the seeds) into a new
library at ``path``, then adds generated documents until the library holds
``paragraphs`` paragraphs.  Each generated document copies the structure of
a real one (kinds, numbers, levels, body, language) under a new symbol and
session; each of its paragraphs is either the template's paragraph with a
few words changed (a word — or, in Chinese, two characters — replaced by
one taken from another paragraph of the same language) or a real paragraph
of the same language drawn at random (shuffled).  Generation is seeded, so
the same call builds the same library.

Generated documents go through :meth:`Library.add` like imported ones, so
the index is built by the store's own triggers and citations are extracted
and resolved.  The result is cached: when ``path`` exists with a matching
``<path>.json`` note (same paragraph count and generator version), it is
returned at once.  A build writes to ``<path>.part`` and renames at the
end, so an interrupted build is never mistaken for a finished one.

Usage from tests (``bench`` is a package)::

    from bench.synthetic import build_library, cached_path
    path = build_library(cached_path(1_000_000))

or from the shell: ``python bench/synthetic.py [--paragraphs N] [PATH]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph  # noqa: E402
from briefdesk.core.importer import Importer, collect_files  # noqa: E402
from briefdesk.core.library import Library  # noqa: E402
from briefdesk.core.models import Document, Paragraph  # noqa: E402
from briefdesk.core.search import sqlite_fts  # noqa: E402

#: bump when the generated content changes, so cached libraries are rebuilt
VERSION = 1
SEED = 20261121
ProgressFn = Callable[[int, int], None]


def corpus_dir() -> Path:
    """The reference corpus: ``$BRIEFDESK_CORPUS`` or ``../shared/corpus`` beside the project."""
    return Path(os.environ.get("BRIEFDESK_CORPUS", ROOT.parent / "shared" / "corpus"))


def cached_path(paragraphs: int = 1_000_000) -> Path:
    """Where the generated library of ``paragraphs`` paragraphs is cached: ``.bench-cache/`` in
    the project (git ignores it; ``$BRIEFDESK_BENCH_CACHE`` overrides).  Never the user's own
    cache folder: a run must not lean on what an earlier one left behind elsewhere."""
    folder = Path(os.environ.get("BRIEFDESK_BENCH_CACHE") or ROOT / ".bench-cache")
    return folder / f"synthetic-{paragraphs}.sqlite"


def _note(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def is_built(path: Path, paragraphs: int, languages: tuple[str, ...] | None = None) -> bool:
    """True when ``path`` holds a finished library built for ``paragraphs`` (from ``languages``)
    by this generator version."""
    try:
        note = json.loads(_note(path).read_text())
    except (OSError, ValueError):
        return False
    return (path.is_file() and note.get("version") == VERSION and note.get("paragraphs") == paragraphs
            and note.get("languages") == (list(languages) if languages else None))


def real_files(corpus: Path | None = None, languages: tuple[str, ...] | None = None) -> list[Path]:
    """The real corpus files every generated library starts from: ``akn/ga-75`` and ``seeds``.

    ``languages`` (folder names such as ``("English", "Chinese")``) keeps only those language
    versions of ``akn/ga-75``; ``None`` takes all six.
    """
    corpus = corpus or corpus_dir()
    akn = corpus / "akn" / "ga-75"
    return collect_files([*(akn / name for name in languages)] if languages else [akn]) \
        + collect_files([corpus / "seeds"])


_WORD = re.compile(r"\w+")
_HAN2 = re.compile(r"[\u4e00-\u9fff]{2}")


def _vary(text: str, language: str, donors: list[str], rng: random.Random) -> str:
    """``text`` with one to three words (Chinese: two-character pieces) replaced by ones from donors."""
    pattern = _HAN2 if language == "zh" else _WORD
    for _ in range(rng.randint(1, 3)):
        spots = list(pattern.finditer(text))
        donor_spots = list(pattern.finditer(rng.choice(donors)))
        if not spots or not donor_spots:
            break
        spot, new = rng.choice(spots), rng.choice(donor_spots).group()
        text = text[:spot.start()] + new + text[spot.end():]
    return text


def build_library(path: str | Path, paragraphs: int = 1_000_000, progress: ProgressFn | None = None,
                  *, corpus: Path | None = None, languages: tuple[str, ...] | None = None) -> Path:
    """Build (or reuse) a library of at least ``paragraphs`` paragraphs at ``path``; returns ``path``.

    ``progress(done, total)`` is called with paragraph counts.  Raises
    :class:`FileNotFoundError` when the corpus is absent.  Several minutes
    for a million paragraphs on a 2-core machine; cached afterwards.
    ``languages`` limits the real files (:func:`real_files`), so a small library
    for a default test builds in about a minute.
    """
    path = Path(path)
    if is_built(path, paragraphs, languages):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # One builder at a time per path: a second process (another test run, a benchmark) waits
    # for the first and then reuses its library instead of clobbering its ``.part`` file.
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        try:
            import fcntl
            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - not POSIX: no lock, as before
            pass
        if is_built(path, paragraphs, languages):
            return path
        return _build(path, paragraphs, progress, corpus, languages)


def _build(path: Path, paragraphs: int, progress: ProgressFn | None, corpus: Path | None,
           languages: tuple[str, ...] | None = None) -> Path:
    files = real_files(corpus, languages)
    if not files:
        raise FileNotFoundError(f"no corpus files under {corpus or corpus_dir()}")
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    for stale in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    library = Library(part)
    try:
        Importer(library).import_paths(files)
        with library.sessions() as s:
            rows = s.execute(
                __import__("sqlalchemy").select(
                    Document.id, Document.language, Document.body, Document.kind, Document.symbol,
                    Paragraph.kind, Paragraph.number, Paragraph.level, Paragraph.text)
                .join(Paragraph, Paragraph.document_id == Document.id)
                .order_by(Document.id, Paragraph.position)).all()
        templates: dict[int, list] = {}
        by_language: dict[str, list[str]] = {}
        for row in rows:
            templates.setdefault(row[0], []).append(row)
            if row.text.strip():
                by_language.setdefault(row.language, []).append(row.text)
        real_ids = sorted(templates)
        done = len(rows)
        if progress:
            progress(done, paragraphs)
        rng = random.Random(SEED)
        serial = 0
        while done < paragraphs:
            template = templates[rng.choice(real_ids)]
            first = template[0]
            donors = by_language[first.language]
            serial += 1
            session = 76 + serial % 40
            texts = []
            for row in template:
                if row[5] == ParagraphKind.HEADING.value or rng.random() < 0.7:
                    texts.append(_vary(row.text, first.language, donors, rng))
                else:
                    texts.append(rng.choice(donors))
            parsed = ParsedDocument(
                symbol=f"A/RES/{session}/{serial}", title=f"Generated resolution {serial}", body=first.body,
                session=str(session), language=first.language, kind=DocumentKind(first.kind),
                date=dt.date(1945 + session, 1 + serial % 12, 1 + serial % 28),
                paragraphs=[ParsedParagraph(ParagraphKind(row[5]), text, row.number, row.level)
                            for row, text in zip(template, texts)])
            library.add(parsed, content_hash=f"synthetic-{VERSION}-{serial}", source_name=f"synthetic-{serial}")
            done += len(parsed.paragraphs)
            if progress and serial % 50 == 0:
                progress(min(done, paragraphs), paragraphs)
        with library.engine.begin() as connection:
            sqlite_fts.optimize_index(connection)
        with library.engine.connect() as connection:
            sqlite_fts.checkpoint(connection)
    finally:
        library.close()
    os.replace(part, path)
    for stale in (Path(f"{part}-wal"), Path(f"{part}-shm")):
        stale.unlink(missing_ok=True)
    _note(path).write_text(json.dumps({"version": VERSION, "paragraphs": paragraphs,
                                       "languages": list(languages) if languages else None,
                                       "built_paragraphs": done,
                                       "seconds": round(time.perf_counter() - started, 1)}))
    if progress:
        progress(paragraphs, paragraphs)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path)
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    args = parser.parse_args()
    path = args.path or cached_path(args.paragraphs)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 10 or done >= total:
            last[0] = time.perf_counter()
            print(f"{done:>9,} / {total:,} paragraphs", flush=True)

    started = time.perf_counter()
    build_library(path, args.paragraphs, progress)
    print(f"{path}: {path.stat().st_size / 1e6:.0f} MB, {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
