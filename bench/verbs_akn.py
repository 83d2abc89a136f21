"""Leading-verb coverage on the UN's own markup: how often :func:`leading_verb` finds the verb.

Usage: ``python bench/verbs_akn.py [corpus_dir] [--missing N]``.  Every
preambular and operative paragraph (level 0) of ``akn/ga-75`` and
``akn/hrc-54`` whose AKN source sets its verb apart (``<span>`` in
italics, read by the AKN reader into ``ParsedParagraph.verb``) is given, as
plain text, to :func:`briefdesk.core.readers.verbs.leading_verb`.  Prints per
language: the share found exactly (same phrase as the UN's span), found
with other bounds (one a prefix of the other, or a different phrase), and
not found, with the most frequent spans not found.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefdesk.core.document import ParagraphKind  # noqa: E402
from briefdesk.core.errors import ReadError  # noqa: E402
from briefdesk.core.readers.akn import read_akn  # noqa: E402
from briefdesk.core.readers.verbs import leading_verb  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--missing", type=int, default=10, help="spans not found shown per language")
    args = ap.parse_args()
    rows: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for f in sorted((Path(args.corpus) / "akn").glob("*/*/*.xml")):
        try:
            doc = read_akn(f)
        except ReadError:
            continue
        for p in doc.paragraphs:
            if p.kind in (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE) and p.level == 0 and p.verb:
                rows[doc.language].append((p.kind.value, p.verb.strip().rstrip(",，،"), p.text))
    print(f"{'lang':4} {'spans':>6} {'exact':>7} {'bounds':>7} {'none':>6}")
    for lang in sorted(rows):
        exact = other = none = 0
        missing: Counter = Counter()
        for kind, span, text in rows[lang]:
            got = leading_verb(text, lang)
            if got and got.strip() == span:
                exact += 1
            elif got:
                other += 1
            else:
                none += 1
                missing[(kind[:4], span)] += 1
        n = len(rows[lang])
        print(f"{lang:4} {n:6} {exact / n:7.1%} {other / n:7.1%} {none / n:6.1%}")
        for (kind, span), count in missing.most_common(args.missing):
            print(f"       {count:4} {kind} {span}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
