"""Frameworks: the numbered concepts that organise a plan, with their members.

A framework is named by a numeral and a head (``三大战略``, ``五个始终坚持``,
``“123”总体工作思路``, ``双碳``) and promises as many members as its numeral says.
The text lists them in one of a few ways, each tried here in turn, and a list is
accepted only when it has exactly the promised number of members — which is what
keeps slogans a text merely mentions (``四个意识``) out:

1. an enumeration right before the name (``牛、羊、猪、驴、鸡“五畜并举”``,
   ``沿汾、沿黄、沿太岳“三大板块”``), or in the clause before it (``…，这六句话``);
2. an enumeration after it in the same sentence (``三大战略：A、B、C``);
3. the items that follow (``集中体现在四个方面。一是区位优势。二是…``);
4. the headings that follow (``抓好八个方面工作。（一）…（八）…``);
5. the head repeated with each member (``做好“衔接”文章…做好“提升”文章``,
   ``正在努力成为…``);
6. a quoted composite whose parts are numbered concepts themselves
   (``“立足一个门户，做好四篇文章，走出六条新路”``), and quoted digit strings
   (``“123”``) whose digits are defined one by one (``“1”就是“一个统领”``).

Written by hand: no library finds numbered policy frameworks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from luoshi.extract.doc import Framework
from luoshi.reading.document import Document, Span

__all__ = ["find_frameworks", "numeral_value"]

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


_NUM = r"(?:十[一二三四五六七八九]|[一二三四五六七八九]十|[一二两双三四五六七八九十])"
_MW = (
    r"(?:个|大|项|篇|条|块|重|步|级|句|张|支|手|种|类|方面|点|件|场|轮|环|维|区|带|心|翼|核|极|轴|"
    r"畜|化|基|抓|不|提升|融入|统一|位)?"
)
# A numbered concept in running text: 三大保卫战, 五级联动, 两手抓, 做好四篇文章.
_MENTION = re.compile(
    rf"(?<![第\d一二三四五六七八九十])(?P<verb>立足|做好|走出|实现|推进|实施|抓好|打好|坚持|落实|突出|建设|打造)?"
    rf"(?P<num>{_NUM})(?![一二三四五六七八九十两要是])(?P<rest>{_MW}[\u4e00-\u9fff]{{1,7}})"
)
# Where an unquoted numbered name may start: after punctuation, a verb of the name, or
# one of these words. Anything else (进一步, 李二口, 劲往一处使) is inside a word.
_OPENERS = frozenset("在有了为是抓好打好做好走出立足坚持实施推进落实突出建设打造聚焦围绕面对实现")
_QUOTED = re.compile(r"[“\"](?P<q>[^”\"\n]{1,40})[”\"]")
_DIGIT_QUOTE = re.compile(r"[“\"](?P<d>\d{2,5})[”\"](?P<tail>[\u4e00-\u9fff]{0,8})")
# The name ends before these: 三大保卫战成果 stays 三大保卫战成果, but 八个方面工作的 ends at 的.
_NAME_STOP = re.compile(
    r"的|和|与|及|为|是|在|等|中|上|，|、|。|；|：|”|“|之|要|也|都|就|这|把|以|从|对|向|，"
)
_NOT_HEADS = re.compile(
    r"^(?:个?时期|个?阶段|些|批|系列|流|体化|起|致|定|直|切|方面$|样|般|旦|度|道|同|并|概|贯|再|番|手$|"
    r"线|律|举|带一路|张蓝图|把手|揽子|刻|年|月|日|次|期|届|代|生|辈|身|心一意|路|半|成$|倍|分|点$|号|层|级$|"
    r"体|产(?!业)|老一小|角|张皮)"
)
_ENUM_SPLIT = re.compile(r"、|以及|及|和|与|，(?=[^，]{1,12}$)")
_LEADING_VERBS = re.compile(
    r"^(?:谋划实施了?|坚持以|坚持|实施|实行|突出|把|将|面对|抓好|推进|推动|实现了?|完善|构建|打造|建设|聚焦|"
    r"围绕|依托|用好|形成|做到|做好|开展|统筹|加快|强化|深化|提升|发展|以|在|对|按照|着力|全面|持续|大力|"
    r"积极|深入|扎实|努力|重点|主要|包括|涵盖|即|就是|分别是|具体是|是|促进|立足|通过|有|提出了?|明确了?|"
    r"确定了?|概括为|总结为|归纳为|创新性?地?提出|从|抓住|推行|落实|巩固|打好|守住|筑牢|践行|树立)+"
)
_VERB_INSIDE = re.compile(_LEADING_VERBS.pattern.removeprefix("^(?:").removesuffix(")+"))
_ITEM_CLAUSE = re.compile(r"[^，,。；;：:！？]*")


@dataclass
class _Mention:
    start: int
    end: int
    name: str
    count: int
    head: str  # the words after numeral and measure word (战略 in 三大战略)
    verb: str  # a verb that is part of the name (做好 in 做好四篇文章)
    quoted: bool
    after_word: bool = False  # follows a Han character: only a list before it can make it a name


def _clean_member(s: str) -> str:
    s = re.sub(
        r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,2}[是要])",
        "",
        s.strip(),
    )
    if s.startswith("“") and s.endswith("”") and s.count("“") == 1:
        s = s[1:-1]
    prev = None
    while prev != s:
        prev = s
        s = _LEADING_VERBS.sub("", s).strip(" 　")
    if s.count("“") > s.count("”"):
        s += "”"
    return s.lstrip("”")


def _mentions(text: str) -> list[_Mention]:
    found: list[_Mention] = []
    for m in _QUOTED.finditer(text):
        q = m.group("q")
        inner = _MENTION.fullmatch(q) or _MENTION.match(q)
        if (inner and inner.start() == 0) or (inner and inner.group("verb")):
            n = numeral_value(inner.group("num"))
            if (
                n
                and not _NOT_HEADS.match(inner.group("rest"))
                and (n > 1 or inner.group("rest")[0] == "个" or _juxtaposed(q))
            ):
                rest = inner.group("rest")
                found.append(
                    _Mention(
                        m.start("q"), m.end("q"), q, n, _head(rest), inner.group("verb") or "", True
                    )
                )
    for m in _DIGIT_QUOTE.finditer(text):
        digits = m.group("d")
        tail = _NAME_STOP.split(m.group("tail"))[0]
        name = f"“{digits}”{tail}"
        found.append(
            _Mention(m.start(), m.end("d") + 1 + len(tail), name, len(digits), tail, "", True)
        )
    for m in _MENTION.finditer(text):
        n = numeral_value(m.group("num"))
        rest = m.group("rest")
        cut = _NAME_STOP.search(rest, 1)
        if cut:
            rest = rest[: cut.start()]
        if (
            not n
            or len(rest) < 1
            or _NOT_HEADS.match(rest)
            or (len(rest) > 1 and rest[0] == rest[1])
        ):
            continue
        verb = m.group("verb") or ""
        before = text[m.start() - 1] if m.start() else "\n"
        inside_word = not verb and "\u4e00" <= before <= "\u9fff" and before not in _OPENERS
        if inside_word and _in_open_quote(text, m.start()):
            continue  # 金三角 inside “…”: the quoted scan has it
        start = m.start("verb") if verb else m.start("num")
        end = m.start("rest") + len(rest)
        name = text[start:end]
        found.append(_Mention(start, end, name, n, _head(rest), verb, False, inside_word))
    # an unquoted match right inside quotes is the quoted name again
    quoted_starts = {f.start for f in found if f.quoted}
    found = [f for f in found if f.quoted or f.start not in quoted_starts]
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    return found


def _in_open_quote(text: str, pos: int) -> bool:
    """Whether a “ opens, unclosed, between the clause start and ``pos``."""
    left = pos
    while left > 0 and text[left - 1] not in "，,。；;：:！？\n" and pos - left < 40:
        left -= 1
    seg = text[left:pos]
    return seg.count("“") > seg.count("”")


def _head(rest: str) -> str:
    """The head of a numbered name: 三大保卫战 → 保卫战, 五个始终坚持 → 始终坚持."""
    m = re.match(_MW, rest)
    head = rest[m.end() :] if m and m.end() < len(rest) else rest
    return head


def _enumeration(segment: str, count: int, *, from_end: bool) -> list[str] | None:
    """``count`` members enumerated in ``segment`` (split on 、/和/与/及)."""
    parts = [p for p in _split_enum(segment) if p.strip()]
    if len(parts) < count:
        return None
    chosen = parts[-count:] if from_end else parts[:count]
    if from_end and len(parts) > count:
        return None  # more items than the numeral promises: not this list
    members = [_clean_member(p) for p in chosen]
    if any(not m or len(m) > 40 for m in members):
        return None
    # the first item may carry the clause's subject and verb: 养殖业坚持牛 → 牛
    peers = [len(m) for m in members[1:]] or [len(members[0])]
    if len(members[0]) > 2 * max(peers) + 2:
        verbs = list(_VERB_INSIDE.finditer(members[0]))
        if not verbs:
            return None
        members[0] = members[0][verbs[-1].end() :]
        if not members[0] or len(members[0]) > 2 * max(peers) + 2:
            return None
    return members


def _split_enum(segment: str) -> list[str]:
    """Split an enumeration on 、/和/与/及, never inside quotes."""
    parts: list[str] = []
    depth = 0
    cur = ""
    i = 0
    while i < len(segment):
        c = segment[i]
        if c in "“‘(（《":
            depth += 1
        elif c in "”’)）》":
            depth = max(0, depth - 1)
        if depth == 0:
            m = _ENUM_SPLIT.match(segment, i)
            if m and m.end() > i and not (c in "和与及" and _in_word(segment, i)):
                parts.append(cur)
                cur = ""
                i = m.end()
                continue
        cur += c
        i += 1
    parts.append(cur)
    return parts


def _in_word(s: str, i: int) -> bool:
    """和/与/及 inside a word (和谐, 参与, 及时) rather than joining items."""
    pair = s[max(0, i - 1) : i + 2]
    return any(
        w in pair
        for w in ("和谐", "与时", "参与", "及时", "以及", "和平", "普及", "涉及", "危及", "给与")
    )


_CLAUSE_BREAK = "，,。；;：:！？\n"


def _before_list(text: str, m: _Mention) -> list[str] | None:
    """Members enumerated right before the name, or in the clause before it."""
    start = m.start - (1 if m.quoted else 0)
    left = start
    while left > 0 and text[left - 1] not in _CLAUSE_BREAK and start - left < 160:
        left -= 1
    segment = text[left:start]
    quoted = re.search(r"[“\"]([^”\"]+)[”\"]$", segment)
    if quoted and len(_split_enum(quoted.group(1))) == m.count:
        return _enumeration(quoted.group(1), m.count, from_end=True)
    if len(_split_enum(segment)) >= 2 and not segment.endswith("的"):
        found = _enumeration(segment, m.count, from_end=True)
        if found:
            return found
    # "…、…、…，这六句话": the list fills the clause before
    lead_in = segment.strip() in ("", "这", "上述", "以上", "这些", "即")
    if lead_in and left > 0 and text[left - 1] in "，,":
        prev = left - 1
        while prev > 0 and text[prev - 1] not in "。；;！？\n" and left - prev < 200:
            prev -= 1
        return _enumeration(text[prev : left - 1], m.count, from_end=True)
    return None


def _after_list(text: str, m: _Mention) -> list[str] | None:
    """Members enumerated after the name in its sentence: 三大战略：A、B、C."""
    end = m.end + (1 if m.quoted else 0)
    intro = re.match(r"[，,]?(?:即|就是|包括|分别是|分别为)[：:，,]?|[：:]", text[end : end + 8])
    if intro is None:
        return None
    pos = end + intro.end()
    stop = pos
    while stop < len(text) and text[stop] not in "。；;\n" and stop - pos < 200:
        stop += 1
    seg = text[pos:stop]
    if "一是" in seg[:4]:
        return None
    return _enumeration(seg, m.count, from_end=False)


def _start(x: Span | _Mention) -> int:
    return x.start


# Spans and mentions are sorted by start: the ones in a stretch of text are found by
# bisection, so that the work per mention does not grow with the document.


def _from(items: list[Span], pos: int) -> int:
    """The index of the first of ``items`` (sorted by start) starting at or after ``pos``."""
    return bisect.bisect_left(items, pos, key=_start)


def _following(items: list[Span], k: int) -> Iterator[Span]:
    """``items[k:]`` without copying it (loops over it mostly stop after a few)."""
    for i in range(k, len(items)):
        yield items[i]


def _clear_between(doc: Document, mentions: list[_Mention], a: int, b: int) -> bool:
    """No other numbered name and no heading stands between ``a`` and ``b``: what
    follows there belongs to the name before ``a``."""
    for k in range(bisect.bisect_left(mentions, a, key=_start), len(mentions)):
        x = mentions[k]
        if x.start >= b:
            break
        if not x.after_word:
            return False
    headings = doc.spans("heading")
    k = _from(headings, a)
    return not (k < len(headings) and headings[k].start < b)


def _at_paragraph_start(doc: Document, pos: int) -> bool:
    p = doc.covering("paragraph", pos)
    return p is not None and pos - p.start <= 1


def _after_items(
    doc: Document, m: _Mention, mentions: list[_Mention]
) -> tuple[list[str], list[tuple[int, int]]] | None:
    """Members as the items (一是…二是…) that follow: in the same passage, or opening
    the next paragraphs, with nothing else numbered in between."""
    items = doc.spans("item")
    k = _from(items, m.end)
    para_limit = _paragraph_after(doc, m.end, 3 + m.count)
    seq: list[Span] = []
    for item in _following(items, k):
        if not seq and not (
            (
                item.start - m.end <= 120
                or (
                    _at_paragraph_start(doc, item.start)
                    and item.start <= _paragraph_after(doc, m.end, 2)
                )
            )
            and _clear_between(doc, mentions, m.end, item.start)
        ):
            return None
        if item.start > para_limit:
            break
        if item.get("kind") != "inline":
            continue
        n = item.get("number")
        if n == len(seq) + 1:
            seq.append(item)
            if len(seq) == m.count:
                break
        elif not seq:
            return None
        else:
            break
    if len(seq) != m.count:
        return None
    text = doc.text
    members: list[str] = []
    spans: list[tuple[int, int]] = []
    for item in seq:
        clause = _ITEM_CLAUSE.match(text, item.end)
        sentence_end = item.end
        while sentence_end < len(text) and text[sentence_end] not in "。；;\n":
            sentence_end += 1
        member = clause.group() if clause else ""
        if m.head and len(m.head) >= 2 and m.head not in member:
            # 五大环境：一是推进精细化管理，打造…的城乡环境 → 城乡环境
            inner = text.rfind(m.head, item.end, sentence_end)
            if inner > 0:
                left = inner
                while left > item.end and text[left - 1] not in "的、，,；;" and inner - left < 6:
                    left -= 1
                member = text[left : inner + len(m.head)]
        member = _clean_member(member)
        if not member:
            return None
        members.append(member)
        spans.append((item.end, item.end + len(member)))
    return members, spans


def _paragraph_after(doc: Document, pos: int, n: int) -> int:
    paras = doc.spans("paragraph")
    k = bisect.bisect_right(paras, pos, key=_start)
    idx = min(len(paras) - 1, k - 1 + n)
    return paras[idx].end if paras else pos


def _after_headings(doc: Document, m: _Mention, mentions: list[_Mention]) -> list[str] | None:
    """Members as the numbered headings that follow (（一）…（八）), announced by a name
    that ends its sentence."""
    headings = doc.spans("heading")
    k = _from(headings, m.end)
    lead = headings[k] if k < len(headings) else None
    if lead is None or lead.get("number") != 1 or lead.start > _paragraph_after(doc, m.end, 2):
        return None
    if not re.match(r"[^。；;！？\n]{0,12}[。：:！]", doc.text[m.end : m.end + 14]):
        return None
    j = bisect.bisect_left(mentions, m.end, key=_start)
    if j < len(mentions) and mentions[j].start < lead.start:
        return None
    level = lead.get("level")
    members: list[str] = []
    for h in _following(headings, k):
        if h.get("level") < level:
            break
        if h.get("level") != level:
            continue
        if h.get("number") != len(members) + 1:
            break
        title = h.get("title") or ""
        first = re.split(r"[，,；;。]", title)[0]
        members.append(_clean_member(first) or first)
        if len(members) == m.count:
            break
    return members if len(members) == m.count else None


def _head_recurrence(text: str, m: _Mention, window: int = 6000) -> list[str] | None:
    """Members as the phrases the head recurs with: 做好“衔接”文章, 正在努力成为X,
    or one enumeration of as many items before the head (蓝天、碧水、净土保卫战)."""
    head = m.head
    if len(head) < 2:
        return None
    for opener_pattern in (r"(?:^|\n)$", r"(?:^|[\n。；;！“\"])[\u4e00-\u9fff]{0,2}$"):
        found = _recur(text, m, head, opener_pattern, window)
        if found:
            return found
    return None


def _recur(text: str, m: _Mention, head: str, opener_pattern: str, window: int) -> list[str] | None:
    members: list[str] = []
    pos = max(0, m.start - window)
    limit = min(len(text), m.end + window)
    while len(members) < m.count:
        k = text.find(head, pos, limit)
        if m.start <= k < m.end:
            pos = m.end
            continue
        if k < 0:
            break
        pos = k + len(head)
        if re.search(r"[一二三四五六七八九十两双\d]", text[max(0, k - 3) : k]):
            continue  # the name itself again (四篇文章)
        after = text[pos : pos + 1]
        opener = text[max(0, k - 3) : k]
        if (
            "\u4e00" <= after <= "\u9fff"
            and not re.match(r"的|是|就|和|与|，", after)
            and re.search(opener_pattern, opener)
        ):
            # a verb head opening a sentence or a quotation: the member follows it
            seg = re.match(r"[^，,。；;：:！？”\n]{2,40}", text[pos : pos + 40])
            member = seg.group() if seg else ""
        else:
            left = k
            while left > 0 and text[left - 1] not in "的，,。；;：:！？\n" and k - left < 30:
                left -= 1
            before = text[left:k]
            quoted = re.search(r"[“\"]([^”\"]{1,12})[”\"]$", before)
            if quoted:
                member = quoted.group(1)
            else:
                parts = [_clean_member(p) for p in _split_enum(before)]
                if len(parts) == m.count and all(parts) and not members:
                    return parts
                if len(parts) > 1:
                    continue
                member = _clean_member(before)
        member = member.strip('“”" ')
        if member and member not in members and len(member) <= 40:
            members.append(member)
    return members if len(members) == m.count else None


def _sharing_list(text: str, m: _Mention, window: int = 20000) -> list[str] | None:
    """An enumeration of as many items, each holding the head: 两个融入 → 融入A、融入B;
    双品质 → 高品质城市建设、高品质城市生活."""
    key = m.head[-2:] if len(m.head) >= 2 else ""
    if not key:
        return None
    lo, hi = max(0, m.start - window), min(len(text), m.end + window)
    for sent in re.finditer(r"[^。；;！？\n]+", text[lo:hi]):
        for clause in re.split(r"[，,：:]", sent.group()):
            if clause.count(key) < m.count or "、" not in clause:
                continue
            parts = [_clean_member(p) for p in _split_enum(clause)]
            if len(parts) == m.count and all(key in p for p in parts):
                return parts
    return None


def _composite(text: str, m: _Mention, all_mentions: list[_Mention]) -> list[str] | None:
    """A quoted composite of numbered concepts: “立足一个门户，做好四篇文章，走出六条新路”."""
    if not m.quoted:
        return None
    parts = [p for p in re.split(r"[，,、；;]", m.name) if p]
    if len(parts) == 1:
        parts = _juxtaposed(m.name)
        if not parts:
            return None
    if all((x := _MENTION.match(p)) and x.end() == len(p) for p in parts):
        return parts
    return None


_JUXTAPOSED = re.compile(rf"{_NUM}[\u4e00-\u9fff]{{1,2}}?(?={_NUM}|$)")


def _juxtaposed(name: str) -> list[str]:
    """Numbered parts written side by side: 一心两翼三带 → 一心, 两翼, 三带 (not 三个一批)."""
    parts = _JUXTAPOSED.findall(name)
    if len(parts) < 2 or "".join(parts) != name:
        return []
    if any(
        p[1:] in ("个", "项", "大", "条", "种", "批", "名", "位", "件", "次", "些") for p in parts
    ):
        return []
    return parts


_DIGIT_DEF = re.compile(r"[“\"](\d)[”\"](?:就是|即|是|指)[“\"]?([^”\"，,。]{2,20})")


def _digit_members(text: str, m: _Mention) -> list[str] | None:
    """“123”: each digit defined as “1”就是“一个统领”."""
    digits = re.sub(r"\D", "", m.name)
    defs: dict[str, str] = {}
    for d in _DIGIT_DEF.finditer(text, m.start):
        defs.setdefault(d.group(1), d.group(2))
    members = [defs[c] for c in digits if c in defs]
    return members if len(members) == len(digits) else None


def _structural(
    doc: Document, m: _Mention, mentions: list[_Mention]
) -> tuple[list[str], list[tuple[int, int]], str] | None:
    """The list-shaped ways a text gives a framework's members, strongest first."""
    text = doc.text
    if m.name.startswith("“"):
        found = _digit_members(text, m)
        if found:
            return found, [], "digits defined one by one"
    found = _composite(text, m, mentions)
    if found:
        return found, [], "a quoted composite of numbered concepts"
    found = _before_list(text, m)
    if found:
        return found, [], "the enumeration before the name"
    if m.after_word:
        return None
    found = _after_list(text, m)
    if found:
        return found, [], "the enumeration after the name"
    items = _after_items(doc, m, mentions)
    if items:
        return items[0], items[1], "the items that follow (一是…)"
    found = _after_headings(doc, m, mentions)
    if found:
        return found, [], "the headings that follow"
    return None


def _sharing(
    doc: Document, m: _Mention, mentions: list[_Mention]
) -> tuple[list[str], list[tuple[int, int]], str] | None:
    """Members as one enumeration whose items all hold the head."""
    if m.after_word:
        return None
    found = _sharing_list(doc.text, m)
    return (found, [], "an enumeration sharing the head") if found else None


def _recurrence(
    doc: Document, m: _Mention, mentions: list[_Mention]
) -> tuple[list[str], list[tuple[int, int]], str] | None:
    """Members found by the head's recurrence in the text around the name."""
    if m.after_word:
        return None
    found = _head_recurrence(doc.text, m)
    return (found, [], "the head repeated with each member") if found else None


def _key(m: _Mention) -> str:
    """Mentions of one framework share a key: the digits of “123”, else the name."""
    if m.name.startswith("“"):
        digits = re.sub(r"\D", "", m.name)
        if digits:
            return digits
    return m.name


def _named_only(m: _Mention) -> bool:
    """A quoted name shaped like a framework: a measure word after the numeral (六个领域,
    八大行动)."""
    if not m.quoted or m.count < 2 or m.name.startswith("“"):
        return False
    rest = m.name[len(m.verb) + 1 :] if m.verb else m.name[1:]
    mw = re.match(_MW, rest)
    return bool(mw and mw.end() > 0)


def _bigrams(s: str) -> list[str]:
    return [s[i : i + 2] for i in range(len(s) - 1)] or [s]


def _similar(a: str, b: str) -> bool:
    """Containment, or a character-bigram Dice coefficient of 0.6 or more."""
    if a in b or b in a:
        return True
    x, y = _bigrams(a), _bigrams(b)
    pool = list(y)
    hit = 0
    for g in x:
        if g in pool:
            pool.remove(g)
            hit += 1
    return 2 * hit / (len(x) + len(y)) >= 0.6


@cache
def national_slogans() -> frozenset[str]:
    """Numbered concepts of national policy language (``extract/data/national_slogans.txt``)."""
    data = (
        resources.files("luoshi.extract").joinpath("data/national_slogans.txt").read_text("utf-8")
    )
    return frozenset(
        line.strip() for line in data.splitlines() if line.strip() and not line.startswith("#")
    )


def _framework(
    doc: Document,
    m: _Mention,
    count: int,
    members: list[str],
    spans: list[tuple[int, int]],
    how: str,
) -> Framework:
    s, e = doc.offsets.to_source(m.start, m.end)
    sentence = doc.covering("sentence", m.start)
    return Framework(
        doc=doc.name,
        name=m.name,
        count=count,
        members=members,
        start=m.start,
        end=m.end,
        source_start=s,
        source_end=e,
        sentence=doc.span_text(sentence) if sentence else "",
        member_spans=spans,
        explain={"members": f"framework: {how}"},
    )


def find_frameworks(doc: Document) -> list[Span]:
    """Framework spans of ``doc`` (attribute ``framework``: a :class:`Framework`)."""
    text = doc.text
    statements = doc.spans("statement")
    stmt_starts = [s.start for s in statements]
    mentions = []
    for m in _mentions(text):
        k = bisect.bisect_right(stmt_starts, m.start) - 1
        if k >= 0 and statements[k].start <= m.start < statements[k].end:
            continue  # a quantity, not a name (两个百分点)
        mentions.append(m)
    composite_parts = {
        p for m in mentions if m.quoted for p in (_composite(text, m, mentions) or [])
    }
    by_key: dict[str, list[_Mention]] = {}
    for m in mentions:
        # one of something is a framework only where the text names it as one
        if m.count == 1 and not (m.quoted or m.name in composite_parts):
            continue
        by_key.setdefault(_key(m), []).append(m)
    results: list[Framework] = []
    unlisted: list[_Mention] = []
    national = national_slogans()
    for group in by_key.values():
        chosen = None
        # a national slogan is this text's framework only where the text lists its members
        is_national = any(m.name in national for m in group)
        strategies = (_structural,) if is_national else (_structural, _sharing, _recurrence)
        for strategy in strategies:
            for m in group:
                found = strategy(doc, m, mentions)
                if found:
                    chosen = (m, found)
                    break
            if chosen:
                break
        if chosen is None:
            named = next((m for m in group if _named_only(m)), None)
            if not is_national and named is not None:
                unlisted.append(named)
            continue
        m, (members, spans, how) = chosen
        if any(
            r.count == m.count and (r.name in m.name or m.name in r.name) and r.members == members
            for r in results
        ):
            continue  # 抓好八个方面工作 again as 八个方面工作
        count = len(members) if how.startswith("a quoted composite") else m.count
        results.append(_framework(doc, m, count, members, spans, how))
    for m in unlisted:
        # a quoted numbered name of the text's own (“三个百里”经济带, “十条规定”) whose
        # members the text does not list, unless it is another mention of one found
        if any(r.count == m.count and _similar(r.name, m.name) for r in results):
            continue
        how = "named in quotes; the text does not list its members"
        results.append(_framework(doc, m, m.count, [], [], how))
    results.sort(key=lambda f: f.start)
    names = {f.name: f for f in results}
    for fw in results:
        for member in fw.members:
            child = names.get(member)
            if child is not None and child is not fw:
                child.parent = fw.name
    return [Span(f.start, f.end, "framework", (("framework", f),)) for f in results]
