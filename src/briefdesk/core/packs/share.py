"""``.briefpack`` share files: one pack, with the texts it excerpts, in a single ZIP archive.

A colleague whose library lacks the source documents can open, read, edit
and print a shared pack, because every excerpt travels as imported.

Format (version :data:`FORMAT_VERSION`), a ZIP archive (``zipfile``, deflated) holding exactly:

* ``manifest.json`` — UTF-8 JSON, validated on import against
  :data:`MANIFEST_SCHEMA` (JSON Schema draft 2020-12, checked with the
  ``jsonschema`` package)::

      {"format": "briefdesk-pack", "version": 1, "generator": "BriefDesk",
       "pack": {title, body, session, start_date, end_date (ISO 8601 or null), venue,
                delegation, language, classification, version},
       "items": [{number, title, background, objectives, talking_points, lines_to_take,
                  "excerpts": [{"file": "excerpts/0001.json", scope, section, source_symbol,
                                source_language, source_title, source_body, source_kind,
                                source_date, content_hash}]}]}

* ``excerpts/NNNN.json`` — one per excerpt, validated against
  :data:`EXCERPT_SCHEMA`: ``{"paragraphs": [{kind, number, level, text, verb, section,
  part_title, footnotes: [{marker, text, offset}], highlights: [[start, end]], note}]}``.

Rich text (sections, notes) is the restricted HTML of :mod:`.richtext`,
sanitized again on import.

**Import never writes outside the library**: members are read into memory
(never extracted), and only database rows are written, in one transaction.
An archive is refused with a :class:`~briefdesk.core.errors.ReadError`
saying why when it is not a ZIP; has more than :data:`MAX_MEMBERS`
members; a member name that is absolute, has a drive letter, backslash,
``..`` or ``.`` component, or is a symbolic link (unsafe paths), or any
name other than those above; a member larger than :data:`MAX_MEMBER_BYTES`
once inflated or a total above :data:`MAX_TOTAL_BYTES` (sizes are counted
while inflating, not trusted from the headers, so a ZIP bomb stops early);
JSON that does not parse, or does not match the schema (or an excerpt file
the manifest does not name, or names twice); or a newer format version.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

import jsonschema

from .. import limits
from ..errors import BriefDeskError, ReadError
from ..i18n import _
from ..models import utcnow
from .richtext import sanitize
from .service import (ITEM_FIELDS, ITEM_SECTIONS, MEETING_FIELDS, ExcerptParagraphView, ExcerptView,
                      FootnoteView, HighlightView, ItemView, PackView, excerpt_hash, paragraph_record)

FORMAT = "briefdesk-pack"
FORMAT_VERSION = 1
SUFFIX = ".briefpack"
#: Limits on what an imported archive may hold.
MAX_MEMBERS = 5000
MAX_MEMBER_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024

_STR = {"type": "string", "maxLength": 1_000_000}
_OPT_STR = {"type": ["string", "null"], "maxLength": 1_000_000}
_DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}

MANIFEST_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["format", "version", "pack", "items"],
    "properties": {
        "format": {"const": FORMAT},
        "version": {"type": "integer", "minimum": 1},
        "generator": _STR,
        "pack": {
            "type": "object",
            "required": list(MEETING_FIELDS),
            "properties": {**{k: _STR for k in MEETING_FIELDS}, "start_date": _DATE, "end_date": _DATE,
                           "language": {"type": "string", "maxLength": 16}},
            "additionalProperties": False,
        },
        "items": {
            "type": "array", "maxItems": 1000,
            "items": {
                "type": "object",
                "required": [*ITEM_FIELDS, "excerpts"],
                "properties": {**{k: _STR for k in ITEM_FIELDS}, "excerpts": {
                    "type": "array", "maxItems": MAX_MEMBERS,
                    "items": {
                        "type": "object",
                        "required": ["file", "scope", "source_symbol", "source_language", "content_hash"],
                        "properties": {
                            "file": {"type": "string", "pattern": r"^excerpts/[0-9]{1,6}\.json$"},
                            "scope": {"enum": ["document", "section", "paragraphs"]},
                            "section": _OPT_STR, "source_symbol": _OPT_STR,
                            "source_language": {"type": "string", "maxLength": 16},
                            "source_title": _STR, "source_body": _STR, "source_kind": _STR,
                            "source_date": _DATE,
                            "content_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$|^$"},
                        },
                        "additionalProperties": False,
                    }}},
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}

EXCERPT_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["paragraphs"],
    "properties": {"paragraphs": {"type": "array", "maxItems": 100_000, "items": {
        "type": "object",
        "required": ["kind", "number", "level", "text"],
        "properties": {
            "kind": {"enum": ["heading", "body", "preambular", "operative"]},
            "number": _OPT_STR, "level": {"type": "integer", "minimum": 0, "maximum": 10},
            "text": _STR, "verb": _OPT_STR, "section": _OPT_STR, "part_title": _OPT_STR,
            "footnotes": {"type": "array", "items": {
                "type": "object", "required": ["marker", "text"],
                "properties": {"marker": _STR, "text": _STR,
                               "offset": {"type": ["integer", "null"], "minimum": 0}},
                "additionalProperties": False}},
            "highlights": {"type": "array", "items": {
                "type": "array", "prefixItems": [{"type": "integer", "minimum": 0},
                                                 {"type": "integer", "minimum": 0}],
                "minItems": 2, "maxItems": 2}},
            "note": _STR,
        },
        "additionalProperties": False}}},
    "additionalProperties": False,
}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# ---------------------------------------------------------------------------
# writing


def write_briefpack(pack: PackView, path: str | Path) -> Path:
    """Write ``pack`` as a ``.briefpack`` file at ``path``; returns the path.

    Written to a temporary file beside ``path`` and renamed into place, so a
    failure leaves no partial file.  Raises :class:`~briefdesk.core.errors.ExportError`
    when the file cannot be written.
    """
    from ..errors import ExportError

    path = Path(path)
    manifest = {"format": FORMAT, "version": FORMAT_VERSION, "generator": "BriefDesk",
                "pack": {**{k: getattr(pack, k) for k in MEETING_FIELDS},
                         "start_date": _iso(pack.start_date), "end_date": _iso(pack.end_date)},
                "items": []}
    files: list[tuple[str, bytes]] = []
    for item in pack.items:
        entry = {k: getattr(item, k) for k in ITEM_FIELDS}
        entry["excerpts"] = []
        for ex in item.excerpts:
            name = f"excerpts/{len(files) + 1:04d}.json"
            entry["excerpts"].append({
                "file": name, "scope": ex.scope, "section": ex.section, "source_symbol": ex.source_symbol,
                "source_language": ex.source_language, "source_title": ex.source_title,
                "source_body": ex.source_body, "source_kind": ex.source_kind,
                "source_date": _iso(ex.source_date), "content_hash": ex.content_hash})
            body = {"paragraphs": [{
                "kind": p.kind, "number": p.number, "level": p.level, "text": p.text, "verb": p.verb,
                "section": p.section, "part_title": p.part_title,
                "footnotes": [{"marker": f.marker, "text": f.text, "offset": f.offset} for f in p.footnotes],
                "highlights": [[h.start, h.end] for h in p.highlights], "note": p.note,
            } for p in ex.paragraphs]}
            files.append((name, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")))
        manifest["items"].append(entry)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(_("Cannot write {path}: the folder {folder} does not exist.").format(
            path=path, folder=parent))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".briefpack-", dir=parent)
        try:
            with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
                for name, data in files:
                    zf.writestr(name, data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ExportError(_("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from exc
    return path


# ---------------------------------------------------------------------------
# reading


def _safe_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return False
    if len(name) > 1 and name[1] == ":":
        return False
    parts = PurePosixPath(name).parts
    return all(p not in ("..", ".", "") for p in name.split("/")) and bool(parts)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, budget: list[int]) -> bytes:
    """Inflate one member, counting bytes as they come (headers are not trusted)."""
    chunks, size = [], 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(65536)
            if not chunk:
                break
            size += len(chunk)
            budget[0] += len(chunk)
            if size > MAX_MEMBER_BYTES:
                raise ReadError(path, _("member {name} is larger than {limit} MB").format(
                    name=info.filename, limit=MAX_MEMBER_BYTES // (1024 * 1024)))
            if budget[0] > MAX_TOTAL_BYTES:
                raise ReadError(path, _("the archive unpacks to more than {limit} MB").format(
                    limit=MAX_TOTAL_BYTES // (1024 * 1024)))
            chunks.append(chunk)
    return b"".join(chunks)


def _json(data: bytes, name: str, path: Path, schema: dict, paragraphs: list[int] | None = None):
    """Parse and validate one member; ``paragraphs`` counts excerpt paragraphs against the pack's budget."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ReadError(path, _("{name} is not valid JSON: {reason}").format(name=name, reason=exc)) from exc
    if paragraphs is not None and isinstance(value, dict) and isinstance(value.get("paragraphs"), list):
        paragraphs[0] += len(value["paragraphs"])
        if paragraphs[0] > limits.PACK_PARAGRAPHS:
            raise limits.refuse(path, _("the number of paragraphs in its excerpts ({n:,} so far)").format(
                n=paragraphs[0]), limits.PACK_PARAGRAPHS)
    if schema is MANIFEST_SCHEMA and isinstance(value, dict) and isinstance(value.get("version"), int) \
            and value.get("format") == FORMAT and value["version"] > FORMAT_VERSION:
        raise ReadError(path, _("made by a newer BriefDesk (format version {version}); update BriefDesk to open it")
                        .format(version=value["version"]))
    try:
        _validator(schema).validate(value)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "/"
        raise ReadError(path, _("{name} does not match the .briefpack format at {where}: {reason}").format(
            name=name, where=where, reason=exc.message[:200])) from exc
    return value


_VALIDATORS: dict[int, object] = {}


def _validator(schema: dict):
    """The schema's validator, checked and built once (``jsonschema.validate`` re-checks the schema each call)."""
    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = _VALIDATORS[id(schema)] = cls(schema)
    return validator


def read_briefpack(path: str | Path) -> PackView:
    """Read and check a ``.briefpack`` file; returns an unsaved :class:`PackView` (ids 0).

    Raises :class:`ReadError` with the reason for every refusal listed in
    the module docstring, and nothing else: an exception the archive or JSON
    libraries raise on content nobody foresaw is logged with its traceback and
    becomes a :class:`ReadError` naming it.  Nothing is written anywhere.
    Excerpts may hold at most :data:`~briefdesk.core.limits.PACK_PARAGRAPHS`
    paragraphs together.
    """
    path = Path(path)
    try:
        return _read_briefpack(path)
    except BriefDeskError:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad file is refused, never a crash (issue 12)
        logging.getLogger(__name__).error("reading %s failed unexpectedly", path, exc_info=True)
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise ReadError(path, _("the file could not be understood ({detail}); the details were written to the log")
                        .format(detail=detail[:200])) from exc


def _read_briefpack(path: Path) -> PackView:
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise ReadError(path, _("file not found")) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReadError(path, _("not a .briefpack file (not a ZIP archive)")) from exc
    except NotImplementedError as exc:   # a ZIP feature zipfile cannot read ("zip file version 8.4")
        raise ReadError(path, _("damaged archive: {reason}").format(reason=exc)) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ReadError(path, _("too many members ({n}; at most {limit})").format(n=len(infos), limit=MAX_MEMBERS))
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            mode = info.external_attr >> 16
            if not _safe_name(info.filename) or stat.S_ISLNK(mode):
                raise ReadError(path, _("unsafe member path {name}").format(name=info.filename))
            if info.is_dir():
                continue
            if info.filename in members:
                raise ReadError(path, _("member {name} appears twice").format(name=info.filename))
            if info.filename != "manifest.json" and not (
                    info.filename.startswith("excerpts/") and info.filename.endswith(".json")
                    and info.filename.count("/") == 1):
                raise ReadError(path, _("unexpected member {name}").format(name=info.filename))
            if info.file_size > MAX_MEMBER_BYTES:
                raise ReadError(path, _("member {name} is larger than {limit} MB").format(
                    name=info.filename, limit=MAX_MEMBER_BYTES // (1024 * 1024)))
            members[info.filename] = info
        if sum(i.file_size for i in members.values()) > MAX_TOTAL_BYTES:
            raise ReadError(path, _("the archive unpacks to more than {limit} MB").format(
                limit=MAX_TOTAL_BYTES // (1024 * 1024)))
        if "manifest.json" not in members:
            raise ReadError(path, _("no manifest.json: not a .briefpack file"))
        budget, paragraphs = [0], [0]
        try:
            manifest = _json(_read_member(zf, members["manifest.json"], path, budget), "manifest.json", path,
                             MANIFEST_SCHEMA)
            named = [ex["file"] for item in manifest["items"] for ex in item["excerpts"]]
            if len(set(named)) != len(named):
                raise ReadError(path, _("manifest.json names one excerpt file twice"))
            extra = set(members) - set(named) - {"manifest.json"}
            if extra:
                raise ReadError(path, _("unexpected member {name}").format(name=sorted(extra)[0]))
            bodies = {}
            for name in named:
                if name not in members:
                    raise ReadError(path, _("manifest.json names {name}, which is missing").format(name=name))
                bodies[name] = _json(_read_member(zf, members[name], path, budget), name, path, EXCERPT_SCHEMA,
                                     paragraphs)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, zlib.error,
                NotImplementedError) as exc:
            raise ReadError(path, _("damaged archive: {reason}").format(reason=exc)) from exc
    return _view(manifest, bodies, path)


def _view(manifest: dict, bodies: dict, path: Path) -> PackView:
    now = utcnow()
    meta = manifest["pack"]
    try:
        start, end = _date(meta["start_date"]), _date(meta["end_date"])
    except ValueError as exc:
        raise ReadError(path, _("manifest.json: {reason}").format(reason=exc)) from exc
    items = []
    for i, item in enumerate(manifest["items"]):
        excerpts = []
        for j, ex in enumerate(item["excerpts"]):
            paragraphs = []
            for k, p in enumerate(bodies[ex["file"]]["paragraphs"]):
                n = len(p["text"])
                highlights = tuple(HighlightView(0, 0, max(0, a), min(n, b))
                                   for a, b in p.get("highlights", []) if min(n, b) > max(0, a))
                paragraphs.append(ExcerptParagraphView(
                    id=0, position=k, kind=p["kind"], number=p["number"], level=p["level"], text=p["text"],
                    verb=p.get("verb"), section=p.get("section"), part_title=p.get("part_title"),
                    footnotes=tuple(FootnoteView(f["marker"], f["text"], f.get("offset"))
                                    for f in p.get("footnotes", [])),
                    highlights=highlights, note=sanitize(p.get("note", ""))))
            try:
                source_date = _date(ex.get("source_date"))
            except ValueError as exc:
                raise ReadError(path, _("manifest.json: {reason}").format(reason=exc)) from exc
            records = [paragraph_record(_Rec(p)) for p in paragraphs]
            excerpts.append(ExcerptView(
                id=0, item_id=0, position=j, scope=ex["scope"], section=ex.get("section"),
                source_document_id=None, source_symbol=ex["source_symbol"],
                source_language=ex["source_language"], source_title=ex.get("source_title", ""),
                source_body=ex.get("source_body", ""), source_kind=ex.get("source_kind", ""),
                source_date=source_date, content_hash=excerpt_hash(records), created_at=now,
                paragraphs=tuple(paragraphs)))
        items.append(ItemView(id=0, pack_id=0, position=i, number=item["number"], title=item["title"],
                              **{k: sanitize(item[k]) for k in ITEM_SECTIONS}, excerpts=tuple(excerpts)))
    return PackView(id=0, **{k: meta[k] for k in MEETING_FIELDS if k not in ("start_date", "end_date")},
                    start_date=start, end_date=end, created_at=now, updated_at=now, items=tuple(items))


class _Rec:
    """Adapter giving an :class:`ExcerptParagraphView` the shape :func:`paragraph_record` reads."""

    def __init__(self, p: ExcerptParagraphView) -> None:
        self.kind, self.number, self.level, self.text = p.kind, p.number, p.level, p.text
        self.verb, self.section = p.verb, p.section
        self.footnotes = [{"marker": f.marker, "text": f.text, "offset": f.offset} for f in p.footnotes]
