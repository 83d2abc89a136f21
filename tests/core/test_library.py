"""The library store: migrations, writes in one transaction, references, defaults."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from briefdesk.core.document import (DocumentKind, ParagraphKind, ParsedDocument, ParsedFootnote,
                                     ParsedParagraph, ParsedPart)
from briefdesk.core.errors import NotFound, StoreError
from briefdesk.core.library import Library, document_as_dict
from briefdesk.core.models import Base
from briefdesk.core.search.sqlite_fts import FTS_TABLE
from briefdesk.core.paths import database_url, default_library_path


def decision() -> ParsedDocument:
    return ParsedDocument(
        symbol="XII/6", title="与其他公约的合作", body="生物多样性公约缔约方大会", session="第十二届会议",
        language="zh", kind=DocumentKind.DECISION, start_date=dt.date(2014, 10, 6),
        end_date=dt.date(2014, 10, 17), venue="大韩民国平昌", agenda_item="29",
        draft_symbol="UNEP/CBD/COP/12/L.3", sponsors=["Mexico", "Norway"],
        parts=[ParsedPart(DocumentKind.DRAFT_DECISION, "决定草案")],
        paragraphs=[
            ParsedParagraph(ParagraphKind.HEADING, "与其他公约的合作", "A."),
            ParsedParagraph(ParagraphKind.PREAMBULAR, "注意到 执行秘书关于进展情况的报告，", verb="注意到",
                            section="A", footnotes=[ParsedFootnote("1", "UNEP/CBD/COP/12/24。", 17)]),
            ParsedParagraph(ParagraphKind.OPERATIVE, "请执行秘书：", "1.", verb="请", section="A", part=0),
            ParsedParagraph(ParagraphKind.OPERATIVE, "继续合作；", "(a)", level=1, section="A", part=0),
        ])


@pytest.fixture
def library(tmp_path, backend):
    lib = Library(tmp_path / "sub" / "library.sqlite" if backend == tmp_path / "library.sqlite" else backend)
    yield lib
    lib.close()


def test_opening_creates_and_migrates_a_schema_equal_to_the_models(library):
    with library.engine.connect() as conn:
        def ours(name, type_, _parent):  # the FTS index's shadow tables belong to SQLite
            return not (type_ == "table" and name.startswith(FTS_TABLE))

        context = MigrationContext.configure(conn, opts={"include_name": ours})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert library.count() == 0


def test_round_trip_keeps_every_field(library):
    doc_id = library.add(decision(), content_hash="h1", source_name="002.txt")
    back = library.parsed(doc_id)
    assert back.paragraphs == decision().paragraphs
    assert (back.symbol, back.venue, back.start_date, back.parts, back.sponsors) == (
        "XII/6", "大韩民国平昌", dt.date(2014, 10, 6), decision().parts, ["Mexico", "Norway"])
    as_json = document_as_dict(library.document("xii/6"))
    assert as_json["language"] == "zh" and as_json["start_date"] == "2014-10-06"
    assert as_json["paragraphs"][1]["footnotes"] == ["UNEP/CBD/COP/12/24。"]
    assert as_json["paragraphs"][3]["level"] == 1 and as_json["paragraphs"][3]["part"] == 0


def test_a_failed_write_leaves_the_library_unchanged(library):
    library.add(decision(), content_hash="same", source_name="a.txt")
    with pytest.raises(StoreError, match="b.txt"):
        library.add(decision(), content_hash="same", source_name="b.txt")
    assert library.count() == 1
    assert len(library.search("执行秘书")) == 2  # index not polluted by the failed write


def test_references_by_symbol_id_and_language(library):
    zh = library.add(decision(), content_hash="zh", source_name="zh.txt")
    en = decision()
    en.language = "en"
    en_id = library.add(en, content_hash="en", source_name="en.txt")
    assert library.resolve("XII/6") == zh
    assert library.resolve("XII/6", language="en") == en_id
    assert library.resolve(f"#{en_id}") == en_id
    with pytest.raises(NotFound, match="XIII/99"):
        library.resolve("XIII/99")


def test_deleting_a_document_removes_its_paragraphs_and_footnotes(library):
    doc_id = library.add(decision(), content_hash="h", source_name="a.txt")
    library.delete(doc_id)
    with library.engine.connect() as conn:
        counts = [conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in ("paragraph", "footnote", "part")]
    assert counts == [0, 0, 0]


def test_default_location_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("BRIEFDESK_DB", raising=False)
    assert default_library_path().name == "library.sqlite"
    assert "BriefDesk" in str(default_library_path())
    assert database_url() == "sqlite:///" + str(default_library_path().resolve())
    monkeypatch.setenv("BRIEFDESK_DB", str(tmp_path / "x.sqlite"))
    assert database_url().endswith("x.sqlite")
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_unopenable_location_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        Library(blocker / "library.sqlite")
