"""Rendering documents for print: A4 PDF export (:func:`export_pdf`).

``briefdesk.core.render.fonts`` registers the shipped fonts and picks a face
per script; ``briefdesk.core.render.pdf`` lays a
:class:`~briefdesk.core.document.ParsedDocument` out as a UN-style PDF.
"""

from .pdf import export_pdf

__all__ = ["export_pdf"]
