"""Importing files: content sniffing, encodings, duplicates, failures, cancelling."""

from __future__ import annotations

import os

import pytest

from briefdesk.core.errors import Cancelled
from briefdesk.core.importer import Importer, ImportStatus, collect_files, sniff_format


def test_formats_are_sniffed_from_content_not_name():
    assert sniff_format(b"%PDF-1.7\n...") == "pdf"
    assert sniff_format(b"PK\x03\x04....") == "docx"
    assert sniff_format(b'<?xml version="1.0"?><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">') == "akn"
    assert sniff_format("缔约方大会，".encode("gb18030")) == "text"
    assert sniff_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)) == "docx"


def test_an_encrypted_or_old_word_file_is_refused_with_that_reason(library, tmp_path):
    doc = tmp_path / "minutes.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    (result,) = Importer(library).import_paths([doc])
    assert result.status is ImportStatus.FAILED
    assert "encrypted" in result.reason or ".doc" in result.reason


def test_same_file_twice_is_stored_once(library, fixtures):
    path = fixtures / "text" / "decision_en.txt"
    first, second = Importer(library).import_paths([path, path])
    assert first.status is ImportStatus.IMPORTED
    assert second.status is ImportStatus.DUPLICATE and second.document_id == first.document_id
    assert library.count() == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_text_in_any_supported_encoding_imports_alike(library, fixtures, tmp_path, encoding):
    text = (fixtures / "text" / "decision_en.txt").read_text("utf-8")
    text = text.replace("Cooperation with other conventions", "与其他公约的合作")
    path = tmp_path / f"decision-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    (result,) = Importer(library).import_paths([path])
    assert result.status is ImportStatus.IMPORTED, result.reason
    doc = library.document(result.document_id)
    assert "与其他公约的合作" in doc.title + "".join(p.text for p in doc.paragraphs)
    assert [p.number for p in doc.paragraphs if p.kind == "operative" and p.level == 0] == ["1.", "2."]


def test_bad_files_fail_with_their_name_and_the_rest_import(library, fixtures, tmp_path):
    good = fixtures / "text" / "decision_en.txt"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(os.urandom(4096).replace(b"\xff\xfe", b"\x00\x01"))
    truncated = tmp_path / "truncated.xml"
    truncated.write_bytes(b'<?xml version="1.0"?><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement><meta>')
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_bytes(b"%PDF-1.4 this is not really a pdf")
    before = library.count()
    results = Importer(library).import_paths([empty, garbage, good, truncated, fake_pdf])
    by_name = {r.path.name: r for r in results}
    assert by_name["decision_en.txt"].status is ImportStatus.IMPORTED
    for name in ("empty.txt", "garbage.txt", "truncated.xml", "fake.pdf"):
        r = by_name[name]
        assert r.status is ImportStatus.FAILED, name
        assert r.reason and name in r.describe()
    assert by_name["truncated.xml"].reason.startswith("line ")  # where in the file, when the reader knows
    assert library.count() == before + 1


def test_folders_import_recursively_skipping_hidden_files(tmp_path, fixtures):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("x")
    (tmp_path / "a" / ".hidden.txt").write_text("x")
    (tmp_path / "a" / "y.txt").write_text("y")
    assert [p.name for p in collect_files([tmp_path / "a"])] == ["x.txt", "y.txt"]


def test_cancel_keeps_what_was_fully_imported(library, fixtures, tmp_path):
    base = (fixtures / "text" / "decision_en.txt").read_text("utf-8")
    for i in range(4):
        (tmp_path / f"d{i}.txt").write_text(base.replace("14/30", f"14/3{i}"), "utf-8")
    seen = []
    with pytest.raises(Cancelled) as info:
        Importer(library).import_paths([tmp_path], progress=lambda done, total, name: seen.append(done),
                                       abort=lambda: len(seen) >= 2)
    assert len(info.value.results) == 2
    assert library.count() == 2
    assert all(p.document_id for p in info.value.results)


@pytest.mark.corpus
def test_the_seeds_and_akn_import_through_one_path(library, corpus):
    files = sorted((corpus / "seeds").glob("*.txt")) + sorted((corpus / "akn" / "ga-75" / "Chinese").glob("*.xml"))[:10]
    results = Importer(library).import_paths(files)
    failed = [r.describe() for r in results if r.status is not ImportStatus.IMPORTED]
    assert failed == []
    assert library.count() == len(files)
    hits = library.search("森林")
    assert {h.symbol for h in hits} >= {"XII/6", "CBD/SBI/2/10"}
