"""Frameworks: the numbered concepts that organise a plan, with their members.

A framework is named by a numeral and a head (``三大战略``, ``五个始终坚持``,
``“123”总体工作思路``, ``双碳``) and promises as many members as its numeral says
(:mod:`._framework_mention` finds the names). The text lists them in one of a few ways,
each tried here in turn, and a list is accepted only when it has exactly the promised
number of members:

1. list shapes around the name (:mod:`._framework_list`): an enumeration before or after
   it, the items or numbered headings that follow, a quoted composite of numbered names,
   digits defined one by one;
2. an enumeration whose items all hold the head (``稳就业、稳金融…`` for ``六稳``), and
   the head repeated with each member (:mod:`._framework_head`).

National frameworks (``四个全面``, ``六保``, ``三大攻坚战``, ``约法三章``) are frameworks
wherever a text names them: their members are the text's list where it agrees with the
official one, else the official members (:mod:`._framework_known`). A quoted numbered
name with a measure word (``“十条规定”``), or an unquoted ``N大…`` name (``十大重点产业``),
whose members the text does not list is kept without members.

Written by hand: no library finds numbered policy frameworks.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from luoshi.extract.components._framework_head import (
    Enumerations,
    head_recurrence,
    sharing_list,
    single_member,
)
from luoshi.extract.components._framework_known import Known, agreeing, known_mentions, similar
from luoshi.extract.components._framework_list import (
    after_headings,
    after_items,
    after_list,
    before_list,
    composite_count,
    composite_parts,
    digit_members,
    next_clause_list,
)
from luoshi.extract.components._framework_mention import (
    Mention,
    find_mentions,
    has_measure_word,
    numeral_value,
)
from luoshi.extract.doc import Framework
from luoshi.reading.document import Document, Span

__all__ = ["find_frameworks", "numeral_value"]

# members, their spans in the text (where known), and how they were found
Found = tuple[list[str], list[tuple[int, int]], str]


@dataclass(frozen=True)
class _Scope:
    doc: Document
    mentions: list[Mention]
    enumerations: Enumerations


def _structural(scope: _Scope, m: Mention) -> Found | None:
    """The list-shaped ways a text gives a framework's members, strongest first."""
    doc, text = scope.doc, scope.doc.text
    if not m.lead_in:
        if m.name.startswith("“"):
            found = digit_members(text, m)
            if found:
                return found, [], "digits defined one by one"
        parts = composite_parts(m)
        if parts:
            return parts, [], "a quoted composite of numbered concepts"
        one = single_member(text, m, scope.mentions)
        if one:
            return [one], [], "the head with its modifier elsewhere (a name of one)"
        found = before_list(text, m)
        if found:
            return found, [], "the enumeration before the name"
        if m.after_word:
            return None
        found = after_list(text, m)
        if found:
            return found, [], "the enumeration after the name"
    items = after_items(doc, m, scope.mentions)
    if items:
        return items[0], items[1], "the items that follow (一是…)"
    found = after_headings(doc, m, scope.mentions)
    if found:
        return found, [], "the headings that follow"
    return None


def _sharing(scope: _Scope, m: Mention) -> Found | None:
    """Members as one enumeration whose items all hold the head."""
    if m.after_word or m.lead_in:
        return None
    found = sharing_list(scope.enumerations, m)
    return (found, [], "an enumeration sharing the head") if found else None


def _recurrence(scope: _Scope, m: Mention) -> Found | None:
    """Members found by the head's recurrence in the text around the name."""
    if m.after_word or m.lead_in:
        return None
    found = head_recurrence(scope.doc.text, m)
    return (found, [], "the head repeated with each member") if found else None


_STRATEGIES: tuple[Callable[[_Scope, Mention], Found | None], ...] = (
    _structural,
    _sharing,
    _recurrence,
)


def _listed(
    scope: _Scope, group: list[Mention], known: Known | None
) -> tuple[Mention, Found] | None:
    """The first list the text gives for one of ``group``'s mentions; for a national
    framework, only a list that agrees with its official members."""
    for strategy in _STRATEGIES:
        for m in group:
            found = strategy(scope, m)
            if not found:
                continue
            if known is None:
                return m, found
            members = agreeing(found[0], known)
            if members is not None:
                return m, (members, found[1], found[2])
    if known is not None and known.members:
        for m in group:
            near = next_clause_list(scope.doc.text, m, known.count)
            members = agreeing(near, known, at_least=1) if near else None
            if members is not None:
                return m, (members, [], "the enumeration in the clause after the name")
    return None


def _key(m: Mention) -> str:
    """Mentions of one framework share a key: a national framework's name, the digits
    of “123”, else the name."""
    if m.known is not None:
        return m.known.name
    if m.name.startswith("“"):
        digits = "".join(c for c in m.name if c.isdigit())
        if digits:
            return digits
    return m.name[len(m.verb) :]  # 实施三大战略 is 三大战略 again


def _named_only(m: Mention) -> bool:
    """A name that is a framework even where the text does not list its members: quoted
    with a measure word (“六个领域”, “八大行动”), or N大 + a head of two characters or more
    in running text (十大重点产业)."""
    if m.count < 2 or m.lead_in or not has_measure_word(m):
        return False
    if m.quoted:
        return True
    rest = m.name[len(m.verb) + 1 :] if m.verb else m.name[1:]
    # a name that ran to the longest head a mention takes has no end the text marks
    return not m.after_word and rest.startswith("大") and len(m.head) >= 2 and len(rest) < 7


def _framework(doc: Document, m: Mention, count: int, found: Found) -> Framework:
    members, spans, how = found
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


def _all_mentions(doc: Document) -> list[Mention]:
    """The numbered names of ``doc`` that are not quantities, national frameworks marked."""
    text = doc.text

    def sentence_at(pos: int) -> str:
        span = doc.covering("sentence", pos)
        return doc.span_text(span) if span else ""

    generic = find_mentions(text)
    known, never = known_mentions(text, doc.meta.year, sentence_at)
    generic = [g for g in generic if not any(a < g.end and g.start < b for a, b in never)]
    extra: list[Mention] = []
    for k in known:
        g = next((g for g in generic if g.start <= k.start < g.end), None)
        if g is not None and k.start not in (g.start, g.start + len(g.verb)):
            generic.remove(g)  # 一轮“双一流”: the numbered name is the national one
            g = None
        if g is None:
            extra.append(k)
            continue
        g.known = k.known
        g.count = k.count
        if g.end > k.end and not g.quoted:
            g.end = k.end  # 三大攻坚战三年行动方案: the name is 三大攻坚战
            g.name = text[g.start : g.end]
    # the parts of a national name are not names of their own (一公开 in 双随机、一公开)
    spans = [(k.start, k.end) for k in extra] + [
        (g.start, g.end) for g in generic if g.known is not None
    ]
    generic = [
        g
        for g in generic
        if g.known is not None
        or not any(a <= g.start and g.end <= b and (a, b) != (g.start, g.end) for a, b in spans)
    ]
    statements = doc.spans("statement")
    stmt_starts = [s.start for s in statements]
    mentions = []
    for m in sorted(generic + extra, key=lambda x: (x.start, -(x.end - x.start))):
        i = bisect.bisect_right(stmt_starts, m.start) - 1
        if i >= 0 and statements[i].start <= m.start < statements[i].end:
            continue  # a quantity, not a name (两个百分点)
        mentions.append(m)
    return mentions


def find_frameworks(doc: Document) -> list[Span]:
    """Framework spans of ``doc`` (attribute ``framework``: a :class:`Framework`)."""
    mentions = _all_mentions(doc)
    scope = _Scope(doc, mentions, Enumerations.of(doc.text))
    parts_of = {id(m): composite_parts(m) for m in mentions if m.quoted}
    composite_names = {p for parts in parts_of.values() for p in (parts or [])}
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        # one of something is a framework only where the text names it as one
        if m.count == 1 and not (m.quoted or m.name in composite_names):
            continue
        by_key.setdefault(_key(m), []).append(m)
    results: list[Framework] = []
    unlisted: list[Mention] = []
    for group in by_key.values():
        known = next((m.known for m in group if m.known is not None), None)
        chosen = _listed(scope, group, known)
        if chosen is None and known is not None and not known.listed_only:
            m = group[0]
            how = (
                f"the official members ({known.source})"
                if known.members
                else "a national framework; the text does not list its members"
            )
            chosen = (m, (list(known.members), [], how))
        if chosen is None:
            named = next((m for m in group if _named_only(m)), None)
            if named is not None:
                unlisted.append(named)
            continue
        m, found = chosen
        members = found[0]
        if any(
            r.count == m.count and (r.name in m.name or m.name in r.name) and r.members == members
            for r in results
        ):
            continue  # 抓好八个方面工作 again as 八个方面工作
        if m.count == 1 and len(members) == 1 and m.name in members[0]:
            continue  # 一公开 “defined” as the sentence that names 双随机、一公开
        count = m.count
        parts = parts_of.get(id(m))
        if known is None and parts and found[2].startswith("a quoted composite"):
            count = composite_count(m, parts)
        results.append(_framework(doc, m, count, found))
    for m in unlisted:
        # a numbered name of the text's own (“三个百里”经济带, “十条规定”, 十大重点产业)
        # whose members the text does not list, unless it is another mention of one found
        if any(r.count == m.count and similar(r.name, m.name) for r in results):
            continue
        how = "named only; the text does not list its members"
        results.append(_framework(doc, m, m.count, ([], [], how)))
    results.sort(key=lambda f: f.start)
    names = {f.name: f for f in results}
    for fw in results:
        for member in fw.members:
            child = names.get(member)
            if child is not None and child is not fw:
                child.parent = fw.name
    return [Span(f.start, f.end, "framework", (("framework", f),)) for f in results]
