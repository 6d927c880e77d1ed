"""Recognising how a file's bytes were written, before reading them as text."""

from __future__ import annotations


def looks_like_utf16(data: bytes) -> bool:
    """Text of mostly ASCII characters in UTF-16 has a NUL in every other byte."""
    sample = data[:2000]
    return len(sample) >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) >= len(sample) // 2 * 0.9
