"""Round trip AKN → .docx → PDF (LibreOffice headless) → read_pdf, on a sample in all six languages.

Two files per language from ``akn/ga-75`` and two from ``akn/hrc-54`` (a
fixed, seeded sample) are written as Word files by ``tests/docx_from_akn.py``
(automatic numbering, real footnotes), dressed with a running head, page
numbers and Arabic right to left (``tests/pdf_from_akn.py``), converted to PDF
by ONE ``soffice`` call, read back, and compared with the XML parse by the
comparison the .docx round trip uses (:func:`tests.docx_from_akn.compare`):
symbol, date, numbers of preambular and operative paragraphs, footnote
count, each paragraph's text.  The comparison folds, on both sides, what
LibreOffice's text layer does not carry (non-breaking hyphens written as
``-``, invisible left-to-right marks, canonically equivalent mark orders,
Arabic presentation forms; :func:`tests.pdf_from_akn.hyphen_folded`).

Skips where LibreOffice is absent; under ``CI=true`` that is a failure
(``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest

from briefdesk.core.document import ParagraphKind
from briefdesk.core.importer import Importer, ImportStatus
from briefdesk.core.library import Library
from briefdesk.core.readers.akn import read_akn
from briefdesk.core.readers.pdf import read_pdf
from tests.docx_from_akn import compare
from tests.pdf_from_akn import akn_to_pdfs, hyphen_folded, soffice

LANGUAGES = ["Arabic", "Chinese", "English", "French", "Russian", "Spanish"]


def _need_soffice() -> None:
    if soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice (soffice); .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed; the PDF round trip needs it")


def _sample(corpus: Path) -> list[Path]:
    rng = random.Random(20261121)
    files: list[Path] = []
    for coll in ("ga-75", "hrc-54"):
        for lang in LANGUAGES:
            files += rng.sample(sorted((corpus / "akn" / coll / lang).glob("*.xml")), 2)
    return files


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory) -> list[tuple[Path, object, Path]]:
    from tests.conftest import corpus_path

    corpus = corpus_path()
    _need_soffice()
    out = tmp_path_factory.mktemp("pdf-roundtrip")
    docs = [(f"{f.parent.parent.name}__{f.stem}", f, read_akn(f)) for f in _sample(corpus)]
    try:
        pdfs = akn_to_pdfs([(name, doc) for name, _f, doc in docs], out)
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.fail(f"LibreOffice failed to convert the sample: {exc}")
    return [(f, doc, pdfs.get(name)) for name, f, doc in docs]


def test_libreoffice_made_every_pdf_with_real_glyphs(round_trip) -> None:
    import shutil

    assert all(pdf is not None for _f, _d, pdf in round_trip)
    if shutil.which("pdffonts"):
        for f, doc, pdf in round_trip:
            if doc.language in ("zh", "ar"):
                fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
                # an embedded font with the script's glyphs, not boxes from a Latin font
                assert ("Droid" in fonts or "CJK" in fonts or "Noto Sans SC" in fonts) if doc.language == "zh" \
                    else ("Naskh" in fonts or "Arabic" in fonts or "DejaVu" in fonts), (f.name, fonts)


def test_structure_survives_the_pdf_round_trip(round_trip) -> None:
    """Symbol, date, preambular/operative numbers and footnote count: every document of the sample."""
    failures = []
    for f, akn, pdf in round_trip:
        diffs = [d for d in compare(hyphen_folded(akn), hyphen_folded(read_pdf(pdf))) if not d.startswith("texts")]
        if diffs:
            failures.append(f"{f.name}: {diffs}")
    # Known miss (docs/pdf-reader.md): a budget table read as lines (ga-75/Chinese/75_246_C);
    # measured 23 of 24 (2026-11-21, fonts named in the .docx)
    assert len(failures) <= 1, failures


def test_paragraph_texts_survive_the_pdf_round_trip(round_trip) -> None:
    """Every paragraph's text, white space normalised: per language, and over the whole sample."""
    exact: dict[str, list[bool]] = {}
    report = []
    for f, akn, pdf in round_trip:
        diffs = compare(hyphen_folded(akn), hyphen_folded(read_pdf(pdf)))
        exact.setdefault(f.parent.name, []).append(not diffs)
        if diffs:
            report.append(f"{f.name}: {diffs}")
    total = sum(sum(v) for v in exact.values())
    # measured 23 of 24 (2026-11-21); the miss (a table) is explained in docs/pdf-reader.md
    assert total >= 0.95 * len(round_trip), report
    for lang, oks in exact.items():
        assert sum(oks) >= len(oks) - 1, (lang, report)


def test_pdf_paragraphs_keep_verbs_and_footnotes(round_trip) -> None:
    """Footnotes land on the paragraph that carries their marker, with the same text."""
    checked = 0
    for f, akn, pdf in round_trip:
        if akn.language == "ar":
            continue
        got = read_pdf(pdf)
        want = [(p.text[:30], [(n.marker, " ".join(n.text.split())) for n in p.footnotes])
                for p in hyphen_folded(akn).paragraphs if p.footnotes]
        have = [(p.text[:30], [(n.marker, " ".join(n.text.split())) for n in p.footnotes])
                for p in got.paragraphs if p.footnotes]
        if want and want == have:
            checked += 1
    assert checked >= 6


def test_imported_pdf_is_searchable_in_the_library(round_trip, tmp_path: Path) -> None:
    lib = Library(tmp_path / "library.sqlite")
    try:
        pdfs = [pdf for _f, _d, pdf in round_trip[:6]]
        results = Importer(lib).import_paths(pdfs)
        assert [r.status for r in results] == [ImportStatus.IMPORTED] * len(pdfs)
        assert lib.count() == len(pdfs)
        by_symbol = {r.symbol for r in results}
        assert by_symbol == {d.symbol for _f, d, _p in round_trip[:6]}
    finally:
        lib.close()


def test_operative_numbers_come_from_the_pdf(round_trip) -> None:
    f, akn, pdf = next((f, a, p) for f, a, p in round_trip if a.language == "en")
    got = read_pdf(pdf)
    want = [p.number for p in akn.paragraphs if p.kind is ParagraphKind.OPERATIVE]
    assert [p.number for p in got.paragraphs if p.kind is ParagraphKind.OPERATIVE] == want
