"""How a figure reads to the people who use it, in Chinese and in English.

Statistical Chinese writes amounts with the magnitude word that keeps the number short
(260亿元, not 26,000,000,000元; 1.2万亿元; 35.6万人), a comparator as a word (不低于,
不超过, 左右), a growth as 增长5.5% and a fall as 下降3%. The store keeps every figure in
its base unit (元, 人, 吨); this module turns it back into the form of the bulletins and
work reports, and into plain English (26 billion yuan, at least, growth of 5.5%).

Written by hand: number-formatting libraries (Babel's compact decimals among them) know
万 and 亿 as digit groupings, but not the units of Chinese statistics, nor which of them
take a magnitude word (元 and 吨 do, 公里 and % do not).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = [
    "COMPARATOR_WORDS",
    "UNIT_NAMES_EN",
    "amount",
    "base",
    "comparator_word",
    "gap",
    "headline",
    "is_count",
    "number",
    "percent",
    "promise",
    "rate",
    "scale",
    "signed",
    "unit_name",
]

#: Units that statistical Chinese writes with a magnitude word before them (万元, 亿吨).
_SCALED = frozenset(
    "元 美元 欧元 港元 人 人次 吨 吨标准煤 亩 公顷 户 套 辆 头 只 株 棵 千瓦 千瓦时 立方米 "
    "平方米 件 册 斤 公斤 床 张 名 台".split()
)
# (factor, word), largest first
_MAGNITUDES_ZH = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
_MAGNITUDES_EN = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))

#: English names of the units of Chinese statistics (a unit not listed keeps its symbol).
UNIT_NAMES_EN: dict[str, str] = {
    "元": "yuan",
    "美元": "US dollars",
    "欧元": "euros",
    "港元": "HK dollars",
    "人": "people",
    "人次": "visits",
    "吨": "tonnes",
    "吨标准煤": "tonnes of standard coal",
    "亩": "mu",
    "公顷": "hectares",
    "户": "households",
    "套": "units",
    "辆": "vehicles",
    "头": "head",
    "只": "head",
    "株": "plants",
    "棵": "trees",
    "千瓦": "kW",
    "千瓦时": "kWh",
    "立方米": "m³",
    "平方米": "m²",
    "平方公里": "km²",
    "公里": "km",
    "千米": "km",
    "米": "m",
    "件": "items",
    "册": "volumes",
    "斤": "jin",
    "公斤": "kg",
    "床": "beds",
    "张": "beds",
    "名": "people",
    "台": "units",
    "个": "",
    "项": "projects",
    "家": "firms",
    "所": "institutions",
    "座": "",
    "条": "",
    "处": "sites",
    "次": "times",
    "年": "years",
    "岁": "years",
    "天": "days",
    "%": "%",
    "‰": "‰",
    "个百分点": "percentage points",
    "百分点": "percentage points",
    "倍": "times",
    "微克/立方米": "µg/m³",
    "℃": "°C",
    "毫米": "mm",
}

#: A comparator as a word (Chinese 左右 follows the figure, the others precede it).
COMPARATOR_WORDS: dict[str, dict[str, str]] = {
    "zh": {"ge": "不低于", "le": "不超过", "approx": "左右", "eq": ""},
    "en": {"ge": "at least", "le": "at most", "approx": "about", "eq": ""},
}
_BOUND_ZH = ("ge", "le")


def number(x: float, digits: int = 4) -> str:
    """A number as people write it: no exponent, at most ``digits`` significant figures
    after the point for small values, thousands grouped (1,361; 6.6; 0.45)."""
    if not math.isfinite(x):
        return "—"
    if x == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def unit_name(unit: str, lang: str = "zh") -> str:
    """The unit in ``lang`` (English names for the units of Chinese statistics)."""
    if lang == "en":
        return UNIT_NAMES_EN.get(unit, unit)
    return unit


def is_count(unit: str) -> bool:
    """Whether ``unit`` is the measure word of a count (个, 座, 条): English writes such a
    figure as the bare number, the indicator beside it naming what is counted."""
    return bool(unit) and UNIT_NAMES_EN.get(unit) == ""


def base(value: float, unit: str) -> tuple[float, str]:
    """A value in a unit with a magnitude word (万元, 亿吨, 万人) as a value in the base
    unit: ``base(1.5, "万元")`` → (15000, "元"); any other unit is left as it is."""
    for factor, word in _MAGNITUDES_ZH:
        if unit.startswith(word) and unit[len(word) :] in _SCALED:
            return value * factor, unit[len(word) :]
    return value, unit


def amount(value: float, unit: str, lang: str = "zh") -> str:
    """A value in its base unit, written with the magnitude word that suits its size:
    ``amount(2.6e10, "元")`` → 260亿元 (English: 26 billion yuan); ``amount(5.5, "%")`` →
    5.5%; a unit that takes no magnitude word keeps the value as it is (1,234公里). A
    value in 万元 or 亿吨 is first taken to its base unit."""
    if not math.isfinite(value):
        return "—"
    value, unit = base(value, unit)
    sign = "-" if value < 0 else ""
    v = abs(value)
    if lang == "en":
        name = unit_name(unit, "en")
        if unit in _SCALED:
            for factor, word in _MAGNITUDES_EN:
                if v >= factor:
                    return f"{sign}{number(v / factor)} {word} {name}".rstrip()
        if unit in ("%", "‰"):
            return f"{sign}{number(v)}{unit}"
        return f"{sign}{number(v)} {name}".rstrip()
    if unit in _SCALED:
        for factor, word in _MAGNITUDES_ZH:
            if v >= factor:
                return f"{sign}{number(v / factor)}{word}{unit}"
    return f"{sign}{number(v)}{unit}"


def comparator_word(comparator: str, lang: str = "zh") -> str:
    """The comparator as a word: 不低于 / 不超过 / 左右 (at least / at most / about)."""
    return COMPARATOR_WORDS["en" if lang == "en" else "zh"].get(comparator, "")


def promise(
    value: float,
    unit: str,
    *,
    measure: str = "level",
    comparator: str = "eq",
    sign: int = 1,
    value_high: float | None = None,
    lang: str = "zh",
) -> str:
    """A target as a report states it: 增长5.5%左右, 不低于260亿元, 下降3%左右,
    提高2个百分点, 增长6%—6.5% (English: growth of about 5.5%, at least 26 billion yuan)."""
    fall = sign < 0 or (measure in ("growth", "change") and value < 0)
    shown = abs(value)
    text = amount(shown, unit, lang)
    if value_high is not None and value_high != value:
        high = amount(abs(value_high), unit, lang)
        # a range keeps its unit at both ends, as the State Council's work reports write it
        # (国内生产总值增长6.5%—7%, 2016; 6%—6.5%, 2019)
        text = f"{text}—{high}" if lang == "zh" else f"{text} to {high}"
        comparator = "eq"
    word = comparator_word(comparator, lang)
    if lang == "en":
        core = f"{word} {text}".strip()
        if measure == "growth":
            return f"{'a fall' if fall else 'growth'} of {core}"
        if measure == "change":
            return f"{'down' if fall else 'up'} {core}"
        if measure == "rank":
            return f"rank {core}"
        return core
    before = word if comparator in _BOUND_ZH else ""
    after = word if comparator == "approx" else ""
    core = f"{before}{text}{after}"
    if measure == "growth":
        return f"{'下降' if fall else '增长'}{core}"
    if measure == "change":
        verb = "减少" if fall else "提高" if unit in ("个百分点", "百分点") else "增加"
        return f"{verb}{core}"
    if measure == "rank":
        return f"{before}第{number(shown)}位{after}"
    return core


_POINT_UNITS = ("%", "个百分点", "百分点")


def gap(value: float, unit: str, measure: str = "level", lang: str = "zh") -> str:
    """A result's distance from its target: 低于目标0.3个百分点, 高于目标12亿元, 与目标持平
    (English: 0.3 percentage points below the target). A growth or a figure in % is apart
    by percentage points."""
    if not math.isfinite(value):
        return "—"
    if abs(value) < 1e-9:
        return "与目标持平" if lang != "en" else "equal to the target"
    size = amount(
        abs(value), "个百分点" if measure == "growth" or unit in _POINT_UNITS else unit, lang
    )
    if lang == "en":
        return f"{size} {'above' if value > 0 else 'below'} the target"
    return f"{'高于' if value > 0 else '低于'}目标{size}"


def signed(value: float, unit: str, lang: str = "zh") -> str:
    """A change with its sign: +12亿元, -0.3个百分点, 0 (English: +1.2 billion yuan)."""
    if not math.isfinite(value):
        return "—"
    if value == 0:
        return amount(0.0, unit, lang)
    return ("+" if value > 0 else "-") + amount(abs(value), unit, lang)


def percent(share: float, lang: str = "zh") -> str:
    """A share of one as a percentage to one decimal: 0.453 → 45.3%, 1 → 100%."""
    if not math.isfinite(share):
        return "—"
    return f"{number(round(share * 100, 1))}%"


def rate(value: float, unit: str, lang: str = "zh") -> str:
    """A yearly rate: 每年5.2%, 每年0.5个百分点 (English: 5.2% a year)."""
    if not math.isfinite(value):
        return "—"
    if lang == "en":
        return f"{amount(value, unit, lang)} a year"
    return f"每年{amount(value, unit, lang)}"


def scale(values: Iterable[float | None], unit: str, lang: str = "zh") -> tuple[float, str]:
    """The divisor and the unit in which a column or a chart axis of ``values`` reads best,
    from the largest of them: ``scale([2.6e10, 1.9e10], "元")`` → (1e8, "亿元"), English
    (1e9, "billion yuan"); a unit without magnitude words keeps its values, (1, "%")."""
    factor0, base_unit = base(1.0, unit)
    finite = [abs(v) * factor0 for v in values if v is not None and math.isfinite(v)]
    biggest = max(finite, default=0.0)
    if base_unit in _SCALED:
        for factor, word in _MAGNITUDES_EN if lang == "en" else _MAGNITUDES_ZH:
            if biggest >= factor:
                name = f"{word} {unit_name(base_unit, 'en')}" if lang == "en" else word + base_unit
                return factor / factor0, name
    return 1.0 / factor0, unit_name(base_unit, lang)


def headline(
    indicator: str,
    value: float,
    unit: str,
    *,
    measure: str = "level",
    comparator: str = "eq",
    value_high: float | None = None,
    deadline: int | None = None,
    lang: str = "zh",
) -> str:
    """A target named so that one can be told from another: the indicator, the promise
    (level or growth) and the year — 地区生产总值增长5.5%左右 · 2025年 (English:
    地区生产总值: growth of about 5.5% · 2025)."""
    said = promise(
        value, unit, measure=measure, comparator=comparator, value_high=value_high, lang=lang
    )
    if lang == "en":
        text = f"{indicator}: {said}" if indicator else said
        return f"{text} · {deadline}" if deadline is not None else text
    text = f"{indicator}{said}"
    return f"{text} · {deadline}年" if deadline is not None else text
