"""Fuzzing harness: mutated real corpus files against every reader and against ``pack build`` specs.

Usage::

    python bench/fuzz.py [--per-reader 10000] [--readers txt,docx,pdf,akn,briefpack,spec]
                         [--workers 2] [--timeout 10] [--rss-kill-mb 1500] [--seed 12]
                         [--corpus ../shared/corpus] [--work /tmp/briefdesk-fuzz] [--json OUT]
    python bench/fuzz.py --atheris READER [-- libFuzzer options]   # coverage-guided, optional

Inputs (issue 12, point 1) start from real files: the Chinese text seeds,
AKN resolutions of five sessions, the smallest real UN PDFs (one of them a
scan without text), .docx files written from AKN by ``tests/docx_from_akn.py``
plus the UNFCCC Word file, ``.briefpack`` files written by
``core/packs/share.py`` from a library holding the seeds, and ``pack build``
TOML specs naming the seeds' symbols.  Each input is either

* a byte-level mutation of a seed: bit flips, interesting bytes, truncation,
  deleted/duplicated ranges, splices from another seed of the same kind;
  for ZIP archives (.docx, .briefpack) also member-level damage: corrupt
  deflate data, lying sizes in the central directory, dropped/renamed/
  duplicated members, and XML/JSON mutation inside a member (tags renamed
  or unclosed, attributes such as ``PartName``/``Target`` removed, values
  made negative or huge); for PDFs tokens such as ``\\655`` inside an
  inflated content stream, broken ``/Length``, xref and filter entries; or
* a structured input drawn by **Hypothesis** (AKN documents, Word
  ``document.xml`` bodies, ``.briefpack`` manifests and excerpts,
  ``pack build`` specs), where the shape matters more than the bytes.

Every input runs in one of ``--workers`` long-lived child processes (fresh
for each reader, recycled every 300 inputs) through the real entry point:
``Importer.import_file`` for documents, ``PackService.import_briefpack``
for packs, ``read_spec`` + ``build_from_spec`` for specs, each with its own
library.  The parent kills a child that spends more than ``--timeout``
CPU seconds on one input, or ``--wall-timeout`` wall-clock seconds (*hung*),
or whose resident memory passes ``--rss-kill-mb`` (*over memory*), and
starts another.  CPU time is the fair clock on a shared machine: on the
2-core machine eight engineers share, wall-clock time of the same input
varies tenfold with the load.  A child's start-up is not counted (it says
"ready" before the first input is sent).

Printed per reader: inputs tried; *refused* with a reason (a
``BriefDeskError``: the file's "failed: reason"); *imported*; *safety net*
(a reader raised something other than ``ReadError`` and the importer's
catch-all turned it into a refusal, logged with its traceback: a reader
bug, though no longer a crash); *unhandled* (an exception escaped the entry
point, or the child died); *hung*; peak RSS of the children (``ru_maxrss``);
and the most frequent refusal reasons.  Every input that was not refused or
imported cleanly is saved under ``<work>/crashers/<reader>/`` with its
traceback, to be turned into a test fixture.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import io
import json
import os
import random
import re
import resource
import select
import shutil
import subprocess
import sys
import time
import traceback
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = ("txt", "docx", "pdf", "akn", "briefpack", "spec")
SUFFIX = {"txt": ".txt", "docx": ".docx", "pdf": ".pdf", "akn": ".xml", "briefpack": ".briefpack",
          "spec": ".toml"}
#: Share of inputs drawn by Hypothesis, per reader (the rest are byte/structure mutations of seeds).
STRUCTURED = {"txt": 0.0, "docx": 0.2, "pdf": 0.0, "akn": 0.25, "briefpack": 0.3, "spec": 0.5}


# ============================================================================ seeds

def _smallest(paths, n):
    return sorted(paths, key=lambda p: p.stat().st_size)[:n]


def prepare_seeds(corpus: Path, work: Path) -> dict[str, list[bytes]]:
    """Seed files per reader, built once into ``work/seeds`` (from the corpus; nothing copied into the project)."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    seeds_dir = work / "seeds"
    done = seeds_dir / "done"
    if not done.exists():
        shutil.rmtree(seeds_dir, ignore_errors=True)
        for r in READERS:
            (seeds_dir / r).mkdir(parents=True)
        # text: slices of the five seeds (cut at line ends) and the project's own text fixtures
        for f in sorted((corpus / "seeds").glob("*.txt")):
            data = f.read_bytes()
            cuts = [0, len(data) // 2]
            for k, start in enumerate(cuts):
                start = data.find(b"\n", start) + 1 if start else 0
                end = data.find(b"\n", start + 6000)
                (seeds_dir / "txt" / f"{f.stem}-{k}.txt").write_bytes(data[start:end if end > 0 else None])
        for f in sorted((ROOT / "tests/fixtures/text").glob("*.txt")):
            shutil.copy(f, seeds_dir / "txt" / f.name)
        # AKN: the smallest files of each session and language
        akn = []
        for session in sorted((corpus / "akn").iterdir()):
            langs = [d for d in session.iterdir() if d.is_dir()] or [session]
            for lang in sorted(langs)[:6]:
                akn += _smallest(list(lang.glob("*.xml")), 1)
        for f in akn:
            shutil.copy(f, seeds_dir / "akn" / f"{f.parent.parent.name}-{f.parent.name}-{f.name}")
        # PDF: the smallest real UN PDFs (one is a scan without a text layer)
        for f in _smallest(list((corpus / "real/un-ods").glob("*.pdf")), 8):
            shutil.copy(f, seeds_dir / "pdf" / f.name)
        # .docx: written from AKN by the tests' converter, and the real UNFCCC file
        from briefdesk.core.readers.akn import parse_akn
        from tests.docx_from_akn import write_docx

        for f in akn[:8]:
            try:
                write_docx(parse_akn(f.read_bytes(), f), seeds_dir / "docx" / (f.stem + ".docx"))
            except Exception as exc:  # noqa: BLE001 - a seed that cannot be made is skipped
                print(f"seed {f.name}: {exc}", file=sys.stderr)
        for f in (corpus / "real/unfccc").glob("*.docx"):
            shutil.copy(f, seeds_dir / "docx" / f.name)
        # .briefpack and specs: a library with the seeds, packs written by core/packs/share.py
        _make_pack_seeds(corpus, seeds_dir, work)
        done.write_text("ok")
    return {r: [p.read_bytes() for p in sorted((seeds_dir / r).iterdir())] for r in READERS}


def _template_library(corpus: Path, work: Path) -> Path:
    """A library holding the text seeds and a few AKN resolutions (the specs' references resolve in it)."""
    from briefdesk.core.importer import Importer
    from briefdesk.core.library import Library

    path = work / "template.sqlite"
    if not path.exists():
        lib = Library(path)
        files = sorted((corpus / "seeds").glob("*.txt")) + sorted((corpus / "akn/ga-75/English").glob("*.xml"))[:4]
        Importer(lib).import_paths(files)
        lib.close()
    return path


def _make_pack_seeds(corpus: Path, seeds_dir: Path, work: Path) -> None:
    from briefdesk.core.library import Library
    from briefdesk.core.packs.service import PackService

    template = _template_library(corpus, work)
    tmp = work / "packs.sqlite"
    shutil.copy(template, tmp)
    lib = Library(tmp)
    packs = PackService(lib)
    docs = lib.summaries()
    symbols = [d.symbol for d in docs if d.symbol]
    for n in range(3):
        pid = packs.create(title=f"Pack {n}", body="SBI", start_date="2018-07-09", end_date="2018-07-13",
                           language=["zh", "en", "fr"][n], classification="RESTRICTED")
        for k, doc in enumerate(docs[n:n + 2 + n]):
            item = packs.add_item(pid, str(k + 1), f"Item {k}", background="<p>Background <b>bold</b></p>",
                                  talking_points="- one\n- two\n  - nested", objectives="1. first\n2. second")
            paragraphs = lib.document(doc.id).paragraphs
            ex = packs.add_excerpt(item, doc.id, [p.id for p in paragraphs[: 3 + 2 * n]])
            view = packs.get(pid).excerpt(ex)
            packs.add_highlight(view.paragraphs[0].id, 0, min(4, len(view.paragraphs[0].text)))
            packs.set_note(view.paragraphs[0].id, "<ol><li>note <i>x</i></li></ol>")
        packs.export_briefpack(pid, seeds_dir / "briefpack" / f"pack{n}.briefpack")
    lib.close()
    specs = [
        f'[pack]\ntitle = "SBI-2 briefing"\nlanguage = "zh"\nstart_date = 2018-07-09\nend_date = 2018-07-13\n\n'
        f'[[items]]\nfrom = "{symbols[0]}"\nbackground = "<p>…</p>"\ntalking_points = \'\'\'\n- first\n- second\n\'\'\'\n'
        f'excerpts = ["{symbols[0]} paras 4-6"]\n',
        f'[pack]\ntitle = "Two items"\nbody = "Body"\nversion = "2"\n\n[[items]]\nnumber = "3"\ntitle = "T"\n'
        f'excerpts = [{{ ref = "{symbols[-1]} paras 1-2", notes = {{ "1" = "- see" }} }}]\n\n'
        f'[[items]]\nnumber = "4"\ntitle = "U"\nobjectives = "1. a\\n2. b"\n',
        '[pack]\ntitle = "Empty"\n',
    ]
    for i, text in enumerate(specs):
        (seeds_dir / "spec" / f"spec{i}.toml").write_text(text, encoding="utf-8")
    (seeds_dir / "symbols.json").write_text(json.dumps(symbols))


# ============================================================================ mutators

TOKENS = {
    "pdf": [b"\\655", b"\\", b"(", b")", b"<<", b">>", b"[", b"]", b" obj", b"endobj", b"stream\n", b"endstream",
            b"/FlateDecode", b"/LZWDecode", b"/Length 0", b"/Length 99999999", b"xref", b"trailer", b"%%EOF",
            b"-1", b"99999999999", b"1e308", b"/Type /Pages", b"/Kids [", b" 0 R", b"BT", b"ET", b"Tj", b"TJ",
            b"Tf", b"/Predictor 15", b"/Count -5", b"/Root", b"/Encrypt", b"<FEFF>", b"/W [1 2 1]"],
    "xml": [b"<", b">", b"</", b"/>", b"&amp;", b"&#0;", b"&#x10FFFF;", b"&undefined;", b"<![CDATA[", b"]]>",
            b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", b"\"", b"'", b"=", b" xmlns=\"urn:x\"", b"\x00", b"\xff\xfe"],
    "json": [b"{", b"}", b"[", b"]", b"\"", b":", b",", b"null", b"-1", b"1e999", b"\\u0000", b"\\ud800",
             b"<li>x</li>", b"\"paragraphs\"", b"[[5,2]]"],
    "txt": ["1.", "(a)", "第XII/6号决定第21段", "A/RES/75/1", "[footnoteRef:1]", "[1: note]", "\f", "\r",
            "\x00", "\u202e", "\ufeff", "**", "<p>", "|", "\t", "附件", "- 3 -", "Page 2", "\ud800", "i.", "  "],
    "toml": [b"[[items]]\n", b"[pack]\n", b"=", b"\"", b"'''", b"{", b"}", b"[", b"]", b"excerpts = [\"x\"]\n",
             b"1979-05-27", b"-1", b"nan", b"inf", b"\\u0000", b"notes = { \"1\" = 5 }\n", b"<li>x</li>"],
}
INTERESTING = [0, 1, 0x7F, 0x80, 0xFF, ord("\\"), ord("("), ord(")"), ord("<"), ord(">"), ord("0"), ord("9"), 0x0A]


def _bytes_mutation(rng: random.Random, data: bytes, others: list[bytes], tokens: list[bytes]) -> bytes:
    """One to four byte-level edits of ``data``."""
    buf = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        n = len(buf)
        op = rng.randrange(9)
        if n == 0:
            buf += rng.choice(tokens)
            continue
        i = rng.randrange(n)
        if op == 0:  # bit flips
            for _k in range(rng.randint(1, 8)):
                j = rng.randrange(n)
                buf[j] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[i] = rng.choice(INTERESTING)
        elif op == 2:  # truncation
            del buf[rng.randrange(n):]
        elif op == 3:  # delete a range
            del buf[i:i + rng.randint(1, max(1, n // 20))]
        elif op == 4:  # duplicate a range
            chunk = buf[i:i + rng.randint(1, 512)]
            j = rng.randrange(n)
            buf[j:j] = chunk * rng.choice((1, 1, 2, 16))
        elif op == 5:  # splice from another seed
            other = rng.choice(others) if others else bytes(buf)
            if other:
                a = rng.randrange(len(other))
                buf[i:i + rng.randint(0, 256)] = other[a:a + rng.randint(1, 4096)]
        elif op == 6:
            buf[i:i] = rng.choice(tokens)
        elif op == 7:  # random bytes
            buf[i:i + rng.randint(0, 8)] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        else:  # overwrite with a token
            tok = rng.choice(tokens)
            buf[i:i + len(tok)] = tok
    return bytes(buf)


_TAG = re.compile(rb"<(/?)([A-Za-z_][\w:.-]*)([^<>]*?)(/?)>")
_ATTR = re.compile(rb'\s([\w:.-]+)\s*=\s*("[^"]*"|\'[^\']*\')')


def _xml_mutation(rng: random.Random, data: bytes) -> bytes:
    """Damage XML as a careless program would: tags renamed, unclosed, duplicated, attributes dropped."""
    tags = list(_TAG.finditer(data))
    if not tags:
        return _bytes_mutation(rng, data, [], TOKENS["xml"])
    m = rng.choice(tags)
    op = rng.randrange(9)
    if op == 0:  # rename a tag
        name = rng.choice([b"x", b"w:p", b"w:r", b"num", b"paragraph", b"akn:foo", m.group(2)[::-1] or b"y"])
        return data[:m.start(2)] + name + data[m.end(2):]
    if op == 1:  # delete a tag (unclosed or unopened element)
        return data[:m.start()] + data[m.end():]
    if op == 2:  # drop an attribute (PartName, Target, w:val, Id …)
        attrs = list(_ATTR.finditer(data, m.start(), m.end()))
        if attrs:
            a = rng.choice(attrs)
            return data[:a.start()] + data[a.end():]
    if op == 3:  # set an attribute to an odd value
        attrs = list(_ATTR.finditer(data, m.start(), m.end()))
        if attrs:
            a = rng.choice(attrs)
            value = rng.choice([b'""', b'"-1"', b'"99999999999"', b'"0"', b'"x"', b'"../../etc/passwd"',
                                b'"http://example.invalid/"', b'"\xc3\x28"', b'"NaN"', b'"1.5"'])
            return data[:a.start(2)] + value + data[a.end(2):]
    if op == 4:  # duplicate an element's text span (opening tag to the next tag)
        end = rng.choice(tags[tags.index(m):tags.index(m) + 8])
        span = data[m.start():end.end()]
        return data[:m.start()] + span * rng.choice((2, 3, 50)) + data[m.start():]
    if op == 5:  # nest deeply
        depth = rng.choice((50, 500, 5000))
        return data[:m.start()] + b"<x>" * depth + data[m.start():m.end()] + b"</x>" * depth + data[m.end():]
    if op == 6:  # swap two tags
        o = rng.choice(tags)
        a, b = sorted((m, o), key=lambda t: t.start())
        if a.end() <= b.start():
            return data[:a.start()] + b.group() + data[a.end():b.start()] + a.group() + data[b.end():]
    if op == 7:  # text with odd characters
        return data[:m.end()] + rng.choice([b"\xe2\x80\xae", b"&#x202E;", b"\t1.\t", b"(a)", b"&lt;b&gt;",
                                            b"\xef\xbb\xbf", b"\xf0\x9f\x98\x80" * 100]) + data[m.end():]
    return _bytes_mutation(rng, data, [], TOKENS["xml"])


def _json_mutation(rng: random.Random, data: bytes) -> bytes:
    try:
        value = json.loads(data)
    except ValueError:
        return _bytes_mutation(rng, data, [], TOKENS["json"])
    odd = [None, -1, 0, 2 ** 63, 1e308, "", "x" * rng.choice((1, 1000)), [], {}, [[5, 2]], [[0, 10 ** 9]],
           "<li>x</li>", "<ul><li>a<li>b</ul>", "<script>x</script>", True, "2018-02-30", "\u0000"]

    def walk(v, depth=0):
        if isinstance(v, dict) and v:
            k = rng.choice(list(v))
            r = rng.random()
            if r < 0.2:
                del v[k]
            elif r < 0.5 or depth > 6:
                v[k] = rng.choice(odd)
            else:
                walk(v[k], depth + 1)
        elif isinstance(v, list) and v:
            i = rng.randrange(len(v))
            r = rng.random()
            if r < 0.15:
                del v[i]
            elif r < 0.3:
                v.extend([v[i]] * rng.choice((1, 5, 200)))
            elif r < 0.45:
                v[i] = rng.choice(odd)
            else:
                walk(v[i], depth + 1)
    for _ in range(rng.randint(1, 3)):
        walk(value)
    return json.dumps(value, ensure_ascii=rng.random() < 0.5).encode()


def _zip_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [(i, z.read(i)) for i in z.infolist()]
    except Exception:  # noqa: BLE001 - an already damaged seed: fall back to bytes
        return None


def _write_zip(members: list[tuple[str, bytes]], compress=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as z:
        for name, body in members:
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), body, compress_type=compress)
    return out.getvalue()


def _zip_mutation(rng: random.Random, data: bytes, others: list[bytes], kind: str) -> bytes:
    members = _zip_members(data)
    if not members:
        return _bytes_mutation(rng, data, others, TOKENS["xml"])
    op = rng.randrange(8)
    if op <= 2:  # mutate one member's content, rewrite the archive
        k = rng.randrange(len(members))
        new = []
        for j, (info, body) in enumerate(members):
            if j == k:
                if info.filename.endswith((".xml", ".rels")):
                    body = _xml_mutation(rng, body)
                elif info.filename.endswith(".json"):
                    body = _json_mutation(rng, body)
                else:
                    body = _bytes_mutation(rng, body, [], TOKENS["xml"])
            new.append((info.filename, body))
        return _write_zip(new)
    if op == 3:  # corrupt the deflate data of one member in place
        info = rng.choice([i for i, _b in members])
        buf = bytearray(data)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        if info.compress_size > 2:
            for _ in range(rng.randint(1, 6)):
                buf[start + rng.randrange(info.compress_size)] ^= 1 << rng.randrange(8)
        return bytes(buf)
    if op == 4:  # lie about sizes or method in the central directory
        buf = bytearray(data)
        cd = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
        if cd:
            at = rng.choice(cd)
            field = rng.choice(((10, 2), (20, 4), (24, 4), (16, 4)))  # method, csize, usize, crc
            value = rng.choice((0, 1, 8, 12, 99, 0xFFFFFFFF, 0x7FFFFFFF))
            buf[at + field[0]:at + field[0] + field[1]] = (value & (256 ** field[1] - 1)).to_bytes(field[1], "little")
        return bytes(buf)
    if op == 5:  # drop, duplicate or rename members
        names = [(i.filename, b) for i, b in members]
        r = rng.random()
        k = rng.randrange(len(names))
        if r < 0.4:
            del names[k]
        elif r < 0.7:
            names.append(names[k])
        else:
            names[k] = (rng.choice(["../evil.xml", "/abs.xml", "word/document.xml", "excerpts/9.json",
                                    "manifest.json", "a\\b.xml", names[k][0] + "x"]), names[k][1])
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _write_zip(names)
    if op == 6:  # stored instead of deflated, or a member from another seed
        names = [(i.filename, b) for i, b in members]
        if others and rng.random() < 0.5:
            other = _zip_members(rng.choice(others)) or []
            if other:
                i, b = rng.choice(other)
                names.append((i.filename, b))
        return _write_zip(names, zipfile.ZIP_STORED)
    return _bytes_mutation(rng, data, others, TOKENS["xml"])


_STREAM = re.compile(rb"stream\r?\n")


def _pdf_mutation(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    if rng.random() < 0.45:
        starts = [m.end() for m in _STREAM.finditer(data)]
        rng.shuffle(starts)
        for s in starts[:6]:
            e = data.find(b"endstream", s)
            if e < 0:
                continue
            raw = data[s:e]
            try:
                d = zlib.decompressobj()
                content = d.decompress(raw, 4 << 20)
            except zlib.error:
                continue
            if not content:
                continue
            if rng.random() < 0.5:  # tokens inside the content (strings with odd escapes, operators)
                buf = bytearray(content)
                for _ in range(rng.randint(1, 4)):
                    i = rng.randrange(len(buf) + 1)
                    buf[i:i] = rng.choice([b"(\\655) Tj ", b"(\\9) Tj ", b"<zz> Tj ", b"[(a) -99999 (b)] TJ ",
                                           b" 1e308 0 0 1 0 0 cm ", b" /F99 12 Tf ", b" BT ", b" ET ", b" q ",
                                           b" Q Q Q ", b" 0 0 0 0 re f ", b"(\\", b" /Im1 Do ", b" -0 Tz ",
                                           b" 0 Tf ", b" 3 Tr ", b" BI /W 1 ID x EI "])
                new = zlib.compress(bytes(buf))
            else:  # corrupt the compressed bytes
                buf = bytearray(raw)
                for _ in range(rng.randint(1, 4)):
                    if buf:
                        buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
                new = bytes(buf)
            return data[:s] + new + data[e:]
    return _bytes_mutation(rng, data, others, TOKENS["pdf"])


def _text_mutation(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    if rng.random() < 0.3:
        return _bytes_mutation(rng, data, others, [t.encode("utf-8", "surrogatepass") for t in TOKENS["txt"]])
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        if not lines:
            lines = [""]
        op = rng.randrange(7)
        i = rng.randrange(len(lines))
        if op == 0:
            lines.insert(i, rng.choice(TOKENS["txt"]) + (lines[i] if rng.random() < 0.5 else ""))
        elif op == 1:
            lines[i:i + 2] = [" ".join(lines[i:i + 2])]
        elif op == 2:
            lines[i:i] = lines[i:i + rng.randint(1, 20)] * rng.choice((2, 10))
        elif op == 3:
            del lines[i:i + rng.randint(1, 30)]
        elif op == 4:
            pos = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + rng.choice(TOKENS["txt"]) * rng.choice((1, 3, 100)) + lines[i][pos:]
        elif op == 5:
            lines[i] = lines[i] * rng.choice((2, 50))
        else:
            rng.shuffle(lines)
    text = "\n".join(lines)
    codec = rng.choice(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030", "utf-32"])
    return text.encode(codec, "surrogatepass" if codec.startswith("utf") else "replace")


def mutate(kind: str, rng: random.Random, seeds: list[bytes]) -> bytes:
    """One mutated input for ``kind`` from a random seed (a mutator's own slip falls back to byte edits)."""
    try:
        return _mutate(kind, rng, seeds)
    except Exception:  # noqa: BLE001
        return _bytes_mutation(rng, rng.choice(seeds), [], TOKENS["xml"])


def _mutate(kind: str, rng: random.Random, seeds: list[bytes]) -> bytes:
    data = rng.choice(seeds)
    others = [s for s in seeds if s is not data]
    if kind == "txt":
        return _text_mutation(rng, data, others)
    if kind == "pdf":
        return _pdf_mutation(rng, data, others)
    if kind == "akn":
        return _xml_mutation(rng, data) if rng.random() < 0.7 else _bytes_mutation(rng, data, others, TOKENS["xml"])
    if kind in ("docx", "briefpack"):
        return _zip_mutation(rng, data, others, kind) if rng.random() < 0.8 else \
            _bytes_mutation(rng, data, others, TOKENS["xml"])
    if kind == "spec":
        return _bytes_mutation(rng, data, others, TOKENS["toml"])
    raise ValueError(kind)


# ============================================================================ Hypothesis (structure)

def _toml(value, key: str = "") -> str:
    """A small TOML writer for the specs Hypothesis draws (strings, ints, floats, bools, dates, arrays, tables)."""
    import datetime as dt

    def scalar(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v) if v == v and v not in (float("inf"), float("-inf")) else "nan"
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, list):
            return "[" + ", ".join(scalar(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{json.dumps(k)} = {scalar(x)}" for k, x in v.items()) + " }"
        return json.dumps(str(v))
    lines = []
    pack = value.get("pack")
    if isinstance(pack, dict):
        lines.append("[pack]")
        lines += [f"{json.dumps(k)} = {scalar(v)}" for k, v in pack.items()]
    for item in value.get("items", []):
        lines.append("\n[[items]]")
        lines += [f"{json.dumps(k)} = {scalar(v)}" for k, v in item.items()]
    return "\n".join(lines) + "\n"


def hypothesis_inputs(kind: str, n: int, seed: int, seeds: list[bytes], work: Path) -> list[bytes]:
    """``n`` structured inputs for ``kind`` drawn by Hypothesis (``[]`` if it is not installed)."""
    if n <= 0:
        return []
    try:
        from hypothesis import HealthCheck, Phase, given, settings
        from hypothesis import seed as hseed
        from hypothesis import strategies as st
    except ImportError:
        print("hypothesis is not installed: byte-level mutation only", file=sys.stderr)
        return []
    words = st.sampled_from(["Decides", "Recalling", "决定", "回顾", "Décide", "Постановляет", "يقرر", "1.", "(a)",
                             "第XII/6号决定第21段", "A/RES/75/1", "  ", "\u202e", "x" * 300, "", "<b>", "&", "\t"])
    text = st.one_of(words, st.text(max_size=60), st.lists(words, max_size=8).map(" ".join))
    out: list[bytes] = []
    if kind == "spec":
        symbols = json.loads((work / "seeds/symbols.json").read_text())
        ref = st.builds(lambda s, a, b, w: f"{s} {w} {a}-{b}", st.sampled_from(symbols + ["XII/6", "A/RES/1", ""]),
                        st.integers(-2, 40), st.integers(-2, 40), st.sampled_from(["paras", "para", "段", "", "section"]))
        excerpt = st.one_of(ref, st.fixed_dictionaries({"ref": ref}, optional={
            "notes": st.dictionaries(st.sampled_from(["1", "2", "4", "21", "x"]), text, max_size=3),
            "highlight": st.dictionaries(st.sampled_from(["1", "2", "4"]),
                                         st.one_of(text, st.lists(text, max_size=3)), max_size=2)}))
        field = st.one_of(text, st.integers(), st.dates(), st.booleans(), st.lists(st.integers(), max_size=2))
        item = st.fixed_dictionaries({}, optional={
            "from": st.sampled_from(symbols + ["nothing"]), "number": st.one_of(text, st.integers()),
            "title": text, "background": text, "objectives": text, "talking_points": text,
            "lines_to_take": st.one_of(text, st.just("<ol><li>x</li></ol>"), st.just("<li>x</li>")),
            "excerpts": st.lists(excerpt, max_size=3), "extra": text})
        pack = st.fixed_dictionaries({"title": text}, optional={
            k: field for k in ("body", "session", "start_date", "end_date", "venue", "delegation", "language",
                               "classification", "version", "colour")})
        strategy = st.fixed_dictionaries({}, optional={"pack": pack, "items": st.lists(item, max_size=4)}) \
            .map(lambda v: _toml(v).encode("utf-8", "surrogatepass"))
    elif kind == "briefpack":
        para = st.fixed_dictionaries({
            "kind": st.sampled_from(["heading", "body", "preambular", "operative", "x"]),
            "number": st.one_of(st.none(), text), "level": st.integers(-1, 12), "text": text}, optional={
            "verb": st.one_of(st.none(), text), "section": st.none(), "part_title": st.none(),
            "footnotes": st.lists(st.fixed_dictionaries({"marker": text, "text": text}, optional={
                "offset": st.one_of(st.none(), st.integers(-5, 10 ** 6))}), max_size=2),
            "highlights": st.lists(st.lists(st.integers(-3, 10 ** 6), min_size=2, max_size=2), max_size=3),
            "note": st.one_of(text, st.sampled_from(["<li>x</li>", "<ul><li>a<ol><li>b", "</li></ul>", "<br/>"]))})
        excerpts = st.lists(st.lists(para, max_size=6), min_size=1, max_size=4)
        date = st.one_of(st.none(), st.sampled_from(["2018-07-09", "2018-02-30", "0000-00-00", "9999-12-31"]))

        def build(bodies, title, start, end, sections, version):
            manifest = {"format": "briefdesk-pack", "version": version, "generator": "BriefDesk",
                        "pack": {"title": title, "body": "", "session": "", "start_date": start, "end_date": end,
                                 "venue": "", "delegation": "", "language": "en", "classification": "",
                                 "version": ""},
                        "items": [{"number": "1", "title": title, "background": sections, "objectives": "",
                                   "talking_points": sections, "lines_to_take": "", "excerpts": [
                                       {"file": f"excerpts/{i + 1:04d}.json", "scope": "paragraphs",
                                        "section": None, "source_symbol": "A/RES/1", "source_language": "en",
                                        "source_title": "", "source_body": "", "source_kind": "",
                                        "source_date": None, "content_hash": ""} for i in range(len(bodies))]}]}
            members = [("manifest.json", json.dumps(manifest).encode())]
            members += [(f"excerpts/{i + 1:04d}.json", json.dumps({"paragraphs": b}).encode())
                        for i, b in enumerate(bodies)]
            return _write_zip(members)
        strategy = st.builds(build, excerpts, text, date, date,
                             st.one_of(text, st.sampled_from(["<li>x</li>", "<p><li>y</li></p>", "- a\n  - b"])),
                             st.sampled_from([1, 1, 1, 2, 0]))
    elif kind == "akn":
        num = st.one_of(st.none(), st.sampled_from(["1.", "2.", "(a)", "(i)", "1 bis.", "", "A.", "١.", "一、"]), text)

        def para_xml(n, verb, body, note, sub):
            num_xml = f"<num>{_esc(n)}</num>" if n is not None else ""
            verb_xml = f'<span class="verb">{_esc(verb)}</span> ' if verb else ""
            note_xml = f'<authorialNote marker="1"><p>{_esc(note)}</p></authorialNote>' if note else ""
            return f"<paragraph>{num_xml}<content><p>{verb_xml}{_esc(body)}{note_xml}</p></content>{sub}</paragraph>"
        paragraph = st.builds(para_xml, num, st.one_of(st.none(), words), text, st.one_of(st.none(), text),
                              st.one_of(st.just(""), st.builds(lambda n, t: f"<subparagraph><num>{_esc(n or '')}</num>"
                                                               f"<content><p>{_esc(t)}</p></content></subparagraph>",
                                                               num, text)))

        def akn_doc(pre, main, symbol, lang, date):
            return (f'<?xml version="1.0" encoding="UTF-8"?><akomaNtoso xmlns="http://docs.oasis-open.org/'
                    f'legaldocml/ns/akn/3.0"><statement name="resolution"><meta><identification source="#x">'
                    f'<FRBRWork><FRBRthis value="/x"/><FRBRuri value="/x"/><FRBRdate date="{_esc(date)}" name="a"/>'
                    f'<FRBRauthor href="#ga"/><FRBRcountry value="un"/></FRBRWork><FRBRExpression>'
                    f'<FRBRlanguage language="{_esc(lang)}"/></FRBRExpression></identification></meta>'
                    f'<preface><p><docNumber>{_esc(symbol)}</docNumber></p></preface>'
                    f'<preamble>{"".join(pre)}</preamble><mainBody>{"".join(main)}</mainBody></statement>'
                    f'</akomaNtoso>').encode("utf-8", "surrogatepass")
        strategy = st.builds(akn_doc, st.lists(paragraph, max_size=5), st.lists(paragraph, max_size=8),
                             st.sampled_from(["A/RES/75/1", "", "XII/6", "x" * 500]),
                             st.sampled_from(["eng", "zho", "ara", "", "xx"]),
                             st.sampled_from(["2020-12-10", "", "2020-13-45", "yesterday"]))
    elif kind == "docx":
        base = next((s for s in seeds if len(s) < 60_000), seeds[0])
        members = [(i.filename, b) for i, b in (_zip_members(base) or [])]

        def run(t, fn, italic):
            ref = f'<w:footnoteReference w:id="{fn}"/>' if fn is not None else ""
            props = "<w:rPr><w:i/></w:rPr>" if italic else ""
            return f"<w:r>{props}<w:t xml:space=\"preserve\">{_esc(t)}</w:t>{ref}</w:r>"

        def para(runs, num_id, ilvl, ind):
            numpr = f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>' if num_id is not None else ""
            ind_xml = f'<w:ind w:left="{ind}"/>' if ind is not None else ""
            return f"<w:p><w:pPr>{numpr}{ind_xml}</w:pPr>{''.join(runs)}</w:p>"
        run_s = st.builds(run, text, st.one_of(st.none(), st.integers(-2, 5)), st.booleans())
        para_s = st.builds(para, st.lists(run_s, max_size=4), st.one_of(st.none(), st.integers(-1, 6)),
                           st.one_of(st.integers(-1, 12), st.just("x")), st.one_of(st.none(), st.integers(-10 ** 6, 10 ** 6)))
        def cell_xml(p, span, vm):
            grid = '<w:gridSpan w:val="%s"/>' % span if span else ""
            return f"<w:tc><w:tcPr>{grid}{'<w:vMerge/>' if vm else ''}</w:tcPr>{p}</w:tc>"
        cell = st.builds(cell_xml,
                         para_s, st.one_of(st.none(), st.integers(-1, 5)), st.booleans())
        table = st.lists(st.lists(cell, min_size=1, max_size=3), min_size=1, max_size=3).map(
            lambda rows: "<w:tbl>" + "".join("<w:tr>" + "".join(r) + "</w:tr>" for r in rows) + "</w:tbl>")

        def document(blocks):
            body = "".join(blocks)
            xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
                   f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
            return _write_zip([(n, xml.encode("utf-8", "surrogatepass") if n == "word/document.xml" else b)
                               for n, b in members])
        strategy = st.lists(st.one_of(para_s, para_s, table), min_size=1, max_size=10).map(document)
    else:
        return []

    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @hseed(seed)
    @given(strategy)
    def collect(value):
        out.append(value)
    collect()
    return out


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# ============================================================================ worker (child process)

def worker_main(template: str, workdir: str) -> None:
    """Read one job per line on stdin ({"kind", "path"}), answer one JSON line per job on stdout."""
    sys.path.insert(0, str(ROOT / "src"))
    import logging

    from briefdesk.core.errors import BriefDeskError
    from briefdesk.core.importer import Importer, ImportStatus
    from briefdesk.core.library import Library
    from briefdesk.core.packs.service import PackService
    from briefdesk.core.packs.spec import build_from_spec, read_spec

    db = Path(workdir) / f"lib-{os.getpid()}.sqlite"
    shutil.copy(template, db)
    library = Library(db)
    importer = Importer(library)
    packs = PackService(library)

    caught: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record):
            if record.exc_info:
                caught.append("".join(traceback.format_exception(*record.exc_info))[-3000:])

    logging.getLogger("briefdesk").addHandler(Catch(logging.ERROR))
    logging.getLogger("briefdesk").setLevel(logging.ERROR)
    out = sys.stdout
    sys.stdout = sys.stderr   # nothing but answers on the pipe
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        job = json.loads(line)
        path = Path(job["path"])
        caught.clear()
        t0 = time.perf_counter()
        answer: dict = {}
        try:
            if job["kind"] == "briefpack":
                try:
                    packs.import_briefpack(path)
                    answer = {"status": "imported"}
                except BriefDeskError as exc:
                    answer = {"status": "refused", "reason": getattr(exc, "detail", None) or str(exc)}
            elif job["kind"] == "spec":
                try:
                    build_from_spec(packs, read_spec(path), source=path)
                    answer = {"status": "imported"}
                except BriefDeskError as exc:
                    answer = {"status": "refused", "reason": getattr(exc, "detail", None) or str(exc)}
            else:
                result = importer.import_file(path)
                if result.status is ImportStatus.FAILED:
                    answer = {"status": "refused", "reason": result.reason}
                else:
                    answer = {"status": "imported"}
        except BaseException as exc:  # noqa: BLE001 - what escaped the entry point is the finding
            answer = {"status": "unhandled", "reason": f"{type(exc).__name__}: {exc}"[:300],
                      "traceback": traceback.format_exc()[-3000:]}
            try:
                library.session.rollback()
            except Exception:  # noqa: BLE001
                pass
        if caught and answer["status"] != "unhandled":
            answer["status"] = "safety net"
            answer["traceback"] = caught[0]
        answer["secs"] = round(time.perf_counter() - t0, 3)
        answer["rss_kb"] = _peak_rss_kb()
        out.write(json.dumps(answer) + "\n")
        out.flush()


def _peak_rss_kb() -> int:
    """This process's peak resident size (``VmHWM``: unlike ``ru_maxrss`` it does not carry over the
    parent's size from before ``exec``); ``ru_maxrss`` where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# ============================================================================ parent

class Worker:
    def __init__(self, args, template: Path) -> None:
        self.stderr = open(args.work / "worker-stderr.log", "ab")  # noqa: SIM115 - kept for the child's life
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", str(template), str(args.work)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, cwd=str(ROOT),
            env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"})
        self.job: tuple[str, Path, bytes] | None = None
        self.started = 0.0
        self.cpu_start = 0.0
        self.done = 0
        self.buf = b""
        self.peak_kb = 0
        # wait for the child's "ready" line: its start-up (imports, library) is not the input's time
        ready, _, _ = select.select([self.proc.stdout], [], [], 300)
        line = self.proc.stdout.readline() if ready else b""
        if b"ready" not in line:
            raise RuntimeError("a fuzzing child did not start; see worker-stderr.log")

    def cpu(self) -> float:
        """CPU seconds the child has used (user + system, /proc/PID/stat)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return 0.0

    def send(self, kind: str, path: Path, data: bytes) -> None:
        self.job = (kind, path, data)
        self.started = time.monotonic()
        self.cpu_start = self.cpu()
        self.proc.stdin.write((json.dumps({"kind": kind, "path": str(path)}) + "\n").encode())
        self.proc.stdin.flush()

    def rss_kb(self) -> int:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def kill(self) -> None:
        self.stderr.close()
        try:
            self.proc.kill()
        except OSError:
            pass
        self.proc.wait()
        for f in Path(self._work()).glob(f"lib-{self.proc.pid}.sqlite*"):
            f.unlink(missing_ok=True)

    def _work(self) -> str:
        return self.proc.args[3]

    def stop(self) -> None:
        self.stderr.close()
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=20)
        except Exception:  # noqa: BLE001
            self.proc.kill()
            self.proc.wait()
        for f in Path(self._work()).glob(f"lib-{self.proc.pid}.sqlite*"):
            f.unlink(missing_ok=True)


def _reason_class(reason: str) -> str:
    """A refusal reason with numbers, quoted parts and file-specific details masked (for counting)."""
    reason = re.sub(r"^(line|page) \d+(, (line|page) \d+)?: ", "", reason)
    reason = re.sub(r"\(.*", "(…)", reason)
    reason = re.sub(r": .*", ": …", reason)
    return re.sub(r"\d+", "N", reason)[:90]


def run_reader(kind: str, args, seeds: list[bytes], template: Path) -> dict:
    rng = random.Random(f"{args.seed}-{kind}")
    n = args.per_reader
    structured = hypothesis_inputs(kind, min(int(n * STRUCTURED[kind]), args.max_structured), args.seed, seeds,
                                   args.work) if n else []
    plan = ["h"] * len(structured) + ["m"] * (n - len(structured))
    rng.shuffle(plan)
    inputs_dir = args.work / "inputs" / kind
    crash_dir = args.work / "crashers" / kind
    shutil.rmtree(inputs_dir, ignore_errors=True)
    inputs_dir.mkdir(parents=True)
    stats = collections.Counter()
    reasons = collections.Counter()
    findings = collections.Counter()
    peak = 0
    slowest = 0.0
    workers = [Worker(args, template) for _ in range(args.workers)]
    t_start = time.monotonic()
    next_i = 0
    done = 0
    budget = _seconds_for(args.max_seconds, kind)
    deadline = t_start + budget if budget else None

    def record(w: Worker, status: str, info: dict) -> None:
        nonlocal done, peak, slowest
        kind_, path, data = w.job
        stats["tried"] += 1
        stats[status] += 1
        done += 1
        slowest = max(slowest, info.get("secs", 0.0))
        peak = max(peak, info.get("rss_kb", 0))
        if status == "refused":
            reasons[_reason_class(info.get("reason", ""))] += 1
        if status not in ("refused", "imported"):
            crash_dir.mkdir(parents=True, exist_ok=True)
            name = f"{status.replace(' ', '-')}-{hashlib.sha256(data).hexdigest()[:10]}{SUFFIX[kind_]}"
            (crash_dir / name).write_bytes(data)
            (crash_dir / (name + ".txt")).write_text(json.dumps(info, indent=1) + "\n")
            first = (info.get("traceback") or info.get("reason") or status).strip().splitlines()[-1][:120]
            findings[f"{status}: {first}"] += 1
        path.unlink(missing_ok=True)
        w.job = None
        w.done += 1

    try:
        while done < n:
            for k, w in enumerate(workers):
                if w.job is None and next_i < n and (deadline is None or time.monotonic() < deadline):
                    if w.done >= args.recycle:
                        w.stop()
                        workers[k] = w = Worker(args, template)
                    data = structured.pop() if plan[next_i] == "h" and structured else mutate(kind, rng, seeds)
                    path = inputs_dir / f"{next_i:06d}{SUFFIX[kind]}"
                    path.write_bytes(data)
                    w.send(kind, path, data)
                    next_i += 1
            busy = [w for w in workers if w.job is not None]
            if not busy:
                break   # out of time
            ready, _, _ = select.select([w.proc.stdout for w in busy], [], [], 0.2)
            now = time.monotonic()
            for k, w in enumerate(workers):
                if w.job is None:
                    continue
                if w.proc.stdout in ready:
                    chunk = os.read(w.proc.stdout.fileno(), 1 << 16)
                    if not chunk:  # the child died
                        code = w.proc.wait()
                        w.stderr.flush()
                        tail = (args.work / "worker-stderr.log").read_bytes()[-3000:].decode("utf-8", "replace")
                        record(w, "unhandled", {"reason": f"the child process died (exit {code})",
                                                "secs": now - w.started, "traceback": tail})
                        w.kill()
                        workers[k] = Worker(args, template)
                        continue
                    w.buf += chunk
                    if b"\n" in w.buf:
                        line, w.buf = w.buf.split(b"\n", 1)
                        info = json.loads(line)
                        record(w, info["status"], info)
                        continue
                rss = w.rss_kb()
                peak = max(peak, rss)
                cpu = w.cpu() - w.cpu_start
                wall = now - w.started
                if cpu > args.timeout or wall > args.wall_timeout or rss > args.rss_kill_mb * 1024:
                    status = "over memory" if rss > args.rss_kill_mb * 1024 else "hung"
                    record(w, status, {"reason": f"{status} after {cpu:.1f} s CPU ({wall:.1f} s wall) at "
                                                 f"{rss // 1024} MB", "secs": round(wall, 1), "cpu": round(cpu, 1),
                                       "rss_kb": rss})
                    w.kill()
                    workers[k] = Worker(args, template)
            if done and done % 500 == 0 and args.verbose:
                print(f"  {kind}: {done}/{n} ({time.monotonic() - t_start:.0f} s)", file=sys.stderr, flush=True)
    finally:
        for w in workers:
            if w.job is not None:
                w.kill()
            else:
                w.stop()
    shutil.rmtree(inputs_dir, ignore_errors=True)
    return {"reader": kind, "tried": stats["tried"], "refused": stats["refused"], "imported": stats["imported"],
            "safety net": stats["safety net"], "unhandled": stats["unhandled"], "hung": stats["hung"],
            "over memory": stats["over memory"], "peak_rss_mb": round(peak / 1024), "slowest_s": round(slowest, 2),
            "seconds": round(time.monotonic() - t_start), "top_reasons": reasons.most_common(5),
            "findings": findings.most_common(10)}


def _seconds_for(spec: str, kind: str) -> float:
    """``--max-seconds`` for one reader: ``"600"`` for all, or ``"txt=600,pdf=900"`` (others unlimited)."""
    if "=" not in spec:
        return float(spec or 0)
    for part in spec.split(","):
        name, _sep, value = part.partition("=")
        if name.strip() == kind:
            return float(value)
    return 0.0


def print_table(rows: list[dict]) -> str:
    head = ("| reader | tried | refused (reason) | imported | safety net | unhandled | hung > {t} s | over memory "
            "| peak RSS | slowest | time |")
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['reader']} | {r['tried']:,} | {r['refused']:,} | {r['imported']:,} | {r['safety net']} | "
                     f"{r['unhandled']} | {r['hung']} | {r['over memory']} | {r['peak_rss_mb']} MB | "
                     f"{r['slowest_s']} s | {r['seconds']} s |")
    return "\n".join(lines)


def atheris_main(kind: str, argv: list[str], work: Path, corpus: Path) -> None:
    """Coverage-guided fuzzing of one reader in this process with Atheris (libFuzzer); optional.

    A finding is an exception that escapes the entry point, or one the importer's safety net had to catch.
    """
    import logging

    import atheris

    seeds = prepare_seeds(corpus, work)
    with atheris.instrument_imports(include=["briefdesk", "docx", "pdfminer", "jsonschema"]):
        from briefdesk.core.errors import BriefDeskError
        from briefdesk.core.importer import Importer
        from briefdesk.core.library import Library
        from briefdesk.core.packs.service import PackService
    db = work / f"atheris-{os.getpid()}.sqlite"
    shutil.copy(_template_library(corpus, work), db)
    library = Library(db)
    caught: list = []

    class Catch(logging.Handler):
        def emit(self, record):
            if record.exc_info:
                caught.append(record.exc_info[1])

    logging.getLogger("briefdesk").addHandler(Catch(logging.ERROR))
    path = work / f"atheris-input{SUFFIX[kind]}"
    seed_dir = work / "atheris-seeds" / kind
    seed_dir.mkdir(parents=True, exist_ok=True)
    for i, s in enumerate(seeds[kind]):
        (seed_dir / f"{i}{SUFFIX[kind]}").write_bytes(s)

    def one(data: bytes) -> None:
        path.write_bytes(data)
        caught.clear()
        if kind == "briefpack":
            try:
                PackService(library).import_briefpack(path)
            except BriefDeskError:
                pass
        else:
            Importer(library).import_file(path)
        if caught:
            raise caught[0]
    atheris.Setup([sys.argv[0], *argv, str(seed_dir)], one)
    atheris.Fuzz()


def main() -> int:
    import warnings

    warnings.simplefilter("ignore")   # zipfile's "Duplicate name" while writing damaged archives
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2], sys.argv[3])
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--per-reader", type=int, default=10_000)
    p.add_argument("--readers", default=",".join(READERS))
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--timeout", type=float, default=10.0,
                   help="CPU seconds one input may take before it counts as hung")
    p.add_argument("--wall-timeout", type=float, default=60.0,
                   help="wall-clock seconds one input may take (on a shared machine CPU time is the fair measure)")
    p.add_argument("--rss-kill-mb", type=int, default=1500, help="a child over this resident size is killed")
    p.add_argument("--recycle", type=int, default=300, help="inputs per child before a fresh one")
    p.add_argument("--max-seconds", default="0",
                   help="stop each reader after this long (0: no limit); one number, or per reader: txt=600,pdf=900")
    p.add_argument("--max-structured", type=int, default=2000, help="at most this many Hypothesis inputs per reader")
    p.add_argument("--seed", type=int, default=12)
    p.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    p.add_argument("--work", type=Path, default=Path("/tmp/briefdesk-fuzz"))
    p.add_argument("--json", type=Path, help="also write the results as JSON here")
    p.add_argument("--atheris", metavar="READER", help="coverage-guided run of one reader with Atheris")
    p.add_argument("-v", "--verbose", action="store_true")
    args, rest = p.parse_known_args()
    if not args.corpus.is_dir():
        args.corpus = Path("/work/shared/corpus")
    if not args.corpus.is_dir():
        print("the corpus is missing (../shared/corpus)", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    if args.atheris:
        atheris_main(args.atheris, [a for a in rest if a != "--"], args.work, args.corpus)
        return 0
    t0 = time.monotonic()
    seeds = prepare_seeds(args.corpus, args.work)
    template = _template_library(args.corpus, args.work)
    print("seeds: " + ", ".join(f"{k} {len(v)}" for k, v in seeds.items()) + f" ({time.monotonic() - t0:.0f} s)",
          file=sys.stderr)
    rows = []
    for kind in args.readers.split(","):
        row = run_reader(kind, args, seeds[kind], template)
        rows.append(row)
        print(print_table([row]).splitlines()[-1], flush=True)
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    print()
    print(print_table(rows).replace("{t}", f"{args.timeout:g}"))
    for r in rows:
        if r["findings"] or args.verbose:
            print(f"\n{r['reader']}: top refusals: " + "; ".join(f"{c}× {t}" for t, c in r["top_reasons"]))
            for text, count in r["findings"]:
                print(f"  {count}× {text}")
    bad = sum(r["unhandled"] + r["hung"] + r["over memory"] for r in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
