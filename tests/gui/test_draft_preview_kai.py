"""The preview sets Chinese verbs in the shipped 楷体 face, not in italic (issue 15, point 7)."""

from __future__ import annotations

from briefdesk.core.drafting.snapshot import DraftSnapshot, SnapParagraph, view
from briefdesk.gui.drafting.editor import view_html
from briefdesk.gui.drafting.kai import kai_family


def _laid(language: str, text: str, verb: str):
    snap = DraftSnapshot(1, "decision", language, "", "", "", None, {},
                         [SnapParagraph(1, "operative", 0, True, text, verb)])
    return view(snap, "all")


def test_chinese_verb_in_kai_english_verb_in_italic(qtbot):
    assert "UKai" in kai_family()
    html = view_html(_laid("zh", "请执行秘书编写报告；", "请"))
    assert f"font-family:'{kai_family()}'\">请</span>执行秘书" in html and "<i>" not in html
    assert "<i>Requests</i>" in view_html(_laid("en", "Requests the Executive Secretary;", "Requests"))
