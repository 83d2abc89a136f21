"""Bad input for every reader: a clear error naming the file, never a crash or a hang,
and the library unchanged after the import attempt.

Each case builds a bad file (truncated, mislabelled, random bytes from a
seeded generator, empty, one huge line, an XML entity bomb, a ZIP bomb, a ZIP
that is no Word document), then checks three things:

* :func:`~briefdesk.core.importer.read_document` (the reader the content
  calls for) raises a :class:`BriefDeskError` whose message names the file,
  or — for input that is still a readable document of its kind (a truncated
  text, an AKN file named ``.docx``) — returns a document;
* :meth:`Importer.import_file` never raises and reports a failure with a reason;
* the library's content (every row of every table, hashed) is the same after
  a failed import as before.

Every case runs under a wall-clock limit (:data:`LIMIT_S`): a hang fails the
test instead of stalling the suite.  The PDF reader's cases are in the PDF
reader's own tests.
"""

from __future__ import annotations

import hashlib
import io
import random
import signal
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from briefdesk.core.errors import BriefDeskError
from briefdesk.core.importer import Importer, ImportStatus, read_document
from briefdesk.core.library import Library
from briefdesk.core.models import Base

#: Seconds any one bad file may take to be refused.
LIMIT_S = 20


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Raise :class:`Hang` in the test if the block runs longer than ``seconds`` (SIGALRM, main thread)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def alarm(_signum, _frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fingerprint(library: Library) -> tuple[int, str]:
    """``(document count, SHA-256 of every row of every table in primary-key order)``."""
    digest = hashlib.sha256()
    with library.sessions() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr((table.name, tuple(row))).encode())
    return library.count(), digest.hexdigest()


@pytest.fixture
def library(tmp_path, fixtures):
    lib = Library(tmp_path / "library.sqlite")
    # something to keep unchanged: one real document with citations
    results = Importer(lib).import_paths([fixtures / "text" / "decision_en.txt"])
    assert results[0].status is ImportStatus.IMPORTED
    yield lib
    lib.close()


# -- the bad files --------------------------------------------------------------

def _rng(name: str) -> random.Random:
    return random.Random(f"briefdesk-bad-input-{name}")


def _akn_sample(fixtures: Path) -> bytes:
    return (fixtures / "akn" / "sample_resolution.xml").read_bytes()


def _docx_sample(tmp_path: Path) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Decision XII/6. Biodiversity and forests")
    document.add_paragraph("1. Requests the Executive Secretary to report, as in decision XI/6, paragraph 4.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """A .docx-shaped ZIP whose document.xml unpacks to 1 GB (a few MB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b"<w:document>")
            block = b" " * (1 << 20)
            for _ in range(1024):
                member.write(block)
    return out.getvalue()


def _billion_laughs() -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                                          for i in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [\n' + "\n".join(entities) + "\n]>\n"
            '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">'
            '<preamble><p>&lol9;</p></preamble></statement></akomaNtoso>').encode()


def _quadratic_blowup() -> bytes:
    big = "A" * 100_000
    return ('<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [<!ENTITY a "' + big + '">]>\n'
            '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">'
            '<preamble><p>' + "&a;" * 20_000 + '</p></preamble></statement></akomaNtoso>').encode()


def _external_entity() -> bytes:
    return (b'<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">'
            b'<preamble><p>&x;</p></preamble></statement></akomaNtoso>')


# (case id, file name, bytes builder) -> every one must be refused
REFUSED = [
    # plain text reader
    ("text-empty", "empty.txt", lambda f, t: b""),
    ("text-blank", "blank.txt", lambda f, t: b" \n\t\r\n  \n"),
    ("text-random-bytes", "noise.txt", lambda f, t: _rng("text").randbytes(64_000)),
    ("text-nul-bytes", "nul.txt", lambda f, t: b"\x00" * 10_000),
    ("text-invalid-utf16", "bad16.txt", lambda f, t: b"\xff\xfe" + b"\x00\xd8" * 7),
    ("text-mislabelled-png", "picture.txt", lambda f, t: b"\x89PNG\r\n\x1a\n" + _rng("png").randbytes(5_000)),
    # AKN reader
    ("akn-empty", "empty.xml", lambda f, t: b"   "),
    ("akn-truncated", "truncated.xml", lambda f, t: _akn_sample(f)[: len(_akn_sample(f)) // 2]),
    ("akn-truncated-head", "head.xml", lambda f, t: _akn_sample(f)[:400]),
    ("akn-random-after-root", "garbled.xml",
     lambda f, t: _akn_sample(f)[:600] + _rng("akn").randbytes(20_000)),
    ("akn-billion-laughs", "laughs.xml", lambda f, t: _billion_laughs()),
    ("akn-quadratic-blowup", "quadratic.xml", lambda f, t: _quadratic_blowup()),
    ("akn-no-document", "hollow.xml",
     lambda f, t: b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"></akomaNtoso>'),
    ("akn-huge-single-line", "oneline.xml",
     lambda f, t: (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement>'
                   b'<preamble><p>' + b"Recalling " * 1_200_000 + b'</p></preamble></statement></akomaNtoso>')),
    # .docx reader
    ("docx-truncated", "truncated.docx", lambda f, t: _docx_sample(t)[: len(_docx_sample(t)) // 2]),
    ("docx-random-bytes", "noise.docx", lambda f, t: b"PK\x03\x04" + _rng("docx").randbytes(30_000)),
    ("docx-not-a-word-zip", "photos.docx", lambda f, t: _zip({"a.jpg": _rng("zip").randbytes(2_000),
                                                               "readme.txt": b"holiday pictures"})),
    ("docx-malformed-document-xml", "broken.docx",
     lambda f, t: _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document><w:body>"})),
    ("docx-zip-bomb", "bomb.docx", lambda f, t: _zip_bomb()),
    ("docx-old-binary-doc", "old.docx", lambda f, t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4_000)),
    ("docx-empty", "empty.docx", lambda f, t: b""),
]


@pytest.mark.parametrize("case, name, build", REFUSED, ids=[c[0] for c in REFUSED])
def test_bad_files_are_refused_clearly_and_change_nothing(case, name, build, library, fixtures, tmp_path):
    path = tmp_path / name
    path.write_bytes(build(fixtures, tmp_path))
    before = fingerprint(library)
    with time_limit(LIMIT_S):
        with pytest.raises(BriefDeskError) as caught:
            read_document(path)
        result = Importer(library).import_file(path)
    message = str(caught.value)
    assert name in message, f"the error does not name the file: {message!r}"
    assert "Traceback" not in message and len(message) < 600
    assert result.status is ImportStatus.FAILED and result.reason
    assert name in result.describe()
    assert fingerprint(library) == before


def test_external_entities_are_never_read(library, tmp_path):
    """An AKN file may not make BriefDesk read another file (XXE): the entity stays unexpanded."""
    path = tmp_path / "xxe.xml"
    path.write_bytes(_external_entity())
    with time_limit(LIMIT_S):
        try:
            doc = read_document(path)
        except BriefDeskError as exc:
            assert "xxe.xml" in str(exc)
            return
    assert not any("root:" in p.text for p in doc.paragraphs)


# Input that is still a readable document of its kind: read by content, whatever its name.
def test_mislabelled_files_are_read_by_their_content(library, fixtures, tmp_path):
    cases = {
        "resolution.docx": _akn_sample(fixtures),          # AKN named .docx
        "decision.xml": _docx_sample(tmp_path),             # .docx named .xml
        "decision.pdf": (fixtures / "text" / "decision_en.txt").read_bytes().replace(b"XII", b"XIV"),  # text named .pdf
    }
    expected = {"resolution.docx": "akn", "decision.xml": "docx", "decision.pdf": "text"}
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with time_limit(LIMIT_S):
            doc = read_document(path)
        assert doc.source_format == expected[name] and doc.paragraphs, name


def test_truncated_text_and_a_huge_line_still_read_in_time(library, fixtures, tmp_path):
    data = (fixtures / "text" / "decision_en.txt").read_bytes()
    cut = tmp_path / "cut.txt"
    cut.write_bytes(data[: len(data) // 2])
    huge = tmp_path / "huge.txt"
    words = _rng("words").choices(["decision", "XII/6", "paragraph", "21", "Recalling", "森林", "(a)", ";", "and"],
                                  k=150_000)
    huge.write_text(" ".join(words), encoding="utf-8")  # one line of ~1 MB
    for path in (cut, huge):
        before = library.count()
        with time_limit(LIMIT_S * 3):
            result = Importer(library).import_file(path)
        assert result.status in (ImportStatus.IMPORTED, ImportStatus.FAILED)
        assert library.count() == before + (result.status is ImportStatus.IMPORTED)


@pytest.mark.parametrize("seed", range(6))
def test_random_bytes_under_every_name_never_crash(seed, library, tmp_path):
    """Seeded noise, sometimes dressed with a format's magic bytes, under each reader's extension."""
    rng = _rng(f"any-{seed}")
    heads = [b"", b"PK\x03\x04", b"<?xml version='1.0'?><akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'>",
             b"\xef\xbb\xbf", b"\xff\xfe"]
    before = fingerprint(library)
    for suffix in (".txt", ".xml", ".docx", ".akn"):
        path = tmp_path / f"noise-{seed}{suffix}"
        path.write_bytes(rng.choice(heads) + rng.randbytes(rng.randint(1, 50_000)))
        with time_limit(LIMIT_S):
            result = Importer(library).import_file(path)
        if result.status is ImportStatus.FAILED:
            assert result.reason and path.name in result.describe()
    # noise is never a document
    assert fingerprint(library) == before
