"""``.briefpack`` share files: a round trip into a library without the sources, and every refusal."""

from __future__ import annotations

import json
import os
import stat
import zipfile

import pytest

from briefdesk.core.errors import ReadError
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library
from briefdesk.core.packs import share
from briefdesk.core.packs.service import PackService, bare
from briefdesk.core.render.pack_pdf import export_pack_pdf


@pytest.fixture
def packed(tmp_path, seeds):
    """A pack made in one library (with the seeds) and written as a .briefpack."""
    lib = Library(tmp_path / "a.sqlite")
    Importer(lib).import_paths([seeds / "000_c78bdb84fd83cc2b.txt"])
    packs = PackService(lib)
    pid = packs.create(title="SBI-2", body="执行问题附属机构", start_date="2018-07-09", end_date="2018-07-13",
                       language="zh", classification="内部")
    sbi = next(s.id for s in lib.summaries() if s.symbol == "CBD/SBI/2/10")
    item = packs.add_item(pid, "11", "合作", talking_points="- 一\n- 二")
    ids = [p.id for p in lib.document(sbi).paragraphs if bare(p.number) in ("4", "5") and p.level == 0
           and p.part_id is None and p.kind != "heading"]
    ex = packs.add_excerpt(item, sbi, ids)
    para = packs.get(pid).excerpt(ex).paragraphs[0]
    packs.add_highlight(para.id, 1, 5)
    packs.set_note(para.id, "- 注意")
    path = packs.export_briefpack(pid, tmp_path / "sbi2.briefpack")
    view = packs.get(pid)
    lib.close()
    return path, view


def test_round_trip_into_an_empty_library_reads_edits_and_prints(packed, tmp_path):
    path, original = packed
    lib = Library(tmp_path / "b.sqlite")
    packs = PackService(lib)
    before = sorted(os.listdir(tmp_path))
    pid = packs.import_briefpack(path)
    assert sorted(os.listdir(tmp_path)) == before  # nothing extracted beside it
    got = packs.get(pid)
    assert got.meeting() == original.meeting()
    ex, orig = got.items[0].excerpts[0], original.items[0].excerpts[0]
    assert [p.text for p in ex.paragraphs] == [p.text for p in orig.paragraphs]
    assert ex.content_hash == orig.content_hash and ex.source_document_id is None
    assert ex.paragraphs[0].note == "<ul><li>注意</li></ul>"
    assert (ex.paragraphs[0].highlights[0].start, ex.paragraphs[0].highlights[0].end) == (1, 5)
    assert got.items[0].talking_points == original.items[0].talking_points
    packs.update_item(got.items[0].id, title="合作（已编辑）")  # editable
    assert packs.stale_excerpts(pid) == []  # no source here: nothing to compare, nothing stale
    assert export_pack_pdf(packs.get(pid), tmp_path / "b.pdf") >= 3
    lib.close()


def test_import_links_to_the_source_where_the_library_has_it(packed, tmp_path, seeds):
    path, _original = packed
    lib = Library(tmp_path / "c.sqlite")
    Importer(lib).import_paths([seeds / "000_c78bdb84fd83cc2b.txt"])
    packs = PackService(lib)
    pid = packs.import_briefpack(path)
    ex = packs.get(pid).items[0].excerpts[0]
    assert ex.source_document_id == lib.resolve("CBD/SBI/2/10")
    assert packs.stale_excerpts(pid) == []
    lib.close()


def rewrite(src, dst, change):
    """Copy a .briefpack, letting ``change(name, data)`` return new (name, data) pairs."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            for name, data in change(info.filename, zin.read(info)):
                zout.writestr(name, data)
    return dst


def manifest_edit(fn):
    def change(name, data):
        if name == "manifest.json":
            m = json.loads(data)
            fn(m)
            return [(name, json.dumps(m))]
        return [(name, data)]
    return change


@pytest.mark.parametrize("case, reason", [
    ("not_zip", "not a ZIP"),
    ("dotdot", "unsafe member path ../evil.json"),
    ("absolute", "unsafe member path /etc/x.json"),
    ("backslash", "unsafe member path"),
    ("symlink", "unsafe member path"),
    ("unexpected", "unexpected member"),
    ("too_many", "too many members"),
    ("oversize", "larger than"),
    ("bomb_total", "more than"),
    ("bad_json", "manifest.json is not valid JSON"),
    ("bad_schema", "does not match the .briefpack format at pack"),
    ("bad_excerpt", "excerpts/0001.json does not match"),
    ("missing_excerpt", "which is missing"),
    ("newer", "newer BriefDesk"),
    ("no_manifest", "no manifest.json"),
])
def test_refusals_say_why_and_write_nothing(packed, tmp_path, monkeypatch, case, reason):
    path, _ = packed
    bad = tmp_path / f"{case}.briefpack"
    if case == "not_zip":
        bad.write_bytes(b"PK not really a zip")
    elif case in ("dotdot", "absolute", "backslash"):
        name = {"dotdot": "../evil.json", "absolute": "/etc/x.json", "backslash": "excerpts\\..\\x.json"}[case]
        rewrite(path, bad, lambda n, d: [(n, d), (name, b"{}")] if n == "manifest.json" else [(n, d)])
    elif case == "symlink":
        with zipfile.ZipFile(bad, "w") as zf:
            info = zipfile.ZipInfo("manifest.json")
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    elif case == "unexpected":
        rewrite(path, bad, lambda n, d: [(n, d), ("run.sh", b"rm -rf /")] if n == "manifest.json" else [(n, d)])
    elif case == "too_many":
        monkeypatch.setattr(share, "MAX_MEMBERS", 2)
        rewrite(path, bad, lambda n, d: [(n, d), ("excerpts/9998.json", b"{}"), ("excerpts/9999.json", b"{}")]
                if n == "manifest.json" else [(n, d)])
    elif case == "oversize":
        monkeypatch.setattr(share, "MAX_MEMBER_BYTES", 1024)
        rewrite(path, bad, lambda n, d: [(n, d + b" " * 4096)] if n == "manifest.json" else [(n, d)])
    elif case == "bomb_total":
        monkeypatch.setattr(share, "MAX_TOTAL_BYTES", 2048)
        rewrite(path, bad, lambda n, d: [(n, d + b" " * 1500)])
    elif case == "bad_json":
        rewrite(path, bad, lambda n, d: [(n, b"{not json" if n == "manifest.json" else d)])
    elif case == "bad_schema":
        rewrite(path, bad, manifest_edit(lambda m: m["pack"].update(title=42)))
    elif case == "bad_excerpt":
        rewrite(path, bad, lambda n, d: [(n, json.dumps({"paragraphs": [{"kind": "x"}]}).encode()
                                          if n.startswith("excerpts/") else d)])
    elif case == "missing_excerpt":
        rewrite(path, bad, lambda n, d: [] if n.startswith("excerpts/") else [(n, d)])
    elif case == "newer":
        rewrite(path, bad, manifest_edit(lambda m: m.update(version=share.FORMAT_VERSION + 1)))
    elif case == "no_manifest":
        rewrite(path, bad, lambda n, d: [] if n == "manifest.json" else [(n, d)])
    lib = Library(tmp_path / "d.sqlite")
    packs = PackService(lib)
    listing = sorted(os.listdir(tmp_path))
    with pytest.raises(ReadError) as err:
        packs.import_briefpack(bad)
    assert reason in str(err.value)
    assert bad.name in str(err.value)
    assert packs.list() == [] and sorted(os.listdir(tmp_path)) == listing
    lib.close()


def test_member_sizes_are_counted_while_inflating_not_trusted_from_headers(packed, tmp_path, monkeypatch):
    path, _ = packed
    monkeypatch.setattr(share, "MAX_MEMBER_BYTES", 4096)
    bad = tmp_path / "liar.briefpack"
    rewrite(path, bad, lambda n, d: [(n, d + b" " * 20000)] if n == "manifest.json" else [(n, d)])
    data = bytearray(bad.read_bytes())
    # shrink the declared uncompressed size of manifest.json in both headers to 10 bytes
    with zipfile.ZipFile(bad) as zf:
        info = zf.getinfo("manifest.json")
        real = info.file_size
    packed_size = real.to_bytes(4, "little")
    assert data.count(packed_size) >= 2
    data = data.replace(packed_size, (10).to_bytes(4, "little"))
    bad.write_bytes(bytes(data))
    with pytest.raises(ReadError) as err:
        share.read_briefpack(bad)
    assert "larger than" in str(err.value) or "damaged" in str(err.value)
