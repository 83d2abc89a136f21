"""Benchmark: do the extracted citations name what the AKN files' own links name?

Usage: ``python bench/citations_akn.py [--corpus ../shared/corpus] [--every N] [--show K]``

The UN marks many cross-references in its Akoma Ntoso resolutions with
``<a href="https://undocs.org/[lang/]SYMBOL">``.  For every such link in every
file (or every N-th file) of ``akn/ga-75`` and ``akn/hrc-54``, this reads the
file with the AKN reader, extracts the citations of the paragraph with
:func:`briefdesk.core.citations.extract_citations` (the links themselves are
not used), and counts the link as agreeing when a citation overlapping the
link's text names the link's target (compared through
:func:`~briefdesk.core.citations.symbol_aliases`, case-folded, without a
resolution's part letter, which the Chinese files' links drop).  Prints the
share per collection and language, the extraction speed, and the K most
frequent disagreements.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefdesk.core.citations import CitationRef, extract_citations, symbol_aliases  # noqa: E402
from briefdesk.core.errors import ReadError  # noqa: E402
from briefdesk.core.readers.akn import read_akn  # noqa: E402

UNDOCS = re.compile(r"^https?://(?:www\.)?undocs\.org/+(?:(?:en|fr|es|sp|ru|ar|ch|zh)/+)?(.+)$", re.IGNORECASE)


def comparable(symbol: str) -> str:
    """Case-folded, without spaces or a lettered part ("50/71 A", "75/101 A-B"): the Chinese files'
    hrefs drop the letter."""
    return re.sub(r"(?<=\d)[a-z](?:-[a-z])?$", "", re.sub(r"\s+", "", symbol.lower()))


def link_agrees(found: list[CitationRef], start: int, end: int, href: str) -> tuple[str, bool] | None:
    """``(linked symbol, agrees)`` for an undocs.org link over ``[start, end)`` of a paragraph whose
    extracted citations are ``found``; ``None`` for a link elsewhere.  It agrees when a citation
    overlapping the link's text names the link's target (through :func:`symbol_aliases`,
    compared as :func:`comparable`).  Shared with ``tests/core/test_citations.py``."""
    m = UNDOCS.match(href)
    if not m:
        return None
    names = {comparable(a) for a in symbol_aliases(m.group(1))}
    return m.group(1), any(c.start < end and start < c.end and c.target_symbol
                           and comparable(c.target_symbol) in names for c in found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--every", type=int, default=1, help="read every N-th file of each folder")
    parser.add_argument("--show", type=int, default=25, help="print the K most frequent disagreements")
    args = parser.parse_args()
    folders = sorted(p for p in (args.corpus / "akn").glob("*/*") if p.is_dir())
    if not folders:
        print(f"no AKN corpus under {args.corpus}", file=sys.stderr)
        return 1
    missed: Counter = Counter()
    total_links = total_agreed = paragraphs = 0
    extract_seconds = 0.0
    print(f"{'folder':<22} {'files':>6} {'links':>7} {'agree':>7} {'share':>7}")
    for folder in folders:
        files = sorted(folder.glob("*.xml"))[::args.every]
        links = agreed = 0
        for path in files:
            try:
                doc = read_akn(path)
            except ReadError:
                continue
            for p in doc.paragraphs:
                paragraphs += 1
                start_time = time.perf_counter()
                found = extract_citations(p.text, doc.language)
                extract_seconds += time.perf_counter() - start_time
                for start, end, href in p.links:
                    verdict = link_agrees(found, start, end, href)
                    if verdict is None:
                        continue
                    links += 1
                    if verdict[1]:
                        agreed += 1
                    else:
                        missed[(doc.language, verdict[0], p.text[start:end])] += 1
        total_links += links
        total_agreed += agreed
        name = f"{folder.parent.name}/{folder.name}"
        print(f"{name:<22} {len(files):>6} {links:>7} {agreed:>7} {agreed / max(links, 1):>7.1%}")
    print(f"{'all':<22} {'':>6} {total_links:>7} {total_agreed:>7} {total_agreed / max(total_links, 1):>7.1%}")
    print(f"extraction: {paragraphs} paragraphs in {extract_seconds:.1f} s "
          f"({paragraphs / max(extract_seconds, 1e-9):,.0f} paragraphs/s)")
    if args.show:
        print(f"most frequent disagreements (language, link target, linked text):")
        for (language, target, text), n in missed.most_common(args.show):
            print(f"  {n:>4}  {language}  {target:<28} {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
