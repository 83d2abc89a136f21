"""The PySide6 desktop window.

Only this package imports Qt, and only through :mod:`.qt` (the one shim
module); every other module here does ``from .qt import ...``.
"""
