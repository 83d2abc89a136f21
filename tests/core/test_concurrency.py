"""Many hands at once (issue 16, point 3): eight writers and two readers on one library.

Each writer has its own :class:`Library` (its own engine and connections), as each laptop
or window of a team has: two import documents, three amend the same paragraph of one draft,
three add agenda items to one pack; two readers search all the while.  Every write must land
(0 lost updates): every amendment kept, with its own number, every item and document stored.
Then the edits that would overwrite someone else's work are refused, naming the item.

Runs on SQLite and on the session's throwaway PostgreSQL server (:mod:`tests.pg`).
"""

from __future__ import annotations

import threading
import time

import pytest

from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph
from briefdesk.core import concurrency
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.errors import EditConflict
from briefdesk.core.library import Library
from briefdesk.core.packs.service import PackService

#: the fixed load: per writer, how many writes
IMPORTS, AMENDMENTS, ITEMS = 10, 20, 20
#: the time it must all take at most, on the 2-core machine (seconds; it takes a few)
TIME_LIMIT_S = 120

PARAGRAPH = "Requests the Executive Secretary to prepare a report on resource mobilization"


def _doc(n: int, writer: int) -> ParsedDocument:
    return ParsedDocument(
        symbol=f"CBD/COP/DEC/{writer + 14}/{n + 1}", title=f"Decision {writer}-{n}", body="COP",
        session="fourteenth meeting", language="en", kind=DocumentKind.DECISION.value,
        paragraphs=[ParsedParagraph(text=f"Welcomes the forest partnership report {writer} {n}",
                                    kind=ParagraphKind.OPERATIVE.value, number="1.")])


def _library(backend) -> Library:
    return Library(backend, update_citations=False)


def test_eight_writers_and_two_readers_lose_nothing(backend):
    setup = _library(backend)
    drafts, packs = DraftService(setup), PackService(setup)
    draft_id = drafts.new("decision", "en", "Resource mobilization", "The Conference of the Parties,")
    pid = drafts.insert_paragraph(draft_id, PARAGRAPH).paragraph_id
    pack_id = packs.create(title="SBI 4", language="en")
    setup.close()

    errors: list[BaseException] = []
    done = threading.Event()
    searches = [0, 0]
    start_gate = threading.Barrier(10)

    def writer(role: str, index: int) -> None:
        library = _library(backend)
        try:
            start_gate.wait()
            if role == "import":
                for n in range(IMPORTS):
                    library.add(_doc(n, index), content_hash=f"stress-{index}-{n}", source_name=f"{index}-{n}.txt")
            elif role == "amend":
                service = DraftService(library)
                for n in range(AMENDMENTS):
                    service.propose(pid, "insert", len(PARAGRAPH), new_text=f" [P{index}.{n}]",
                                    sponsors=[f"P{index}"], comment=f"{index}/{n}")
            else:
                service = PackService(library)
                for n in range(ITEMS):
                    service.add_item(pack_id, f"{index}.{n}", f"Item {index}.{n}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            library.close()

    def reader(slot: int) -> None:
        library = _library(backend)
        try:
            start_gate.wait()
            while not done.is_set():
                library.search("forest")
                searches[slot] += 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            library.close()

    roles = [("import", 0), ("import", 1), ("amend", 2), ("amend", 3), ("amend", 4),
             ("pack", 5), ("pack", 6), ("pack", 7)]
    writers = [threading.Thread(target=writer, args=role) for role in roles]
    readers = [threading.Thread(target=reader, args=(i,)) for i in range(2)]
    retried = concurrency.retries
    began = time.perf_counter()
    for t in writers + readers:
        t.start()
    for t in writers:
        t.join(TIME_LIMIT_S)
    elapsed = time.perf_counter() - began
    done.set()
    for t in readers:
        t.join(30)
    assert not any(t.is_alive() for t in writers + readers), f"still running after {TIME_LIMIT_S} s"
    assert errors == []

    check = _library(backend)
    try:
        amendments = DraftService(check).amendments(draft_id)
        assert len(amendments) == 3 * AMENDMENTS  # every one kept, none overwritten
        assert sorted(a.number for a in amendments) == list(range(1, 3 * AMENDMENTS + 1))
        assert sorted(a.comment for a in amendments) == sorted(f"{i}/{n}" for i in (2, 3, 4)
                                                               for n in range(AMENDMENTS))
        items = PackService(check).get(pack_id).items
        assert sorted(i.number for i in items) == sorted(f"{i}.{n}" for i in (5, 6, 7) for n in range(ITEMS))
        assert check.count() == 2 * IMPORTS
        assert all(searches)
    finally:
        check.close()
    writes = 2 * IMPORTS + 3 * AMENDMENTS + 3 * ITEMS
    print(f"\n[{check.engine.dialect.name}] 8 writers, {writes} writes, 0 lost; "
          f"{concurrency.retries - retried} run again after a conflict; 2 readers, {sum(searches)} searches; "
          f"{elapsed:.1f} s")


def test_an_edit_over_someone_elses_is_refused_and_names_the_item(backend):
    library = _library(backend)
    other = _library(backend)
    try:
        mine, theirs = DraftService(library), DraftService(other)
        draft_id = mine.new("decision", "en", "Resource mobilization", "The Conference of the Parties,")
        pid = mine.insert_paragraph(draft_id, PARAGRAPH).paragraph_id
        seen = mine.paragraph_text(pid)
        theirs.set_text(pid, PARAGRAPH + " by the next meeting", expected=seen)
        with pytest.raises(EditConflict, match=r"paragraph 1 of D\d+") as info:
            mine.set_text(pid, PARAGRAPH + " in all six languages", expected=seen)
        assert not info.value.retryable
        assert mine.paragraph_text(pid) == PARAGRAPH + " by the next meeting"  # theirs stands
        # without ``expected`` (a script that means to overwrite) the write goes through
        mine.set_text(pid, PARAGRAPH + " in all six languages")
        assert theirs.paragraph_text(pid).endswith("in all six languages")

        packs, their_packs = PackService(library), PackService(other)
        pack_id = packs.create(title="SBI 4", venue="Nairobi", language="en")
        seen_meeting = {"venue": packs.get(pack_id).meeting()["venue"]}
        their_packs.update_meeting(pack_id, venue="Montreal", expected=seen_meeting)
        with pytest.raises(EditConflict, match="SBI 4"):
            packs.update_meeting(pack_id, venue="Geneva", expected=seen_meeting)
        assert packs.get(pack_id).meeting()["venue"] == "Montreal"
    finally:
        library.close()
        other.close()
