"""What the plugin fixes in the theme's page around ours, so that a stock mkdocs-material site passes axe.

Accessibility ships with the plugin, not with a user's theme overrides:
Material's search dialog has no accessible name (an axe "serious" finding on
every page). The footer's contrast is fixed in the plugin's stylesheet.
"""

from __future__ import annotations

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


def accessible_theme(html: str) -> str:
    """The page with Material's search dialog named; other themes' pages come back unchanged."""
    return html.replace(_SEARCH_DIALOG, _NAMED_SEARCH_DIALOG, 1)
