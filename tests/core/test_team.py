"""A laptop's offline copy of the team library, kept in step (issue 16, point 4).

The team library is a fresh library on each backend (SQLite file, throwaway PostgreSQL
server: :mod:`tests.pg`); the laptop's is an SQLite file, as on a delegate's laptop.  The
kill test runs ``briefdesk team clone`` / ``team sync`` as separate processes and kills them
(SIGKILL) part-way, then checks that running it again ends with both sides equal and nothing
twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefdesk.core import team
from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.errors import Cancelled
from briefdesk.core.library import Library
from briefdesk.core.packs.service import PackService

from ..conftest import corpus_path

SRC = Path(__file__).resolve().parents[2] / "src"
OP = ParagraphKind.OPERATIVE.value


def _doc(n: int, body: str = "COP", session: str = "fourteenth meeting") -> ParsedDocument:
    series = "CBD/SBI/REC/3" if body == "SBI" else "CBD/COP/DEC/14"
    return ParsedDocument(
        symbol=f"{series}/{n + 1}", title=f"Decision 14/{n + 1}", body=body, session=session,
        language="en", kind=DocumentKind.DECISION.value,
        paragraphs=[ParsedParagraph(text=f"Welcomes the report on forests number {n}", kind=OP, number="1."),
                    ParsedParagraph(text=f"Requests the Executive Secretary to act on item {n}", kind=OP,
                                    number="2.")])


def _team_library(backend, documents: int = 6) -> Library:
    library = Library(backend, update_citations=False)
    for n in range(documents):
        library.add(_doc(n, *(("SBI", "third meeting") if n % 3 == 2 else ())), content_hash=f"hash-{n}",
                    source_name=f"{n}.txt")
    drafts = DraftService(library)
    d = drafts.new("decision", "en", "Resource mobilization", "The Conference of the Parties,")
    p1 = drafts.insert_paragraph(d, "", kind="preambular").paragraph_id
    drafts.use_agreed(p1, "Recalling decision 14/22,", symbol="CBD/COP/DEC/14/22", number=None)
    p2 = drafts.insert_paragraph(d, "Requests the Executive Secretary to prepare a report").paragraph_id
    drafts.insert_paragraph(d, "Also requests, as in paragraph 1 above, a study on finance")
    drafts.propose(p2, "insert", len("Requests the Executive Secretary"), new_text=", with the Parties,",
                   sponsors=["EU"], comment="for consultation")
    drafts.save_version(d, "first reading")
    packs = PackService(library)
    pack = packs.create(title="SBI 4", venue="Nairobi", language="en")
    item = packs.add_item(pack, "3", "Resource mobilization", talking_points="<p>Support the fund</p>")
    packs.add_excerpt(item, library.summaries()[0].id)
    return library


def _state(library: Library) -> dict:
    """Everything a synchronisation must make equal, independent of ids."""
    drafts, packs = DraftService(library), PackService(library)
    with library.sessions() as s:
        from sqlalchemy import func, select

        from briefdesk.core.models import Document

        hashes = s.scalars(select(Document.content_hash)).all()
        counted = s.execute(select(Document.content_hash, func.count()).group_by(Document.content_hash)
                            .having(func.count() > 1)).all()
    assert counted == []  # nothing twice
    return {
        "documents": sorted(hashes),
        "packs": {uid: team.fingerprint(team.pack_content(packs.get(i))) for uid, i in packs.by_uid().items()},
        "drafts": {uid: team.fingerprint(team.draft_content(drafts.snapshot(i), drafts.version_rows(i)))
                   for uid, i in drafts.by_uid().items()},
    }


@pytest.fixture
def laptop(tmp_path):
    library = Library(tmp_path / "laptop.sqlite", update_citations=False)
    yield library
    library.close()


def test_clone_takes_the_team_library_offline_and_sync_then_agrees(backend, laptop):
    hub = _team_library(backend)
    try:
        report = team.clone(hub, laptop)
        assert (report.documents_pulled, report.packs_pulled, report.drafts_pulled) == (6, 1, 1)
        assert _state(laptop) == _state(hub)
        assert team.linked_team(laptop) == team.team_address(hub.url)
        # the copy reads as the original: the draft's reference, amendment and version came along
        d = DraftService(laptop).drafts()[0].id
        shown = DraftService(laptop).view(d, "clean").paragraphs[2].text
        assert shown == "Also requests, as in paragraph 1 above, a study on finance"
        [amendment] = DraftService(laptop).amendments(d)
        assert (amendment.number, amendment.new_text, amendment.sponsors, amendment.comment) == \
            (1, ", with the Parties,", ["EU"], "for consultation")
        assert [v.note for v in DraftService(laptop).versions(d)] == ["first reading"]
        assert DraftService(laptop).snapshot(d).paragraphs[0].source_symbol == "CBD/COP/DEC/14/22"
        # a second run copies nothing
        again = team.sync(laptop, hub)
        assert again.as_dict() | {"team": ""} == team.SyncReport(team="").as_dict()
    finally:
        hub.close()


def test_clone_of_chosen_bodies_and_sessions(backend, laptop):
    hub = _team_library(backend)
    try:
        report = team.clone(hub, laptop, bodies=["cbd-sbi"])
        assert report.documents_pulled == 2
        assert {s.session for s in laptop.summaries()} == {"third meeting"}
        assert len(PackService(laptop).list()) == 1 and len(DraftService(laptop).drafts()) == 1
    finally:
        hub.close()


def test_changes_on_one_side_go_to_the_other(backend, laptop):
    hub = _team_library(backend)
    try:
        team.clone(hub, laptop)
        # offline: a new document, a pack edited; at the team: a draft amended
        laptop.add(_doc(40), content_hash="hash-40", source_name="40.txt")
        lp = PackService(laptop)
        lp.update_meeting(lp.list()[0].id, venue="Montreal")
        hd = DraftService(hub)
        d = hd.drafts()[0].id
        p2 = hd.snapshot(d).paragraphs[1].id
        hd.propose(p2, "delete", 0, len("Requests"), sponsors=["BRA"])
        ids = (sorted(DraftService(laptop).by_uid().items()), sorted(PackService(hub).by_uid().items()))
        report = team.sync(laptop, hub)
        assert (report.documents_pushed, report.packs_pushed, report.drafts_pulled) == (1, 1, 1)
        # what was copied over keeps its id on the receiving side: D1 is still D1 there
        assert (sorted(DraftService(laptop).by_uid().items()), sorted(PackService(hub).by_uid().items())) == ids
        assert report.drafts_merged == 0 and report.packs_kept_both == 0
        assert _state(laptop) == _state(hub)
        assert PackService(hub).list()[0].title == "SBI 4"
        assert PackService(hub).get(PackService(hub).list()[0].id).venue == "Montreal"
        assert [a.sponsors for a in DraftService(laptop).amendments(DraftService(laptop).drafts()[0].id)] == \
            [["EU"], ["BRA"]]
    finally:
        hub.close()


def test_a_draft_amended_on_both_sides_keeps_both_lines(backend, laptop):
    hub = _team_library(backend)
    try:
        team.clone(hub, laptop)
        ld, hd = DraftService(laptop), DraftService(hub)
        lid, hid = ld.drafts()[0].id, hd.drafts()[0].id
        text = "Requests the Executive Secretary to prepare a report"
        ld.propose(ld.snapshot(lid).paragraphs[1].id, "replace", text.index("report"), len(text), "study",
                   sponsors=["CHN"], comment="offline")
        time.sleep(0.05)  # the team's line is the later one
        hd.propose(hd.snapshot(hid).paragraphs[2].id, "delete", 0, len("Also "), sponsors=["NOR"])
        report = team.sync(laptop, hub)
        assert (report.drafts_merged, report.amendments_carried, report.unplaced) == (1, 1, [])
        assert _state(laptop) == _state(hub)
        amendments = ld.amendments(ld.drafts()[0].id)
        # the later line's amendments keep their numbers; the other's are carried after them
        assert [(a.number, a.sponsors, a.old_text, a.new_text, a.comment) for a in amendments] == [
            (1, ["EU"], "", ", with the Parties,", "for consultation"), (2, ["NOR"], "Also ", "", ""),
            (3, ["CHN"], "report", "study", "offline")]
        versions = ld.versions(ld.drafts()[0].id)
        assert [v.label for v in versions] == ["Rev.1", "Other copy", "Rev.2"]
        # the other line is kept whole in its version
        kept = ld.snapshot(ld.drafts()[0].id, versions[1].number)
        assert [(a.number, a.sponsors) for a in kept.amendments] == [(1, ["EU"]), (2, ["CHN"])]
    finally:
        hub.close()


def test_a_pack_edited_on_both_sides_is_kept_twice(backend, laptop):
    hub = _team_library(backend)
    try:
        team.clone(hub, laptop)
        lp, hp = PackService(laptop), PackService(hub)
        lp.update_meeting(lp.list()[0].id, venue="Montreal")
        time.sleep(0.05)
        hp.update_meeting(hp.list()[0].id, venue="Geneva")
        report = team.sync(laptop, hub)
        assert report.packs_kept_both == 1
        assert _state(laptop) == _state(hub)
        venues = sorted((p.title, hp.get(p.id).venue) for p in hp.list())
        assert venues == [("SBI 4", "Geneva"), ("SBI 4 (other copy)", "Montreal")]
    finally:
        hub.close()


def test_abort_stops_and_running_again_goes_on(backend, laptop):
    hub = _team_library(backend)
    try:
        calls = []
        with pytest.raises(Cancelled):
            team.clone(hub, laptop, progress=lambda done, total, label: calls.append(done),
                       abort=lambda: len(calls) >= 3)
        assert 0 < laptop.count() < 6
        team.sync(laptop)          # the link was recorded: sync opens the team library itself
        assert _state(laptop) == _state(hub)
    finally:
        hub.close()


def test_sync_without_a_team_library_says_what_to_do(laptop):
    with pytest.raises(team.TeamError, match="briefdesk team clone"):
        team.sync(laptop)


def test_the_team_address_never_keeps_a_password():
    assert team.team_address("postgresql+psycopg://ana:secret@db.example.org/delegation") == \
        "postgresql+psycopg://ana@db.example.org/delegation"


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    env["BRIEFDESK_LANG"] = "en"
    return env


def _run_until(args: list[str], lines: int | None) -> int:
    """Run ``briefdesk`` with ``args``; kill it (SIGKILL) after ``lines`` progress lines, or let
    it end (``None``).  Returns the progress lines seen."""
    proc = subprocess.Popen([sys.executable, "-m", "briefdesk.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=_env())
    seen = 0
    try:
        for line in proc.stderr:
            if "/" in line.split(" ", 1)[0]:
                seen += 1
                if lines is not None and seen >= lines:
                    proc.send_signal(signal.SIGKILL)
                    break
    finally:
        proc.wait(timeout=300)
    if lines is None:
        assert proc.returncode == 0
    return seen


def test_a_sync_killed_at_any_point_resumes_without_duplicates(backend, tmp_path):
    """The kill test: 60 documents (a few real ones from the corpus where it is here), packs and
    drafts; ``team clone`` killed after 5 steps, ``team sync`` killed after 10, 20 and 15 more,
    then run to the end: both sides equal, nothing twice, and a last run copies nothing."""
    hub_path = backend
    hub = _team_library(hub_path, documents=60)
    corpus = corpus_path()
    if corpus.exists():
        from briefdesk.core.importer import Importer

        Importer(hub).import_paths(sorted((corpus / "akn" / "ga-78" / "Chinese").glob("*.xml"))[:5])
    hub.close()
    laptop_path = tmp_path / "laptop.sqlite"
    seen = [_run_until(["team", "clone", str(hub_path), "--db", str(laptop_path)], 5)]
    for lines in (10, 20, 15):
        seen.append(_run_until(["team", "sync", "--db", str(laptop_path)], lines))
    assert seen == [5, 10, 20, 15]     # each run was killed part-way
    seen.append(_run_until(["team", "sync", "--db", str(laptop_path)], None))
    print(f"\nkill test: steps seen per run {seen}")
    hub, laptop = Library(hub_path, update_citations=False), Library(laptop_path, update_citations=False)
    try:
        assert _state(laptop) == _state(hub)
        assert laptop.count() == hub.count() >= 60
    finally:
        hub.close()
        laptop.close()
    # a last run, for a script: nothing left to copy
    done = subprocess.run([sys.executable, "-m", "briefdesk.cli", "team", "sync", "--json", "--db", str(laptop_path)],
                          capture_output=True, text=True, env=_env(), timeout=300, check=True)
    report = json.loads(done.stdout)
    assert report["team"] == team.team_address(str(hub_path))
    assert all(value == 0 for key, value in report.items() if key not in ("team", "unplaced"))
