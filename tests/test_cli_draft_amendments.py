"""``briefdesk draft amend|amendments|import`` and ``export --paper`` on the real texts (issue 15)."""

from __future__ import annotations

import json

from briefdesk.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_amend_list_export_and_import_round_trip(tmp_path, seeds, capsys, monkeypatch):
    db = str(tmp_path / "lib.sqlite")
    assert run(capsys, "import", str(seeds / "000_c78bdb84fd83cc2b.txt"), "--db", db)[0] == 0
    assert run(capsys, "draft", "new", "--from", "CBD/SBI/2/10", "--db", db)[0] == 0
    status, out, _ = run(capsys, "draft", "amend", "D1", "--paragraph", "10", "--replace", "非正式咨询小组的工作成果",
                         "--with", "非正式咨询小组的报告", "--sponsor", "CHN", "--comment", "更准确", "--db", db)
    assert status == 0 and "1" in out and "10." in out
    status, out, _ = run(capsys, "draft", "amend", "D1", "--paragraph", "12.", "--delete", "在现有资源内",
                         "--sponsor", "EU,NOR", "--json", "--db", db)
    row = json.loads(out)
    assert status == 0 and row["number"] == 2 and row["paragraph"] == "12." and row["sponsors"] == ["EU", "NOR"]
    status, out, _ = run(capsys, "draft", "amend", "D1", "--paragraph", "10", "--insert", "，并提出报告",
                         "--at", "66", "--sponsor", "BRA, ARG", "--db", db)
    assert status == 0
    status, out, _ = run(capsys, "draft", "amendments", "D1", "--json", "--db", db)
    rows = json.loads(out)
    assert [(r["number"], r["paragraph"], r["kind"], r["text"], r["sponsors"], r["status"], r["comment"])
            for r in rows] == [
        (1, "10.", "replace", "非正式咨询小组的工作成果", ["CHN"], "proposed", "更准确"),
        (2, "12.", "delete", "在现有资源内", ["EU", "NOR"], "proposed", ""),
        (3, "10.", "insert", "，并提出报告", ["BRA", "ARG"], "proposed", ""),
    ]
    status, out, _ = run(capsys, "draft", "amendments", "D1", "--sponsor", "nor", "--db", db)
    assert status == 0 and out.startswith("#2 ") and "#1" not in out
    status, out, _ = run(capsys, "draft", "show", "D1", "--brackets", "compilation", "--db", db)
    assert "（#1 中国）" in out and "（#2 删除：欧盟、挪威）" in out   # codes printed in the draft's language

    docx_file = tmp_path / "d1.docx"
    assert run(capsys, "draft", "export", "D1", "--brackets", "compilation", "--paper", "letter",
               "-o", str(docx_file), "--db", db)[0] == 0
    assert run(capsys, "draft", "new", "--from", "CBD/SBI/2/10", "--db", db)[0] == 0
    # without --yes and without a terminal nothing is applied
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    status, out, err = run(capsys, "draft", "import", str(docx_file), "--into", "D2", "--db", db)
    assert status == 0 and "--yes" in err and "Nothing applied" in out
    assert json.loads(run(capsys, "draft", "amendments", "D2", "--json", "--db", db)[1]) == []
    status, out, _ = run(capsys, "draft", "import", str(docx_file), "--into", "D2", "--yes", "--json", "--db", db)
    assert status == 0 and len(json.loads(out)["applied"]) == 3
    again = json.loads(run(capsys, "draft", "amendments", "D2", "--json", "--db", db)[1])
    keep = ("paragraph", "kind", "text", "new_text", "sponsors", "status", "comment", "start", "end", "date")
    def same(r):
        return sorted(({k: r[k] for k in keep} for r in r), key=lambda x: (x["paragraph"], x["start"]))
    assert same(again) == same(rows)     # numbers are D2's own: 1, 2, 3 in the order of their dates
    assert sorted(r["number"] for r in again) == [1, 2, 3]
    # importing the same file again adds nothing
    status, out, _ = run(capsys, "draft", "import", str(docx_file), "--into", "D2", "--yes", "--db", db)
    assert status == 0 and "Nothing new to apply" in out


def test_amend_errors_are_sentences(tmp_path, seeds, capsys):
    db = str(tmp_path / "lib.sqlite")
    run(capsys, "import", str(seeds / "000_c78bdb84fd83cc2b.txt"), "--db", db)
    run(capsys, "draft", "new", "--from", "CBD/SBI/2/10", "--db", db)
    status, _, err = run(capsys, "draft", "amend", "D1", "--paragraph", "99", "--delete", "x", "--sponsor", "EU",
                         "--db", db)
    assert status != 0 and "No paragraph 99" in err and "Traceback" not in err
    status, _, err = run(capsys, "draft", "amend", "D1", "--paragraph", "10", "--delete", "不在此段的文字",
                         "--sponsor", "EU", "--db", db)
    assert status != 0 and "不在此段的文字" in err
    status, _, err = run(capsys, "draft", "import", str(tmp_path / "missing.docx"), "--into", "D1", "--db", db)
    assert status != 0 and "missing.docx" in err
