"""The extraction components, registered here, in one place, in pipeline order.

Each component is a function over a :class:`~luoshi.reading.document.Document` that
fills span layers and returns the document. The rules live in the sibling modules
(number, quantity, time, statementhood, indicator, classify, framework); this module
applies them to documents and records in each candidate's ``explain`` which rule
decided which field.
"""

from __future__ import annotations

import bisect
import re

from luoshi.extract.candidate import Candidate, candidates, clause_bounds
from luoshi.extract.components import classify as cls
from luoshi.extract.components import indicator as ind
from luoshi.extract.components.framework import find_frameworks
from luoshi.extract.components.number import NumberMatch, scan_numbers
from luoshi.extract.components.quantity import match_unit, scaled, skip_more
from luoshi.extract.components.scope import (
    ScopeIndex,
    find_scopes,
    reference_year,
    reported_year,
)
from luoshi.extract.components.statementhood import statement_reason
from luoshi.extract.components.time import TimeExpr, find_time_expressions
from luoshi.extract.registry import component
from luoshi.reading.document import Document, Span

# The functions carry a suffix so that they never shadow the rule modules of the same
# name (luoshi.extract.components.indicator is the module, not the component).
__all__ = [
    "classify_component",
    "framework_component",
    "indicator_component",
    "number_component",
    "quantity_component",
    "scope_component",
    "statement_filter_component",
    "time_component",
]


@component("number", assigns=("number", "date"))
def number_component(doc: Document) -> Document:
    """Find every numeric expression (Arabic, Chinese, mixed; percentages, ratios, ranks)."""
    found, dates = scan_numbers(doc.text)
    doc.set_layer("number", (Span(n.start, n.end, "number", (("match", n),)) for n in found))
    doc.set_layer("date", (Span(s, e, "date", (("year", y),)) for s, e, y in dates))
    return doc


def _unit_start(text: str, n: NumberMatch) -> int:
    """Where the unit (and a magnitude word left for it) starts after a number."""
    if n.magnitude_text and text.startswith(n.magnitude_text, n.end):
        return n.end + len(n.magnitude_text)
    return n.end


@component("quantity", requires=("number", "sentence"), assigns=("quantity",))
def quantity_component(doc: Document) -> Document:
    """Attach each number's unit and fold its magnitude into ``base_value``/``base_unit``."""
    text = doc.text
    spans: list[Span] = []
    for span in doc.spans("number"):
        n: NumberMatch = span.get("match")
        sentence = doc.covering("sentence", n.start)
        if sentence is None:
            continue
        pos = _unit_start(text, n)
        pos, more = skip_more(text, pos)
        unit = unit_kind = base_unit = ""
        factor = 1.0
        end = pos if n.magnitude_text else n.end
        if n.form in ("percent", "permille") or n.scale:
            unit = base_unit = n.scale or ("%" if n.form == "percent" else "‰")
            unit_kind = "percent"
            end = max(n.end, pos) if not n.magnitude_text else pos
        elif n.form == "rank":
            # 第二大, 第7位, 第三名: the rank's word belongs to it
            end = n.end + (1 if text[n.end : n.end + 1] in ("大", "位", "名", "强") else 0)
        elif n.form in ("ratio", "fraction"):
            end = n.end
        else:
            um = match_unit(text, pos, n.magnitude_text)
            if um is not None:
                unit, base_unit, factor, unit_kind, end = (
                    um.text,
                    um.base,
                    um.factor,
                    um.kind,
                    um.end,
                )
        value = list(n.value) if isinstance(n.value, tuple) else float(n.value)
        base = (
            [scaled(v, factor) for v in value] if isinstance(value, list) else scaled(value, factor)
        )
        cand = Candidate(
            start=n.start,
            end=max(end, n.end),
            number_start=n.start,
            number_end=n.end,
            value=value,
            unit=unit,
            base_value=base,
            base_unit=base_unit,
            unit_kind=unit_kind,
            form=n.form,
            chinese=n.chinese,
            sentence=sentence,
            approx=n.approx or ("ge" if more else None),
            low_end=n.low_end,
            high_start=n.high_start,
        )
        reason = statement_reason(
            text,
            start=cand.start,
            end=cand.end,
            unit=unit,
            unit_kind=unit_kind,
            form=n.form,
            chinese=n.chinese,
            value=value,
            vague=n.vague,
            magnitude_text=n.magnitude_text,
        )
        if reason:
            cand.drop("statement_filter", reason)
        cand.explain["value"] = f"number: {n.form}" + (", Chinese numeral" if n.chinese else "")
        cand.explain["unit"] = f"quantity: unit lexicon ({unit_kind or 'none'})"
        spans.append(Span(cand.start, cand.end, "quantity", (("candidate", cand),)))
    doc.set_layer("quantity", spans)
    return doc


def before_vague(exprs: list[TimeExpr], pos: int) -> bool:
    """Whether a vague time expression (近几年) stands before ``pos``: it fixes no year."""
    return any(e.vague and e.end <= pos for e in exprs)


def _sentence_times(
    doc: Document, doc_year: int | None
) -> dict[int, tuple[list[TimeExpr], TimeExpr | None, bool]]:
    """For each sentence (by start): its time expressions, the context it inherits, and
    whether it inherits it over a semicolon. The context comes
    from a sentence joined to it by a semicolon, or from the time that opened an earlier
    sentence of its paragraph (``过去一年，我们…。国内生产总值增长10.3%…``: the time
    a sentence opens with is the topic of those after it, until another opens)."""
    text = doc.text
    out: dict[int, tuple[list[TimeExpr], TimeExpr | None, bool]] = {}
    carry: TimeExpr | None = None
    topic: TimeExpr | None = None
    prev: Span | None = None
    for s in doc.spans("sentence"):
        exprs = [
            e
            for e in find_time_expressions(text, doc_year, s.start, s.end)
            # 比2020年增长, 与上年相比: a comparison's base year, not the statement's year
            if e.start == 0 or text[e.start - 1] not in "比较于同与"
        ]
        same_paragraph = prev is not None and prev.get("paragraph") == s.get("paragraph")
        if not same_paragraph:
            topic = None
        joined = same_paragraph and prev is not None and text[prev.end - 1] in "；;"
        inherited = carry if joined else topic
        out[s.start] = (exprs, inherited, joined)
        carry = exprs[-1] if exprs else inherited
        if (
            exprs
            and exprs[0].start - s.start <= 1
            and text[exprs[0].end : exprs[0].end + 1] in "，,"
        ):
            topic = exprs[0]
        prev = s
    return out


@component("scope", requires=("paragraph", "sentence", "heading"), assigns=("scope",))
def scope_component(doc: Document) -> Document:
    """Find the sections, paragraphs and lead-in lists that date and kind their figures."""
    doc.set_layer(
        "scope", (Span(s.start, s.end, "scope", (("scope", s),)) for s in find_scopes(doc))
    )
    return doc


# 从54万亿元增加到82.7万亿元, 从每月70元提高到88元: the first value is the starting point
_FROM = re.compile(r"(?:从|由)[^，。；：从由到至\d]{0,8}$")
# …提高到2.3%: the end value, which the time words of the starting point (从去年的) do not date
_TO_BEFORE = re.compile(r"(?:到|至)$")
_TO = re.compile(
    r"^[^，。；从由到至]{0,6}?(?:提高|增加|增长|上升|下降|降低|减少|扩大|缩小|提升|跃升|攀升|升|降|增)?"
    r"(?:到|至)"
)


@component(
    "time",
    requires=("quantity", "sentence", "paragraph", "heading", "scope"),
    assigns=("time",),
)
def time_component(doc: Document) -> Document:
    """Give each quantity the year its sentence (or its ；-joined predecessor) fixes, and
    the scope it stands in (which dates it where the sentence does not)."""
    text = doc.text
    doc_year = reference_year(doc)
    scopes = ScopeIndex([sp.get("scope") for sp in doc.spans("scope")], doc.spans("paragraph"))
    times = _sentence_times(doc, doc_year)
    for cand in candidates(doc, kept_only=False):
        s = cand.sentence
        exprs, inherited, joined = times.get(s.start, ([], None, False))
        if exprs and _TO_BEFORE.search(
            text, max(s.start, cand.number_start - 1), cand.number_start
        ):
            cs, _ = clause_bounds(text, s, cand.start)
            origin = max(text.rfind("从", cs, cand.start), text.rfind("由", cs, cand.start))
            if origin >= 0:
                exprs = [e for e in exprs if e.end <= origin]
        k = bisect.bisect_right([e.end for e in exprs], cand.start) if exprs else 0
        after_deadline = next(
            (e for e in exprs[k:] if e.start >= cand.end and e.deadline and e.year), None
        )
        if k:
            e = exprs[k - 1]
            cand.year, cand.deadline = e.year, e.deadline
            cand.explain["year"] = f"time: {text[e.start : e.end]!r} before it"
        elif after_deadline is not None:
            e = after_deadline
            cand.year, cand.deadline = e.year, True
            cand.explain["year"] = f"time: deadline {text[e.start : e.end]!r} in the sentence"
        elif inherited is not None:
            cand.year, cand.deadline = inherited.year, inherited.deadline
            cand.explain["year"] = (
                "time: carried over from the sentence before the semicolon"
                if joined
                else f"time: {text[inherited.start : inherited.end]!r} opened an earlier "
                "sentence of the paragraph"
            )
        scope = scopes.at(cand.start)
        # 近几年 fixes no year of its own; inside the review of a period (五年来，…) it
        # spans the period, whose figures the review dates by its last year
        period = (
            scope is not None
            and scope.kind == "actual"
            and scope.first is not None
            and scope.year is not None
            and scope.first < scope.year
        )
        if not before_vague(exprs, cand.start) or period:
            cand.scope = scope
        lo = max(s.start, cand.number_start - 16)
        cand.start_value = bool(
            _FROM.search(text, lo, cand.number_start) and _TO.match(text[cand.end : cand.end + 12])
        )
    doc.set_layer(
        "time",
        (
            Span(
                e.start,
                e.end,
                "time",
                (("year", e.year), ("deadline", e.deadline), ("vague", e.vague)),
            )
            for exprs, _, _ in times.values()
            for e in exprs
        ),
    )
    return doc


@component("statement_filter", requires=("quantity",), assigns=("statement",))
def statement_filter_component(doc: Document) -> Document:
    """Keep the quantities that are statements; the reasons for the others stay on them."""
    doc.set_layer(
        "statement",
        (Span(c.start, c.end, "statement", (("candidate", c),)) for c in candidates(doc)),
    )
    return doc


def _own_places(doc: Document) -> tuple[str, ...]:
    from luoshi.reading.region import division

    places: list[str] = []
    code = doc.meta.region_code
    while code:
        d = division(code)
        if d is None:
            break
        places.append(d.name)
        for suffix in ("省", "市", "县", "区", "自治州", "自治县", "盟", "旗"):
            if d.name.endswith(suffix) and len(d.name) - len(suffix) >= 2:
                places.append(d.name[: -len(suffix)])
        code = d.parent or ""
    return tuple(sorted(set(places), key=len, reverse=True))


_GENERIC_MEASURES = frozenset(
    "个项家座所处条名位只头台套辆艘架种类批件户株棵张间栋部场块片宗份".replace(" ", "")
)
_NOUN_UNITS = frozenset({"镇", "乡", "村", "社区", "街道"})
# units that count occurrences of an action, not things
_EVENT_UNITS = frozenset({"次", "轮", "批次"})
_MAGNITUDE_UNITS = frozenset({"万", "亿", "万亿", "千万", "百万"})


def _before_noun(before: str) -> bool:
    """Whether the clause names what the number counts before it (人口达到14亿)."""
    return len(before) >= 2


_GROWTH_WORDS = ("年均增速", "年均增长", "增速", "增长率", "增长", "增幅")


def _noun_like(phrase: str) -> bool:
    if len(phrase) < 2:
        return False
    return not ind.STARTS_WITH_VERB.match(phrase) and not ind._ACTION_RE.match(phrase)


@component("indicator", requires=("statement", "sentence"), assigns=("indicator",))
def indicator_component(doc: Document) -> Document:
    """Name what each statement measures, and map it to the canonical vocabulary."""
    text = doc.text
    places = _own_places(doc)
    prev: Candidate | None = None
    cands = candidates(doc)
    pending: list[str] = []  # indicators still owed to the figures of a list, in order
    seen: list[str] = []  # the indicators named so far in the sentence, each once
    for i, cand in enumerate(cands):
        if prev is not None and prev.sentence is not cand.sentence:
            prev = None
        if prev is None:
            pending, seen = [], []
        cs, _ = clause_bounds(text, cand.sentence, cand.start)
        left = max(cs, prev.end) if prev is not None and prev.end > cs else cs
        before = ind.before_phrase(text[left : cand.start], places)
        generic = ""
        if prev is not None and prev.indicator and ind.is_generic(before):
            # 国内生产总值增长6.6%，总量突破90万亿元: the size of the indicator before
            generic, before = before, ""
        after_pos = cand.end
        tail = text[after_pos : after_pos + 8]
        m = cls._GE_AFTER.match(tail) or cls._APPROX_AFTER.match(tail)
        if m:
            after_pos += m.end()
        after = ind.after_phrase(text, after_pos) if cand.form not in ("percent", "ratio") else ""
        phrase, how = "", ""
        if not (prev is not None and ind.LIST_JOIN.fullmatch(text[prev.end : cand.start])):
            pending = []
        if pending:
            phrase, how = pending.pop(0), "the next of the indicators the list answers in order"
        elif cand.unit in _NOUN_UNITS and not _noun_like(after):
            phrase, how = cand.unit, "the unit is the thing counted"
        elif cand.form == "rank":
            subject = ind.clean_phrase(
                re.split("稳居|跃居|[在于位居列排]", text[cs : cand.start])[0], places
            )
            if _noun_like(after):
                phrase, how = after, "the noun after the rank"
            elif (
                len(subject) >= 2
                and not re.search(r"\d", subject)
                and not (prev is not None and prev.indicator and ind.is_generic(subject))
            ):
                phrase, how = subject, "the subject of the clause"
        elif cand.unit in _EVENT_UNITS and len(event := ind.after_phrase(text, after_pos)) >= 2:
            # 先后4次降低存款准备金率: what was done that many times
            phrase, how = event, "the action counted after the quantity"
        elif (
            _noun_like(after)
            and not ind.is_generic(after)  # 跨越3000亿元规模: a size, not a thing counted
            and (
                cand.unit_kind not in ("percent", "points", "")
                # 近1400万农业转移人口: a bare magnitude counts the noun after it
                or (cand.unit in _MAGNITUDE_UNITS and not _before_noun(before))
            )
        ):
            phrase, how = after, "the noun after the quantity"
            # 5千头种猪场项目: the project's size is measured, not the project
            if cand.unit not in ("个", "项") and phrase.endswith("项目") and len(phrase) > 3:
                phrase = phrase[:-2]
        if not how:
            listed = ind.listed_figures(text, cands, i)
            if len(before) >= 2:
                phrase, how = before, "the phrase before the number"
                members = ind.coordinated(before) if listed > 1 else ()
                if len(members) == listed:
                    # 城镇、农村居民人均可支配收入分别增长4.5%和6.5%
                    phrase, pending = members[0], list(members[1:])
                    how = "the first of the coordinated indicators the list answers in order"
            elif listed > 1 and len(seen) >= listed:
                # 城镇居民人均可支配收入…，农村居民人均纯收入…，实际增长9.8%和8.5%
                phrase, pending = seen[-listed], seen[1 - listed :]
                how = "the first of the indicators before the list, which it answers in order"
        if not phrase and prev is not None and prev.indicator:
            phrase = prev.indicator
            if cand.unit_kind != "percent":
                for w in _GROWTH_WORDS:
                    if phrase.endswith(w) and len(phrase) > len(w) + 1:
                        phrase = phrase[: -len(w)]
                        break
            if generic:
                phrase = ind.total_of(phrase, generic)
            if generic and ind.lookup(phrase) is None and ind.lookup(phrase + generic):
                phrase += generic  # 经济增长7.5%，总量突破150亿元: 经济总量
            how = "continues the indicator before it in the sentence"
        cand.indicator = phrase
        if phrase and phrase not in seen:
            seen.append(phrase)
        canonical = ind.lookup(phrase) if phrase else None
        cand.indicator_id = canonical.id if canonical else None
        cand.explain["indicator"] = f"indicator: {how or 'none found'}" + (
            f"; canonical {canonical.name}" if canonical else ""
        )
        prev = cand
    return doc


def _heading_chains(doc: Document) -> tuple[list[int], list[list[str]]]:
    """For each heading (by start), the titles of it and the headings enclosing it."""
    starts: list[int] = []
    chains: list[list[str]] = []
    chain: list[tuple[int, str]] = []
    for h in doc.spans("heading"):
        level = h.get("level")
        while chain and chain[-1][0] >= level:
            chain.pop()
        chain.append((level, h.get("title") or ""))
        starts.append(h.start)
        chains.append([t for _, t in chain])
    return starts, chains


def _heading_chain(chains: tuple[list[int], list[list[str]]], pos: int) -> list[str]:
    """The titles of the headings enclosing ``pos``, outermost first."""
    k = bisect.bisect_right(chains[0], pos)
    return chains[1][k - 1] if k else []


_REPORTING_TYPES = frozenset({"news", "bulletin", "commentary"})


@component("classify", requires=("indicator", "heading", "scope"), assigns=("classification",))
def classify_component(doc: Document) -> Document:
    """Decide kind (target/actual), measure and comparator from cues, tense and scope."""
    text = doc.text
    doc_year = reference_year(doc)
    chains = _heading_chains(doc)
    bulletin_year = reported_year(doc)
    prev: Candidate | None = None
    for cand in candidates(doc):
        s = cand.sentence
        cs, ce = clause_bounds(text, s, cand.start)
        clause = text[cs:ce]
        lead = text[max(s.start, cand.start - 160) : cand.start]
        before = text[cs : cand.number_start]
        after = text[cand.end : cand.end + 6]
        comp, cue = cls.comparator_of(before, after, cand.approx)
        cand.comparator = comp
        cand.explain["comparator"] = f"classify: {cue!r}" if cue else "classify: no comparator cue"
        measure, mcue, sign = cls.measure_of(cand.form, cand.unit, cand.unit_kind, before)
        if (
            prev is not None
            and prev.sentence is s
            and ind.LIST_JOIN.fullmatch(text[prev.end : cand.start])
        ):
            # 分别增长5.5%和7%: the second value is measured like the first
            measure, sign = prev.measure, prev.sign
            mcue = f"like {text[prev.start : prev.end]} before it"
        cand.measure, cand.sign = measure, sign
        cand.explain["measure"] = f"classify: {mcue!r}" if mcue else "classify: a level by default"
        kind, why = _kind(doc, cand, clause, lead, before, doc_year, chains)
        cand.kind = kind
        cand.explain["kind"] = f"classify: {why}"
        if cand.year is None:
            _scope_year(cand, doc, before, doc_year, bulletin_year)
        if kind == "actual" and cand.deadline and doc_year and cand.year and cand.year > doc_year:
            cand.kind = "target"
            cand.explain["kind"] = "classify: a deadline after the document's date"
        prev = cand
    return doc


_BASELINE = ("基础上", "的基础")
_REPORT_TYPES = frozenset({"work_report", "congress_report", "speech"})


def _scope_year(
    cand: Candidate, doc: Document, before: str, doc_year: int | None, bulletin_year: int | None
) -> None:
    """The year of a figure its sentence does not date: from the scope it stands in."""
    scope = cand.scope
    if cand.start_value and scope is not None and scope.first is not None:
        cand.year = scope.first - 1
        cand.explain["year"] = f"scope: the starting value of {scope.cue} (the year before it)"
        return
    if scope is not None and scope.year is not None and scope.kind in (None, cand.kind):
        cand.year = scope.year
        cand.explain["year"] = f"scope: {scope.cue}"
        return
    if scope is not None and scope.year is not None and scope.kind == "actual":
        # a review that restates the year's promise (实现了7%左右的预期目标)
        cand.year = scope.year
        cand.explain["year"] = f"scope: {scope.cue} (a promise for the year reviewed)"
        return
    if cand.kind != "actual":
        return
    if cls.estimate_cue(before) and doc_year and doc.meta.doc_type in _REPORT_TYPES:
        cand.year = doc_year - 1
        cand.explain["year"] = "classify: an estimate (预计) in a report reviews the year before"
    elif bulletin_year is not None:
        cand.year = bulletin_year
        cand.explain["year"] = "time: the statistical bulletin's year"


def _kind(
    doc: Document,
    cand: Candidate,
    clause: str,
    lead: str,
    before: str,
    doc_year: int | None,
    chains: tuple[list[int], list[list[str]]],
) -> tuple[str, str]:
    """Target or actual: the clause's own words first, then the scope, then cue words."""
    if any(b in clause for b in _BASELINE) and cand.start < doc.text.find(
        "基础", cand.start, cand.end + 12
    ):
        return "actual", "a baseline (在…的基础上)"
    if cand.start_value:
        return "actual", "a starting value (从…到…)"
    if doc.meta.doc_type == "bulletin" and not (
        cand.deadline and cand.year is not None and doc_year is not None and cand.year > doc_year
    ):
        # a statistical bulletin reports what the year it covers achieved: its 开展, 新建
        # and 到…年底 are results; only a deadline after that year is a promise
        return "actual", "a statistical bulletin reports its year's results"
    if (
        cand.year is not None
        and doc_year is not None
        and not cand.deadline
        and cand.year < doc_year
    ):
        return "actual", f"the year {cand.year} is before the document's ({doc_year})"
    est = cls.estimate_cue(before)
    if est:
        return "actual", f"an estimate {est!r}"
    if cand.deadline and cand.year is not None and (doc_year is None or cand.year >= doc_year):
        return "target", f"deadline {cand.year}"
    # a scope that dates its figures (a year's review or plan, a lead-in list) decides;
    # an undated heading is weaker evidence than the clause's cue words (below)
    scope = cand.scope
    if scope is not None and scope.year is None and scope.level != "list":
        scope = None
    if scope is not None and scope.kind == "actual":
        promise = cls.restated_target(clause)
        if promise:
            return "target", f"{promise!r} restates a promise inside {scope.cue}"
        return "actual", f"scope: {scope.cue}"
    if scope is not None and scope.kind == "target":
        if scope.level != "list":
            done = cls.realised_cue(clause)
            if done and not cls.target_cue(clause):
                return "actual", f"result cue {done!r} inside {scope.cue}"
        return "target", f"scope: {scope.cue}"
    tc = cls.target_cue(clause) or cls.target_cue(lead)
    if tc:
        return "target", f"target cue {tc!r}"
    ac = cls.actual_cue(clause)
    if ac:
        return "actual", f"result cue {ac!r}"
    if doc.meta.doc_type in _REPORTING_TYPES:
        return "actual", f"a {doc.meta.doc_type} reports results"
    section = cls.section_kind(_heading_chain(chains, cand.start))
    if section is not None:
        return section, "the section it stands in"
    verb = cls.task_verb(clause)
    if verb:
        return "target", f"task verb {verb!r}"
    return "actual", "no target cue: a fact"


@component("framework", requires=("sentence", "heading", "item"), assigns=("framework",))
def framework_component(doc: Document) -> Document:
    """Find numbered frameworks (“123”总体工作思路, 三大战略) and their members."""
    doc.set_layer("framework", find_frameworks(doc))
    return doc
