"""Benchmark: do the extracted citations name what the AKN files' own links name?

Usage: ``python bench/citations_akn.py [--corpus ../shared/corpus] [--every N] [--show K]``

The UN marks many cross-references in its Akoma Ntoso resolutions with
``<a href="https://undocs.org/[lang/]SYMBOL">``, in paragraph text and in
footnotes (``<authorialNote>``), and the AKN reader keeps both
(``ParsedParagraph.links``, ``ParsedFootnote.links``).  For every such link in
every file (or every N-th file) of every collection under ``akn/`` (ga-75,
ga-78, hrc-54, hrc-55, hrc-56), this reads the file with the AKN reader,
extracts the citations of the paragraph or footnote text with
:func:`briefdesk.core.citations.extract_citations` (the links themselves are
not used), and counts the link as agreeing when a citation overlapping the
link's text names the link's target (compared through
:func:`~briefdesk.core.citations.symbol_aliases`, case-folded, without spaces
or a resolution's part letter, which the Chinese files' links drop).  Prints
the share per collection and language separately for paragraph text and for
footnotes, the extraction speed, and the K most frequent disagreements.
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

from briefdesk.core.citations import (  # noqa: E402
    CitationRef,
    extract_citations,
    symbol_aliases,
    symbol_candidates,
)
from briefdesk.core.errors import ReadError  # noqa: E402
from briefdesk.core.readers.akn import read_akn  # noqa: E402

UNDOCS = re.compile(r"^https?://(?:www\.)?undocs\.org/+(?:(?:en|fr|es|sp|ru|ar|ch|zh)/+)?(.+)$", re.IGNORECASE)


def comparable(symbol: str) -> str:
    """Case-folded, without spaces, a lettered part ("50/71 A", "75/101 A-B": the Chinese files'
    hrefs drop the letter) or undocs.org's ``(supp)`` suffix (the official record's supplement,
    cited by its symbol: ``A/59/17``)."""
    symbol = re.sub(r"\(supp\)$", "", re.sub(r"\s+", "", symbol.lower()))  # undocs.org's "(supp)": a supplement
    return re.sub(r"(?<=\d)[a-z](?:-[a-z])?$", "", symbol)


def link_agrees(found: list[CitationRef], start: int, end: int, href: str) -> tuple[str, bool] | None:
    """``(linked symbol, agrees)`` for an undocs.org link over ``[start, end)`` of a paragraph whose
    extracted citations are ``found``; ``None`` for a link elsewhere.  It agrees when a citation
    overlapping the link's text names the link's target (one of its
    :func:`symbol_candidates` is one of the link's :func:`symbol_aliases`, compared as
    :func:`comparable`: a joint symbol ``A/48/486-S/26560`` names ``A/48/486``).  Shared with ``tests/core/test_citations.py``."""
    m = UNDOCS.match(href)
    if not m:
        return None
    names = {comparable(a) for a in symbol_aliases(m.group(1))}
    return m.group(1), any(c.start < end and start < c.end and c.target_symbol
                           and any(comparable(t) in names for t in symbol_candidates(c.target_symbol))
                           for c in found)


def read_docs(files):
    """``(path, document)`` for each of the AKN ``files`` the reader accepts (refusals skipped).
    Shared with ``tests/core/test_citations.py`` and ``tests/core/test_citations_issue11.py``."""
    for path in files:
        try:
            yield path, read_akn(path)
        except ReadError:
            continue


def linked_texts(doc):
    """``(where, text, links)`` for each paragraph text (``where`` = ``"text"``) and each of its
    footnotes (``"note"``) of ``doc`` that carries links.  Shared with ``tests/core/test_citations_issue11.py``."""
    for p in doc.paragraphs:
        for where, text, links in [("text", p.text, p.links)] + [
                ("note", f.text, f.links) for f in p.footnotes]:
            if links:
                yield where, text, links


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
    totals = Counter()
    paragraphs = 0
    extract_seconds = 0.0
    print(f"{'folder':<22} {'files':>6} {'text links':>10} {'agree':>7} {'share':>7}"
          f" {'note links':>10} {'agree':>7} {'share':>7}")
    for folder in folders:
        files = sorted(folder.glob("*.xml"))[::args.every]
        c = Counter()
        for _path, doc in read_docs(files):
            for where, text, links in linked_texts(doc):
                paragraphs += 1
                start_time = time.perf_counter()
                found = extract_citations(text, doc.language)
                extract_seconds += time.perf_counter() - start_time
                for start, end, href in links:
                    verdict = link_agrees(found, start, end, href)
                    if verdict is None:
                        continue
                    c[where] += 1
                    if verdict[1]:
                        c[where + " agreed"] += 1
                    else:
                        missed[(where, doc.language, verdict[0], text[start:end])] += 1
        totals.update(c)
        name = f"{folder.parent.name}/{folder.name}"
        print(f"{name:<22} {len(files):>6} {c['text']:>10} {c['text agreed']:>7} "
              f"{c['text agreed'] / max(c['text'], 1):>7.1%} {c['note']:>10} {c['note agreed']:>7} "
              f"{c['note agreed'] / max(c['note'], 1):>7.1%}")
    print(f"{'all':<22} {'':>6} {totals['text']:>10} {totals['text agreed']:>7} "
          f"{totals['text agreed'] / max(totals['text'], 1):>7.1%} {totals['note']:>10} "
          f"{totals['note agreed']:>7} {totals['note agreed'] / max(totals['note'], 1):>7.1%}")
    print(f"extraction: {paragraphs} linked paragraphs and notes in {extract_seconds:.1f} s "
          f"({paragraphs / max(extract_seconds, 1e-9):,.0f} per s)")
    if args.show:
        print("most frequent disagreements (text or note, language, link target, linked text):")
        for (where, language, target, text), n in missed.most_common(args.show):
            print(f"  {n:>4}  {where}  {language}  {target:<28} {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
