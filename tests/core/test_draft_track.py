"""The track-changes view's spans (issue 15, point 4): insertions, deletions and replacements
by two sponsors, inline, with the amendment numbers; overlaps keep every word once."""

from __future__ import annotations

from briefdesk.core.drafting.compare import changed_pairs, compare, draft_side
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.drafting.track import lead_sponsors, track_changes
from briefdesk.core.library import Library

TEXT = "Requests the Executive Secretary to report to the Conference of the Parties."


def _draft(tmp_path):
    lib = Library(tmp_path / "lib.sqlite")
    service = DraftService(lib)
    d = service.new("decision", "en", "T", "The Conference of the Parties,")
    first = service.insert_paragraph(d, "Recalling decision 15/4,").paragraph_id
    service.set_kind(first, "preambular", 0, False)
    service.set_verb(first, "Recalling")
    pid = service.insert_paragraph(d, TEXT).paragraph_id
    return lib, service, d, pid


def _shape(paragraph):
    return [(s.kind, s.text, s.amendment, s.sponsors) for s in paragraph.spans]


def test_insert_delete_replace_by_two_sponsors(tmp_path):
    lib, service, d, pid = _draft(tmp_path)
    at = len("Requests the Executive Secretary")
    service.propose(pid, "insert", at, new_text=", within available resources,", sponsors=["CAN"])
    service.propose(pid, "delete", len("Requests "), len("Requests the"), sponsors=["EU", "NOR"])
    service.propose(pid, "replace", len(TEXT) - 8, len(TEXT) - 1, "COP", sponsors=["CAN"])
    service.propose(pid, "insert", 0, new_text="Also ", sponsors=["EU"])
    withdrawn = service.propose(pid, "insert", len(TEXT), new_text=" Annually.", sponsors=["BRA"]).amendment_id
    service.mark_withdrawn(withdrawn)

    recalling, requests = track_changes(service.snapshot(d))
    assert _shape(recalling) == [("unchanged", "Recalling", None, ()), ("unchanged", " decision 15/4,", None, ())]
    assert recalling.spans[0].verb and recalling.amendments == []
    assert _shape(requests) == [
        ("insert", "Also ", 4, ("EU",)),
        ("unchanged", "Requests ", None, ()),
        ("delete", "the", 2, ("EU", "NOR")),
        ("unchanged", " Executive Secretary", None, ()),
        ("insert", ", within available resources,", 1, ("CAN",)),
        ("unchanged", " to report to the Conference of the ", None, ()),
        ("delete", "Parties", 3, ("CAN",)),
        ("insert", "COP", 3, ("CAN",)),
        ("unchanged", ".", None, ()),
    ]
    assert [s.verb for s in requests.spans[:5]] == [False, True, True, True, False]   # "Requests the Executive Secretary"
    assert requests.amendments == [1, 2, 3, 4]         # the withdrawn #5 is not under discussion
    assert requests.number == "1."
    # the text of the paragraph is all there, once, in order: unchanged and deleted spans
    assert "".join(s.text for s in requests.spans if s.kind != "insert") == TEXT
    for s in requests.spans:
        if s.kind != "insert":
            assert TEXT[s.start:s.end] == s.text
    assert lead_sponsors(service.snapshot(d)) == ["CAN", "EU", "BRA"]
    lib.close()


def test_overlapping_amendments_keep_every_word_once(tmp_path):
    lib, service, d, pid = _draft(tmp_path)
    start = TEXT.index("to report")
    service.propose(pid, "delete", start, start + len("to report to the Conference"), sponsors=["JPN"])
    inner = TEXT.index("the Conference")
    service.propose(pid, "replace", inner, inner + len("the Conference"), "the meeting", sponsors=["CHE"])
    [_, p] = track_changes(service.snapshot(d))
    assert "".join(s.text for s in p.spans if s.kind != "insert") == TEXT
    overlap = next(s for s in p.spans if s.text == "the Conference")
    assert (overlap.kind, overlap.amendment, overlap.also) == ("delete", 1, (2,))
    assert next(s for s in p.spans if s.kind == "insert").text == "the meeting"
    assert p.amendments == [1, 2]
    lib.close()


def test_accepting_an_amendment_leaves_it_in_the_text(tmp_path):
    lib, service, d, pid = _draft(tmp_path)
    a = service.propose(pid, "replace", 0, len("Requests"), "Invites", sponsors=["MEX"]).amendment_id
    service.accept(a)
    [_, p] = track_changes(service.snapshot(d))
    assert _shape(p)[0][:2] == ("unchanged", "Invites") and all(s.kind == "unchanged" for s in p.spans)
    lib.close()


def test_changed_pairs_leave_out_unchanged_ones(tmp_path):
    lib, service, d, pid = _draft(tmp_path)
    service.save_version(d, "first")
    service.set_text(pid, TEXT.replace("report", "report annually"))
    pairs = compare(draft_side(service.snapshot(d, 1)), draft_side(service.snapshot(d)))
    assert [p.status for p in pairs] == ["same", "changed"]
    assert [p.b.key for p in changed_pairs(pairs)] == [pid]
    lib.close()
