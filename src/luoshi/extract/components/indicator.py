"""Indicators: the phrase that names what a quantity measures, and its canonical entry.

The phrase is found where Chinese statistical prose puts it: before the number in
its clause (``全县地区生产总值完成65.25亿元``), or after a measure word
(``136个行政村``, ``15公里生态廊道``). It is cleaned of the place (``全县``, the
document's own region), the time (``2021年``, ``每年``, ``前三季度``), connectives
(``其中``, ``特别是``) and the verbs and comparators around the number (``完成``,
``达到``, ``突破``). A clause that names no indicator of its own continues the one
before it (``从1500亿元跃升至2300亿元``).

The canonical vocabulary is ``extract/data/indicators.tsv`` (names of the National
Bureau of Statistics' bulletins and of the five-year plans' main indicator tables),
extensible with a file of the same shape named by ``LUOSHI_INDICATORS``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import ahocorasick

__all__ = ["Indicator", "after_phrase", "before_phrase", "clean_phrase", "lookup", "vocabulary"]


@dataclass(frozen=True, slots=True)
class Indicator:
    """A canonical indicator."""

    id: str
    name: str
    synonyms: tuple[str, ...]
    unit: str
    direction: str  # higher | lower (which way is better)
    dimension: str  # 创新 协调 绿色 开放 共享, or 经济
    binding: str  # 约束性 | 预期性 | ""
    # stock: a level followed along a trend (GDP, income, population, capacity);
    # flow: what is new within one year (城镇新增就业): only that year's figure answers;
    # rate: a ratio compared with itself (失业率, 城镇化率, 赤字率, 研发投入强度)
    nature: str = "stock"
    # a ceiling is met at or below its value whatever the comparator (居民消费价格涨幅3%左右,
    # 城镇调查失业率5.5%左右); its direction is "lower"
    ceiling: bool = False


def _parse(text: str) -> list[Indicator]:
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        cols += [""] * (8 - len(cols))
        ident, name, syn, unit, direction, dimension, binding, nature = cols[:8]
        synonyms = tuple(s for s in syn.split("|") if s)
        ceiling = direction == "ceiling"
        out.append(
            Indicator(
                ident,
                name,
                synonyms,
                unit,
                "lower" if ceiling else (direction or "higher"),
                dimension,
                binding,
                nature or "stock",
                ceiling,
            )
        )
    return out


@cache
def vocabulary() -> tuple[Indicator, ...]:
    """The canonical indicators: the shipped file, then the user's (LUOSHI_INDICATORS)."""
    text = resources.files("luoshi.extract").joinpath("data/indicators.tsv").read_text("utf-8")
    items = _parse(text)
    extra = os.environ.get("LUOSHI_INDICATORS")
    if extra:
        items = [*items, *_parse(Path(extra).read_text("utf-8"))]
    return tuple(items)


@cache
def _names() -> tuple[dict[str, Indicator], ahocorasick.Automaton]:
    exact: dict[str, Indicator] = {}
    automaton = ahocorasick.Automaton()
    for ind in vocabulary():
        for n in (ind.name, *ind.synonyms):
            exact.setdefault(n, ind)
            if len(n) >= 2:
                automaton.add_word(n, (n, ind))
    automaton.make_automaton()
    return exact, automaton


@lru_cache(maxsize=8192)
def lookup(phrase: str) -> Indicator | None:
    """The canonical indicator a phrase names: an exact name or synonym, else the longest
    name the phrase contains (``全县地区生产总值年均增速`` → 地区生产总值)."""
    exact, automaton = _names()
    if phrase in exact:
        return exact[phrase]
    best: tuple[str, Indicator] | None = None
    for _, (name, ind) in automaton.iter(phrase):
        if best is None or len(name) > len(best[0]):
            best = (name, ind)
    return best[1] if best else None


# --- cleaning -------------------------------------------------------------------

_PLACE = (
    r"全县|全市|全省|全区|全国|全镇|全乡|全州|全旗|我县|我市|我省|我区|本县|本市|本省|"
    r"县内|市内|省内|区内|境内|县域|市域|全域|全年|全社会(?=固定)"
)
_TIME_WORDS = (
    r"(?:19|20)\d{2}年(?:底|末)?(?:前三季度|上半年|下半年|一季度|前两个月|全年|1-\d+月)?|"
    r"今年|去年|明年|上年|当年|全年|每年|每年度|年内|前三季度|上半年|下半年|一季度|"
    r"近几年|近年来|近年|多年来|目前|当前|现在|届时|期间|以来|“?十[一二三四五]五”?(?:末|期末|期间|时期)?|"
    r"年末|年初|年底|年中|(?:比|较|与|同)(?:上年|去年|上年同期|上年末|年初|同期)末?|同比|环比"
)
_CONNECTIVES = (
    r"其中|特别是|尤其是|同时|并且|并|而且|而|但|且|其|就|也|还|又|则|共|总计|合计|累计|"
    r"从|在|以|对|把|将|使|让|为了|通过|力争|确保|争取|努力|预计|计划|拟|要|力求|咬定|"
    r"到|至|截至|仅用|只需|仅需|只要|短短的|短短|仍然|依然|继续|已经|已|均|都|平均"
)
# Verbs that end the indicator before a number, longest first (达到了 before 达到 before 达).
_TRAILING = sorted(
    [
        "完成", "达到", "达到了", "达", "实现", "突破", "超过", "超", "增长", "增加", "增加了",
        "增长了", "提高", "提高了", "提升", "提升了", "下降", "下降了", "降低", "减少", "为", "是",
        "有", "约", "近", "跃升至", "跃升了", "跃升", "上升至", "上升", "升至", "降至", "增至",
        "至",
        "控制在", "稳定在", "保持在", "不低于", "不少于", "不超过", "不高于", "高于", "低于",
        "只需", "共", "总计", "累计", "分别为", "分别", "占", "的", "仍然达到了", "达到约",
        "位居", "位列", "居", "列", "排名", "排在", "跃居", "位于", "计", "约为", "大约",
        "年均增长", "年均", "平均", "同比增长", "同比", "比上年增长", "比上年", "较上年", "达成",
        "已达", "已经达到", "首次突破", "新增", "增", "降", "减", "提", "有效", "以上", "近",
        "上涨", "回落", "下滑", "增幅", "按可比价格计算", "按不变价格计算",
        "从", "由", "就", "就从", "自", "也", "还", "都", "则", "已", "仍", "将", "要", "只",
        "力争", "确保", "争取", "努力", "预计", "计划", "调整为", "调整", "优化为", "稳定在",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
# Verbs of doing that precede what is done: 建设温室大棚1000座 → 温室大棚.
_ACTION = (
    r"建设|新建|改建|扩建|建成|打造|推进|推动|实施|引进|培育|发展|完成|实现|开工|启动|"
    r"上报|严守|守住|新增(?=[\u4e00-\u9fff]{0,2}项目)|谋划|储备|招引|签约|落地|投产|开展|"
    r"持续推动|持续推进|加快|创建|争创|认定|新培育|新认定|组织|举办|接待|吸引|带动|"
    r"种植|栽植|造林|改造|治理|修复|整治|打好|抓好"
)
# one trailing verb at the end of a phrase (the longest: 达到了 before 达到)
_TRAILING_RE = re.compile("(?:" + "|".join(re.escape(w) for w in _TRAILING) + ")$")
# the start of a phrase that is a verb, not a noun: 跃升至…, 为…
STARTS_WITH_VERB = re.compile("^(?:" + "|".join(re.escape(w) for w in _TRAILING) + ")")
_ENUM_MARK = (
    r"[一二三四五六七八九十]{1,2}[是要]|首先|其次|再次|最后|第[一二三四五六七八九十]{1,2}[，,、]"
)
_LEADING = re.compile(rf"^(?:[、，,\s]|{_ENUM_MARK}|{_CONNECTIVES}|{_PLACE}|{_TIME_WORDS})+")
# an action verb followed by 率/量/数/额 is part of a noun (开工率, 完成额)
_ACTION_RE = re.compile(rf"(?:{_ACTION})(?![率量数额])")
_PLACE_CHAIN = re.compile(
    r"^(?:(?!城镇|乡镇|乡村|城乡|农村)[\u4e00-\u9fff]{2,4}(?:乡|镇|村|街道|社区))+"
)
_INNER_TIME = re.compile(rf"(?:{_TIME_WORDS})")
# What may follow a measure word as the thing counted: stops at function words.
_AFTER_STOP = re.compile(
    r"[^\u4e00-\u9fffA-Za-z]|的|为|是|在|和|与|及|等|以|到|并|[中上](?=[^\u4e00-\u9fff]|位|居|排|的)|"
    r"设立|建设|规划|编制|不动摇|不|成为|作为|达到|实现|领跑|大关|关口|台阶|水平|规模以上"
)
# A zone or place before the thing counted: 太忻一体化经济区知名企业 → 知名企业.
_ZONE = re.compile(
    r"^[\u4e00-\u9fff]{2,10}?(?:经济区|开发区|示范区|高新区|产业园区|园区|新区|城市群|都市圈|经济带)"
)


def clean_phrase(phrase: str, own_places: tuple[str, ...] = ()) -> str:
    """An indicator phrase without place, time, connectives and the verbs around a number."""
    p = phrase.strip()
    for place in own_places:
        if place and len(place) >= 2 and p.startswith(place):
            p = p[len(place) :]
    prev = None
    while prev != p:
        prev = p
        p = _LEADING.sub("", p)
        for place in own_places:
            if place and len(place) >= 2 and p.startswith(place):
                p = p[len(place) :]
        m = _TRAILING_RE.search(p)
        if m:
            p = p[: m.start()]
        m = _PLACE_CHAIN.match(p)
        if m and len(p) - m.end() >= 2:
            p = p[m.end() :]
    p = _INNER_TIME.sub("", p)
    return p.strip("、，,：:；; ")


def before_phrase(clause: str, own_places: tuple[str, ...] = ()) -> str:
    """The indicator named before a number, from the text of its clause up to the number."""
    # an action verb hands the indicator to its object: 建设温室大棚 → 温室大棚
    last = None
    for m in _ACTION_RE.finditer(clause):
        if len(clause) - m.end() >= 2:
            last = m
    text = clause[last.end() :] if last else clause
    # 占 splits share phrases: keep them whole (林草地面积占国土总面积的)
    return clean_phrase(text, own_places)


def after_phrase(text: str, pos: int, limit: int = 14) -> str:
    """The thing counted after a measure word: ``136个行政村`` → 行政村."""
    m = _AFTER_STOP.search(text, pos, min(len(text), pos + limit))
    end = m.start() if m else min(len(text), pos + limit)
    phrase = text[pos:end]
    zone = _ZONE.match(phrase)
    if zone and len(phrase) - zone.end() >= 2:
        phrase = phrase[zone.end() :]
    return phrase
