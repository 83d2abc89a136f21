"""Preferences in one JSON file, redirected by BRIEFDESK_CONFIG_DIR (issue 13, point 5)."""

from __future__ import annotations

import json

from briefdesk.core import settings


def test_defaults_set_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.ENV_CONFIG_DIR, str(tmp_path / "cfg"))
    assert settings.settings_path() == tmp_path / "cfg" / "settings.json"
    assert settings.get("backups_to_keep") == 7 and settings.get("document_languages") == []
    assert settings.get("unknown", "x") == "x" and settings.get("unknown") is None
    settings.set("backups_to_keep", 3)
    settings.update({"document_languages": ["zh", "en"], "pack_classification": "内部"})
    stored = json.loads((tmp_path / "cfg" / "settings.json").read_text(encoding="utf-8"))
    assert stored == {"backups_to_keep": 3, "document_languages": ["zh", "en"], "pack_classification": "内部"}
    assert settings.get("backups_to_keep", 7) == 3
    assert settings.all_settings()["text_size"] == 0


def test_an_unreadable_file_reads_as_the_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.ENV_CONFIG_DIR, str(tmp_path))
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    assert settings.get("backups_to_keep") == 7
    settings.set("text_size", 14)  # and a write replaces it
    assert settings.get("text_size") == 14 and settings.get("backups_to_keep") == 7
