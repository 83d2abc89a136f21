"""Measurement behind a design choice: a bigram index or jieba words for Chinese search?

Usage: ``python bench/zh_tokenizers.py [--samples 300]``

Takes every Chinese paragraph of the real corpus (``akn/ga-75/Chinese`` and
the seeds), builds two SQLite FTS5 indexes of them in memory — BriefDesk's
bigram tokens (:func:`briefdesk.core.search.tokens.index_text`) and jieba's
search-mode words (``jieba.cut_for_search``, words and their sub-words) — and
queries each with random 1-, 2- and 4-character strings of Han characters
cut from the same paragraphs (seeded).  The truth for a query is the set of
paragraphs whose text contains the string.  It prints, per query length and
tokenizer: recall (share of true paragraphs found), precision (share of
found paragraphs that are true), median query time, and each index's build
time and size.

Queries for jieba are cut the way jieba cuts them (``jieba.lcut``) and asked
as a phrase; a one-character query is asked as a prefix (``"森"*``) so jieba
gets its best chance.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.synthetic import corpus_dir  # noqa: E402
from briefdesk.core.importer import collect_files, read_document  # noqa: E402
from briefdesk.core.search.query import parse_query  # noqa: E402
from briefdesk.core.search.sqlite_fts import match_expression  # noqa: E402
from briefdesk.core.search.tokens import fold, index_text  # noqa: E402

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")


def chinese_paragraphs() -> list[str]:
    corpus = corpus_dir()
    out = []
    for path in collect_files([corpus / "akn" / "ga-75" / "Chinese", corpus / "seeds"]):
        out += [p.text for p in read_document(path).paragraphs if p.text.strip()]
    return out


def build(texts: list[str], tokens) -> tuple[sqlite3.Connection, float, int]:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE f USING fts5(body, content='', "
                       "tokenize='unicode61 remove_diacritics 2', prefix='1')")
    started = time.perf_counter()
    connection.executemany("INSERT INTO f(rowid, body) VALUES (?, ?)",
                           ((i, tokens(t)) for i, t in enumerate(texts)))
    connection.execute("INSERT INTO f(f) VALUES ('optimize')")
    seconds = time.perf_counter() - started
    size = connection.execute("SELECT sum(length(block)) FROM f_data").fetchone()[0]
    return connection, seconds, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    import jieba

    jieba.setLogLevel(60)
    texts = chinese_paragraphs()
    folded = [fold(t) for t in texts]
    print(f"{len(texts):,} Chinese paragraphs, {sum(len(t) for t in texts):,} characters")

    def jieba_tokens(text: str) -> str:
        return " ".join(w for w in jieba.cut_for_search(fold(text)) if w.strip())

    def jieba_match(query: str) -> str:
        words = [w for w in jieba.lcut(fold(query)) if w.strip()]
        phrase = '"' + " ".join(words).replace('"', '""') + '"'
        return phrase + (" *" if len(query) == 1 else "")

    bigram = build(texts, index_text)
    jieba_index = build(texts, jieba_tokens)
    print(f"build: bigram {bigram[1]:.1f} s, {bigram[2] / 1e6:.1f} MB; "
          f"jieba {jieba_index[1]:.1f} s, {jieba_index[2] / 1e6:.1f} MB")
    rng = random.Random(4)
    runs = [m.group() for t in texts for m in _HAN_RUN.finditer(t)]
    print(f"\n{'length':<8}{'tokenizer':<10}{'recall':>9}{'precision':>11}{'median':>10}")
    for length in (1, 2, 4):
        queries = []
        while len(queries) < args.samples:
            run = rng.choice(runs)
            start = rng.randrange(0, len(run) - length + 1)
            queries.append(run[start:start + length])
        for name, (connection, _s, _z), to_match in (
                ("bigram", bigram, lambda q: match_expression(parse_query(q))),
                ("jieba", jieba_index, jieba_match)):
            found_true = found = true = 0
            times = []
            for q in queries:
                truth = {i for i, t in enumerate(folded) if q in t}
                started = time.perf_counter()
                got = {r[0] for r in connection.execute("SELECT rowid FROM f WHERE f MATCH ?", (to_match(q),))}
                times.append(time.perf_counter() - started)
                found_true += len(got & truth)
                found += len(got)
                true += len(truth)
            print(f"{length:<8}{name:<10}{found_true / true:>9.1%}{(found_true / found if found else 1):>11.1%}"
                  f"{statistics.median(times) * 1000:>8.2f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
