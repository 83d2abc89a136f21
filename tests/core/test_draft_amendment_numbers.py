"""Numbered amendments (issue 15, point 2): stable numbers, status withdrawn, filters,
numbers in the compilation, and migration 0008 numbering amendments already stored."""

from __future__ import annotations

import sqlalchemy as sa

from briefdesk.core.drafting.service import DraftService
from briefdesk.core.library import Library

TEXT = "Requests the Executive Secretary to report to the Conference of the Parties."


def _draft(tmp_path):
    lib = Library(tmp_path / "lib.sqlite")
    service = DraftService(lib)
    d = service.new("decision", "en", "T", "The Conference of the Parties,")
    pid = service.insert_paragraph(d, TEXT).paragraph_id
    return lib, service, d, pid


def test_numbers_are_stable_and_withdrawn_amendments_keep_theirs(tmp_path):
    lib, service, d, pid = _draft(tmp_path)
    at = len("Requests the Executive Secretary")
    a = service.propose(pid, "insert", at, new_text=", within available resources,", sponsors=["CAN"]).amendment_id
    b = service.propose(pid, "delete", 0, len("Requests"), sponsors=["EU", "NOR"]).amendment_id
    c = service.propose(pid, "replace", len(TEXT) - 8, len(TEXT) - 1, "COP", sponsors=["BRA"], comment="short").amendment_id
    assert [x.number for x in service.amendments(d)] == [1, 2, 3]
    service.mark_withdrawn(c)                  # withdrawn: keeps its number, stays listed
    e = service.propose(pid, "insert", 0, new_text="Also ", sponsors=["CHN"]).amendment_id
    numbers = {x.id: x.number for x in service.amendments(d)}
    assert numbers == {a: 1, b: 2, c: 3, e: 4}
    service.withdraw(c)                        # removed outright (the undo of proposing it)
    service.accept(a)                          # accepting re-anchors the others; numbers stay
    service.mark_withdrawn(b)
    listed = service.amendments(d)
    assert [(x.number, x.status) for x in listed] == [(1, "accepted"), (2, "withdrawn"), (4, "proposed")]
    assert [x.number for x in service.amendments(d, status="withdrawn")] == [2]
    assert [x.number for x in service.amendments(d, sponsor="nor")] == [2]
    assert [x.number for x in service.amendments(d, sponsor="CHN", status="proposed")] == [4]
    compiled = service.view(d, "compilation").paragraphs[0].text
    assert compiled.startswith("[Also] (#4 China) Requests") and "#2" not in compiled   # withdrawn leaves the compilation
    lib.close()


def test_compilation_prints_numbers_for_deletions_and_replacements(tmp_path):
    lib, service, d, pid = _draft(tmp_path)
    service.propose(pid, "delete", 0, len("Requests"), sponsors=["NOR"])
    service.propose(pid, "replace", len(TEXT) - 8, len(TEXT) - 1, "COP", sponsors=["BRA", "ARG"])
    text = service.view(d, "compilation").paragraphs[0].text
    assert "[Requests] (#1 delete: Norway)" in text   # the code NOR printed as its name
    assert "[Parties] [COP] (#2 Brazil, Argentina)" in text
    lib.close()


def test_migration_0008_numbers_existing_amendments_per_draft(tmp_path):
    from alembic import command

    from briefdesk.core.library import _alembic_config

    lib, service, d, pid = _draft(tmp_path)
    d2 = service.new("decision", "en", "U", "The Conference of the Parties,")
    pid2 = service.insert_paragraph(d2, TEXT).paragraph_id
    service.propose(pid, "insert", 0, new_text="A ", sponsors=["CAN"])
    service.propose(pid2, "insert", 0, new_text="B ", sponsors=["CAN"])
    service.propose(pid, "insert", 0, new_text="C ", sponsors=["CAN"])
    config = _alembic_config()
    with lib.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
        assert "number" not in {col["name"] for col in sa.inspect(connection).get_columns("draft_amendment")}
    with lib.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        rows = connection.execute(sa.text("select draft_id, new_text, number from draft_amendment order by id")).all()
    lib.close()
    assert [tuple(r) for r in rows] == [(d, "A ", 1), (d2, "B ", 1), (d, "C ", 2)]
