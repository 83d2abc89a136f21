"""Budgets instead of hopes (issue 12, point 3): each bomb of the issue is refused in under 5 s and 300 MB.

Each bomb is built here, in the test (nothing large is stored): a 1.5 MB
.docx whose ``document.xml`` inflates to 480 MB; a 1 MB PDF whose page
content is a 1 GiB FlateDecode stream; a 40 KB ``.briefpack`` with 100,000
paragraphs; a text file with one 5 MB line.  Identical 1 MB blocks
compressed after a full flush give identical deflate output, so a genuine
bomb of any size is written in a second by repeating that output (with the
real CRC-32 / Adler-32 of what it inflates to).

Each is imported in a child process through the real entry point
(``Importer.import_file`` or ``PackService.import_briefpack``); the child
times the call (CPU seconds must stay under 5; wall-clock time, printed, only
under 30, since the machine the tests run on may be shared), and the child's peak resident size is the
high-water mark of its own address space (``VmHWM`` in ``/proc/self/status``, read by the child;
``ru_maxrss`` from ``os.wait4`` where that is missing — Linux keeps ``ru_maxrss`` across exec, so
it would report the forking test process's size).  The refusal must name the limit.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from briefdesk.core import limits

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
SECONDS = 5.0
RSS_MB = 300


def _repeated_deflate(head: bytes, block: bytes, count: int, tail: bytes, *, wrapper: str):
    """Compressed bytes of ``head + block * count + tail`` and the inflated size, built in O(len(block)).

    ``wrapper``: ``"raw"`` (ZIP members; returns the CRC-32 too) or ``"zlib"`` (PDF FlateDecode, with
    the Adler-32 trailer).
    """
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    one = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    assert one == again   # after a full flush the same input gives the same output
    last = c.compress(tail) + c.flush()
    body = first + one * count + last
    crc, adler = zlib.crc32(head), zlib.adler32(head)
    for _ in range(count):
        crc, adler = zlib.crc32(block, crc), zlib.adler32(block, adler)
    crc, adler = zlib.crc32(tail, crc), zlib.adler32(tail, adler)
    size = len(head) + len(block) * count + len(tail)
    if wrapper == "zlib":
        return b"\x78\xda" + body + struct.pack(">I", adler), size
    return body, size, crc


def _zip_with(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP archive of already deflated members: ``(name, deflated, inflated size, crc)``."""
    out, central = bytearray(), bytearray()
    for name, data, size, crc in members:
        offset = len(out)
        n = name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(n), 0) + n + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                               len(n), 0, 0, 0, 0, 0, offset) + n
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def _member(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, c.compress(data) + c.flush(), len(data), zlib.crc32(data)


def docx_bomb(path: Path) -> Path:
    """A Word file whose document.xml inflates to 480 MB (under the old 512 MiB cap)."""
    fuzz = ROOT / "tests/fixtures/fuzz/good.docx"
    with zipfile.ZipFile(fuzz) as z:
        others = [_member(i.filename, z.read(i)) for i in z.infolist() if i.filename != "word/document.xml"]
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
            b'openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    para = b"<w:p><w:r><w:t>" + b"Decides to remain seized of the matter. " * 500 + b"</w:t></w:r></w:p>"
    block = para * (MB // len(para))
    block += b" " * (MB - len(block))
    data, size, crc = _repeated_deflate(head, block, 480, b"</w:body></w:document>", wrapper="raw")
    path.write_bytes(_zip_with([*others, ("word/document.xml", data, size, crc)]))
    return path


def pdf_bomb(path: Path) -> Path:
    """A PDF whose one page's content stream is a 1 GiB FlateDecode stream."""
    block = b" " * MB
    stream, _size = _repeated_deflate(b"BT /F1 12 Tf 72 720 Td (Decision) Tj ET\n", block, 1024, b"", wrapper="zlib")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    body, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(body))
    return path


def briefpack_bomb(path: Path) -> Path:
    """A .briefpack of about 40 KB holding 100,000 paragraphs."""
    good = ROOT / "tests/fixtures/fuzz/good.briefpack"
    with zipfile.ZipFile(good) as z:
        manifest = z.read("manifest.json")
    paragraph = {"kind": "body", "number": None, "level": 0, "text": "x"}
    excerpt = json.dumps({"paragraphs": [paragraph] * 100_000}).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("manifest.json", manifest)
        z.writestr("excerpts/0001.json", excerpt)
    return path


def text_bomb(path: Path) -> Path:
    """A text file with one line of 5 MB."""
    path.write_bytes("Decision 1.\n\n".encode() + ("decides " * (5 * MB // 8)).encode() + b"\n")
    return path


CHILD = r"""
import json, sys, time
from pathlib import Path
from briefdesk.core.library import Library
path, kind = Path(sys.argv[1]), sys.argv[2]
lib = Library(Path(sys.argv[3]))
start, cpu = time.perf_counter(), time.process_time()
if kind == "briefpack":
    from briefdesk.core.errors import ReadError
    from briefdesk.core.packs.service import PackService
    try:
        PackService(lib).import_briefpack(path)
        status, reason = "imported", ""
    except ReadError as exc:
        status, reason = "failed", exc.detail
else:
    from briefdesk.core.importer import Importer
    result = Importer(lib).import_file(path)
    status, reason = result.status.value, result.reason
hwm = next((int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")), None)
print(json.dumps({"status": status, "reason": reason, "seconds": time.perf_counter() - start,
                  "cpu": time.process_time() - cpu, "hwm_kb": hwm}))
"""


def refuse_in_child(path: Path, kind: str, tmp_path: Path) -> dict:
    """Import ``path`` in a fresh Python; returns its answer with ``rss_mb`` (the child's peak)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = tmp_path / f"{path.name}.out"
    with out.open("wb") as fh:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), kind, str(tmp_path / "lib.sqlite")],
                                stdout=fh, stderr=subprocess.PIPE, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)   # this child's own rusage
        proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, proc.stderr.read().decode()[-2000:]
    answer = json.loads(out.read_text().strip().splitlines()[-1])
    # The child's own peak: VmHWM of its address space (Linux).  ``ru_maxrss`` is kept across
    # exec, so after a fork of a large test process it reports the parent's size, not the child's.
    answer["rss_mb"] = (answer["hwm_kb"] if answer.get("hwm_kb") is not None else usage.ru_maxrss) / 1024
    print(f"{path.name}: {path.stat().st_size / MB:.2f} MB file, refused in {answer['cpu']:.2f} s CPU "
          f"({answer['seconds']:.2f} s wall) "
          f"at {answer['rss_mb']:.0f} MB peak RSS: {answer['reason']}")
    return answer


@pytest.mark.parametrize("build, kind, limit_words", [
    (docx_bomb, "docx", "document.xml"),
    (pdf_bomb, "pdf", "stream"),
    (briefpack_bomb, "briefpack", "paragraphs"),
    (text_bomb, "txt", "one line"),
], ids=["docx-480MB-document.xml", "pdf-1GiB-stream", "briefpack-100k-paragraphs", "text-5MB-line"])
def test_each_bomb_is_refused_quickly_within_memory_naming_the_limit(build, kind, limit_words, tmp_path):
    path = build(tmp_path / f"bomb.{kind}")
    answer = refuse_in_child(path, kind, tmp_path)
    assert answer["status"] == "failed"
    assert limit_words in answer["reason"] and "limit" in answer["reason"]
    assert answer["cpu"] < SECONDS            # CPU time: the fair clock on a shared machine
    assert answer["seconds"] < 6 * SECONDS    # and no hang, however loaded the machine
    assert answer["rss_mb"] < RSS_MB


def test_the_bombs_are_what_the_issue_describes(tmp_path):
    docx = docx_bomb(tmp_path / "b.docx")
    with zipfile.ZipFile(docx) as z:
        assert z.getinfo("word/document.xml").file_size >= 480 * MB
    assert 0.5 * MB < docx.stat().st_size < 2 * MB
    pdf = pdf_bomb(tmp_path / "b.pdf")
    assert 0.5 * MB < pdf.stat().st_size < 1.5 * MB
    pack = briefpack_bomb(tmp_path / "b.briefpack")
    assert pack.stat().st_size < 60 * 1024
    assert text_bomb(tmp_path / "b.txt").stat().st_size > 5_000_000


def test_limits_name_themselves_and_allow_real_documents(corpus):
    from briefdesk.core.errors import ReadError

    with pytest.raises(ReadError, match="limit of 500,000"):
        limits.check_text("a" * (limits.TEXT_LINE_CHARS + 1))
    with pytest.raises(ReadError, match="paragraph 2"):
        limits.check_paragraphs(["a", "b" * (limits.PARAGRAPH_CHARS + 1)])
    longest = max(len(line) for f in (corpus / "seeds").glob("*.txt")
                  for line in f.read_text(encoding="utf-8", errors="replace").splitlines())
    assert longest < limits.TEXT_LINE_CHARS / 100


def test_pdf_guard_keeps_pdfminer_behaviour_below_the_limit():
    from briefdesk.core.readers import pdfguard

    pdfguard.install()
    from pdfminer import pdftypes

    data = b"Decision " * 1000
    assert pdftypes.zlib.decompress(zlib.compress(data)) == data
    with pytest.raises(zlib.error):
        pdftypes.zlib.decompress(zlib.compress(data)[:-10])
    broken = bytearray(zlib.compress(data))
    broken[-1] ^= 0xFF   # a bad checksum: pdfminer's recovery keeps the text
    assert pdftypes.decompress_corrupted(bytes(broken)) == data
