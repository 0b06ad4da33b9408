"""Where a text names a numbered concept: ``三大攻坚战``, ``“五位一体”``, ``“123”总体工作思路``.

A name is a numeral, usually a measure word and a head (``三`` ``大`` ``攻坚战``), written
in quotes or in running text, sometimes after a verb that belongs to it (``做好四篇文章``).
This module finds those names and the shape of each; which of them are frameworks is
decided by whether the text lists their members (:mod:`._framework_list`,
:mod:`._framework_head`) or whether they are national frameworks of known members
(:mod:`._framework_known`).

Written by hand: no library finds numbered policy names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from luoshi.extract.components._framework_known import Known

_CN = {
    "一": 1,
    "二": 2,
    "两": 2,
    "双": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def numeral_value(s: str) -> int | None:
    """一 → 1, 十二 → 12, 双 → 2, 12 → 12."""
    if s.isdigit():
        return int(s)
    if len(s) == 1:
        return _CN.get(s)
    if len(s) == 2 and s[0] == "十" and s[1] in _CN:
        return 10 + _CN[s[1]]
    if len(s) == 2 and s[1] == "十" and s[0] in _CN:
        return _CN[s[0]] * 10
    return None


NUM = r"(?:十[一二三四五六七八九]|[一二三四五六七八九]十|[一二两双三四五六七八九十])"
MW = (
    r"(?:个|大|项|篇|条|块|重|步|级|句|张|支|手|种|类|方面|点|件|场|轮|环|维|区|带|心|翼|核|极|轴|"
    r"畜|化|基|抓|不|提升|融入|统一|位)?"
)
# A numbered concept in running text: 三大保卫战, 五级联动, 两手抓, 做好四篇文章.
MENTION = re.compile(
    rf"(?<![第\d一二三四五六七八九十])(?P<verb>立足|做好|走出|实现|推进|实施|抓好|打好|坚持|落实|突出|建设|打造)?"
    rf"(?P<num>{NUM})(?![一二三四五六七八九十两要是])(?P<rest>{MW}[\u4e00-\u9fff]{{1,7}})"
)
# Where an unquoted numbered name may start: after punctuation, a verb of the name, or
# one of these words. Anything else (进一步, 李二口, 劲往一处使) is inside a word.
_OPENERS = frozenset("在有了为是抓好打好做好走出立足坚持实施推进落实突出建设打造聚焦围绕面对实现")
_QUOTED = re.compile(r"[“\"](?P<q>[^”\"\n]{1,40})[”\"]")
_DIGIT_QUOTE = re.compile(r"[“\"](?P<d>\d{2,5})[”\"](?P<tail>[\u4e00-\u9fff]{0,8})")
# The name ends before these: 三大保卫战成果 stays 三大保卫战成果, but 八个方面工作的 ends
# at 的, and 三大攻坚战开局良好 at the predicate that opens after the name (开局, 取得, 实现…)
# or at a span of years (三大攻坚战三年行动方案).
_NAME_STOP = re.compile(
    r"的|和|与|及|为|是|在|等|中(?!心)|上(?!海)|，|、|。|；|：|”|“|之|要|也|都|就|这|把|以|从|对|向|"
    r"打造|取得|得到|实现|开局|加快|稳步|有效|不断|进一步|初步|顺利|圆满|成为|形成|迈出|惠及|"
    r"覆盖|达到|落地|见效|扎实|深入|首次|率先|持续|调整|规划|[一二三四五六七八九十两]年"
)
# Heads that make a numeral part of a word or a quantity, not a name: 一起, 两岸, 二氧化碳,
# 双边, 两难, 一体化.
_NOT_HEADS = re.compile(
    r"^(?:个?时期|个?阶段|些|批|系列|流|体化|起|致|定|直|切|方面$|样|般|旦|度|道|同|并|概|贯|再|番|手$|"
    r"线|律|举|带一路|张蓝图|把手|揽子|刻|年|月|日|次|期|届|代|生|辈|身|心一意|路|半|成$|倍|分|点$|号|层|级$|"
    r"体|产(?!业)|老一小|角|张皮|氧化|边|岸|难|手[车房货烟]|.?以(?:[上下内]|$)|方(?!面)|者)"
)
# A lead-in that announces the items or headings after it: 要把握好以下三点.
_LEAD_IN = re.compile(rf"(?:以下|如下|下面)(?P<num>{NUM})(?P<rest>个方面|点|项|条|件事)")
_JUXTAPOSED = re.compile(rf"{NUM}[\u4e00-\u9fff]{{1,2}}?(?={NUM}|$)")


@dataclass
class Mention:
    """One place where the text names a numbered concept."""

    start: int
    end: int
    name: str
    count: int
    head: str  # the words after numeral and measure word (战略 in 三大战略)
    verb: str  # a verb that is part of the name (做好 in 做好四篇文章)
    quoted: bool
    after_word: bool = False  # follows a Han character: only a list before it can make it a name
    lead_in: bool = False  # 以下三点: only the items or headings that follow list it
    known: Known | None = None  # a national framework of known members


def find_mentions(text: str) -> list[Mention]:
    """Every numbered name in ``text``, ordered by start (longest first at one start)."""
    found: list[Mention] = []
    for m in _QUOTED.finditer(text):
        q = m.group("q")
        inner = MENTION.fullmatch(q) or MENTION.match(q)
        if (inner and inner.start() == 0) or (inner and inner.group("verb")):
            n = numeral_value(inner.group("num"))
            if (
                n
                and not _NOT_HEADS.match(inner.group("rest"))
                and (n > 1 or inner.group("rest")[0] == "个" or juxtaposed(q))
            ):
                rest = inner.group("rest")
                found.append(
                    Mention(
                        m.start("q"),
                        m.end("q"),
                        q,
                        n,
                        head_of(rest),
                        inner.group("verb") or "",
                        True,
                    )
                )
    for m in _DIGIT_QUOTE.finditer(text):
        digits = m.group("d")
        tail = _NAME_STOP.split(m.group("tail"))[0]
        name = f"“{digits}”{tail}"
        found.append(
            Mention(m.start(), m.end("d") + 1 + len(tail), name, len(digits), tail, "", True)
        )
    for m in MENTION.finditer(text):
        mention = _running(text, m)
        if mention is not None:
            found.append(mention)
    for m in _LEAD_IN.finditer(text):
        n = numeral_value(m.group("num"))
        if n and n > 1:
            found.append(
                Mention(m.start(), m.end(), m.group(), n, m.group("rest"), "", False, lead_in=True)
            )
    # an unquoted match right inside quotes is the quoted name again, and a quoted name
    # inside a longer unquoted one is its head (三个“十条”)
    quoted_starts = {f.start for f in found if f.quoted}
    found = [f for f in found if f.quoted or f.start not in quoted_starts]
    unquoted = [f for f in found if not f.quoted and not f.lead_in]
    found = [
        f
        for f in found
        if not (f.quoted and any(u.start < f.start and f.end < u.end for u in unquoted))
    ]
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    return found


def _running(text: str, m: re.Match[str]) -> Mention | None:
    """A numbered name in running text, or None where the numeral is part of a word."""
    n = numeral_value(m.group("num"))
    rest = m.group("rest")
    mw = re.match(MW, rest)
    cut = _NAME_STOP.search(rest, max(1, mw.end() + 1 if mw else 1))
    if cut:
        rest = rest[: cut.start()]
    if not n or len(rest) < 1 or _NOT_HEADS.match(rest) or (len(rest) > 1 and rest[0] == rest[1]):
        return None
    verb = m.group("verb") or ""
    before = text[m.start() - 1] if m.start() else "\n"
    inside_word = not verb and "\u4e00" <= before <= "\u9fff" and before not in _OPENERS
    if inside_word and _in_open_quote(text, m.start()):
        return None  # 金三角 inside “…”: the quoted scan has it
    start = m.start("verb") if verb else m.start("num")
    end = m.start("rest") + len(rest)
    head = head_of(rest)
    quoted_head = re.match(r"“([^”“\n]{1,10})”", text[end : end + 12])
    if quoted_head and rest in ("个", "大", "项", "条", "种", "类", "张", "篇", "件"):
        # 三个“十条”: the measure word's noun is quoted
        end += quoted_head.end()
        head = quoted_head.group(1)
    return Mention(start, end, text[start:end], n, head, verb, False, inside_word)


def _in_open_quote(text: str, pos: int) -> bool:
    """Whether a “ opens, unclosed, between the clause start and ``pos``."""
    left = pos
    while left > 0 and text[left - 1] not in "，,。；;：:！？\n" and pos - left < 40:
        left -= 1
    seg = text[left:pos]
    return seg.count("“") > seg.count("”")


def head_of(rest: str) -> str:
    """The head of a numbered name: 三大保卫战 → 保卫战, 五个始终坚持 → 始终坚持."""
    m = re.match(MW, rest)
    return rest[m.end() :] if m and m.end() < len(rest) else rest


def juxtaposed(name: str) -> list[str]:
    """Numbered parts written side by side: 一心两翼三带 → 一心, 两翼, 三带 (not 三个一批)."""
    parts = _JUXTAPOSED.findall(name)
    if len(parts) < 2 or "".join(parts) != name:
        return []
    if any(
        p[1:] in ("个", "项", "大", "条", "种", "批", "名", "位", "件", "次", "些") for p in parts
    ):
        return []
    return parts


def has_measure_word(m: Mention) -> bool:
    """A name with a measure word after its numeral (六个领域, 八大行动)."""
    if m.name.startswith("“"):
        return False
    rest = m.name[len(m.verb) + 1 :] if m.verb else m.name[1:]
    mw = re.match(MW, rest)
    return bool(mw and mw.end() > 0)
