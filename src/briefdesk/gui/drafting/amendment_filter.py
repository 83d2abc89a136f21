"""Filter of the editor's amendment list by sponsor and status (issue 15, point 2).

:class:`AmendmentFilter` is a row of two fields above the list: a sponsor
(a code or a name in any UN language, or part of a sponsor's name in the
interface language or English: :func:`briefdesk.core.parties.backs`) and a status
(all, proposed, accepted, rejected, withdrawn).  Changing either calls
``on_change`` (the editor refreshes its list).
"""

from __future__ import annotations

from collections.abc import Callable

from ...core import parties
from ...core.drafting.snapshot import SnapAmendment
from ...core.i18n import _, current_language
from ..qt import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

STATUSES = ("proposed", "accepted", "rejected", "withdrawn")


def status_label(status: str) -> str:
    """An amendment's status (one of :data:`STATUSES`) in the interface language; any other as given."""
    return {"proposed": _("proposed"), "accepted": _("accepted"), "rejected": _("rejected"),
            "withdrawn": _("withdrawn")}.get(status, status)


class AmendmentFilter(QWidget):
    """Sponsor and status fields; :meth:`matches` says whether an amendment is shown."""

    def __init__(self, on_change: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.sponsor = QLineEdit()
        self.sponsor.setObjectName("amendmentSponsorFilter")
        self.sponsor.setPlaceholderText(_("Sponsor"))
        self.sponsor.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.setObjectName("amendmentStatusFilter")
        self.status.addItem(_("All statuses"), None)
        for s in STATUSES:
            self.status.addItem(status_label(s), s)
        label = QLabel(_("Show:"))
        label.setBuddy(self.sponsor)
        row.addWidget(label)
        row.addWidget(self.sponsor, 1)
        row.addWidget(self.status)
        self.sponsor.textChanged.connect(lambda _text: on_change())
        self.status.currentIndexChanged.connect(lambda _i: on_change())

    def matches(self, a: SnapAmendment) -> bool:
        """Whether ``a`` passes both fields (an empty field passes everything)."""
        status = self.status.currentData()
        if status and a.status != status:
            return False
        return parties.backs(a.sponsors, self.sponsor.text(), language=current_language(), partial=True)
