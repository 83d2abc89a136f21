"""Who may do what in a team library (issue 16, point 5), on the session's throwaway
PostgreSQL server (:mod:`tests.pg`): three delegates log in as a reader, a drafter and a
librarian; the server refuses what each role does not allow, in words, and the library says
what each may do so the application can hide the rest."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from briefdesk.core import pg_roles
from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.errors import NotPermitted
from briefdesk.core.library import Library
from briefdesk.core.packs.service import PackService
from briefdesk.cli import main


def _doc(n: int) -> ParsedDocument:
    return ParsedDocument(symbol=f"CBD/COP/DEC/15/{n}", title="Resource mobilization", body="COP",
                          session="fifteenth meeting", language="en", kind=DocumentKind.DECISION.value,
                          paragraphs=[ParsedParagraph(text="Welcomes the forest finance report", number="1.",
                                                      kind=ParagraphKind.OPERATIVE.value)])


def _as(url: str, user: str) -> Library:
    return Library(make_url(url).set(username=user).render_as_string(hide_password=False), update_citations=False)


@pytest.fixture
def team_url(pg_server):
    url = pg_server.fresh_database()
    owner = Library(url, update_citations=False)
    owner.add(_doc(1), content_hash="one", source_name="1.txt")
    drafts = DraftService(owner)
    d = drafts.new("decision", "en", "Resource mobilization", "The Conference of the Parties,")
    drafts.insert_paragraph(d, "Requests the Executive Secretary to prepare a report")
    PackService(owner).create(title="COP 16", language="en")
    owner.close()
    pg_server.login_roles("bd_ana", "bd_ben", "bd_cai")
    # the owner sets up the roles with the command line, as docs/team.md says
    assert main(["team", "roles", "--db", url, "--grant", "bd_ana", "reader", "--grant", "bd_ben", "drafter",
                 "--grant", "bd_cai", "librarian"]) == 0
    yield url
    pg_server.drop_database(url)


def test_each_role_does_what_it_may_and_the_server_refuses_the_rest(team_url):
    reader, drafter, librarian = (_as(team_url, u) for u in ("bd_ana", "bd_ben", "bd_cai"))
    try:
        assert reader.capabilities() == {"read"}
        assert drafter.capabilities() == {"read", "draft"}
        assert librarian.capabilities() == {"read", "draft", "import"}

        # everyone reads and searches
        for library in (reader, drafter, librarian):
            assert [h.symbol for h in library.search("forest")] == ["CBD/COP/DEC/15/1"]
            assert len(DraftService(library).drafts()) == 1 and len(PackService(library).list()) == 1

        # a reader may not amend a draft nor touch a pack; the message says what to ask for
        d = DraftService(reader).drafts()[0].id
        pid = DraftService(reader).snapshot(d).paragraphs[0].id
        with pytest.raises(NotPermitted, match="drafter role"):
            DraftService(reader).propose(pid, "delete", 0, len("Requests"), sponsors=["BRA"])
        with pytest.raises(NotPermitted):
            PackService(reader).add_item(PackService(reader).list()[0].id, "1", "Opening")
        assert DraftService(drafter).amendments(d) == []

        # a drafter may, but may not import
        DraftService(drafter).propose(pid, "delete", 0, len("Requests"), sponsors=["BRA"])
        PackService(drafter).add_item(PackService(drafter).list()[0].id, "1", "Opening")
        with pytest.raises(NotPermitted, match="librarian role"):
            drafter.add(_doc(2), content_hash="two", source_name="2.txt")
        assert reader.count() == 1

        # a librarian may import (and the index follows)
        librarian.add(_doc(2), content_hash="two", source_name="2.txt")
        assert reader.count() == 2 and len(reader.search("forest")) == 2
    finally:
        for library in (reader, drafter, librarian):
            library.close()


def test_sqlite_libraries_let_their_user_do_everything(tmp_path):
    library = Library(tmp_path / "library.sqlite")
    try:
        assert library.capabilities() == pg_roles.EVERYTHING
    finally:
        library.close()
