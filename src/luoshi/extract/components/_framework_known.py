"""National frameworks of known members (``extract/data/national_frameworks.tsv``).

Texts at every level name the nation's numbered frameworks without listing them
(``做好“六稳”工作，全面落实“六保”任务``): each such name is a framework of the text, with
the members its primary source states. Where the text lists them, its own list is kept
when it agrees with the official one (most of its members resemble official members), so
that a list that only stands near the name (``马克思列宁主义、毛泽东思想、邓小平理论、
“三个代表”重要思想``) does not become the members of ``三个代表``.

A name is a mention only standing on its own: not inside a quantity (``三公里``), not
continued into another word (``三保障``, ``六稳定``), not a fixed phrase (``一国两制``), and
not an idiom where the table asks for its policy context (``约法三章`` with 国务院).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from luoshi.extract.components._framework_mention import Mention


@dataclass(frozen=True)
class Known:
    """One national framework as the table gives it."""

    name: str
    count: int
    members: tuple[str, ...]
    source: str
    cue: re.Pattern[str] | None = None
    first_year: int | None = None
    last_year: int | None = None
    listed_only: bool = False
    never: bool = False
    not_before: str = ""


@dataclass(frozen=True)
class Table:
    """Every name of the table (aliases included), and one pattern finding them all."""

    by_name: dict[str, tuple[Known, ...]]
    pattern: re.Pattern[str]


def _years(spec: str) -> tuple[int | None, int | None]:
    lo, _, hi = spec.partition("-")
    return (int(lo) if lo else None, int(hi) if hi else None)


@cache
def table() -> Table:
    """The table of ``extract/data/national_frameworks.tsv``, read once."""
    data = (
        resources.files("luoshi.extract")
        .joinpath("data/national_frameworks.tsv")
        .read_text("utf-8")
    )
    by_name: dict[str, list[Known]] = {}
    source = ""
    for line in data.splitlines():
        if line.startswith("#"):
            comment = line.lstrip("# ").strip()
            if not comment.startswith("同上"):  # 同上: the source above holds
                source = comment
            continue
        if not line.strip():
            continue
        cols = [*line.split("\t"), "", ""]
        name, count, members = cols[0], cols[1], cols[2]
        opts: dict[str, str] = {}
        for opt in filter(None, ";".join(cols[3:]).split(";")):
            key, _, value = opt.partition("=")
            opts[key.strip()] = value.strip()
        first, last = _years(opts.get("years", "-"))
        known = Known(
            name=name,
            count=int(count),
            members=tuple(filter(None, members.split("|"))),
            source=source,
            cue=re.compile(opts["cue"]) if opts.get("cue") else None,
            first_year=first,
            last_year=last,
            listed_only="listed" in opts,
            never="never" in opts,
            not_before=opts.get("not_before", ""),
        )
        for alias in (name, *filter(None, opts.get("aliases", "").split("|"))):
            by_name.setdefault(alias, []).append(known)
    names = sorted(by_name, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in names))
    return Table({k: tuple(v) for k, v in by_name.items()}, pattern)


def _version(versions: tuple[Known, ...], year: int | None, text: str) -> Known:
    """The version of the members that holds in ``year``; where the year is unknown, the
    one whose members the text names most (the latest on a tie)."""
    if len(versions) == 1:
        return versions[0]
    if year is not None:
        for k in versions:
            if (k.first_year is None or k.first_year <= year) and (
                k.last_year is None or year <= k.last_year
            ):
                return k
    return max(reversed(versions), key=lambda k: sum(o in text for o in k.members))


def known_mentions(
    text: str, year: int | None, sentence_at: Callable[[int], str]
) -> tuple[list[Mention], list[tuple[int, int]]]:
    """The table's names standing on their own in ``text``, and the spans of fixed phrases
    that are never frameworks. ``sentence_at(pos)`` gives the sentence text at ``pos``."""
    tab = table()
    found: list[Mention] = []
    never: list[tuple[int, int]] = []
    for m in tab.pattern.finditer(text):
        s, e = m.span()
        known = _version(tab.by_name[m.group()], year, text)
        if known.never:
            never.append((s, e))
            continue
        before = text[s - 1] if s else "\n"
        after = text[e] if e < len(text) else "\n"
        if before in "第0123456789一二三四五六七八九十两" or after in "0123456789":
            continue
        quoted = before in '“"' and after in '”"'
        if not quoted and after in known.not_before:
            continue
        if known.cue is not None and not known.cue.search(sentence_at(s)):
            continue
        mention = Mention(s, e, m.group(), known.count, known.name, "", quoted, known=known)
        found.append(mention)
    return found, never


def _bigrams(s: str) -> list[str]:
    return [s[i : i + 2] for i in range(len(s) - 1)] or [s]


def similar(a: str, b: str) -> bool:
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


def _agrees(text_member: str, official: str) -> bool:
    """A text member stands for an official one: it is a shortening of it, holds it with
    few words around it (坚决打好防范化解重大风险), or resembles it closely; a long phrase
    that merely holds a short official member (推进农业和农村经济结构调整 for 农业) does not."""
    if official in text_member:
        return len(text_member) <= 2 * len(official) + 2
    return similar(text_member, official)


def agreeing(members: list[str], known: Known, *, at_least: int | None = None) -> list[str] | None:
    """The text's list where it agrees with the official one: each of its members (or
    ``at_least`` of them) resembles an official member. A text member that contains an
    official one, or is a fragment of one (困难 of 困难残疾人生活补贴), gives way to it."""
    if not known.members:
        return members
    need = at_least if at_least is not None else len(members)
    if sum(any(_agrees(t, o) for o in known.members) for t in members) < need:
        return None
    out: list[str] = []
    for t in members:
        # the official wording where the text's is a fragment of it or holds it with
        # words of its own around it (增强政治意识 → 政治意识)
        whole = next((o for o in known.members if (t in o or o in t) and t != o), None)
        out.append(whole if whole is not None and whole not in out else t)
    return out
