"""Budgets on what pdfminer.six inflates (issue 12: a 1 MB PDF with a 1 GiB FlateDecode stream).

pdfminer decodes a stream in one call (``zlib.decompress``, ``lzwdecode``)
with no upper bound, and retries damaged Flate data byte by byte with a
quadratic loop (``decompress_corrupted``).  :func:`install` replaces those
three names inside ``pdfminer.pdftypes`` (the only module that decodes
streams) with versions that stop at :data:`~briefdesk.core.limits.PDF_STREAM_BYTES`
of output and raise :class:`~briefdesk.core.errors.ReadError` naming the
limit; the damaged-data retry becomes linear.  Behaviour below the limit is
pdfminer's own: the same bytes, the same ``zlib.error`` for truncated or
corrupt data (so pdfminer's fallback still applies).

Public API: :func:`install` (idempotent; called by :func:`~.pdf.read_pdf`).
"""

from __future__ import annotations

import zlib
from io import BytesIO
from types import SimpleNamespace

from .. import limits

__all__ = ["install"]

_installed = False


def _too_large() -> Exception:
    from ..i18n import _

    return limits.refuse(None, _("a stream of the PDF once decoded"), limits.PDF_STREAM_BYTES, size=True)


def _decompress(data: bytes, *args, **kwargs) -> bytes:
    """``zlib.decompress`` with an output budget; raises ``zlib.error`` like it for incomplete data."""
    cap = limits.PDF_STREAM_BYTES
    d = zlib.decompressobj()
    out = d.decompress(data, cap + 1)
    if len(out) > cap:
        raise _too_large()
    if not d.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return out


class _CappedDecompressor:
    """A ``zlib.decompressobj`` that counts what it gives out."""

    def __init__(self, *args, **kwargs) -> None:
        self._d = zlib.decompressobj(*args, **kwargs)
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = limits.PDF_STREAM_BYTES + 1 - self._out
        out = self._d.decompress(data, min(max_length, room) if max_length else room)
        self._out += len(out)
        if self._out > limits.PDF_STREAM_BYTES:
            raise _too_large()
        return out

    def __getattr__(self, name):
        return getattr(self._d, name)


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's recovery of Flate data with a bad checksum, in linear time and within budget."""
    d = _CappedDecompressor()
    out = bytearray()
    i = 0
    try:
        for i in range(len(data)):
            out += d.decompress(data[i:i + 1])
    except zlib.error:
        if i < len(data) - 3:
            raise
    return bytes(out)


def _lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    out = bytearray()
    for chunk in LZWDecoder(BytesIO(data)).run():
        out += chunk
        if len(out) > limits.PDF_STREAM_BYTES:
            raise _too_large()
    return bytes(out)


def install() -> None:
    """Put the budgeted decoders into ``pdfminer.pdftypes`` (once per process)."""
    global _installed
    if _installed:
        return
    from pdfminer import pdftypes

    pdftypes.zlib = SimpleNamespace(decompress=_decompress, decompressobj=_CappedDecompressor,
                                    error=zlib.error)
    pdftypes.decompress_corrupted = _decompress_corrupted
    pdftypes.lzwdecode = _lzwdecode
    _installed = True
