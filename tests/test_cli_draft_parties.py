"""``briefdesk draft amend --sponsor``, ``amendments --json``, ``support`` and ``parties``:
sponsors stored as codes of Parties and groups, printed in the draft's language (issue 15, point 1)."""

from __future__ import annotations

import json

from briefdesk.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_sponsors_go_in_as_codes_or_names_and_come_out_as_codes(tmp_path, seeds, capsys):
    db = str(tmp_path / "lib.sqlite")
    assert run(capsys, "import", str(seeds / "000_c78bdb84fd83cc2b.txt"), "--db", db)[0] == 0
    assert run(capsys, "draft", "new", "--from", "CBD/SBI/2/10", "--db", db)[0] == 0     # a Chinese draft
    status, out, _ = run(capsys, "draft", "amend", "D1", "--paragraph", "12.", "--delete", "在现有资源内",
                         "--sponsor", "EU,CHN", "--json", "--db", db)
    assert status == 0 and json.loads(out)["sponsors"] == ["EU", "CHN"]
    status, out, _ = run(capsys, "draft", "amend", "D1", "--paragraph", "10", "--insert", "，并提出报告",
                         "--at", "66", "--sponsor", "European Union, 挪威, Friends of the Chair", "--db", db)
    assert status == 0
    status, out, _ = run(capsys, "draft", "amendments", "D1", "--json", "--db", db)
    rows = json.loads(out)
    assert [r["sponsors"] for r in rows] == [["EU", "CHN"], ["EU", "NOR", "Friends of the Chair"]]
    assert [r["sponsor_names"] for r in rows] == [["欧盟", "中国"], ["欧盟", "挪威", "Friends of the Chair"]]

    status, out, _ = run(capsys, "draft", "support", "D1", "1", "--sponsor", "Norway,G-77", "--db", db)
    assert status == 0 and "欧盟、中国、挪威、77国集团和中国" in out
    status, out, _ = run(capsys, "draft", "amendments", "D1", "--sponsor", "欧洲联盟", "--db", db)
    assert status == 0 and out.count("\n") == 2 and "欧盟、中国、挪威、77国集团和中国" in out
    status, out, _ = run(capsys, "draft", "amendments", "D1", "--sponsor", "G77", "--json", "--db", db)
    assert [r["number"] for r in json.loads(out)] == [1]
    status, _, err = run(capsys, "draft", "support", "D1", "9", "--sponsor", "EU", "--db", db)
    assert status != 0 and "9" in err

    status, out, _ = run(capsys, "draft", "parties", "欧洲联盟", "--lang", "zh", "--json", "--db", db)
    found = json.loads(out)
    assert status == 0 and found[0]["code"] == "EU" and found[0]["name"] == "欧盟"
    status, out, _ = run(capsys, "draft", "parties", "--treaty", "CBD", "--db", db)
    codes = [line.split()[0] for line in out.splitlines()]
    assert "USA" not in codes and "NIU" in codes and "G77" in codes and len(codes) == 196 + 13
