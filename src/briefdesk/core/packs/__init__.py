"""Briefing packs (issue 5): models, service, rich text, .briefpack share files."""
