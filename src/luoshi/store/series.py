"""Which observation series a target follows: one rule for the store and for tracking.

A series is one region, indicator, measure and unit. A level, share or rank target
follows the series in its own unit; a growth or change target follows the *level*
series it changes, in the indicator's unit (a change in percentage points follows the
series in %). The store picks a target's baseline from that series, and
:mod:`luoshi.track` assesses the target on it; both ask :func:`series_of`.
"""

from __future__ import annotations

__all__ = ["OWN_UNIT_MEASURES", "POINT_UNITS", "SERIES_MEASURE", "series_of"]

#: The measure of the observations that follow a target of each measure.
SERIES_MEASURE = {
    "level": "level",
    "share": "level",
    "growth": "level",
    "change": "level",
    "rank": "rank",
}
#: Target measures whose series is in the target's own unit.
OWN_UNIT_MEASURES = ("level", "share", "rank")
#: Units of a change in percentage points: such a change follows the series in %.
POINT_UNITS = ("个百分点", "百分点")


def series_of(measure: str, base_unit: str, indicator_unit: str | None) -> tuple[str, str]:
    """(measure, unit) of the observations a target of ``measure`` in ``base_unit`` follows."""
    if measure in OWN_UNIT_MEASURES:
        unit = base_unit
    elif measure == "change" and base_unit in POINT_UNITS:
        unit = "%"
    else:
        unit = indicator_unit or ""
    return SERIES_MEASURE.get(measure, measure), unit
