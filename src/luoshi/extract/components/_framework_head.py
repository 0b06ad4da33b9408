"""Members that carry the framework's head: the head repeated with each member, or one
enumeration whose items all hold it.

- ``做好“衔接”文章…做好“提升”文章`` (a quoted member before the head), ``始终坚持立足大局``
  (the head opening a sentence, the member after it), ``蓝天、碧水、净土保卫战`` (one
  enumeration before the head);
- ``两个融入`` → ``融入A、融入B``; ``六稳`` → ``稳就业、稳金融、稳外贸、稳外资、稳投资、
  稳预期`` (a one-character head opens each item); ``两不愁`` → ``不愁吃、不愁穿``.

Written by hand: no library finds numbered policy frameworks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from luoshi.extract.components._framework_list import (
    FUNCTION_WORDS,
    VERB_INSIDE,
    clean_member,
    split_enum,
    trim_first,
)
from luoshi.extract.components._framework_mention import Mention

_CLAUSE = re.compile(r"[^。；;！？\n，,：:]+")
_BREAK = "的，,。；;：:！？\n"
# A head that is an exhortation, whose members follow it (始终坚持立足大局, 努力成为…)
_VERBAL = re.compile(
    r"始终|努力|坚持|着力|聚焦|全力|奋力|持续|更加|切实|加快|推动|推进|坚定|争当|争创|当好|勇当|"
    r"走在|做到|确保|成为|建设|打造|做好|抓好|打好|实施"
)
# A head that is a change (双下降, 双提升, 两个翻番): its members are the subjects of its own
# sentence, never phrases elsewhere that happen to fall or rise.
_CHANGE = re.compile(r"下降|增长|提升|提高|减少|增加|翻番|降低|上升|突破")


@dataclass(frozen=True)
class Enumerations:
    """The clauses of a text that hold an enumeration (a 、), with their offsets."""

    starts: list[int]
    clauses: list[str]

    @classmethod
    def of(cls, text: str) -> Enumerations:
        """Index the enumerating clauses of ``text``."""
        starts: list[int] = []
        clauses: list[str] = []
        for c in _CLAUSE.finditer(text):
            if "、" in c.group():
                starts.append(c.start())
                clauses.append(c.group())
        return cls(starts, clauses)


def sharing_list(index: Enumerations, m: Mention, window: int = 3000) -> list[str] | None:
    """The nearest enumeration of exactly as many items, each holding the head (its last
    two characters), or, for a one-character head (六稳, 三保), each opening with it: within
    ``window`` of an unquoted name, anywhere for a quoted one (a text that quotes a name
    may spell it out pages away)."""
    if m.count < 2 or not m.head:
        return None
    if m.quoted:
        window = 1 << 30
    head = m.head
    one = len(head) == 1
    key = head if one else head[-2:]
    lo = bisect.bisect_left(index.starts, m.start - window)
    hi = bisect.bisect_right(index.starts, m.end + window)
    holding = [i for i in range(lo, hi) if index.clauses[i].count(key) >= m.count]
    for i in sorted(holding, key=lambda i: abs(index.starts[i] - m.start)):
        clause = index.clauses[i]
        parts = [clean_member(p) for p in split_enum(clause)]
        if len(parts) != m.count:
            continue
        if one:
            # the item itself, verbs included: 稳就业 (the head is the verb)
            raw = [p.strip() for p in split_enum(clause)]
            first = raw[0]
            k = first.rfind(key)
            raw[0] = first[k:] if k >= 0 else first
            # 稳就业、稳金融 (the head is a verb of its own), not 优势地区、优势园区
            if all(p.startswith(key) and 2 <= len(p) <= 12 for p in raw) and (
                len({p[:2] for p in raw}) > 1
            ):
                return raw
            continue
        if all(key in p and not re.search(r"\d", p) for p in parts):
            trimmed = trim_first(parts)
            if trimmed:
                return trimmed
    return None


def head_recurrence(text: str, m: Mention, window: int = 6000) -> list[str] | None:
    """Members as the phrases the head recurs with: 做好“衔接”文章, 正在努力成为X,
    or one enumeration of as many items before the head (蓝天、碧水、净土保卫战)."""
    head = m.head
    if len(head) < 2 or m.count < 2 or _CHANGE.fullmatch(head):
        return None
    for opener_pattern in (r"(?:^|\n)$", r"(?:^|[\n。；;！“\"])[\u4e00-\u9fff]{0,2}$"):
        found = _recur(text, m, head, opener_pattern, window)
        if found:
            return found
    return None


def _recur(text: str, m: Mention, head: str, opener_pattern: str, window: int) -> list[str] | None:
    members: list[str] = []
    pos = m.end  # the members follow the name that announces them
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
            and _VERBAL.match(head)
            and not re.match(r"的|是|就|和|与|，", after)
            and re.search(opener_pattern, opener)
        ):
            # a verb head opening a sentence or a quotation: the member follows it
            seg = re.match(r"[^，,。；;：:！？”\n]{2,40}", text[pos : pos + 40])
            member = seg.group() if seg else ""
        else:
            left = k
            while left > 0 and text[left - 1] not in _BREAK and k - left < 60:
                left -= 1
            before = text[left:k]
            quoted = re.search(r"[“\"]([^”\"]{1,12})[”\"]$", before)
            if not quoted:
                # one enumeration of all the members before the head, from the clause's
                # start; a single unquoted phrase before a common head (…机制, …工程)
                # says nothing of this name
                parts = [clean_member(p) for p in split_enum(before)]
                if (
                    not members
                    and "、" in before
                    and len(parts) == m.count
                    and (left == 0 or text[left - 1] in _BREAK)
                    and all(0 < len(p) <= 8 and p[-1] not in FUNCTION_WORDS for p in parts)
                ):
                    return parts
                continue
            member = quoted.group(1)
        member = member.strip('“”" ')
        if member and member not in members and len(member) <= 40:
            members.append(member)
    return members if len(members) == m.count else None


def single_member(text: str, m: Mention, mentions: list[Mention], window: int = 3000) -> str | None:
    """The one member of a name of one (一个统领, 立足一个门户): the nearest other place
    where the head stands after a modifier of two to four characters (坚持把党建统领 →
    党建统领, 的重要门户 → 重要门户)."""
    head = m.head
    if m.count != 1 or len(head) < 2:
        return None
    taken = [(x.start, x.end) for x in mentions]
    hits: list[int] = []
    k = text.find(head, max(0, m.start - window))
    while 0 <= k < m.end + window:
        if not any(a <= k < b for a, b in taken):
            hits.append(k)
        k = text.find(head, k + 1)
    for k in sorted(hits, key=lambda h: abs(h - m.start)):
        lead = text[max(0, k - 6) : k]
        cut = max(
            (i + 1 for i, c in enumerate(lead) if not "\u4e00" <= c <= "\u9fff" or c == "的"),
            default=0,
        )
        lead = lead[cut:]
        verbs = list(VERB_INSIDE.finditer(lead))
        if verbs:
            lead = lead[verbs[-1].end() :]
        if 2 <= len(lead) <= 4 and not re.search(r"[一二三四五六七八九十两双]", lead):
            return lead + head
    return None
