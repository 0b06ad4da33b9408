"""Inline pinyin annotations: the readings that "traditional" mirror sites insert after characters.

``發(fā)展`` carries the reading ``fā`` of 發 in brackets. An annotation is removed only
when its content is a real Mandarin syllable (with or without tone marks, ``ü``/``v``
included), so that a genuine parenthesis after a Han character, ``(GDP)`` or ``(2021)``,
stays. The syllable inventory comes from pypinyin's character dictionary.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["PINYIN_ANNOTATION", "is_syllable", "readings", "strip_tones"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A bracketed lower-case Latin run (tone marks allowed) right after a Han character.
# The character before must be Han; callers check it (a look-behind at every position
# would make the scan several times slower).
PINYIN_ANNOTATION = re.compile(rf"[(（](?P<syllable>[a-z{_TONED}]{{1,6}})[)）]")


def strip_tones(s: str) -> str:
    """``nǚ`` → ``nv``, ``fā`` → ``fa``: the plain ASCII spelling of a syllable."""
    s = s.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v").replace("ǚ", "v").replace("ǜ", "v")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@cache
def _syllables() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    found: set[str] = set()
    for value in pinyin_dict.values():
        for reading in value.split(","):
            found.add(strip_tones(reading))
    return frozenset(found)


def is_syllable(s: str) -> bool:
    """True when ``s`` is a Mandarin syllable in pinyin, tone marks optional."""
    return strip_tones(s) in _syllables()


@cache
def _by_reading() -> dict[str, list[str]]:
    from pypinyin.pinyin_dict import pinyin_dict

    table: dict[str, list[str]] = {}
    for code, value in pinyin_dict.items():
        if 0x4E00 <= code <= 0x9FFF:
            for reading in value.split(","):
                table.setdefault(reading, []).append(chr(code))
    return table


def readings(syllable: str) -> list[str]:
    """The common-range Han characters read as ``syllable`` (exact tone marks)."""
    return _by_reading().get(syllable, [])
