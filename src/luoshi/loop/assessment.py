"""Assessment (考核): score tasks and departments for a period, league tables, score sheets.

The scheme (``docs/loop.md`` states it in full) scores each task due in the period on
three components, each a credit between 0 and 1:

- **on time** (按时办结): closed by the deadline 1; closed late ``late_credit``; still
  open past the deadline 0; not yet due: not counted;
- **target progress** (目标进度): the mean credit of the progress status of the targets
  linked to the task (已完成 1, 按进度 0.8, 需加快 0.5, 滞后 0.2, 未完成 0; targets still
  in progress, with too little data or with no verdict are left out);
- **review** (督查结果): the share of the task's reviewed reports that were accepted.

A task's score is the weighted mean of the components it has, times 100; a department's
score is the mean of its tasks' scores weighted by importance (1 一般, 2 重要, 3 重点).
A component a task does not have is left out rather than counted as 0, so that a task
with no linked targets is judged on what it does have.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import AccessError, LoopError
from luoshi.loop import models as lm
from luoshi.loop.access import Principal, aware, check_region, reading, require, writing
from luoshi.loop.audit import record
from luoshi.store import Store
from luoshi.track.status import target_statuses

__all__ = [
    "AssessmentResult",
    "LeagueRow",
    "Scheme",
    "TaskScore",
    "get_assessment",
    "latest_assessment",
    "run_assessment",
]


def _status_credit() -> dict[str, float]:
    return {
        "achieved": 1.0,
        "on_track": 0.8,
        "needs_acceleration": 0.5,
        "off_track": 0.2,
        "missed": 0.0,
    }


@dataclass(frozen=True)
class Scheme:
    """Weights of the three components and the credits behind them."""

    on_time: float = 40.0
    progress: float = 30.0
    review: float = 30.0
    late_credit: float = 0.5
    status_credit: dict[str, float] = field(default_factory=_status_credit)

    def check(self) -> None:
        """Refuse negative or non-finite weights, or weights that are all zero."""
        weights = (self.on_time, self.progress, self.review)
        if any(not math.isfinite(w) or w < 0 for w in weights) or sum(weights) <= 0:
            raise LoopError(
                f"weights {weights} must be finite, 0 or more, and not all 0",
                zh=f"权重 {weights} 须为不小于 0 的有限数，且不能全为 0",
            )
        if not 0 <= self.late_credit <= 1:
            raise LoopError(
                f"late credit {self.late_credit} must be between 0 and 1",
                zh=f"逾期办结得分率 {self.late_credit} 须在 0 到 1 之间",
            )


@dataclass(frozen=True)
class TaskScore:
    """One task's components (``None`` when it has none of that kind) and score."""

    task_id: int
    title: str
    department_id: int
    department: str
    importance: int
    state: str
    deadline: date | None
    on_time: float | None
    progress: float | None
    review: float | None
    total: float


@dataclass(frozen=True)
class LeagueRow:
    """A department's place in the league table."""

    rank: int
    department_id: int
    department: str
    tasks: int
    closed_on_time: int
    overdue: int
    score: float


@dataclass(frozen=True)
class AssessmentResult:
    """A stored assessment: its period, scheme, task scores and league table."""

    id: int
    region_code: str
    period: str
    period_start: date
    period_end: date
    scheme: dict[str, Any]
    created_at: datetime
    scores: list[TaskScore]
    league: list[LeagueRow]
    # the region's departments with no task due in the period: listed after the league
    # with no score (0), so that every department in scope is seen
    idle: list[LeagueRow] = field(default_factory=list)


def _on_time(t: lm.Task, as_of: date, scheme: Scheme) -> float | None:
    if t.deadline is None:
        return None
    if t.closed_at is not None:
        closed = aware(t.closed_at) or t.closed_at
        return 1.0 if closed.date() <= t.deadline else scheme.late_credit
    return 0.0 if t.deadline < as_of else None


def _weighted(parts: list[tuple[float, float | None]]) -> float | None:
    have = [(w, c) for w, c in parts if c is not None and w > 0]
    if not have:
        return None
    return 100.0 * sum(w * c for w, c in have) / sum(w for w, _ in have)


def _score_tasks(
    s: Session, region_code: str, start: date, end: date, as_of: date, scheme: Scheme
) -> list[lm.Score]:
    tasks = list(
        s.scalars(
            select(lm.Task)
            .where(
                lm.Task.region_code == region_code,
                lm.Task.state != "draft",
                lm.Task.owner_department_id.is_not(None),
                lm.Task.deadline >= start,
                lm.Task.deadline <= end,
            )
            .order_by(lm.Task.id)
        )
    )
    statuses = {st.target_id: st.status for st in target_statuses(s, region=region_code)}
    reviews: dict[int, list[str]] = defaultdict(list)
    for task_id, status in s.execute(
        select(lm.Report.task_id, lm.Report.status).where(
            lm.Report.task_id.in_([t.id for t in tasks]),
            lm.Report.status.in_(("accepted", "returned")),
        )
    ):
        reviews[task_id].append(status)
    out = []
    for t in tasks:
        credits = [
            scheme.status_credit[statuses[x.target_id]]
            for x in t.targets
            if statuses.get(x.target_id) in scheme.status_credit
        ]
        progress = sum(credits) / len(credits) if credits else None
        seen = reviews.get(t.id, [])
        review = seen.count("accepted") / len(seen) if seen else None
        on_time = _on_time(t, as_of, scheme)
        total = _weighted(
            [(scheme.on_time, on_time), (scheme.progress, progress), (scheme.review, review)]
        )
        if total is None:  # not yet due and nothing to judge it on
            continue
        out.append(
            lm.Score(
                task_id=t.id,
                department_id=t.owner_department_id,
                importance=t.importance,
                on_time=on_time,
                progress=progress,
                review=review,
                total=round(total, 2),
            )
        )
    return out


def run_assessment(
    store: Store,
    principal: Principal,
    *,
    region_code: str,
    period: str,
    start: date,
    end: date,
    scheme: Scheme | None = None,
    as_of: date | None = None,
) -> AssessmentResult:
    """Score every task of ``region_code`` due between ``start`` and ``end``, store the scores
    and return them with the department league table."""
    require(principal, "assessment.run")
    check_region(principal, region_code, f"region {region_code}")
    scheme = scheme or Scheme()
    scheme.check()
    if start > end:
        raise LoopError(
            f"the period starts ({start}) after it ends ({end})",
            zh=f"考核期的起始日期（{start}）晚于截止日期（{end}）",
        )
    if not period.strip() or len(period) > 20:
        raise LoopError(
            "a period needs a label of 1–20 characters, such as 2026 or 2026-H1",
            zh="考核期须有 1—20 个字符的名称，如 2026 或 2026-H1",
        )
    as_of = as_of or datetime.now(UTC).date()
    with writing(store) as s:
        a = lm.Assessment(
            region_code=region_code,
            period=period.strip(),
            period_start=start,
            period_end=end,
            scheme=asdict(scheme),
            created_by=principal.user_id,
        )
        a.scores = _score_tasks(s, region_code, start, end, as_of, scheme)
        s.add(a)
        s.flush()
        result = _result(s, a)
        record(
            s,
            principal,
            entity="assessment",
            entity_id=a.id,
            action="run",
            region_code=region_code,
            after={
                "period": a.period,
                "scheme": a.scheme,
                "scores": {str(x.task_id): x.total for x in a.scores},
                "league": [[r.department, r.score] for r in result.league],
            },
        )
        return result


def get_assessment(store: Store, principal: Principal, assessment_id: int) -> AssessmentResult:
    """A stored assessment, if it is of the principal's region."""
    require(principal, "assessment.read")
    with reading(store) as s:
        a = s.get(lm.Assessment, assessment_id)
        if a is None or (not principal.is_admin and a.region_code != principal.region_code):
            raise AccessError(
                f"assessment {assessment_id} does not exist or is outside your scope",
                zh=f"考核 {assessment_id} 不存在或不在您的权限范围内",
            )
        return _result(s, a)


def latest_assessment(store: Store, principal: Principal) -> AssessmentResult | None:
    """The assessment last computed for the principal's region (for an administrator, of
    any region), or None if none has been."""
    require(principal, "assessment.read")
    query = select(lm.Assessment).order_by(lm.Assessment.created_at.desc(), lm.Assessment.id.desc())
    if not principal.is_admin:
        query = query.where(lm.Assessment.region_code == principal.region_code)
    with reading(store) as s:
        a = s.scalars(query.limit(1)).first()
        return _result(s, a) if a is not None else None


def _result(s: Session, a: lm.Assessment) -> AssessmentResult:
    names = dict(
        s.execute(
            select(lm.Department.id, lm.Department.name).where(
                lm.Department.region_code == a.region_code
            )
        ).all()
    )
    tasks = {
        t.id: t
        for t in s.scalars(select(lm.Task).where(lm.Task.id.in_([x.task_id for x in a.scores])))
    }
    scores = [
        TaskScore(
            x.task_id,
            tasks[x.task_id].title,
            x.department_id,
            names.get(x.department_id, ""),
            x.importance,
            tasks[x.task_id].state,
            tasks[x.task_id].deadline,
            x.on_time,
            x.progress,
            x.review,
            x.total,
        )
        for x in sorted(a.scores, key=lambda x: x.task_id)
    ]
    by_dept: dict[int, list[TaskScore]] = defaultdict(list)
    for sc in scores:
        by_dept[sc.department_id].append(sc)
    rows = []
    for dept, items in by_dept.items():
        weight = sum(i.importance for i in items)
        rows.append((round(sum(i.total * i.importance for i in items) / weight, 2), dept, items))
    rows.sort(key=lambda r: (-r[0], names.get(r[1], ""), r[1]))
    league: list[LeagueRow] = []
    for i, (score, dept, items) in enumerate(rows):
        # competition ranking (1, 2, 2, 4): equal scores share a place
        rank = league[-1].rank if league and league[-1].score == score else i + 1
        league.append(
            LeagueRow(
                rank,
                dept,
                names.get(dept, ""),
                len(items),
                sum(1 for x in items if x.on_time == 1.0),
                sum(1 for x in items if x.state == "overdue"),
                score,
            )
        )
    last = len(league) + 1
    idle = [
        LeagueRow(last, dept, name, 0, 0, 0, 0.0)
        for dept, name in sorted(names.items(), key=lambda kv: (kv[1], kv[0]))
        if dept not in by_dept
    ]
    return AssessmentResult(
        a.id,
        a.region_code,
        a.period,
        a.period_start,
        a.period_end,
        dict(a.scheme),
        aware(a.created_at) or a.created_at,
        scores,
        league,
        idle,
    )
