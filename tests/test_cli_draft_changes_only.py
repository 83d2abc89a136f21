"""``briefdesk draft compare --changes-only`` (issue 15, point 4): only the pairs that differ."""

from __future__ import annotations

import json

from briefdesk.cli import main
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.library import Library


def run(capsys, *argv) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().out


def test_compare_changes_only_leaves_out_the_same_pairs(tmp_path, capsys):
    db = tmp_path / "lib.sqlite"
    library = Library(db)
    service = DraftService(library)
    d = service.new("decision", "en", "T", "The Conference of the Parties,")
    service.insert_paragraph(d, "Recalling decision 15/4,")
    pid = service.insert_paragraph(d, "Requests the Executive Secretary to report annually.").paragraph_id
    service.insert_paragraph(d, "Decides to remain seized of the matter.")
    service.save_version(d, "first")
    service.set_text(pid, "Requests the Executive Secretary to report biennially.")
    library.close()

    status, out = run(capsys, "draft", "compare", f"D{d}@1", f"D{d}", "--changes-only", "--json", "--db", str(db))
    data = json.loads(out)
    assert status == 0 and (data["changed"], data["total"]) == (1, 3)
    assert [r["status"] for r in data["rows"]] == ["changed"]
    status, out = run(capsys, "draft", "compare", f"D{d}@1", f"D{d}", "--json", "--db", str(db))
    assert [r["status"] for r in json.loads(out)["rows"]] == ["same", "changed", "same"]
    status, out = run(capsys, "draft", "compare", f"D{d}@1", f"D{d}", "--changes-only", "--db", str(db))
    lines = out.splitlines()
    assert status == 0 and len(lines) == 3                   # header, the changed pair, the counts
    assert "[-annually-]{+biennially+}" in lines[1] and "Recalling" not in out
    assert lines[2].startswith("2 same, 1 changed")
