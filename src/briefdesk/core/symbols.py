"""What a United Nations document symbol looks like: the one pattern readers and citations share.

Symbols are slash-separated components (ST/SGB/2019/1, UN Dag Hammarskjöld
Library, "United Nations Document Symbols"): an upper-case series
component that may carry digits or a hyphenated part (``A``, ``CBD``,
``WHA58``, ``IT``, ``UNEP``), then components of letters, digits, dots and
hyphens (``Add.1``, ``L.13``, ``GB-7``, ``CONF.15``), one of which may end
in a parenthesised session (``1514(XV)``).  A full stop ending the
sentence is not part of the symbol (``…/Add.1.``), nor is a closing bracket
around it (``(UNEP/CBD/COP/13/15)``).

Examples: ``A/RES/75/1``, ``A/HRC/54/L.13``, ``CBD/SBI/2/10/Add.1``,
``UNEP/CBD/COP/12/24``, ``IT/GB-7/17/19``, ``WHA58/2005/REC/1``.
"""

from __future__ import annotations

import re

#: Group 1 is the symbol; one component at least follows the series.
SYMBOL_RE = re.compile(
    r"(?<![A-Za-z0-9/.\-])"
    r"([A-Z][A-Z0-9]*(?:-[A-Za-z0-9.]+)?(?:/[A-Za-z0-9][A-Za-z0-9.\-]*(?:\([A-Za-z0-9]+\))?)+)"
    r"(?<!\.)")
