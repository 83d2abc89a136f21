"""The ``briefdesk`` command over the same services as the window."""

from __future__ import annotations

import json

import pytest

from briefdesk.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_import_list_show_search_on_a_fixture(tmp_path, fixtures, capsys):
    db = str(tmp_path / "lib.sqlite")
    folder = tmp_path / "inbox" / "nested"
    folder.mkdir(parents=True)
    (folder / "decision.txt").write_bytes((fixtures / "text" / "decision_en.txt").read_bytes())
    status, out, _ = run(capsys, "import", str(tmp_path / "inbox"), "--db", db)
    assert status == 0 and "decision.txt: imported" in out
    status, out, _ = run(capsys, "import", str(fixtures / "text" / "decision_en.txt"), "--db", db)
    assert status == 0 and "already in the library" in out
    status, out, _ = run(capsys, "list", "--json", "--db", db)
    (doc,) = json.loads(out)
    status, out, _ = run(capsys, "show", str(doc["id"]), "--json", "--db", db)
    shown = json.loads(out)
    assert {"id", "symbol", "title", "body", "session", "language", "kind", "date", "start_date",
            "end_date", "venue", "agenda_item", "paragraphs"} <= shown.keys()
    assert shown["language"] == "en"
    operative = [p for p in shown["paragraphs"] if p["kind"] == "operative"]
    assert [p["number"] for p in operative] == ["1.", "2.", "(a)", "(b)"]
    assert operative[1]["text"].startswith("Requests the Executive Secretary")
    status, out, _ = run(capsys, "search", "Food and Agriculture", "--json", "--db", db)
    (hit,) = json.loads(out)
    assert hit["document_id"] == doc["id"] and hit["paragraph_number"] == "(a)"
    assert "Food and Agriculture" in hit["snippet"] and hit["symbol"] == shown["symbol"]


def test_env_sets_the_library(tmp_path, fixtures, capsys, monkeypatch):
    monkeypatch.setenv("BRIEFDESK_DB", str(tmp_path / "env.sqlite"))
    assert run(capsys, "import", str(fixtures / "text" / "decision_en.txt"))[0] == 0
    assert (tmp_path / "env.sqlite").exists()


def test_failures_exit_1_with_a_one_line_reason(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    status, out, err = run(capsys, "import", str(bad), "--db", str(tmp_path / "l.sqlite"))
    assert status == 1 and "bad.txt" in out and "failed" in out
    status, out, err = run(capsys, "show", "XIII/99", "--db", str(tmp_path / "l.sqlite"))
    assert status == 1 and "XIII/99" in err and "Traceback" not in err


def test_search_with_nothing_to_look_for_is_a_plain_message(tmp_path, capsys):
    status, out, err = run(capsys, "search", "*", "--db", str(tmp_path / "l.sqlite"))
    assert status == 1 and "Type a word" in err


@pytest.mark.corpus
def test_export_writes_a_pdf_with_the_chinese_text(tmp_path, seeds, capsys):
    from pypdf import PdfReader

    db = str(tmp_path / "lib.sqlite")
    assert run(capsys, "import", str(seeds / "002_260c79862227ae61.txt"), "--db", db)[0] == 0
    out_pdf = tmp_path / "xii6.pdf"
    status, out, _ = run(capsys, "export", "XII/6", "-o", str(out_pdf), "--db", db)
    assert status == 0 and out_pdf.exists()
    text = "".join(page.extract_text() for page in PdfReader(out_pdf).pages)
    status, out, _ = run(capsys, "show", "XII/6", "--json", "--db", db)
    para21 = next(p for p in json.loads(out)["paragraphs"] if p["number"] == "21." and p["level"] == 0)
    squash = lambda s: "".join(s.split())  # noqa: E731
    assert squash(para21["text"]) in squash(text)
    # labels in the document's language, and the masthead printed once, not repeated from metadata
    assert "Agenda item" not in text and "Page 1 of" not in text and "第1页" in squash(text)
    assert squash(text).count("议程项目29") == 1


@pytest.mark.corpus
def test_show_lists_citations_and_cited_by_finds_the_citing_paragraph(tmp_path, seeds, capsys):
    db = str(tmp_path / "lib.sqlite")
    assert run(capsys, "import", str(seeds / "000_c78bdb84fd83cc2b.txt"), "--db", db)[0] == 0
    status, out, _ = run(capsys, "show", "CBD/SBI/2/10", "--json", "--db", db)
    pending = next(c for c in json.loads(out)["citations"] if c["text"] == "第XII/6号决定第21段")
    assert (pending["target_symbol"], pending["paragraph"], pending["resolved_document_id"]) == ("XII/6", "21", None)
    assert run(capsys, "import", str(seeds / "002_260c79862227ae61.txt"), "--db", db)[0] == 0
    status, out, _ = run(capsys, "show", "CBD/SBI/2/10", "--json", "--db", db)
    cited = next(c for c in json.loads(out)["citations"] if c["text"] == "第XII/6号决定第21段")
    assert cited["resolved_paragraph"] == "21." and cited["resolved_document_id"] is not None
    status, out, _ = run(capsys, "cited-by", "XII/6", "--json", "--db", db)
    links = json.loads(out)
    assert status == 0 and any(l["citing_symbol"] == "CBD/SBI/2/10" and l["citing_paragraph"] == "5."
                               and l["resolved_paragraph"] == "21." for l in links)
    status, out, _ = run(capsys, "cited-by", "XII/6", "--db", db)
    assert status == 0 and "CBD/SBI/2/10" in out
    status, out, _ = run(capsys, "unresolved", "--each", "--json", "--db", db)
    missing = json.loads(out)
    assert status == 0 and missing and not any(l["target_symbol"] == "XII/6" for l in missing)
    assert all(l["resolved_document_id"] is None and l["target_symbol"] for l in missing)
    # by default one entry per missing document, as the window lists them, the most cited first
    status, out, _ = run(capsys, "unresolved", "--json", "--db", db)
    groups = json.loads(out)
    assert status == 0 and sorted(g["symbol"] for g in groups) == sorted({l["target_symbol"] for l in missing})
    assert sum(g["citations"] for g in groups) == len(missing)
    assert [g["citations"] for g in groups] == sorted((g["citations"] for g in groups), reverse=True)
    status, out, _ = run(capsys, "unresolved", "--db", db)
    top = groups[0]
    assert status == 0 and len(out.splitlines()) == len(groups)
    assert out.splitlines()[0].startswith(f"{top['symbol']}: {top['citations']} citation")
    status, out, _ = run(capsys, "reindex", "--citations", "--json", "--db", db)
    assert status == 0 and json.loads(out)["citations_reextracted"] == 2
    status, out, _ = run(capsys, "show", "CBD/SBI/2/10", "--json", "--db", db)
    again = next(c for c in json.loads(out)["citations"] if c["text"] == "第XII/6号决定第21段")
    assert {k: again[k] for k in ("text", "target_symbol", "paragraph", "resolved_document_id", "resolved_paragraph")} \
        == {k: cited[k] for k in ("text", "target_symbol", "paragraph", "resolved_document_id", "resolved_paragraph")}


def test_a_closed_pipe_ends_quietly(tmp_path, fixtures):
    """``briefdesk list | head``: the reader goes away; no traceback, no "Exception ignored"."""
    import os
    import subprocess
    import sys

    db = str(tmp_path / "lib.sqlite")
    assert main(["import", str(fixtures / "text" / "decision_en.txt"), "--db", db]) == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read what briefdesk writes
    proc = subprocess.run([sys.executable, "-m", "briefdesk", "list", "--db", db],
                          stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120)
    os.close(write_end)
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr


def test_a_bug_gives_a_sentence_and_the_log_gets_the_traceback(tmp_path, capsys, monkeypatch):
    from briefdesk import cli
    from briefdesk.core.logs import log_path

    def broken(args):
        raise RuntimeError("simulated defect")

    monkeypatch.setitem(cli.COMMANDS, "list", broken)
    status, out, err = run(capsys, "list", "--db", str(tmp_path / "l.sqlite"))
    assert status == 1 and "Traceback" not in err
    assert "Something went wrong inside BriefDesk" in err and str(log_path()) in err
    logged = log_path().read_text("utf-8")
    assert "Traceback" in logged and "simulated defect" in logged


@pytest.mark.corpus
def test_an_old_library_gets_its_citations_on_first_use(tmp_path, seeds, capsys):
    from briefdesk.core.readers.text import read_text
    from tests.core.test_citations import _old_library

    db = tmp_path / "old.sqlite"
    _old_library(db, [read_text(seeds / "000_c78bdb84fd83cc2b.txt"), read_text(seeds / "002_260c79862227ae61.txt")])
    status, out, err = run(capsys, "cited-by", "XII/6", "--json", "--db", str(db))
    assert status == 0 and "2 documents" in err
    assert any(l["citing_paragraph"] == "5." and l["resolved_paragraph"] == "21." for l in json.loads(out))
    status, out, err = run(capsys, "list", "--db", str(db))
    assert status == 0 and err == ""


def test_search_filters_and_citation_landing(tmp_path, seeds, capsys):
    db = str(tmp_path / "lib.sqlite")
    assert run(capsys, "import", str(seeds), "--db", db)[0] == 0
    status, out, _ = run(capsys, "search", "森林", "--json", "--limit", "200", "--db", db)
    every = json.loads(out)
    assert status == 0 and len({h["symbol"] for h in every}) >= 2
    status, out, _ = run(capsys, "search", "森林", "--json", "--limit", "200", "--paragraph-kind", "operative",
                         "--from", "2014-01-01", "--to", "2014-12-31", "--db", db)
    narrowed = json.loads(out)
    assert narrowed and {h["symbol"] for h in narrowed} == {"XII/6"}
    assert {h["paragraph_kind"] for h in narrowed} == {"operative"} and len(narrowed) < len(every)
    status, out, _ = run(capsys, "search", "森林", "--session", "第十二届会议", "--kind", "decision", "--json",
                         "--limit", "200", "--db", db)
    assert {h["symbol"] for h in json.loads(out)} == {"XII/6"}
    for typed in ("XII/6 21", "第XII/6号决定第21段", "decision XII/6 para 21"):
        status, out, _ = run(capsys, "search", typed, "--json", "--db", db)
        first = json.loads(out)[0]
        assert status == 0 and first["landing"] and first["symbol"] == "XII/6"
        assert first["paragraph_number"] == "21." and "21" in first["label"]
    status, out, _ = run(capsys, "search", "CBD/SBI/2/10", "--db", db)
    assert status == 0 and out.startswith("→ CBD/SBI/2/10")
    with pytest.raises(SystemExit) as exited:  # a usage error: argparse exits with 2
        main(["search", "森林", "--from", "2014-13-01", "--db", db])
    assert exited.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err
