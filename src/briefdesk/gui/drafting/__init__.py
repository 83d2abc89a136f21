"""The draft editor (issue 6): :class:`~.editor.DraftEditor` over :mod:`briefdesk.core.drafting`."""
