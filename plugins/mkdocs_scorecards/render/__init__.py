"""Turning computed results into pages, maps, JSON and CSV."""
