"""``briefdesk pack …``: new, list, show, export (PDF and .briefpack), import, build from a TOML spec."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from briefdesk.cli import main
from briefdesk.core.i18n import N_, translator


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


SPEC = '''
[pack]
title = "SBI-2 简报"
body = "执行问题附属机构"
session = "第二次会议"
start_date = 2018-07-09
end_date = "2018-07-13"
venue = "加拿大蒙特利尔"
language = "zh"
classification = "内部"

[[items]]
from = "CBD/SBI/2/10"
talking_points = """
- 强调合作
- 支持路线图
"""
excerpts = [
  "CBD/SBI/2/10 paras 4-6",
  { ref = "XII/6 paras 19-21", notes = { "21" = "- 森林" }, highlight = { "21" = ["爱知生物多样性指标"] } },
  "XII/6 section A para 4",
  "CBD/SBI/2/10 part 2 paras 1-3",
]

[[items]]
number = "3"
title = "2020年后框架"
excerpts = ["CBD/SBI/2/10 para 3"]
'''


@pytest.fixture
def db(tmp_path, seeds, capsys):
    path = str(tmp_path / "lib.sqlite")
    assert run(capsys, "import", str(seeds), "--db", path)[0] == 0
    return path


def test_new_list_show_export_import(db, tmp_path, capsys):
    status, out, _ = run(capsys, "pack", "new", "--title", "SBI-2", "--body", "Subsidiary Body on Implementation",
                         "--start", "2018-07-09", "--end", "2018-07-13", "--lang", "en",
                         "--classification", "RESTRICTED", "--json", "--db", db)
    assert status == 0
    pack_id = json.loads(out)["id"]
    status, out, _ = run(capsys, "pack", "list", "--json", "--db", db)
    (row,) = json.loads(out)
    assert row["id"] == pack_id and row["start_date"] == "2018-07-09" and row["item_count"] == 0
    status, out, _ = run(capsys, "pack", "list", "--db", db)
    assert "9–13 July 2018" in out and "SBI-2" in out
    status, out, _ = run(capsys, "pack", "show", "sbi-2", "--json", "--db", db)
    assert json.loads(out)["classification"] == "RESTRICTED"
    pdf = tmp_path / "empty.pdf"
    status, out, _ = run(capsys, "pack", "export", str(pack_id), "-o", str(pdf), "--db", db)
    assert status == 0 and pdf.is_file() and "2 pages" in out  # cover and contents
    share = tmp_path / "p.briefpack"
    assert run(capsys, "pack", "export", str(pack_id), "-o", str(share), "--db", db)[0] == 0
    other = str(tmp_path / "other.sqlite")
    status, out, _ = run(capsys, "pack", "import", str(share), "--json", "--db", other)
    assert status == 0 and json.loads(out) == {"id": 1}
    status, _out, err = run(capsys, "pack", "show", "99", "--db", db)
    assert status == 1 and "No briefing pack 99" in err and "Traceback" not in err


def test_build_from_a_toml_spec(db, tmp_path, capsys):
    spec = tmp_path / "sbi2.toml"
    spec.write_text(SPEC, encoding="utf-8")
    out_pdf = tmp_path / "sbi2.pdf"
    status, out, err = run(capsys, "pack", "build", str(spec), "-o", str(out_pdf), "--json", "--db", db)
    assert status == 0, err
    done = json.loads(out)
    assert done["format"] == "pdf" and done["pages"] == len(PdfReader(str(out_pdf)).pages)
    status, out, _ = run(capsys, "pack", "show", str(done["pack"]), "--json", "--db", db)
    pack = json.loads(out)
    assert [i["number"] for i in pack["items"]] == ["11", "3"]
    assert pack["items"][0]["title"] == "与其他公约、国际组织和伙伴关系的合作"
    assert pack["items"][0]["talking_points"] == "<ul><li>强调合作</li><li>支持路线图</li></ul>"
    excerpts = pack["items"][0]["excerpts"]
    assert [(e["source_symbol"], e["numbers"]) for e in excerpts] == [
        ("CBD/SBI/2/10", ["4", "5", "6"]), ("XII/6", ["19", "20", "21"]), ("XII/6", ["4"]),
        ("CBD/SBI/2/10", ["1", "2", "3"])]
    assert excerpts[2]["paragraphs"] == 5  # paragraph 4 with its sub-paragraphs (a)-(d)
    assert [e["stale"] for e in excerpts] == [False] * 4
    status, out, _ = run(capsys, "pack", "show", str(done["pack"]), "--db", db)
    paras = translator("zh")(N_("paras {numbers}")).format(numbers="19–21")   # labels in the pack's language
    assert "XII/6, {} (zh)".format(paras) in out and "议程项目11" in out
    text = "".join(p.extract_text() for p in PdfReader(str(out_pdf)).pages)
    assert "爱知生物多样性指标" in text and "森林" in text


@pytest.mark.parametrize("spec, message", [
    ("[pack]\ntitle = 'x'\n[[items]]\nnumber = '1'\nexcerpts = ['XII/6 paras 99']", "no paragraph 99"),
    ("[pack]\ntitle = 1\n[[items]]\nnumber = '1'\nexcerpts = ['XII/6 para 1']", "title must be text in quotes"),
    ("[pack]\ntitle = 'x'\n[[items]]\nexcerpts = ['NOPE/1 para 1']", "No document NOPE/1"),
    ("[pack]\ntitle = 'x'\n[[items]]\nexcerpts = ['XII/6 paras 6-4']", "paragraph range"),
    ("[pack]\ncolour = 'x'", "unknown [pack] fields: colour"),
    ("title = 'x'", "no [pack] table"),
    ("[pack\n", "line 1"),
])
def test_build_refuses_a_bad_spec_and_leaves_no_pack(db, tmp_path, capsys, spec, message):
    path = tmp_path / "bad.toml"
    path.write_text(spec, encoding="utf-8")
    status, _out, err = run(capsys, "pack", "build", str(path), "-o", str(tmp_path / "x.pdf"), "--db", db)
    assert status == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()
    status, out, _ = run(capsys, "pack", "list", "--json", "--db", db)
    assert json.loads(out) == []
