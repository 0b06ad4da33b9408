"""Find the numbers in Chinese policy prose: Arabic, Chinese and mixed numerals, with their form.

:func:`find_numbers` scans a text once with one compiled regular expression and
classifies each candidate with a few look-ups around it. It reports every numeric
expression that could carry a quantitative statement (``65.25亿``, ``五千``,
``8.5%``, ``百分之八``, ``三分之一``, ``6%－6.5%``, ``8.4:64.9:26.7``, ``1.5倍``,
``第二大``) and stays silent on the numerals that never do: calendar references
(``2021年``, ``“十四五”``, ``3月``), identifiers (``国道209线``, ``5G``, ``〔2021〕15号``),
enumeration markers (``一是``, ``（二）``, ``1.``), anniversaries (``75周年``), and idioms
(``统一``, ``十分``, ``第一要务``; the list is ``extract/data/numeral_idioms.txt``).
Years found on the way are reported by :func:`find_dates`.

Conventions of a :class:`NumberMatch`:

- ``start``/``end`` bound the numeric expression in the input. They include a sign,
  ``第``/``前`` of a rank, ``百分之``, ``%``/``‰`` and an inner ``多``/``余`` (``20多``),
  but not a prefix such as ``约``/``近`` (reported in ``approx``).
- A trailing magnitude word (``万``, ``亿``, ``万亿``) is *not* applied to ``value`` and
  is *not* in the span: ``65.25亿元`` gives value 65.25, magnitude 1e8,
  ``magnitude_text`` ``亿``, and the unit (``亿元``) begins at ``end``. The one exception
  is a magnitude followed by ``多``/``余`` (``1万多人``): the span then runs to the
  ``多`` and the magnitude word lies inside it, so a caller building the unit should
  prepend ``magnitude_text`` whenever ``text[end:]`` does not already start with it.
- Magnitudes inside a numeral are applied: ``五千`` → 5000, ``三万五千`` → 35000,
  ``5千`` → 5000. Before a trailing 万/亿, ``千``/``百`` are applied and the 万/亿 kept:
  ``1.2千万`` → value 1200, magnitude 1e4; ``四千万`` → value 4000, magnitude 1e4 (so
  the unit component sees ``万`` just as for ``4000万``).
- ``chinese`` is true when the value-bearing part (trailing magnitude word aside) uses a
  Chinese numeral character: ``五千`` and ``5千`` yes, ``3.5万`` no.
- ``vague`` matches (``几十``, ``数百``, ``五六千``, ``十几``) carry a rough reading in
  ``value`` (the first of two digits; 几/数/上 read as 1 before a unit and 0 after one)
  and are never statements; they are reported so that callers can skip them explicitly.
- ``form``: ``percent``/``permille`` (``8.5%``, ``百分之八``, ``千分之三``: value 8.5, 8, 3),
  ``fraction`` (``三分之一`` → 0.333…, ``万分之五`` → 0.0005, ``1/3`` only with a cue of
  proportion, since ``1/6`` may be a date), ``range`` (value ``(low, high)`` in one scale:
  ``10—20万`` is (10, 20) with magnitude 1e4, ``6.5—7%`` is (6.5, 7) with ``scale`` ``%``),
  ``ratio`` (``8.4:64.9:26.7``, clock times excluded), ``multiple`` (``1.5倍`` → 1.5,
  ``翻两番`` → 4), ``rank`` (span ``第二`` of ``第二大``, ``前十`` of ``前十强``; the 大/位/名
  after it is left to the caller), else ``number``.
- ``scale`` is ``%`` or ``‰`` whenever the value is a percentage or a permillage, a range
  of them included (its ``form`` is then ``range``).
- ``approx``: ``ge`` for 多/余 inside the number and 以上 after it, ``le`` for 以下/以内
  after it, ``approx`` for 约/近/大约/将近/接近 before it and 左右 after it (a suffix is
  looked for up to five characters on, across the unit: ``120天左右``).
- Full-width digits and number punctuation (``８．５％``) and the traditional forms of
  numeral characters (``萬``, ``億``, ``兩``) are read as their plain forms; the folding is
  one character for one, so offsets are those of the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from luoshi.extract.components._numeral import (
    _CN_BODY,
    _CN_CHARS,
    _CN_START,
    _DECIMAL_DIGITS,
    _DIGIT_VALUE,
    _FINANCIAL,
    _SI_AFTER_KILO,
    _SI_KILO_UNITS,
    _SMALL_UNIT,
    _fold,
    _parse,
    _strip_commas,
    parse_chinese_numeral,
)

__all__ = [
    "NumberMatch",
    "find_dates",
    "find_numbers",
    "parse_chinese_numeral",
    "scan_numbers",
]


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """One numeric expression found in a text, with its value and form."""

    start: int
    end: int
    value: float | tuple[float, ...]
    form: str  # number | percent | permille | fraction | range | ratio | rank | multiple
    magnitude: float = 1.0
    magnitude_text: str = ""
    chinese: bool = False
    approx: str | None = None  # "ge" (多/余/以上), "le" (以下/以内), "approx" (约/近/左右)
    vague: bool = False
    scale: str = ""  # "%" or "‰" when the value is a percentage or permillage, ranges included
    # a range's two ends: its low end stops at low_end, its high end starts at high_start
    low_end: int | None = None
    high_start: int | None = None


# ---------------------------------------------------------------------------
# The scanner
# ---------------------------------------------------------------------------

# Arabic numbers: digit groups with thousands separators, or a plain run of at most 30
# digits (possessive, and refused when longer, so that a line of digits is linear).
_ANUM = (
    r"(?:[0-9]{1,3}(?:[,，][0-9]{3}){1,6}(?![0-9])|[0-9]{1,30}+(?![0-9]))"
    r"(?:\.[0-9]{1,20}+(?![0-9]))?"
)
_KILO = rf"(?:千(?![{_SI_AFTER_KILO}])|百(?!分))"
# Arabic with Chinese magnitudes: 5千, 1.2千万, 3万4000, 2千零30万, 1.6万亿.
_AMIX = (
    rf"{_ANUM}(?:(?:{_KILO}|万亿|万|亿)零?[0-9]{{1,4}}+(?![0-9.]))*"
    rf"(?:{_KILO})?(?:万亿|万万|万|亿)?"
)
# Chinese numerals: one maximal run (refused past 31 characters), an optional 点-decimal.
_CNUM = (
    rf"(?<![{_CN_BODY}])[{_CN_START}][{_CN_BODY}]{{0,30}}+(?![{_CN_BODY}])"
    rf"(?:点[{_DECIMAL_DIGITS}]{{1,15}}+(?![十百千拾佰仟])[万亿]{{0,2}})?"
)
_NUM = rf"(?:(?<![0-9])(?<![0-9]\.){_AMIX}|{_CNUM})"
_SEP = r"[ \t]?(?:-|~|〜|–|—{1,2}|―|至|到)[ \t]?"
_YEAR = r"(?<![0-9])(?:19|20)[0-9]{2}"

_ALTERNATIVES = "|".join(
    [
        r"(?P<title>《[^《》\n]{0,200}+》)",
        r"(?P<url>(?:https?://|www\.)[!-~]{1,500}+)",
        rf"(?P<bracket_year>[〔\[［【(（][ ]?{_YEAR}[ ]?[〕\]］】)）])",
        r"(?P<enum_bracket>[（(][ ]?(?:[0-9]{1,3}|[一二三四五六七八九十]{1,3})[ ]?[）)])",
        r"(?P<phone>(?<![0-9])(?:0[0-9]{2,3}-[0-9]{7,8}|1[3-9][0-9]{9})(?![0-9]))",
        rf"(?P<year_range>{_YEAR}{_SEP}(?:19|20)[0-9]{{2}}(?![0-9])"
        r"(?:年|(?=[，,。；;）)」”、\n]|$)))",
        rf"(?P<date>{_YEAR}(?:年(?:[0-9]{{1,2}}月(?:[0-9]{{1,2}}[日号])?)?"
        r"|(?P<dsep>[-/.])[0-9]{1,2}(?P=dsep)[0-9]{1,2}(?![0-9])))",
        rf"(?P<cn_year>(?<![{_CN_BODY}])[一二][〇零一二三四五六七八九]{{3}}年)",
        r"(?P<ratio>(?<![0-9.:])[0-9]{1,12}(?:\.[0-9]{1,12})?"
        r"(?::[0-9]{1,12}(?:\.[0-9]{1,12})?){1,6}(?![0-9:]))",
        rf"(?P<range>(?P<lo>-?{_NUM})(?P<lo_pct>[%‰])?(?P<sep>{_SEP})(?P<hi>{_NUM}))",
        rf"(?P<fraction>(?P<fsign>[-负])?(?:(?P<whole>{_NUM})又)?(?P<den>{_NUM})分之(?P<nom>{_NUM}))",
        r"(?P<slash>(?<![0-9./])[0-9]{1,4}/[0-9]{1,4}(?![0-9/.]))",
        rf"(?P<per>(?P<per_word>百分之|千分之|百万分之|千万分之|万分之|亿分之)(?P<per_num>百|{_NUM}))",
        r"(?P<doubling>翻[一两二三四]番)",
        rf"(?P<ordinal>第[ ]?(?P<ord_num>{_NUM}))",
        rf"(?P<front>前(?P<front_num>{_NUM}))",
        r"(?P<vague>成千上万|成百上千|千千万万|千百万|数以[千万亿]计"
        rf"|(?:数|(?<!以)上)[十百千万亿][{_CN_BODY}]{{0,8}}+)",
        r"(?P<lead_unit>(?<![0-9" + _CN_BODY + r"])[百千万](?=[余多]))",
        rf"(?P<num>[-负]?{_NUM})",
    ]
)
# Every alternative begins with one of these characters. Testing them in a lookahead
# first lets the engine reject most positions of prose with one set look-up instead of
# trying each alternative in turn (16 times faster on the national reports). No number
# begins inside a run of digits or of Chinese numerals either (each alternative checks
# that again), and saying so once up front keeps long runs linear and cheap.
_TRIGGERS = "《hw〔\\[［【(（0-9\\-负第前百千万翻成数上" + _CN_START
_SCANNER = re.compile(
    rf"(?=[{_TRIGGERS}])(?!(?<=[0-9.])[0-9])(?!(?<=[{_CN_BODY}])[{_CN_START}])(?:{_ALTERNATIVES})"
)

# ---------------------------------------------------------------------------
# Context lexicons (data, with the reason each entry is there)
# ---------------------------------------------------------------------------

# Measure words and units that make a lone Chinese numeral character a count
# (一个, 两项, 三成, 五千头 — not 一流, 统一, 两会). Longest first for the regex.
_MEASURE_WORDS = (
    "个半", "个", "项", "家", "座", "条", "次", "年", "天", "小时", "分钟", "秒", "周",
    "人", "户", "所", "种", "名", "位", "批", "轮", "倍", "百分点", "成", "元", "块",
    "角", "分", "亩", "公顷", "平方", "立方", "公里", "千米", "米", "厘米", "毫米",
    "吨", "千克", "公斤", "克", "斤", "升", "千瓦", "瓦", "度", "辆", "台", "套", "件",
    "张", "只", "头", "匹", "口", "间", "栋", "幢", "层", "处", "片", "支", "部", "本",
    "篇", "首", "份", "场", "类", "档", "步", "方面", "岁", "组", "对", "双", "群", "股",
    "笔", "棵", "株", "箱", "袋", "包", "瓶", "架", "艘", "趟", "遍", "例", "宗", "%",
    "‰", "多", "余", "大",
)  # fmt: skip
_MEASURE = re.compile("|".join(sorted(map(re.escape, _MEASURE_WORDS), key=len, reverse=True)))

# After a number, these make it an identifier or a calendar reference, not a quantity:
# road and route numbers (国道209线, 3路), military units (120师), grades (4A级, 一级),
# sessions (十三届, 四次会议, 五中全会), models and editions, project phases (二期),
# months, days and clock times (3月, 6日, 8时, 8点), quarters, centuries, decades and
# anniversaries (一季度, 二十世纪, 90年代, 75周年). N强 without 前 names an honour list
# (百强县, 十强企业), as 五星级 names a grade; 前十强 is a rank and is read before this.
_SKIP_AFTER = re.compile(
    r"线|号|路|师|团|旅|军|级|届|型|版|代|期|楼|室|强|中全会"
    r"|次(?:会议|全会|全体会议|党代会|代表大会)"
    r"|月|日|时|点|季度|世纪|年代|周年"
)

# After 第N these make it an enumeration or an event count, not a rank (第一章,
# 第三条, 第一批, 第十四个五年规划, 第一次, 第二产业).
_ORDINAL_SKIP = re.compile(
    r"章|节|条|款|部分|编|卷|篇|页|批|期|届|次|个|项|季度|阶段|步|产业|轮|年|天|代|种|类|方"
)
_RANK_AFTER = frozenset("大位名强")
# Verbs that announce a position (位居全省第3, 排名前十).
_RANK_VERB = re.compile(r"位居|位列|排名|排位|排在|名列|跃居|跃升|跻身|进入|升至|居|列")
# A scope makes a bare 第N at a clause end a position (全省第一。); without one it is a
# motto (质量第一) or an enumeration (第一，).
_RANK_SCOPE = re.compile(
    r"全国|全省|全市|全区|全县|全州|全盟|世界|全球|亚洲|同类|同行|县域|行业|地区|国内|省内|市内"
)
_CLAUSE_END = frozenset("，,。；;！!？?）)」”’\n、")
_CLAUSE_START = frozenset("\n。；;！!？?：: \t")
_PLAN_WORDS = re.compile(r"计划|规划|期间|时期|末|初|以来|中期")
_TIME_AFTER_FRONT = re.compile(r"季度|个月|月|年|天|日|周|期|几")
_CMP_SUFFIX = re.compile(r"[\u4e00-\u9fffA-Za-z]{0,5}?(左右|以上|以下|以内)")
_CMP_VALUE = {"左右": "approx", "以上": "ge", "以下": "le", "以内": "le"}
# Characters that make 约/近 part of a word rather than a prefix (节约, 制约, 最近, 附近).
_YUE_WORD = frozenset("节制签预条合公违履集特邀相婚契誓践赴守失爽")
_JIN_WORD = frozenset("最附靠临亲就贴邻新远晚")
_STANDARD_CODE = re.compile(r"(?:GB|DB[0-9]*|HJ|JGJ|CJJ|JTG|ISO|IEC|DL|NB|SL)(?:/[TZ])?[ ]?$")
_CLOCK_CONTEXT = re.compile(
    r"[日时]|上午|下午|晚上|早上|凌晨|中午|傍晚|[0-9]年|[0-9][-/.][0-9]{1,2}\s*$"
)
_MAGNITUDES = (("万亿", 1e12), ("万万", 1e8), ("亿", 1e8), ("万", 1e4))
_VAGUE_PAIRS = frozenset(
    ["一两", "一二", "二三", "两三", "三四", "四五", "五六", "六七", "七八", "八九", "三五"]
)
_PLAN_PERIOD = re.compile(r"(?:十[一二三四五]|[六七八九])五")
# Cues that a/b is a proportion, not a month/day: 占1/3, 约1/3, 1/3的, 1/3以上.
_SLASH_AFTER = re.compile(r"的|以上|以下|左右|多|强|弱")
_SLASH_BEFORE = frozenset("占约近达为超过逾")
# Before 一 these make it "this one", "each", "the same", not a count (这一首要任务, 每一天).
_DETERMINER_BEFORE_YI = frozenset("这那每哪某任同唯统单逐")
_PER_DENOMINATOR = frozenset(["十", "百", "千", "十万", "百万", "千万"])
# Characters before 前 that make it part of a word (提前, 目前, 当前, 此前, 之前, 以前).
_FRONT_WORD = frozenset("提目当此之以眼空史")
_PER_FRACTION = {"万分之": 1e4, "百万分之": 1e6, "千万分之": 1e7, "亿分之": 1e8}
# Arabic figures without magnitude or separators, and the characters after a number that
# need the full treatment below (approximation, percent, multiple, rank, 个半).
_PLAIN_ARABIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_AFTER_SLOW = frozenset("多余个%‰倍")
_RANGE_FORMS = frozenset(["number", "percent", "permille"])
_FIXED_VAGUE = {
    "成千上万": 1000.0,
    "成百上千": 100.0,
    "千千万万": 1000.0,
    "千百万": 1e6,
    "数以千计": 1000.0,
    "数以万计": 1e4,
    "数以亿计": 1e8,
}


@cache
def _idiom_probes() -> tuple[tuple[int, int, frozenset[str]], ...]:
    """(offset, length, entries): an idiom covers a numeral starting at ``s`` when
    ``text[s - offset : s - offset + length]`` is one of ``entries``."""
    path = files("luoshi.extract") / "data" / "numeral_idioms.txt"
    probes: dict[tuple[int, int], set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        for i, ch in enumerate(entry):
            if ch in _CN_START or ch in "百千万":
                probes.setdefault((i, len(entry)), set()).add(entry)
    return tuple((off, ln, frozenset(es)) for (off, ln), es in sorted(probes.items()))


def _in_idiom(text: str, s: int) -> bool:
    for off, ln, entries in _idiom_probes():
        a = s - off
        if a >= 0 and text[a : a + ln] in entries:
            return True
    return False


# ---------------------------------------------------------------------------
# Classification of candidates
# ---------------------------------------------------------------------------


def _starts_word(last: str, nxt: str) -> bool:
    """Whether the last character of a numeral run begins the following word instead:
    千 of 千瓦/千米/千克 (三万千瓦 is 3 万千瓦), 百 of 百分位/百分点 (七十百分位)."""
    return (last == "千" and nxt in _SI_KILO_UNITS) or (last == "百" and nxt == "分")


def _split_magnitude(raw: str) -> tuple[str, float, str]:
    """(numeral, magnitude, magnitude word) for a numeral with a trailing 万/亿/万亿.

    Only a magnitude that scales the whole numeral is split off: 一万五千亿 is 15000 亿,
    but in 四十五亿四千零四万 the 万 scales only 四千零四, so nothing is split.
    """
    for word, mag in _MAGNITUDES:
        if raw.endswith(word) and len(raw) > len(word):
            head = raw[: -len(word)]
            if "亿" in head or (word != "亿" and "万" in head) or head[-1] == "零":
                return raw, 1.0, ""
            return head, mag, word
    return raw, 1.0, ""


def _vague_reading(raw: str) -> str | None:
    """For a vague numeral, the run with the vague part reduced to one reading; else None."""
    if "几" in raw:
        return raw
    stop = raw.find("点")
    for i in range((len(raw) if stop < 0 else stop) - 1):
        if raw[i : i + 2] in _VAGUE_PAIRS:
            return raw[:i] + raw[i] + raw[i + 2 :]
    return None


class _Scan:
    """One scan: the folded text, and the numbers and years found in it."""

    __slots__ = ("dates", "numbers", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.numbers: list[NumberMatch] = []
        self.dates: list[tuple[int, int, int]] = []

    def add(self, match: NumberMatch | None) -> None:
        if match is not None:
            self.numbers.append(match)

    # -- a plain numeral ---------------------------------------------------

    def numeral(self, s: int, e: int, *, left_of_range: bool = False) -> NumberMatch | None:
        """Classify the numeral ``text[s:e]`` in its surroundings; None if it is not a number.

        ``left_of_range``: the low end of ``a—b``, whose unit and context come after ``b``.
        """
        text = self.text
        raw = text[s:e]
        sign = 1.0
        if raw[0] in "-负":
            sign, s, raw = -1.0, s + 1, raw[1:]
        first = raw[0]
        cn = first in _CN_CHARS
        if cn and len(raw) > 1 and _starts_word(raw[-1], text[e : e + 1]):
            e -= 1
            raw = raw[:-1]
        if cn:
            if len(raw) == 1 and not left_of_range:
                # A lone numeral character counts only before a measure word or unit:
                # 一个, 两项, 三成 are numbers; 一是, 统一, 一流, 两会 are not.
                if raw in _FINANCIAL:
                    return None  # 伍 of 队伍, 陆 of 大陆, 拾 of 收拾
                m = _MEASURE.match(text, e)
                if m is None:
                    return None
                if (
                    raw == "一"
                    and (
                        m.group() == "大"  # 一大批, 一大早
                        or text[s - 1 : s] in _DETERMINER_BEFORE_YI  # 这一, 每一天, 同一
                        or text[m.end() : m.end() + len(m.group())] == m.group()  # 一项项, 一个个
                    )
                ):
                    return None  # 一 as an article or a distributive, not a count
            if _in_idiom(text, s):
                return None
            nxt = text[e : e + 1]
            if nxt == "是":
                return None  # 一是, 十一是: enumeration
            if nxt == "、" and (s == 0 or text[s - 1] in _CLAUSE_START):
                return None  # 十一、 heading
            if _PLAN_PERIOD.fullmatch(raw) or (raw == "十五" and self._plan_context(s, e)):
                return None  # 十三五, “十五”: plan periods are calendar references
        elif not left_of_range and self._identifier(s, e):
            return None
        if _SKIP_AFTER.match(text, e):
            return None
        nxt = text[e : e + 1]
        if not cn and nxt not in _AFTER_SLOW and _PLAIN_ARABIC.fullmatch(raw):
            # The common case, kept short: a plain figure (136个, 2.2m/s).
            plain_approx = None if left_of_range else self._approx(s, e, None)
            start = s - 1 if sign < 0 else s
            return NumberMatch(start, e, sign * float(raw), "number", approx=plain_approx)
        if raw in _PER_DENOMINATOR and text[s - 1 : s] == "每":
            return None  # 每十万人口, 每百户: a denominator, not a quantity
        head, mag, mag_text = _split_magnitude(raw)
        vague_raw = _vague_reading(head) if cn else None
        if (
            cn
            and vague_raw is None
            and len(head) > 1
            and not any(c in _SMALL_UNIT or c in "万亿点" for c in head)
        ):
            return None  # 一九五八, 两两, 陆陆续续: digit strings and reduplication
        value = _parse(vague_raw if vague_raw is not None else head)
        if value is None:
            return None
        approx: str | None = None
        end = e
        if nxt in ("多", "余"):
            approx, end = "ge", e + 1  # 20多种, 300余家, 1万多人
            if not mag_text:
                for word, m_val in _MAGNITUDES:
                    if text.startswith(word, end):
                        mag, mag_text = m_val, word  # 500余万: the magnitude follows
                        break
        else:
            if text.startswith("个半", e):
                value += 0.5  # 一个半小时
                end = e + 2
            elif mag_text:
                end = e - len(mag_text)  # the trailing magnitude is left for the unit
        form, scale = "number", ""
        if nxt == "%":
            form, scale, end = "percent", "%", end + 1
        elif nxt == "‰":
            form, scale, end = "permille", "‰", end + 1
        elif nxt == "倍":
            form = "multiple"
        if not left_of_range:
            approx = self._approx(s, end, approx)
        return NumberMatch(
            s - 1 if sign < 0 else s,
            end,
            sign * value,
            form,
            mag,
            mag_text,
            any(c in _CN_CHARS for c in head),
            approx,
            vague_raw is not None,
            scale,
        )

    def _identifier(self, s: int, e: int) -> bool:
        """Arabic digits that belong to an identifier, a code or a heading."""
        text = self.text
        before = text[s - 1 : s]
        if _latin(before):
            return True  # G5, S232, PM2.5
        if before == ".":
            return True  # .5 alone, No.1, 1.2.3: not a number of the prose
        if before and before in "_/#@-" and _code_before(text, s - 1):
            return True  # G5-3, A_1, T/CECS-12
        if before == " " and _STANDARD_CODE.search(text, max(0, s - 9), s):
            return True  # GB/T 2260
        after = text[e : e + 2]
        if after[:1] == "@":
            return True
        if after[:1].isascii() and after[:1].isupper() and not _latin(after[1:2]):
            return True  # 5G, 4A级, 3D, 4K
        integer = text[s:e].split(".", 1)[0]
        if len(integer) > 12 and integer.isdigit():
            return True  # account, licence and ID numbers
        if (
            after[:1]
            and after[:1] in ".、)）"
            and not after[1:2].isdigit()
            and "." not in text[s:e]
            and (s == 0 or text[s - 1] in _CLAUSE_START or before == "(")
        ):
            return True  # 1. / 1、 / 1) at a line or clause start: a list marker
        if after[:1] == "." and after[1:2].isdigit():
            return True  # 2.2.1 section numbers, dotted codes
        # 2.1 总体要求: a heading number alone at the start of a line
        line_start = s == 0 or text[s - 1] == "\n"
        return line_start and after[:1] in (" ", "\t")

    def _plan_context(self, s: int, e: int) -> bool:
        text = self.text
        quoted = text[s - 1 : s] in ("“", '"', "‘") and text[e : e + 1] in ("”", '"', "’")
        return quoted or _PLAN_WORDS.match(text, e) is not None

    def _approx(self, s: int, after: int, approx: str | None) -> str | None:
        """Approximation from a prefix (约, 近, 大约) or a suffix (左右, 以上, 以下, 以内)."""
        if approx is not None:
            return approx
        text = self.text
        two = text[max(0, s - 2) : s]
        if two in ("大约", "将近", "接近"):
            return "approx"
        one = two[-1:]
        if (one == "约" and two[:1] not in _YUE_WORD) or (one == "近" and two[:1] not in _JIN_WORD):
            return "approx"
        m = _CMP_SUFFIX.match(text, after)
        return None if m is None else _CMP_VALUE[m.group(1)]

    def _clause_before(self, s: int) -> str:
        """Up to 10 characters before ``s``, from the last clause break."""
        window = self.text[max(0, s - 10) : s]
        for i in range(len(window) - 1, -1, -1):
            if window[i] in _CLAUSE_END or window[i] in _CLAUSE_START:
                return window[i + 1 :]
        return window

    # -- the other forms -----------------------------------------------------

    def ordinal(self, m: re.Match[str]) -> None:
        """第N: a rank (第二大, 位居第7, 全省第一。) or else an enumeration, skipped."""
        text = self.text
        s, e, ns = m.start(), m.end(), m.start("ord_num")
        if _in_idiom(text, ns) or _ORDINAL_SKIP.match(text, e):
            return  # 第一要务, 第三条, 第一批, 第一次, 第二产业
        value = _value_of(text[ns:e])
        if value is None:
            return
        nxt = text[e : e + 1]
        clause = self._clause_before(s)
        if (
            nxt in _RANK_AFTER
            or _RANK_VERB.search(clause)
            or ((nxt in _CLAUSE_END or nxt == "") and _RANK_SCOPE.search(clause))
        ):
            self.numbers.append(NumberMatch(s, e, value, "rank", chinese=text[ns] in _CN_CHARS))

    def front(self, m: re.Match[str]) -> None:
        """前N: a rank (前十强, 排名前三的) or a period (前三季度, skipped) or a plain number."""
        text = self.text
        s, ns, e = m.start(), m.start("front_num"), m.end()
        if text[s - 1 : s] in _FRONT_WORD:
            self.add(self.numeral(ns, e))  # 提前3年, 目前10个: 前 is part of a word
            return
        if _TIME_AFTER_FRONT.match(text, e):
            return  # 前三季度, 前两年: a period
        nxt = text[e : e + 1]
        verb = _RANK_VERB.search(self._clause_before(s))
        if text[ns:e] in ("一", "1"):
            self.add(self.numeral(ns, e))  # 前一: "the previous", not "the top one"
            return
        if nxt in _RANK_AFTER or (verb and (nxt in _CLAUSE_END or nxt in ("的", ""))):
            value = _value_of(text[ns:e])
            if value is not None:
                chinese = text[ns] in _CN_CHARS
                self.numbers.append(NumberMatch(s, e, value, "rank", chinese=chinese))
            return
        self.add(self.numeral(ns, e))

    def range_(self, m: re.Match[str]) -> None:
        """a—b, a至b: one range when both ends read alike, else the two numbers."""
        text = self.text
        lo_s, lo_e, hi_s, hi_e = m.start("lo"), m.end("lo"), m.start("hi"), m.end("hi")
        from_to = m.group("sep").strip() in ("至", "到") and any(
            c in text[max(0, lo_s - 3) : lo_s] for c in "由从"
        )
        hi = self.numeral(hi_s, hi_e)
        if hi is None and _SKIP_AFTER.match(text, hi_e):
            return  # 1—2月, 3至5日, 209-210线: the suffix names both ends
        lo = self.numeral(lo_s, lo_e, left_of_range=True)
        if (
            from_to
            or lo is None
            or hi is None
            or lo.vague
            or hi.vague
            or lo.approx is not None
            or lo.end != lo_e + (1 if m.group("lo_pct") else 0) - len(lo.magnitude_text)
            or lo.form not in _RANGE_FORMS
            or hi.form not in _RANGE_FORMS
            or (text[lo_s] not in _CN_CHARS and self._identifier(lo_s, lo_e))
        ):
            # Not one range (由10万到20万, G5-3): each end on its own.
            self.add(self.numeral(lo_s, lo_e))
            self.add(hi)
            return
        assert isinstance(lo.value, float) and isinstance(hi.value, float)
        low, high = lo.value, hi.value
        if lo.magnitude != hi.magnitude and (lo.magnitude != 1.0 or low > high):
            # 10万—2亿 is 0.001亿—2亿; 5000—2万 is 0.5万—2万; but 10—20万 is 10万—20万
            low = low * lo.magnitude / hi.magnitude
        scale = hi.scale or lo.scale
        if low > high or (lo.scale and hi.scale and lo.scale != hi.scale):
            self.add(self.numeral(lo_s, lo_e))
            self.add(hi)
            return
        self.numbers.append(
            NumberMatch(
                lo.start,
                hi.end,
                (low, high),
                "range",
                hi.magnitude,
                hi.magnitude_text,
                lo.chinese or hi.chinese,
                self._approx(lo.start, hi.end, hi.approx),
                False,
                scale,
                lo.end,
                hi.start,
            )
        )

    def fraction(self, m: re.Match[str]) -> None:
        """N分之M: M/N."""
        den = parse_chinese_numeral(m.group("den"))
        nom = parse_chinese_numeral(m.group("nom"))
        whole = parse_chinese_numeral(m.group("whole")) if m.group("whole") else 0.0
        if den is None or nom is None or whole is None or den == 0:
            return
        s, e = m.start(), m.end()
        chinese = any(c in _CN_CHARS for c in m.group())
        approx = self._approx(s, e, None)
        value = (whole + nom / den) * (-1.0 if m.group("fsign") else 1.0)  # 负一又二分之一
        self.numbers.append(NumberMatch(s, e, value, "fraction", chinese=chinese, approx=approx))

    def slash(self, m: re.Match[str]) -> None:
        """a/b: a fraction only when clearly one (1/3的, 占1/3), never a date such as 1/6."""
        text = self.text
        s, e = m.start(), m.end()
        a, b = (int(x) for x in m.group().split("/"))
        if 1900 <= a < b <= 2100:
            # 1994/1995年: a pair of years
            cut = s + len(str(a))
            self.dates += [(s, cut, a), (cut + 1, e + (text[e : e + 1] == "年"), b)]
            return
        if b == 0 or a >= b or self._identifier(s, s + len(str(a))) or _latin(text[e : e + 1]):
            return
        month_day = a <= 12 and b <= 31
        if month_day and not (_SLASH_AFTER.match(text, e) or text[s - 1 : s] in _SLASH_BEFORE):
            return  # 1/6 may be a date: take it only with a cue of proportion around it
        self.numbers.append(NumberMatch(s, e, a / b, "fraction", approx=self._approx(s, e, None)))

    def per(self, m: re.Match[str]) -> None:
        """百分之N (percent), 千分之N (permille), 万分之N (a fraction)."""
        num, word = m.group("per_num"), m.group("per_word")
        s, e = m.start(), m.end()
        if len(num) > 1 and _starts_word(num[-1], self.text[e : e + 1]):
            num, e = num[:-1], e - 1
        vague_raw = _vague_reading(num)
        value = 100.0 if num == "百" else parse_chinese_numeral(vague_raw or num)
        if value is None:
            return
        chinese = any(c in _CN_CHARS for c in num)
        approx: str | None = None
        if self.text[e : e + 1] in ("多", "余"):
            approx, e = "ge", e + 1  # 百分之八十多
        approx = self._approx(s, e, approx)
        if word in _PER_FRACTION:  # 万分之三, 百万分之五 (ppm)
            value /= _PER_FRACTION[word]
            self.numbers.append(
                NumberMatch(s, e, value, "fraction", chinese=chinese, approx=approx)
            )
            return
        form, scale = ("percent", "%") if word == "百分之" else ("permille", "‰")
        vague = vague_raw is not None
        self.numbers.append(NumberMatch(s, e, value, form, 1.0, "", chinese, approx, vague, scale))

    def ratio(self, m: re.Match[str]) -> None:
        """a:b(:c): a ratio, unless it is a clock time (08:52:14, 上午8:30)."""
        text = self.text
        s = m.start()
        parts = m.group().split(":")
        if all(p.isdigit() for p in parts) and all(len(p) == 2 for p in parts[1:]):
            if len(parts) == 3 or parts[0][0] == "0" or parts[1][0] == "0":
                return  # 08:52:14, 08:52, 8:05: ratios are not written with leading zeros
            if (
                int(parts[0]) <= 24
                and int(parts[1]) < 60
                and _CLOCK_CONTEXT.search(text, max(0, s - 12), s)
            ):
                return
        if self._identifier(s, s + len(parts[0])):
            return
        self.numbers.append(NumberMatch(s, m.end(), tuple(float(p) for p in parts), "ratio"))

    def vague(self, m: re.Match[str]) -> None:
        """数十, 上千, 成千上万: reported as vague so that callers can skip them."""
        g = m.group()
        s, e = m.start(), m.end()
        value: float | None = _FIXED_VAGUE.get(g)
        mag, mag_text = 1.0, ""
        if value is None:
            head, mag, mag_text = _split_magnitude(g[1:])
            value = _parse(head)
            if value is None:
                return
            e -= len(mag_text)
        self.numbers.append(NumberMatch(s, e, value, "number", mag, mag_text, True, None, True))

    def lead_unit(self, m: re.Match[str]) -> None:
        """百余, 千多, 万余: a bare unit read as one of it, and at least that."""
        text = self.text
        s = m.start()
        ch = text[s]
        if ch == "万":
            match = NumberMatch(s, s + 2, 1.0, "number", 1e4, "万", True, "ge")
        else:
            mag, mag_text = 1.0, ""
            for word, m_val in _MAGNITUDES:
                if text.startswith(word, s + 2):
                    mag, mag_text = m_val, word
                    break
            value = float(_SMALL_UNIT[ch])
            match = NumberMatch(s, s + 2, value, "number", mag, mag_text, True, "ge")
        self.numbers.append(match)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _code_before(text: str, j: int) -> bool:
    """Whether the ASCII word ending at ``j`` holds a Latin letter (G5 of G5-3, not 5 of 5-20)."""
    for i in range(j - 1, max(-1, j - 12), -1):
        ch = text[i]
        if not (ch.isascii() and ch.isalnum()):
            return False
        if ch.isalpha():
            return True
    return False


def _value_of(s: str) -> float | None:
    """The value of an Arabic, Chinese or mixed numeral, magnitudes applied."""
    try:
        return float(_strip_commas(s))
    except ValueError:
        return parse_chinese_numeral(s)


def scan_numbers(text: str) -> tuple[list[NumberMatch], list[tuple[int, int, int]]]:
    """Numbers and years of ``text`` in one pass: (:func:`find_numbers`, :func:`find_dates`)."""
    scan = _Scan(_fold(text))
    folded = scan.text
    numbers, dates = scan.numbers, scan.dates
    for m in _SCANNER.finditer(folded):
        kind = m.lastgroup
        if kind == "num":
            scan.add(scan.numeral(m.start(), m.end()))
        elif kind == "date":
            dates.append((m.start(), m.end(), int(m.group()[:4])))
        elif kind == "year_range":
            # 2021—2025年: one entry per year, each over its own digits
            digits_end = m.end() - (1 if m.group().endswith("年") else 0)
            dates.append((m.start(), m.start() + 4, int(folded[m.start() : m.start() + 4])))
            dates.append((digits_end - 4, m.end(), int(folded[digits_end - 4 : digits_end])))
        elif kind == "cn_year":
            year = int("".join(str(_DIGIT_VALUE[c]) for c in m.group()[:4]))
            dates.append((m.start(), m.end(), year))
        elif kind == "bracket_year":
            dates.append((m.start(), m.end(), int("".join(c for c in m.group() if c.isdigit()))))
        elif kind == "range":
            scan.range_(m)
        elif kind == "ordinal":
            scan.ordinal(m)
        elif kind == "front":
            scan.front(m)
        elif kind == "fraction":
            scan.fraction(m)
        elif kind == "slash":
            scan.slash(m)
        elif kind == "per":
            scan.per(m)
        elif kind == "ratio":
            scan.ratio(m)
        elif kind == "doubling":
            # 翻一番 doubles, 翻两番 quadruples
            times = 2.0 ** _DIGIT_VALUE[m.group()[1]]
            numbers.append(NumberMatch(m.start(), m.end(), times, "multiple", chinese=True))
        elif kind == "vague":
            scan.vague(m)
        elif kind == "lead_unit":
            scan.lead_unit(m)
        # title, url, enum_bracket, phone: consumed so that nothing inside them is reported
    return numbers, dates


def find_numbers(text: str) -> list[NumberMatch]:
    """Every numeric expression of ``text`` that may carry a quantity, in text order."""
    return scan_numbers(text)[0]


def find_dates(text: str) -> list[tuple[int, int, int]]:
    """(start, end, year) of every year reference (``2021年``, ``2025年1月6日``, ``2024-12-31``).

    A year range (``2021—2025年``) gives one entry per year, each spanning its own year.
    """
    return scan_numbers(text)[1]
