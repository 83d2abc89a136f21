"""Crash journal: a process editing a draft is killed with SIGKILL; the next one recovers the text."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from briefdesk.core.drafting.journal import DraftJournal, pending_recovery, recover
from briefdesk.core.drafting.service import DraftService

SRC = Path(__file__).resolve().parents[2] / "src"

EDITOR = textwrap.dedent("""
    import sys, time
    from briefdesk.core.library import Library
    from briefdesk.core.drafting.service import DraftService
    from briefdesk.core.drafting.journal import DraftJournal
    db, journal_dir, draft_id, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    library = Library(db)
    service = DraftService(library)
    journal = DraftJournal(library.url, draft_id, directory=journal_dir, interval=0.5)
    # the first sentence is typed and committed (set_text), the second only typed
    typed = service.paragraph_text(pid)
    for ch in " Also invites observers.":
        typed += ch
        journal.record(pid, typed)
    service.set_text(pid, typed)
    journal.committed(pid)
    for ch in " Urges donors to contribute;":
        typed = typed.rstrip(";.") + ch if ch == ";" else typed + ch
        journal.record(pid, typed)
        time.sleep(0.01)
    print("typed", flush=True)
    time.sleep(60)
""")


def test_sigkill_while_typing_and_recovery_in_the_next_process(library, tmp_path):
    service = DraftService(library)
    d = service.new("decision", "en", "Resource mobilization", "The Conference of the Parties,")
    pid = service.insert_paragraph(d, "Invites Parties to contribute.").paragraph_id
    journals = tmp_path / "journals"
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.Popen([sys.executable, "-c", EDITOR, library.url.removeprefix("sqlite:///"),
                             str(journals), str(d), str(pid)], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert proc.stdout.readline().strip() == "typed"
        time.sleep(1.0)                      # longer than the journal's fsync interval
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
    # what was committed is in the library; what was only typed is in the journal
    stored = service.paragraph_text(pid)
    assert stored == "Invites Parties to contribute. Also invites observers."
    items = pending_recovery(service, directory=journals)
    assert [(i.draft_id, i.paragraph_id, i.stored) for i in items] == [(d, pid, stored)]
    assert items[0].text == stored + " Urges donors to contribute;"
    # a new process (this one) applies it; it is then an ordinary, undoable edit
    [change] = recover(service, items)
    assert service.paragraph_text(pid) == items[0].text
    assert pending_recovery(service, directory=journals) == []
    service.apply(change.inverse)
    assert service.paragraph_text(pid) == stored


def test_clean_close_leaves_nothing_and_a_torn_line_is_ignored(library, tmp_path):
    service = DraftService(library)
    d = service.new("decision", "zh", "测试", "缔约方大会，")
    pid = service.insert_paragraph(d, "请执行秘书编写报告；").paragraph_id
    journal = DraftJournal(library.url, d, directory=tmp_path)
    journal.record(pid, "请执行秘书编写报告并提交；")
    journal.flush()
    with journal.path.open("ab") as fh:
        fh.write('{"t": "x", "p": 1, "text": "半'.encode())      # died mid-write
    [item] = pending_recovery(service, directory=tmp_path)
    assert item.text == "请执行秘书编写报告并提交；"
    service.set_text(pid, item.text)
    journal.committed(pid)
    journal.close()
    assert not journal.path.exists()
    assert pending_recovery(service, directory=tmp_path) == []


def test_a_commit_of_older_text_keeps_what_was_typed_since(library, tmp_path):
    service = DraftService(library)
    d = service.new("decision", "en", "T", "The Conference of the Parties,")
    pid = service.insert_paragraph(d, "Invites Parties").paragraph_id
    journal = DraftJournal(library.url, d, directory=tmp_path)
    journal.record(pid, "Invites Parties to")
    service.set_text(pid, "Invites Parties to")          # the editor commits on a worker thread …
    journal.record(pid, "Invites Parties to act;")       # … while the user types on
    journal.committed(pid, "Invites Parties to")
    [item] = pending_recovery(service, directory=tmp_path)
    assert item.text == "Invites Parties to act;" and item.stored == "Invites Parties to"
    journal.committed(pid, "Invites Parties to act;")
    assert journal.path.stat().st_size == 0
    journal.close()
    journal.record(pid, "typed after closing")      # ignored, no error
    journal.close()
    assert not journal.path.exists()
