"""Members a text lists around a framework's name, in the shapes official prose uses.

- an enumeration right before the name (``防范化解重大风险、精准脱贫、污染防治三大攻坚战``,
  ``牛、羊、猪、驴、鸡“五畜并举”``), two groups joined by 和 (``大众创业、万众创新和增加
  公共产品、公共服务“双引擎”``), a pair written side by side (``统筹国内国际两个大局``),
  or the clause before it (``…，这六句话``);
- an enumeration after it in its sentence, or its clauses, after a colon or 即
  (``三大战略：A、B、C``, ``“约法三章”：A，B，C``);
- the items that follow (``集中体现在四个方面。一是…二是…``, ``第一，…``);
- the numbered headings that follow (``抓好八个方面工作。（一）…（八）…``);
- a quoted composite whose parts are numbered names (``“立足一个门户，做好四篇文章，
  走出六条新路”``), and quoted digits defined one by one (``“1”就是“一个统领”``).

Each list is accepted only with as many members as the numeral promises.
Written by hand: no library reads these list shapes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from luoshi.extract.components._framework_mention import (
    MENTION,
    Mention,
    juxtaposed,
    numeral_value,
)
from luoshi.reading.document import Document, Span

_ENUM_SPLIT = re.compile(r"、|以及|及|和|与|，(?=[^，]{1,12}$)")
_GROUP_SPLIT = re.compile(r"以及|和|与")
_LEADING_VERBS = re.compile(
    r"^(?:谋划实施了?|坚持以|坚持|实施好?|实行|突出|把|将|面对|抓好|推进|推动|实现了?|完善|构建|打造|建设|聚焦|"
    r"围绕|依托|用好|形成|做到|做好|开展|统筹|加快|强化|深化|提升|发展|以|在|对|按照|着力|全面|持续|大力|"
    r"积极|深入|扎实|努力|重点|主要|包括|涵盖|即|就是|分别是|具体是|是|促进|立足|通过|有|提出了?|明确了?|"
    r"确定了?|概括为|总结为|归纳为|创新性?地?提出|从|抓住|推行|落实好?|巩固|打好|守住|筑牢|践行|树立|"
    r"制定|出台|认真|增强|提高|加强|更好|更加|充分|紧紧|牢牢|支持|调动|办好|处理好|发挥|运用|着眼于|紧扣|率先|建成|始终|继续|进一步|坚决|坚定不移|坚定|着重|切实|不断|全力|奋力|加大|健全|建立|严格|贯彻|执行|必须)+"
)
_VERBS = _LEADING_VERBS.pattern.removeprefix("^(?:").removesuffix(")+")
_ADVERBS = re.compile(
    r"^(?:坚定不移|继续|进一步|坚决|切实|不断|全力|奋力|着力|着重|始终|扎实|大力|积极|深入|努力|必须|"
    r"更好|更加|充分|要)+"
)
# The clause's subject before its verb: 我们始终坚持…, 在全国率先建成…
_SUBJECT = re.compile(
    r"^(?:我们|我国|我省|我市|我县|我区|全国|全省|全市|全县|全区|各地|各级)(?=[\u4e00-\u9fff])"
)
VERB_INSIDE = re.compile(_VERBS)
# 要 opens a member only at its start (要办好…), never inside one (重要)
_LEADING_VERBS = re.compile(f"^(?:{_VERBS}|要)+")
_VERB_END = re.compile(f"(?:{VERB_INSIDE.pattern})$")
# The predicate that closes a list standing as a subject: 化学需氧量、氨氮排放量实现双下降,
# 政府性楼堂馆所、机关事业单位人员编制、“三公”经费得到有效控制.
_PREDICATE = re.compile(
    r"(?:均|都|分别|已|已经|正在|继续|持续|不断|进一步|基本|明显|显著|大幅|稳步|逐步|有所|全面|"
    r"得到|取得|实现|保持|达到|有效|稳定)"
)
# A member does not end in a preposition: 人口增长、经济发展给(资源带来压力)
FUNCTION_WORDS = "给被把让使向对从为"
_ITEM_CLAUSE = re.compile(r"[^，,。；;：:！？]*")
CLAUSE_BREAK = "，,。；;：:！？\n"


def clean_member(s: str, *, verbs: bool = True) -> str:
    """A member as written, without its enumeration marker, subject, leading verbs (or,
    where the verb is the member's own, as in an item or a heading, only leading adverbs:
    坚定不移推动经济发展 → 推动经济发展) and outer quotes."""
    s = re.sub(
        r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,2}[是要]|"
        r"第[一二三四五六七八九十]{1,2}[，,、])",
        "",
        s.strip(),
    )
    prev = None
    while prev != s:
        prev = s
        s = _SUBJECT.sub("", s)
        s = (_LEADING_VERBS if verbs else _ADVERBS).sub("", s).strip(" 　")
        if s.startswith("“") and s.endswith("”") and s.count("“") == 1:
            s = s[1:-1]
    if s.count("“") > s.count("”"):
        s += "”"
    return s.lstrip("”")


def _drop_predicate(member: str) -> str:
    """The subject of a list's last item: 死亡人数实现 → 死亡人数, 环境保护这 → 环境保护."""
    m = _PREDICATE.search(member, 2)
    member = member[: m.start()] if m else member
    return re.sub(r"(?<=..)(?:这些|这|上述|等|要|将|都|也)$", "", member)


def enumeration(
    segment: str, count: int, *, from_end: bool, predicate: bool = False, exact: bool = False
) -> list[str] | None:
    """``count`` members enumerated in ``segment`` (split on 、/和/与/及; failing that, two
    or more groups joined by 和). ``predicate``: the list is a subject with its verb after;
    ``exact``: the segment holds no other items."""
    parts = [p for p in split_enum(segment) if p.strip()]
    if len(parts) != count:
        groups = [p for p in split_enum(segment, _GROUP_SPLIT) if p.strip()]
        if len(groups) == count and count >= 2:
            parts = groups
    if len(parts) < count or (exact and len(parts) != count):
        return None
    chosen = parts[-count:] if from_end else parts[:count]
    if from_end and len(parts) > count:
        return None  # more items than the numeral promises: not this list
    members = [clean_member(p) for p in chosen]
    if predicate and members:
        members[-1] = _drop_predicate(members[-1])
    if any(
        not m
        or len(m) > 40
        or m[0] in "）)》，,、"
        or m[-1] in FUNCTION_WORDS
        or "，" in m
        or m.count("（") != m.count("）")
        for m in members
    ):
        return None
    return trim_first(members)


def trim_first(members: list[str]) -> list[str] | None:
    """The first item may carry the clause's subject and verb (养殖业坚持牛 → 牛, 代表都市
    经济发展方向的创新型经济 → 创新型经济): cut it where it is much longer than its peers,
    after its last 的 or verb; None where it stays too long."""
    peers = [len(m) for m in members[1:]] or [len(members[0])]
    limit = 2 * max(peers) + 2
    first = members[0]
    rest = first.rsplit("的", 1)[-1]
    if (
        "的" in first
        and len(rest) >= 2
        and "”" not in rest
        and not any("的" in m for m in members[1:])
    ):
        # 自治区今年确定的A、B、C: the modifier of the whole list
        first = rest
    if len(first) <= limit:
        return [first, *members[1:]]
    if len(first) > limit:
        verbs = list(VERB_INSIDE.finditer(first))
        if not verbs:
            return None
        first = first[verbs[-1].end() :]
    if not first or len(first) > limit:
        return None
    return [first, *members[1:]]


def split_enum(segment: str, splitter: re.Pattern[str] = _ENUM_SPLIT) -> list[str]:
    """Split an enumeration on 、/和/与/及, never inside quotes or brackets."""
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
            m = splitter.match(segment, i)
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


def _pair(segment: str) -> list[str] | None:
    """Two words side by side that share a character, after a verb: 统筹国内国际 → 国内,
    国际 (省内省外, 线上线下)."""
    tail, lead = segment[-4:], segment[:-4]
    if lead and not _VERB_END.search(lead):
        return None
    han = len(tail) == 4 and all("\u4e00" <= c <= "\u9fff" for c in tail)
    if han and (tail[0] == tail[2] or tail[1] == tail[3]) and tail[:2] != tail[2:]:
        return [tail[:2], tail[2:]]
    return None


def _inside_item(text: str, m: Mention) -> bool:
    """Whether the name is a modifier inside one item of a longer enumeration:
    零基预算改革、高等院校“两优”改革、…改革 (the list before it is not its members)."""
    end = m.end + (1 if m.quoted else 0)
    after = re.match(r"[\u4e00-\u9fff]{1,8}(?=[、])", text[end : end + 9])
    return after is not None


def before_list(text: str, m: Mention) -> list[str] | None:
    """Members enumerated right before the name, or in the clause before it."""
    start = m.start - (1 if m.quoted else 0)
    left = start
    while left > 0 and text[left - 1] not in CLAUSE_BREAK and start - left < 160:
        left -= 1
    segment = text[left:start]
    quoted = re.search(r"[“\"]([^”\"]+)[”\"]$", segment)
    if quoted and len(split_enum(quoted.group(1))) == m.count:
        return enumeration(quoted.group(1), m.count, from_end=True)
    if _inside_item(text, m):
        return None
    if len(split_enum(segment)) >= 2 and not segment.endswith("的"):
        found = enumeration(segment, m.count, from_end=True, predicate=True)
        if found:
            return found
    if m.count == 2 and not segment.endswith("的"):
        pair = _pair(segment)
        if pair:
            return pair
    # "…、…、…，这六句话": the list fills the clause before
    lead_in = segment.strip() in ("这", "上述", "以上", "这些", "即")
    if lead_in and left > 0 and text[left - 1] in "，,":
        prev = left - 1
        while prev > 0 and text[prev - 1] not in "。；;！？\n" and left - prev < 200:
            prev -= 1
        return enumeration(text[prev : left - 1], m.count, from_end=True)
    return None


def after_list(text: str, m: Mention) -> list[str] | None:
    """Members enumerated after the name in its sentence: 三大战略：A、B、C; or, after a
    colon, the sentence's clauses: “约法三章”：A，B，C."""
    end = m.end + (1 if m.quoted else 0)
    intro = re.match(r"[，,]?(?:即|就是|包括|分别是|分别为)[：:，,]?|[：:]", text[end : end + 8])
    if intro is None:
        return None
    pos = end + intro.end()
    stop = pos
    while stop < len(text) and text[stop] not in "。；;\n" and stop - pos < 200:
        stop += 1
    seg = text[pos:stop]
    if "一是" in seg[:4] or "第一" in seg[:4]:
        return None
    if intro.group().endswith(("：", ":")):
        # after a colon, clauses that are as many as promised are the members, each
        # whole (A一律不得新建和改扩建，B只减不增，C只减不增)
        sent_end = stop
        while sent_end < len(text) and text[sent_end] not in "。\n" and sent_end - pos < 300:
            sent_end += 1
        clauses = [c for c in re.split(r"[，,；;]", text[pos:sent_end]) if c.strip()]
        members = [clean_member(c) for c in clauses]
        if len(clauses) == m.count and all(0 < len(c) <= 40 for c in members):
            return members
    return enumeration(seg, m.count, from_end=False)


def next_clause_list(text: str, m: Mention, count: int) -> list[str] | None:
    """An enumeration of ``count`` items in the clause right after the name, standing as
    its subject: 严格执行“约法三章”，A、B、C得到有效控制."""
    end = m.end + (1 if m.quoted else 0)
    if text[end : end + 1] not in ("，", ","):
        return None
    stop = end + 1
    while stop < len(text) and text[stop] not in CLAUSE_BREAK and stop - end < 160:
        stop += 1
    return enumeration(text[end + 1 : stop], count, from_end=False, predicate=True, exact=True)


def _start(x: Span | Mention) -> int:
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


def _clear_between(doc: Document, mentions: list[Mention], a: int, b: int) -> bool:
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


def _paragraph_after(doc: Document, pos: int, n: int) -> int:
    paras = doc.spans("paragraph")
    k = bisect.bisect_right(paras, pos, key=_start)
    idx = min(len(paras) - 1, k - 1 + n)
    return paras[idx].end if paras else pos


def _reaches_end(doc: Document, limit: int) -> bool:
    """Whether the text ends before ``limit``: an excerpt cut inside a list."""
    paras = doc.spans("paragraph")
    return bool(paras) and paras[-1].end <= limit


def after_items(
    doc: Document, m: Mention, mentions: list[Mention]
) -> tuple[list[str], list[tuple[int, int]]] | None:
    """Members as the items (一是…二是…, 第一，…) that follow: in the same passage, or
    opening the next paragraphs, with nothing else numbered in between. Where the text
    ends before the last item (an excerpt), the items it has."""
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
    if len(seq) != m.count and not (seq and seq[-1] is items[-1] and _reaches_end(doc, para_limit)):
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
        member = clean_member(member, verbs=False)
        if not member:
            return None
        members.append(member)
        spans.append((item.end, item.end + len(member)))
    return members, spans


def after_headings(doc: Document, m: Mention, mentions: list[Mention]) -> list[str] | None:
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
        members.append(clean_member(first, verbs=False) or first)
        if len(members) == m.count:
            break
    return members if len(members) == m.count else None


def composite_parts(m: Mention) -> list[str] | None:
    """A quoted composite of numbered names: “立足一个门户，做好四篇文章，走出六条新路”,
    “一心两翼三带”, “双随机、一公开”."""
    if not m.quoted:
        return None
    parts = [p for p in re.split(r"[，,、；;]", m.name) if p]
    if len(parts) == 1:
        parts = juxtaposed(m.name)
        if not parts:
            return None
    if all((x := MENTION.match(p)) and x.end() == len(p) for p in parts):
        return parts
    return None


def composite_count(m: Mention, parts: list[str]) -> int:
    """How many things a composite promises: the sum of its numerals where its parts are
    short nouns (三河三湖 → 6, 双随机、一公开 → 3), else its parts (立足一个门户，做好四篇
    文章，走出六条新路 → 3)."""
    if not (juxtaposed(m.name) or all(len(p) <= 3 for p in parts)):
        return len(parts)
    total = 0
    for p in parts:
        x = MENTION.match(p)
        n = numeral_value(x.group("num")) if x else None
        if n is None:
            return len(parts)
        total += n
    return total


_DIGIT_DEF = re.compile(r"[“\"](\d)[”\"](?:就是|即|是|指)[“\"]?([^”\"，,。]{2,20})")


def digit_members(text: str, m: Mention) -> list[str] | None:
    """“123”: each digit defined as “1”就是“一个统领”."""
    digits = re.sub(r"\D", "", m.name)
    defs: dict[str, str] = {}
    for d in _DIGIT_DEF.finditer(text, m.start):
        defs.setdefault(d.group(1), d.group(2))
    members = [defs[c] for c in digits if c in defs]
    return members if len(members) == len(digits) else None
