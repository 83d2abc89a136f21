"""Drafting: write and negotiate decision text on its structure (issue 6).

Modules: :mod:`.models` (tables), :mod:`.numbering` (automatic numbers),
:mod:`.references` (internal references that follow their paragraph),
:mod:`.brackets` (square brackets and alternatives), :mod:`.verbs` (the verb
palette in six languages), :mod:`.snapshot` (a draft or version as plain data,
with the ``clean``/``all``/``compilation`` views), :mod:`.service`
(:class:`~.service.DraftService`, the API the GUI and CLI share),
:mod:`.check` (drafting conventions), :mod:`.compare` (aligned comparison) and
:mod:`.journal` (crash journal of text typed but not yet committed).

This package file imports nothing, so that :mod:`briefdesk.core.models` can
register the drafting tables without an import cycle.
"""
