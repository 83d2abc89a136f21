"""Take the README's screenshots of the briefing-pack editor with a Chinese pack from the seeds.

Usage (on a real or virtual X display):
``xvfb-run -a -s "-screen 0 1700x1050x24" python scripts/screenshot_pack_editor.py [docs/]``

Imports ``../shared/corpus/seeds`` into a temporary library, builds the
Chinese SBI-2 pack (items 11 and 3; excerpts from seeds 000, 002 and 004;
notes with lists, a highlight and a paragraph note) through the
PackService, opens it in the window's pack editor beside decision XII/6,
and saves ``screenshot-pack-editor.png`` (agenda item 11 and its notes)
``screenshot-pack-excerpt.png`` (an excerpt with its highlight and note) and
``screenshot-pack-preview.png`` (the print preview of the exported PDF).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _shots import settler

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

BACKGROUND = ("<p>缔约方大会第XII/6号决定<b>请执行秘书</b>加强与生物多样性相关公约之间的协同增效。</p>"
              "<ul><li>非正式咨询小组已提出各项备选办法；</li><li>第十四届会议将审议路线图。</li></ul>")
POSITION = ("<p><b>总体立场：</b>支持在国家一级加强协同增效，<i>不</i>增加新的报告负担。</p>"
            "<ol><li>支持建议草案第7段；</li><li>对新设机构持保留意见；</li><li>强调能力建设和资金支持。</li></ol>")
TALKING = "<ul><li>欢迎执行秘书的说明（CBD/SBI/2/10）。</li><li>愿分享我国履约协调机制的经验。</li></ul>"
LINES = "<p>如被问及资金问题：<i>强调全球环境基金的作用</i>。</p>"


def build_pack(library) -> int:
    from briefdesk.core.packs.service import PackService, bare

    packs = PackService(library)
    by_name = {library.document(s.id).source_name[:3]: s.id for s in library.summaries()}
    pid = packs.create(title="执行问题附属机构第二次会议 简报", body="执行问题附属机构", session="第二次会议",
                       start_date="2018-07-09", end_date="2018-07-13", venue="加拿大蒙特利尔",
                       delegation="中国代表团", language="zh", classification="内部", version="2")
    item11 = packs.add_item(pid, "11", "与其他公约、国际组织和伙伴关系的合作", background=BACKGROUND,
                            objectives=POSITION, talking_points=TALKING, lines_to_take=LINES)
    item3 = packs.add_item(pid, "3", "审查《公约》及《战略计划》的执行进展情况",
                           talking_points="<ul><li>介绍国家报告编写进展。</li></ul>")

    def ids(doc_id, numbers):
        return [p.id for p in library.document(doc_id).paragraphs
                if bare(p.number) in numbers and p.level == 0 and p.part_id is None and p.kind != "heading"]

    sbi = by_name["000"]
    first = packs.add_excerpt(item11, sbi, ids(sbi, ["4", "5", "6"]))
    packs.add_excerpt(item11, by_name["002"], ids(by_name["002"], ["20", "21"]))
    packs.add_excerpt(item3, by_name["004"], ids(by_name["004"], ["1", "2"]))
    para = packs.get(pid).excerpt(first).paragraphs[1]
    packs.add_highlight(para.id, 0, min(20, len(para.text)))
    packs.set_note(para.id, "<p>与第XII/6号决定第21段相关：</p><ul><li>核对森林合作伙伴关系的最新工作计划</li></ul>")
    return pid, first


def main() -> int:
    from briefdesk.core.importer import Importer
    from briefdesk.core.library import Library
    from briefdesk.gui.app import application
    from briefdesk.gui.mainwindow import MainWindow
    from briefdesk.gui.qt import QApplication, Qt

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app = application()

    settle = settler(app)

    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "library.sqlite")
        Importer(library).import_paths(sorted((CORPUS / "seeds").glob("*.txt")))
        pid, first = build_pack(library)
        window = MainWindow(library)
        window.resize(1680, 1000)
        window.show()
        settle(lambda: not window.busy)
        decision = next(s for s in library.summaries() if s.symbol == "XII/6")
        window.search_box.setText("协同增效")
        window.run_search()
        settle(lambda: not window.busy)
        window.open_document(decision.id, highlight=40)
        settle(lambda: not window.busy)
        editor = window.pack_editor
        window.pack_dock.show()
        window.resizeDocks([window.pack_dock], [760], Qt.Orientation.Horizontal)
        window.splitter.setSizes([330, 590])
        editor.open_pack(pid)
        settle(lambda: not window.busy)
        editor.tabs.setCurrentIndex(1)
        editor.select("item", editor.view.items[0].id)
        settle(lambda: False, 0.6)
        window.grab().save(str(out / "screenshot-pack-editor.png"))
        editor.select("excerpt", first)
        settle(lambda: editor.excerpt_browser.excerpt is not None, 5)
        browser = editor.excerpt_browser
        browser.select_text(1, 3, 3)  # the cursor in paragraph 5 opens its note
        settle(lambda: False, 0.6)
        window.grab().save(str(out / "screenshot-pack-excerpt.png"))
        editor.preview()
        settle(lambda: editor.preview_dialog is not None and editor.preview_dialog.images, 120)
        dialog = editor.preview_dialog
        dialog.resize(1000, 860)
        settle(lambda: False, 0.6)
        dialog.grab().save(str(out / "screenshot-pack-preview.png"))
        dialog.reject()
        window.close()
        settle(lambda: not window.busy, 10)
        library.close()
    QApplication.processEvents()
    print(out / "screenshot-pack-editor.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
