"""``briefdesk draft new|list|show|check|compare|export`` on the real texts (issue 6)."""

from __future__ import annotations

import json

from briefdesk.cli import main
from briefdesk.core.readers.docx import read_docx


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_draft_commands_on_the_seeds(tmp_path, seeds, capsys):
    db = str(tmp_path / "lib.sqlite")
    assert run(capsys, "import", str(seeds), "--db", db)[0] == 0
    status, out, _ = run(capsys, "draft", "new", "--from", "CBD/SBI/2/10", "--json", "--db", db)
    created = json.loads(out)
    assert status == 0 and created["ref"] == "D1" and created["paragraphs"] == 38
    status, out, _ = run(capsys, "draft", "new", "--kind", "resolution", "--lang", "en", "--title", "Oceans",
                         "--body", "The General Assembly,", "--db", db)
    assert status == 0 and out.startswith("Created draft D2")
    status, out, _ = run(capsys, "draft", "list", "--json", "--db", db)
    assert [d["id"] for d in json.loads(out)] == [2, 1]
    status, out, _ = run(capsys, "draft", "show", "D1", "--json", "--db", db)
    shown = json.loads(out)
    assert shown["body_name"] == "缔约方大会，"
    p12 = next(p for p in shown["paragraphs"] if p["number"] == "12.")
    assert "上文第11段" in p12["text"] and p12["verb"] == "请"
    status, out, _ = run(capsys, "draft", "show", "D1", "--db", db)
    assert "12. 请执行秘书和缔约方在现有资源内为上文第11段" in out

    # compare the two ITPGRFA draft resolutions (001 appendix 3, 003 appendix 3)
    status, out, _ = run(capsys, "list", "--json", "--db", db)
    docs = json.loads(out)
    first = next(d["id"] for d in docs if d["symbol"] == "IT/GB-7/17/19")
    second = next(d["id"] for d in docs if d["symbol"] is None and "2013" in (d["date"] or d["start_date"] or ""))
    status, out, _ = run(capsys, "draft", "compare", "IT/GB-7/17/19", f"#{second}", "--json", "--db", db)
    rows = json.loads(out)["rows"]
    assert status == 0
    pair = next(r for r in rows if r["a"] and r["a"]["number"] == "16)")
    assert pair["b"]["number"] == "11." and pair["status"] == "changed"
    status, out, _ = run(capsys, "draft", "compare", f"#{first}", f"#{second}", "--db", db)
    assert "~    16)    11.  要求秘书继续在管理机构每届会议上汇报与《公约》[-的-]合作{+的+}情况。" in out

    # export a version as .docx and read it back
    out_file = tmp_path / "d1.docx"
    status, out, _ = run(capsys, "draft", "export", "D1", "-o", str(out_file), "--brackets", "clean", "--db", db)
    assert status == 0 and out_file.exists()
    back = read_docx(out_file)
    assert [p.number for p in back.paragraphs if p.level == 0 and p.number][-1] == "30."
    status, _, err = run(capsys, "draft", "export", "D1", "--version", "3", "-o", str(tmp_path / "x.pdf"),
                         "--db", db)
    assert status == 1 and "version 3" in err and "Traceback" not in err
    status, out, _ = run(capsys, "draft", "check", "D1", "--json", "--db", db)
    assert status == 0 and isinstance(json.loads(out), list)
