"""Every input the fuzzer (bench/fuzz.py) or the issue-12 campaign found crashing BriefDesk is refused
with a reason, and one bad file never stops a batch.

The fixtures in ``tests/fixtures/fuzz`` are small files, each the smallest
form of one crasher (the ``good.*`` files are their healthy twins):

* ``docx-corrupt-deflate.docx`` — ``zlib.error`` from ``ZipFile.testzip``;
* ``docx-override-without-partname.docx`` — ``AttributeError`` in python-docx;
* ``docx-relationship-without-target.docx`` — ``TypeError`` in python-docx;
* ``pdf-octal-escape-in-trailer.pdf`` / ``-in-page.pdf`` — ``AssertionError``
  from pdfminer on the string escape ``\\655``;
* ``briefpack-corrupt-deflate.briefpack`` — ``zlib.error`` in ``_read_member``;
* ``briefpack-stray-li.briefpack`` — ``IndexError`` in ``richtext.sanitize('<li>x</li>')``;
* ``spec-not-utf8.toml`` — ``UnicodeDecodeError`` from ``tomllib``;
* ``spec-list-as-title.toml`` — a list where an item's title belongs;
* ``found-docx-relationship-without-type.docx`` — found by ``bench/fuzz.py``: a
  relationship without ``Type`` (``AttributeError`` in the reader, caught by the
  importer's safety net; now the relationship is ignored and the file reads);
* ``found-briefpack-zip-version.briefpack`` — found by ``bench/fuzz.py``: a
  "version needed to extract" of 8.4 (``NotImplementedError`` from ``zipfile``);
* ``found-*`` — the smallest forms of inputs saved by ``bench/fuzz.py`` runs
  (see docs/reliability-fuzz.md).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from briefdesk.core.errors import BriefDeskError, ReadError
from briefdesk.core.importer import Importer, ImportStatus, read_document
from briefdesk.core.packs import richtext
from briefdesk.core.packs.service import PackService
from briefdesk.core.packs.share import read_briefpack
from briefdesk.core.packs.spec import build_from_spec, read_spec

FUZZ = Path(__file__).resolve().parent.parent / "fixtures" / "fuzz"
BAD = sorted(p for p in FUZZ.iterdir() if not p.name.startswith("good.") and p.suffix != ".md")


@pytest.mark.parametrize("path", [p for p in BAD if p.suffix not in (".briefpack", ".toml")], ids=lambda p: p.name)
def test_every_document_crasher_is_refused_with_a_reason_naming_the_file(path):
    try:
        read_document(path)
    except ReadError as exc:
        assert exc.path == path and path.name in str(exc)
        assert exc.reason and "Traceback" not in exc.reason
    # a crasher that reads now (the fuzzer's "found" inputs may be readable after a fix) is fine too


@pytest.mark.parametrize("path", [p for p in BAD if p.suffix == ".briefpack"], ids=lambda p: p.name)
def test_every_briefpack_crasher_is_refused_or_opened(path, library):
    try:
        pid = PackService(library).import_briefpack(path)
    except ReadError as exc:
        assert path.name in str(exc)
    else:
        assert PackService(library).get(pid).title


@pytest.mark.parametrize("path", [p for p in BAD if p.suffix == ".toml"], ids=lambda p: p.name)
def test_every_spec_crasher_is_refused_with_a_reason(path, library):
    with pytest.raises(BriefDeskError) as caught:
        build_from_spec(PackService(library), read_spec(path), source=path)
    assert path.name in str(caught.value)
    assert PackService(library).list() == []   # the half-built pack is gone


def test_the_known_crashers_say_what_is_wrong():
    def reason(name):
        with pytest.raises(ReadError) as caught:
            read_document(FUZZ / name)
        return caught.value.reason

    assert "damaged" in reason("docx-corrupt-deflate.docx")
    assert "cannot be opened" in reason("docx-override-without-partname.docx")
    assert "cannot be opened" in reason("docx-relationship-without-target.docx")
    assert "damaged" in reason("pdf-octal-escape-in-trailer.pdf")
    with pytest.raises(ReadError, match="damaged archive"):
        read_briefpack(FUZZ / "briefpack-corrupt-deflate.briefpack")
    with pytest.raises(ReadError, match="not UTF-8"):
        read_spec(FUZZ / "spec-not-utf8.toml")
    assert read_document(FUZZ / "found-docx-relationship-without-type.docx").paragraphs
    with pytest.raises(ReadError, match="zip file version"):
        read_briefpack(FUZZ / "found-briefpack-zip-version.briefpack")


def test_an_item_outside_a_list_is_a_bullet_list_and_sanitize_stays_idempotent():
    assert richtext.sanitize("<li>x</li>") == "<ul><li>x</li></ul>"
    assert richtext.sanitize("<p>a</p><li>x</li><li>y</li>") == "<p>a</p><ul><li>x</li><li>y</li></ul>"
    for html in ("<li>x</li>", "<li><li>x</li></li>", "<li>a<ol><li>b</li></ol></li>"):
        once = richtext.sanitize(html)
        assert richtext.sanitize(once) == once
    view = read_briefpack(FUZZ / "briefpack-stray-li.briefpack")
    assert view.items[0].talking_points == "<ul><li>x</li></ul>"
    assert view.items[0].excerpts[0].paragraphs[0].note == "<ul><li>x</li></ul>"


def test_a_batch_with_one_bad_file_of_each_kind_imports_the_good_file_after_them(library, tmp_path, fixtures,
                                                                              monkeypatch, caplog):
    """Issue 12, point 2: the good file at the end of the batch lands; every bad one is "failed: reason"."""
    import briefdesk.core.readers.akn as akn

    text_bad = tmp_path / "binary.txt"
    text_bad.write_bytes(b"\x00\x01\x02" * 100)
    raising = tmp_path / "raises-keyerror.xml"
    raising.write_bytes((fixtures / "akn" / "sample_resolution.xml").read_bytes().replace(b"</akomaNtoso>",
                                                                                           b"<!-- x --></akomaNtoso>"))
    real_parse = akn.parse_akn

    def parse_or_raise(data, path=None):
        if path is not None and Path(path).name == raising.name:
            raise KeyError("an attribute the reader expected")   # a reader bug nobody foresaw
        return real_parse(data, path)

    monkeypatch.setattr(akn, "parse_akn", parse_or_raise)
    batch = [FUZZ / "docx-corrupt-deflate.docx", FUZZ / "docx-override-without-partname.docx",
             FUZZ / "docx-relationship-without-target.docx", FUZZ / "pdf-octal-escape-in-trailer.pdf",
             FUZZ / "briefpack-corrupt-deflate.briefpack", fixtures / "akn" / "truncated.xml", text_bad, raising,
             FUZZ / "good.docx"]
    with caplog.at_level(logging.ERROR, logger="briefdesk"):
        results = Importer(library).import_paths(batch)
    assert [r.path for r in results] == batch
    assert all(r.status is ImportStatus.FAILED and r.reason for r in results[:-1]), \
        [r.describe() for r in results]
    assert results[-1].status is ImportStatus.IMPORTED
    assert "Decision XII/6" in library.document(results[-1].document_id).title or \
        library.document(results[-1].document_id).paragraphs
    unexpected = results[-2]
    assert "KeyError" in unexpected.reason and "log" in unexpected.reason
    assert unexpected.describe().startswith("raises-keyerror.xml: failed: ")
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is KeyError]
    assert logged and "raises-keyerror.xml" in logged[0].getMessage()   # with its traceback, in the log
