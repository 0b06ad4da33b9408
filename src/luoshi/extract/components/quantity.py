"""Units and magnitudes: a number's unit, and its value folded to the base unit.

The lexicon is ``extract/data/units.tsv``. A magnitude word written after the digits
(``65.25亿元``, ``130万千瓦``, ``18.7万人``) becomes part of the unit as the contract
wants (``亿元``, base ``元``); before a bare number it is the unit itself (``810亿``).
Latin units of technical text (``KWh/m2``, ``m/s``) and composite units (``元/吨``)
are kept as written.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["MAGNITUDES", "UnitMatch", "match_unit", "scaled", "units"]

#: Magnitude words and their factors (DOMAIN: 万 = 10⁴, 亿 = 10⁸, 万亿 = 10¹²).
MAGNITUDES: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
}


@dataclass(frozen=True, slots=True)
class UnitMatch:
    """A unit found after a number."""

    text: str  # as written, magnitude word included (亿元)
    base: str  # without the magnitude (元)
    factor: float  # magnitude × the unit's own factor
    kind: str
    end: int  # where the unit ends in the text


@cache
def units() -> dict[str, tuple[str, float, str]]:
    """The unit lexicon: unit → (base unit, factor, kind)."""
    table: dict[str, tuple[str, float, str]] = {}
    data = resources.files("luoshi.extract").joinpath("data/units.tsv").read_text("utf-8")
    for line in data.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        unit, base, factor, kind = line.split("\t")
        table[unit] = (base, float(factor), kind)
    return table


@cache
def _unit_pattern() -> re.Pattern[str]:
    names = sorted(units(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


# Latin units of technical text: kWh, KWh/m2, m/s, mg/m3, km, MW.
_LATIN_UNIT = re.compile(
    r"(?:[kKMGTmμu]?[A-Za-z][A-Za-z]?[hH]?[23²³]?)(?:/[A-Za-z]{1,3}[23²³]?)?(?![A-Za-z0-9])"
)
_LATIN_KNOWN = frozenset(
    (
        "kwh kw mw gw w wh kv km m m2 m3 m² m³ mm cm ha h s kg g t mg/m3 μg/m3 ug/m3 "
        "m/s km/h kwh/m2 kwh/m² w/m2 mw/h gb tb"
    ).split()
)
_MAGNITUDE_WORD = re.compile("|".join(sorted(MAGNITUDES, key=len, reverse=True)))
# 多/余 between a number and its unit (20多种, 300余家, 5万多人) mean "more than".
_MORE = re.compile(r"[多余]")
# A second unit after a slash or 每 (元/吨, 元每亩) makes a rate.
_PER = re.compile(r"/|每")


def scaled(value: float, factor: float) -> float:
    """``value × factor`` without the binary tail of a decimal figure: 8.8亿 is
    880000000, not 880000000.0000001 (15 significant digits: what a double holds
    exactly in decimal)."""
    product = value * factor
    return float(f"{product:.15g}") if math.isfinite(product) else product


def match_unit(text: str, pos: int, magnitude_text: str = "") -> UnitMatch | None:
    """The unit starting at ``pos`` (right after a number), with ``magnitude_text`` (a
    magnitude word the number component left for the unit) in front of it."""
    factor = MAGNITUDES.get(magnitude_text, 1.0)
    written = magnitude_text
    m = _MAGNITUDE_WORD.match(text, pos)
    if m:
        # a magnitude after 多/余 (20多万人), or a second one: 六万万人 is 6 × 10⁸ in
        # older texts (万万 = 亿)
        written, factor, pos = written + m.group(), factor * MAGNITUDES[m.group()], m.end()
    u = _unit_pattern().match(text, pos)
    if u is not None:
        base, unit_factor, kind = units()[u.group()]
        end = u.end()
        unit_text = written + u.group()
        per = _PER.match(text, end)
        if per is not None:
            second = _unit_pattern().match(text, per.end())
            if second is not None and units()[second.group()][2] not in ("count",):
                unit_text += per.group() + second.group()
                base = base + per.group() + second.group()
                end = second.end()
        return UnitMatch(unit_text, base, factor * unit_factor, kind, end)
    lat = _LATIN_UNIT.match(text, pos)
    if lat is not None and lat.group().lower() in _LATIN_KNOWN:
        return UnitMatch(written + lat.group(), lat.group(), factor, "technical", lat.end())
    if written:
        return UnitMatch(written, "", factor, "", pos)
    return None


def skip_more(text: str, pos: int) -> tuple[int, bool]:
    """Past a 多/余 at ``pos``: the new position and whether one was there."""
    m = _MORE.match(text, pos)
    return (m.end(), True) if m else (pos, False)
