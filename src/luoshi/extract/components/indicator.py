"""Indicators: the phrase that names what a quantity measures, and its canonical entry.

The phrase is found where Chinese statistical prose puts it: before the number in
its clause (``全县地区生产总值完成65.25亿元``), or after a measure word
(``136个行政村``, ``15公里生态廊道``). It is cleaned of the place (``全县``, the
document's own region), the time (``2021年``, ``每年``, ``前三季度``), and of the words
of policy prose that frame a figure without naming it: connectives (``其中``), modals
(``拟``, ``力争``), adverbs (``先``, ``实际``, ``连续``), prepositions (``按``, ``从``),
the verbs of change, result and budgeting (``提高到``, ``突破``, ``安排``, ``发行``), a
comparison with a base (``比去年预算高``) and a comparator left over from the figure
before (``左右``). A clause that names no indicator of its own continues the one before it
(``从1500亿元跃升至2300亿元``).

The canonical vocabulary is ``extract/data/indicators.tsv`` (the five-year plan's main
indicator table, the statistical bulletins' headings, the work reports' target lists),
extensible with a file of the same shape named by ``LUOSHI_INDICATORS``. A phrase maps
to an entry when the entry is its head: Chinese noun phrases are head-final, so
``人均地区生产总值`` is per capita, ``单位国内生产总值能耗`` energy, and
``数字经济核心产业增加值占国内生产总值比重`` a share of something else than GDP.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from luoshi.extract.candidate import Candidate

__all__ = [
    "LIST_JOIN",
    "NATIONAL",
    "Indicator",
    "after_phrase",
    "before_phrase",
    "clean_phrase",
    "coordinated",
    "is_generic",
    "listed_figures",
    "lookup",
    "total_of",
    "vocabulary",
]

#: The level of a region that is the whole country (its display names are national names).
NATIONAL = "national"


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
    # what a national document calls it, where that differs (国内生产总值 for 地区生产总值)
    national_name: str = ""

    def name_at(self, level: str | None) -> str:
        """The name to show for a region of ``level`` (:data:`NATIONAL` for the country)."""
        if level == NATIONAL and self.national_name:
            return self.national_name
        return self.name


def _parse(text: str) -> list[Indicator]:
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        cols += [""] * (9 - len(cols))
        ident, name, syn, unit, direction, dimension, binding, nature, national = cols[:9]
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
                national.strip(),
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


# --- lookup ---------------------------------------------------------------------

# GDP is one concept named by level (国内生产总值 for the nation, 地区生产总值 for a region,
# 生产总值 in running text, GDP); inside a composite name (单位国内生产总值能耗) it is the
# same word, so names and phrases are compared with every spelling folded to one. 国民生产总值
# (GNP) folds to 国民GDP and stays apart.
_GDP = re.compile(r"(?:国内|地区)?生产总值|GDP")
_FOLD = str.maketrans({"（": "(", "）": ")", "Ｇ": "G", "Ｄ": "D", "Ｐ": "P"})


def _norm(text: str) -> str:
    folded = "".join(text.split()).translate(_FOLD).replace("比率", "比例")
    return _GDP.sub("GDP", folded)


# The words a measure adds after the indicator: a growth (增长, 增速, 涨幅, 年均增长, 下降: a
# fall is a growth of the opposite sign), a size (总量, 规模) or a share of a whole (比重, 占比).
# They say how the indicator is measured, not what it is, and are taken off before the head test.
_GROWTH_SUFFIX = re.compile(
    r"(?:年均|平均|实际|同比|比上年)*的?(?:增长率|增长速度|增长幅度|增长|增速|增幅|涨幅|上涨幅度|上涨|"
    r"下降幅度|下降率|下降|降低率|降低|降幅|减少|提高|提升)$"
)
# (均值, 平均值: a rate averaged over the year, 城镇调查失业率均值5.2%, is still that rate)
_SIZE_SUFFIX = re.compile(
    r"(?:总量|总规模|规模|数量|总里程|所占比重|所占比例|比重|占比|均值|平均值|平均水平)$"
)
# Share and ratio forms: the part before 占/与/相当于 is what is measured, the part after is
# the whole it is divided by (服务业增加值占国内生产总值比重, 社会物流总费用与GDP的比例,
# 服务业增加值在国内生产总值中的比重).
_SHARE = (
    re.compile(r"(?P<part>.+?)(?:占|相当于)(?P<whole>.+?)(?:的)?(?:比重|比例|份额)?$"),
    re.compile(r"(?P<part>.+?)与(?P<whole>.+?)(?:的)?(?:比例|之比|比重)$"),
    re.compile(r"(?P<part>.+?)在(?P<whole>.+?)中(?:的|所占的?)?(?:比重|比例|份额)$"),
    re.compile(r"(?P<whole>.+?)中(?P<part>.+?)所占(?:的)?(?:比重|比例|份额)$"),
)
# What may stand before an indicator's name and leave it the same indicator: the scope of the
# figure (the country, the document's own level, the whole of society) and words of time
# and reckoning. Anything else before the name makes another indicator: a part (工业固定资产
# 投资, 农村人口), another place (襄阳经济总量), a ratio (人均, 单位, 每万人) -- unless the
# vocabulary names that one too.
_SCOPE = re.compile(
    r"(?:全国|我国|中国|全省|全市|全县|全区|全州|全盟|全旗|全镇|全乡|全疆|全域|全自治区|"
    r"本省|本市|本县|本区|我省|我市|我县|我区|我州|省内|市内|县内|区内|境内|全社会|全体|全口径|"
    r"全年|当年|年度|年末|年底|累计|合计|共计|年均|平均|实际|"
    r"(?:今后|过去|近|这)?[一二三四五六七八九十两\d]{1,2}年(?:来|间|内)?)*"
)


@dataclass(frozen=True, slots=True)
class _Index:
    exact: dict[str, Indicator]
    shares: dict[tuple[str, str], Indicator]


@cache
def _index() -> _Index:
    exact: dict[str, Indicator] = {}
    for ind in vocabulary():
        for n in (ind.name, ind.national_name, *ind.synonyms):
            if n:
                exact.setdefault(_norm(n), ind)
    index = _Index(exact, {})
    # an entry defined as a share (研发经费投入占GDP比重) is found by what its parts are, however
    # they are spelt (全社会研发经费支出相当于全市生产总值的比例)
    for key, ind in list(exact.items()):
        parts = _share_parts(key)
        if parts:
            index.shares.setdefault(_share_key(index, *parts), ind)
    return index


def _share_parts(p: str) -> tuple[str, str] | None:
    for pattern in _SHARE:
        m = pattern.fullmatch(p)
        if m and m["part"] and m["whole"] and m["whole"] not in ("比", "比重"):
            return m["part"], m["whole"]
    return None


def _share_key(index: _Index, part: str, whole: str) -> tuple[str, str]:
    a, b = _plain(index, part), _plain(index, whole)
    return (a.id if a else _unscoped(part), b.id if b else _unscoped(whole))


def _unscoped(p: str) -> str:
    m = _SCOPE.match(p)
    return p[m.end() :] if m else p


def _variants(p: str) -> list[str]:
    """``p`` and ``p`` with its measure words taken off, one at a time, growth kept as 增长."""
    out = [p]
    for _ in range(3):
        m = _GROWTH_SUFFIX.search(p)
        if m and m.start() >= 2:
            p = p[: m.start()]
            out += [p + "增长", p]
            continue
        m = _SIZE_SUFFIX.search(p)
        if m and m.start() >= 2:
            p = p[: m.start()]
            out.append(p)
            continue
        break
    return out


def _head(index: _Index, p: str) -> Indicator | None:
    """The longest entry that ends ``p`` with only scope words before it."""
    for i in range(1, len(p) - 1):
        ind = index.exact.get(p[i:])
        if ind is not None and _SCOPE.fullmatch(p[:i]):
            return ind
    return None


def _plain(index: _Index, p: str) -> Indicator | None:
    variants = _variants(p)
    for q in variants:
        if q in index.exact:
            return index.exact[q]
    for q in variants:
        hit = _head(index, q)
        if hit is not None:
            return hit
    return None


@lru_cache(maxsize=16384)
def lookup(phrase: str) -> Indicator | None:
    """The canonical indicator a phrase names: the entry that is its head noun.

    An exact name or synonym; else the share or ratio a phrase states is an indicator of
    its part (``第三产业增加值占地区生产总值比重`` → 第三产业增加值), or the entry defined
    as that share (``研发经费支出占GDP比重`` → 研发经费投入强度); else, with measure words
    taken off (``国内生产总值增速`` → 国内生产总值), the entry that ends the phrase with only
    scope words before it (``全国居民人均可支配收入``). ``None`` when no entry is the head.
    """
    index = _index()
    p = _norm(phrase)
    if len(p) < 2:
        return None
    if p in index.exact:
        return index.exact[p]
    parts = _share_parts(p)
    if parts is not None:
        defined = index.shares.get(_share_key(index, *parts))
        return defined if defined is not None else _plain(index, parts[0])
    return _plain(index, p)


# --- cleaning -------------------------------------------------------------------

_PLACE = (
    r"全县|全市|全省|全区|全国|全镇|全乡|全州|全旗|我县|我市|我省|我区|本县|本市|本省|"
    r"县内|市内|省内|区内|境内|县域|市域|全域|全年|全社会(?=固定)|该县|该市|该省|该区|该镇|该乡|"
    r"当地|本地"
)
_TIME_WORDS = (
    r"(?:19|20)\d{2}年(?:底|末)?(?:前三季度|上半年|下半年|一季度|前两个月|全年|1-\d+月)?|"
    r"今年|本年|去年|明年|上年|当年|全年|每年|每年度|年内|前三季度|上半年|下半年|一季度|"
    r"近几年|近年来|近年|多年来|目前|当前|现在|届时|期间|以来|“?十[一二三四五]五”?(?:末|期末|期间|时期)?|"
    r"年末|年初|年底|年中|(?:比|较|与|同)(?:上年|去年|上年同期|上年末|年初|同期)末?|同比|环比"
)
# (a one-character word is not taken off the start of a word it begins: 就业, 对外, 其他,
# 共享, 都市圈, 从业, 要素, 使用, 在建)
_CONNECTIVES = (
    r"其中|特别是|尤其是|同时|并且|并(?![购网])|而且|而|但|且|其(?![他余])|就(?![业医学诊地])|"
    r"也|还|又|则|共(?![享建同青])|总计|合计|累计|"
    r"尽管|虽然|由于|因为|如果|即使|随着|为此|因此|所以|包括|此外|另外|"
    r"从(?![业事])|在(?![建校岗职线途园])|以|对(?![外])|把|将|使(?![用])|让|为了|通过|"
    r"力争|确保|争取|努力|预计|计划|拟|要(?![素求点])|力求|咬定|"
    r"到(?![位期岗])|至|截至|仅用|只需|仅需|只要|短短的|短短|仍然|依然|继续|已经|已|"
    r"均(?![衡等])|都(?![市])|平均(?!预期|受教育|工资|气温)"
)
# The words of policy prose that stand between an indicator and its figure, by word class.
# They are taken off the end of the phrase before a number (the predicate's place, where a
# verb is a verb even when the same characters make a noun elsewhere), longest first.
# A hand-written list: jieba's part-of-speech tagger was tried and tags the nouns of these
# texts as verbs (一般公共预算支出 → 支出/v, 城镇新增就业 → 就业/v, 赤字率拟按 → 率拟/v).
_VERBS = [
    "完成", "达到", "达到了", "达", "实现", "突破", "超过", "超", "增长", "增加", "增加了",
    "增长了", "提高", "提高了", "提升", "提升了", "下降", "下降了", "降低", "减少", "为", "是",
    "有", "约", "近", "跃升至", "跃升了", "跃升", "上升至", "上升", "升至", "降至", "增至",
    "至",
    "控制在", "稳定在", "保持在", "不低于", "不少于", "不超过", "不高于", "高于", "低于",
    "只需", "共", "总计", "累计", "分别为", "分别", "占", "的", "仍然达到了", "达到约",
    "接近", "将近", "逼近", "约有", "共有",
    "位居", "位列", "居", "列", "排名", "排在", "跃居", "位于", "计", "约为", "大约",
    "年均增长", "年均", "平均", "同比增长", "同比", "比上年增长", "比上年", "较上年", "达成",
    "已达", "已经达到", "首次突破", "新增", "增", "降", "减", "提", "有效", "以上", "近",
    "上涨", "回落", "下滑", "增幅", "按可比价格计算", "按不变价格计算",
    "微降", "略降", "微涨", "略涨", "小幅下降", "小幅上涨",
    "从", "由", "就", "就从", "自", "也", "还", "都", "则", "已", "仍", "将", "要", "只",
    "力争", "确保", "争取", "努力", "预计", "计划", "调整为", "调整", "优化为", "稳定在",
]  # fmt: skip
# verbs of change and result with the complement that points at the figure (提高到, 保持在)
_CHANGE_VERBS = (
    "增加", "提高", "提升", "上升", "下降", "降低", "减少", "扩大", "缩小", "发展", "回升",
    "增长", "攀升", "保持", "稳定", "控制", "维持", "压减", "压降", "压缩", "调增", "调减",
    "跨越", "跨过", "迈上", "站上", "跃上", "跃升", "达", "升", "降", "增", "减", "提",
)  # fmt: skip
_COMPLEMENTS = ("到", "至", "在", "为", "了", "上", "过")
# the two-character ones stand alone too (继续保持, 连续迈上), except those that end nouns
# (县域经济发展, 总量控制)
_BARE_CHANGE_VERBS = tuple(v for v in _CHANGE_VERBS if len(v) == 2 and v not in ("发展", "控制"))
# modals and plan words (拟按3%安排, 力争突破); one-character 要/应/可/能/会 end nouns too
# (纲要, 供应, 许可, 产能, 社会) and are not here
_MODALS = (
    "拟", "将", "须", "应当", "应该", "必须", "需要", "可以", "能够", "力争", "确保", "争取",
    "努力", "力求", "预计", "计划", "预期", "预算安排",
)  # fmt: skip
# adverbs: of order and time (先, 再, 已经, 首次), of extent and manner (实际, 大幅, 稳步)
_ADVERBS = (
    "先", "再", "又", "还", "也", "已", "仍", "就", "则", "才", "只", "仅", "共", "均",
    "已经", "仍然", "依然", "继续", "持续", "连续", "首次", "先后", "分别", "累计", "合计",
    "总共", "共计", "大幅", "大幅度", "进一步", "稳步", "基本", "实际", "双双", "均已", "一律",
    "率先", "历史性", "历史性地", "同口径", "同比", "环比", "明显", "显著", "总体", "整体",
    "比较", "较快", "较大幅度", "一次性", "逆势",
)  # fmt: skip
# prepositions that introduce the figure (按3%, 从2.1%, 在6%左右); 比/较 are left to the
# comparison frame below, since 比 ends nouns (城乡居民收入比)
_PREPOSITIONS = ("按", "按照", "从", "由", "自", "在", "于", "以", "为", "向", "到", "至", "达")
# the verbs of budgets and programmes (安排, 发行, 下达): what they move is named after them
_BUDGET_VERBS = (
    "安排", "发行", "下达", "拨付", "筹措", "筹集", "发放", "投放", "落实", "设定", "确定",
    "拟定", "提出", "惠及", "覆盖", "带动", "吸纳", "减免", "兑现", "到位", "支持",
)  # fmt: skip
_TRAILING = sorted(
    {
        *_VERBS,
        *(v + c for v in _CHANGE_VERBS for c in _COMPLEMENTS),
        *_BARE_CHANGE_VERBS,
        *_MODALS,
        *_ADVERBS,
        *_PREPOSITIONS,
        *_BUDGET_VERBS,
    },
    key=len,
    reverse=True,
)
# A one-character word is not taken off the end of a word it ends: 人均, 人才, 原则, 领先, 公共.
_KEEP_ENDINGS = (
    "人均", "亩均", "户均", "地均", "年均", "平均", "人才", "原则", "规则", "准则", "领先",
    "优先", "公共", "成就", "保持", "自由", "理由", "事由", "总计", "统计", "会计", "设计",
)  # fmt: skip
# A comparison with a base ends a phrase without naming anything: 比去年预算高, 比一九五七年,
# 较上年同期, 高于全国, 等于一九四九年. What is compared is the indicator before it.
_COMPARISON = re.compile(
    r"(?:(?:比|较|同比|相比|与)(?:[^，,、比]{0,10}?(?:年|年末|年底|年初|同期|预算|预算数|计划|"
    r"全国|全省|全市|全区|全县|平均|平均水平))(?:同期|末)?的?"
    r"(?:[高低多少快慢]|增加|减少|提高|降低|下降|增长|上升|扩大|缩小|增|减)?了?|"
    r"[高低快慢多少][于出][^，,、]{1,10}|等于[^，,、]{1,10}?年)$"
)
_COMPARISON_MARK = re.compile(r"[比较与于出]")
_GROWTH_VERB = re.compile(r"(?:年均|平均|实际)?(?:增长|增速)(?:了|到|为)?$")
_CN_YEAR = r"[一二三四五六七八九〇○零]{4}年(?:底|末|初)?"
_DURATION = r"(?:今后|过去|近|这|前|后)?[一二三四五六七八九十两]{1,2}年(?![计规])(?:来|间|内|中)?"
# the frame words as a set (a suffix is looked up by length, the longest first), and the time
# words, which are patterns
_TRAILING_SET = frozenset(_TRAILING)
_LONGEST_WORD = max(map(len, _TRAILING))
# a place at the end is the scope of a rank or comparison (增速全国第3), never what is measured
_SCOPE_END = r"(?:全国|全省|全市|全区|全县|全州|全球|世界)(?:同类|同级)?"
_TIME_END = re.compile(f"(?:{_CN_YEAR}|{_DURATION}|{_TIME_WORDS}|{_SCOPE_END})$")
# the start of a phrase that is a verb, not a noun: 跃升至…, 为…
# (超 opens adjectives too: 超长期特别国债, 超大城市, 超高清)
_STARTING_VERBS = sorted(
    {
        *_VERBS,
        *(v + c for v in _CHANGE_VERBS for c in _COMPLEMENTS),
        *_BARE_CHANGE_VERBS,
        *_MODALS,
        *_BUDGET_VERBS,
    },
    key=len,
    reverse=True,
)
STARTS_WITH_VERB = re.compile(
    "^(?:"
    + "|".join(re.escape(w) if w != "超" else "超(?![长大高低级市])" for w in _STARTING_VERBS)
    + ")"
)
# Verbs of doing that precede what is done: 建设温室大棚1000座 → 温室大棚, 安排财政赤字 → 财政赤字.
_ACTION = (
    r"新改扩建|新改建|改扩建|建设|新建|改建|扩建|建成(?!区)|打造|推进|推动|实施|引进|培育|发展|完成|实现|开工|启动|"
    r"上报|严守|守住|新增(?=[\u4e00-\u9fff]{0,2}项目)|谋划|储备|招引|签约|落地|投产|开展|"
    r"持续推动|持续推进|加快|创建|争创|认定|新培育|新认定|组织|举办|接待|吸引|带动|"
    r"种植|栽植|造林|改造|治理|修复|整治|打好|抓好|"
    r"安排|发行|下达|拨付|筹措|筹集|投放|提出|设定|拟定|惠及|吸纳|减免"
)
_ENUM_MARK = (
    r"[一二三四五六七八九十]{1,2}[是要]|首先|其次|再次|最后|第[一二三四五六七八九十]{1,2}[，,、]"
)
# a comparator left at the start by the figure before (3%左右、农村居民人均可支配收入)
_RESIDUE = r"左右|以上|以内|以下|上下|之间|的"
_LEADING = re.compile(
    rf"^(?:[、，,.．·:：;；\s]|{_ENUM_MARK}|{_RESIDUE}|{_CONNECTIVES}|{_PLACE}|{_TIME_WORDS}|"
    rf"{_CN_YEAR}|{_DURATION})+"
)
# an action verb followed by 率/量/数/额 is part of a noun (开工率, 完成额), and one
# followed by 业 or 面积 names an industry or an area (种植业产值, 造林面积)
_ACTION_RE = re.compile(rf"(?:{_ACTION})(?![率量数额业]|面积)")
_PLACE_CHAIN = re.compile(
    r"^(?:(?!城镇|乡镇|乡村|城乡|农村)[\u4e00-\u9fff]{2,4}(?:乡|镇|村|街道|社区))+"
)
_INNER_TIME = re.compile(rf"(?:{_TIME_WORDS}|{_CN_YEAR})")
# What may follow a measure word as the thing counted: stops at function words.
_AFTER_STOP = re.compile(
    r"[^\u4e00-\u9fffA-Za-z]|的|为|是|在|和|与|及|等|以|到|并|[中上](?=[^\u4e00-\u9fff]|位|居|排|的)|"
    r"设立|建设|规划|编制|不动摇|不|成为|作为|达到|实现|领跑|大关|关口|台阶|水平|规模以上"
)
# A zone or place before the thing counted: 太忻一体化经济区知名企业 → 知名企业.
_ZONE = re.compile(
    r"^[\u4e00-\u9fff]{2,10}?(?:经济区|开发区|示范区|高新区|产业园区|园区|新区|城市群|都市圈|经济带)"
)
# Nouns that name no indicator alone: the size, pace or share of the one before them
# (国内生产总值增长6.6%，总量突破90万亿元).
_GENERIC = frozenset(
    "总量 总规模 规模 增速 增幅 涨幅 增长速度 速度 增长率 比重 占比 总额 数量 总数 幅度 余额 "
    "水平 降幅".split()
)


# verbs whose object counted is this year's addition (改建农村公路63公里)
_BUILDING_VERBS = frozenset({"改扩建", "改建", "扩建", "建成", "建设", "改造", "引进", "培育"})
# a total (总数, 总量) after a count of what is new is the total of the thing itself:
# 新认定高新技术企业12家，总数达到86家 → 高新技术企业
_TOTALS = frozenset({"总数", "总量", "总规模", "总额"})
_NEW = re.compile(r"^(?:新增|新认定|新培育|新建|新引进|新设立|新设|新登记|新注册)")


def total_of(previous: str, generic: str) -> str:
    """The indicator a bare ``generic`` word continues after ``previous``."""
    if generic in _TOTALS:
        m = _NEW.match(previous)
        if m and len(previous) - m.end() >= 2:
            return previous[m.end() :]
    return previous


def is_generic(phrase: str) -> bool:
    """Whether ``phrase`` is a bare size, pace or share word that refers to the indicator before."""
    return phrase in _GENERIC


def _strip_places(p: str, own_places: tuple[str, ...]) -> str:
    for place in own_places:
        if place and len(place) >= 2 and p.startswith(place):
            p = p[len(place) :]
    return p


# A phrase that opens with 比 or 较 is a comparison as a whole (比决算数, 比“六五”时期多), and
# one that opens with 居 or 位列 a rank's frame (居全市第一): neither names what is measured.
_OPENS_COMPARISON = re.compile(
    r"^(?:(?:比|较)(?![重例率])|(?:稳居|位居|位列|跃居|居|排名|排在|列)(?:全国|全省|全市|全区|全县|"
    r"全州|同类|中部|西部|东部|东北|[\u4e00-\u9fff]{0,4}(?:省份|城市|地区))?$)"
)


# No time word or comparison is longer than this: the end patterns are sought in the last
# characters only (a search for a pattern anchored at the end tries every start otherwise).
_TAIL = 28


def _end_match(pattern: re.Pattern[str], p: str) -> int:
    """Where a match of ``pattern`` that ends ``p`` starts, or -1."""
    offset = max(0, len(p) - _TAIL)
    m = pattern.search(p, offset)
    return m.start() if m else -1


def _frame_word_end(p: str) -> int:
    """Where the longest frame word or time word that ends ``p`` starts, or -1."""
    start = -1
    for n in range(min(_LONGEST_WORD, len(p)), 0, -1):
        if p[-n:] in _TRAILING_SET:
            start = len(p) - n
            break
    time = _end_match(_TIME_END, p)
    if time >= 0 and (start < 0 or time < start):
        start = time
    return start


def _strip_tail(p: str) -> str:
    """``p`` without the one frame word or comparison that ends it."""
    start = _end_match(_COMPARISON, p) if _COMPARISON_MARK.search(p) else -1
    if start >= 0:
        return p[:start]
    if _OPENS_COMPARISON.match(p):
        return ""
    if p.endswith("了") and len(p) > 1:
        # 了 closes a verb (原煤增产了, 总投资额完成了): the verb goes with it; a verb the lists
        # do not know is taken as the usual two characters when a noun of two is left
        rest = p[:-1]
        cut = _frame_word_end(rest)
        if cut >= 0:
            return rest[:cut]
        return rest[:-2] if len(rest) >= 4 else rest
    start = _frame_word_end(p)
    if start < 0:
        return p
    rest = p[:start]
    if len(p) - start == 1 and p.endswith(_KEEP_ENDINGS):
        return p
    # the economy is measured by its growth: 经济增长5%左右 names 经济增长, not 经济
    if rest.endswith("经济") and _GROWTH_VERB.fullmatch(p[start:]):
        return p
    return rest


def clean_phrase(phrase: str, own_places: tuple[str, ...] = ()) -> str:
    """An indicator phrase without place, time, connectives and the words that frame a figure."""
    p = _strip_places(phrase.strip(), own_places)
    prev = None
    while prev != p:
        prev = p
        # the end first: a comparison (比去年预算高) is taken whole before 比去年 is taken as time
        p = _strip_tail(p)
        p = _strip_places(_LEADING.sub("", p), own_places)
        m = _PLACE_CHAIN.match(p)
        if m and len(p) - m.end() >= 2:
            p = p[m.end() :]
    p = _INNER_TIME.sub("", p)
    return p.strip("、，,：:；; ")


# Coordinated indicators share one head (城镇、农村居民人均可支配收入; 存款、贷款余额); 和 and
# 及 are a conjunction only outside the words they end or start (碳中和, 饱和, 和谐, 及时).
_COORDINATION = re.compile(r"、|以及|(?<![中饱温调柔总])和(?![谐平美睦])|(?<![普涉])及(?![时])")


def coordinated(phrase: str) -> tuple[str, ...]:
    """The indicators a coordination names, each given the head they share.

    ``城镇、农村居民人均可支配收入`` → (城镇居民人均可支配收入, 农村居民人均可支配收入):
    the head is the end of the last member that makes a canonical indicator with an
    earlier member (城镇 + 居民人均可支配收入); a member that names one alone keeps its own
    words. A phrase that is no coordination is returned alone.
    """
    if phrase.startswith("城乡") and len(phrase) > 3 and not _COORDINATION.search(phrase):
        # 城乡居民人均可支配收入分别增长5.3%、7%: statistics name the town before the country
        return ("城镇" + phrase[2:], "农村" + phrase[2:])
    parts = [x for x in _COORDINATION.split(phrase) if x]
    if len(parts) < 2:
        return (phrase,)
    last = parts[-1]
    head = ""
    for member in parts[:-1]:
        if lookup(member) is not None:
            continue
        for j in range(1, len(last) - 1):
            if lookup(member + last[j:]) is not None:
                head = last[j:]
                break
        if head:
            break
    if head:
        return (*(m if lookup(m) is not None else m + head for m in parts[:-1]), last)
    # a shared modifier goes forward instead (单位国内生产总值能耗和二氧化碳排放)
    first = parts[0]
    for j in range(len(first) - 1, 1, -1):
        if all(lookup(first[:j] + m) is not None for m in parts[1:]):
            return (first, *(first[:j] + m for m in parts[1:]))
    return tuple(parts)


# What joins the figures of a list that the indicators before it answer in order (分别增长
# 9.8%和8.5%; 分别为5%、6%): a comparator of the figure, then 、 和 及 与.
LIST_JOIN = re.compile(r"(?:左右|以上|以内|以下|多|余)?(?:、|和|及|与)(?:分别)?")


def listed_figures(text: str, cands: list[Candidate], i: int) -> int:
    """How many figures, from ``cands[i]`` on, stand in one list in one sentence."""
    k = 1
    while i + k < len(cands):
        a, b = cands[i + k - 1], cands[i + k]
        if b.sentence is not a.sentence or not LIST_JOIN.fullmatch(text[a.end : b.start]):
            break
        k += 1
    return k


def before_phrase(clause: str, own_places: tuple[str, ...] = ()) -> str:
    """The indicator named before a number, from the text of its clause up to the number."""
    # an action verb hands the indicator to its object: 建设温室大棚 → 温室大棚
    last = None
    for m in _ACTION_RE.finditer(clause):
        if len(clause) - m.end() >= 2:
            last = m
    if last is not None:
        # 外汇储备保持在: what follows the verb must name something, else the verb was a noun
        phrase = clean_phrase(clause[last.end() :], own_places)
        if len(phrase) >= 2:
            # 新认定高新技术企业9家, 新改建农村公路63公里: what is new or built this year is
            # a flow, not the stock the noun names (the total of enterprises, of roads)
            verb = last.group()
            if verb.startswith("新"):
                return verb + phrase
            if verb in _BUILDING_VERBS:
                canonical = lookup(phrase)
                if canonical is not None and canonical.nature == "stock":
                    return verb + phrase
            return phrase
    phrase = clean_phrase(clause, own_places)
    # 实施两年新增: a verb and its frame name nothing
    return "" if _ACTION_RE.fullmatch(phrase) else phrase


def after_phrase(text: str, pos: int, limit: int = 14) -> str:
    """The thing counted after a measure word: ``136个行政村`` → 行政村."""
    m = _AFTER_STOP.search(text, pos, min(len(text), pos + limit))
    end = m.start() if m else min(len(text), pos + limit)
    phrase = text[pos:end]
    zone = _ZONE.match(phrase)
    if zone and len(phrase) - zone.end() >= 2:
        phrase = phrase[zone.end() :]
    return phrase
