"""BriefDesk: an offline library, search, briefing packs and drafting for delegations."""

__version__ = "0.1.0"
