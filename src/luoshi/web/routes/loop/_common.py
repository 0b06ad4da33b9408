"""What the closed-loop routes share: their words, page rendering, and the task actions to
offer a user.

The library decides every permission; :func:`task_actions` only chooses which buttons to
show (from the library's own permission table and state machine), and the library checks
again when a button is pressed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from luoshi.loop.access import ROLE_ZH, Principal, can
from luoshi.loop.audit import AuditRecord
from luoshi.loop.history import ACTION_LABELS, ENTITY_LABELS, describe
from luoshi.loop.tasks import STATE_ZH, TRANSITIONS, TaskView
from luoshi.loop.users import list_departments
from luoshi.store import Store
from luoshi.web.i18n import translator

__all__ = [
    "department_names",
    "history_rows",
    "loop_page",
    "loop_translator",
    "page_lang",
    "store_of",
    "task_actions",
]

# key: (Chinese, English); the dashboard's words are used for keys not here
_WORDS: dict[str, tuple[str, str]] = {
    "loop": ("闭环落实", "Closed loop"),
    "login": ("登录", "Log in"),
    "logout": ("退出", "Log out"),
    "username": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "tasks": ("任务清单", "Tasks"),
    "my_tasks": ("我的任务", "My tasks"),
    "all_tasks": ("全部任务", "All tasks"),
    "task": ("任务", "Task"),
    "new_task": ("新建任务", "New task"),
    "title": ("标题", "Title"),
    "description": ("说明", "Description"),
    "state": ("状态", "State"),
    "owner": ("责任单位", "Owner department"),
    "co_departments": ("配合单位", "Co-operating departments"),
    "importance": ("重要程度", "Importance"),
    "milestones": ("节点", "Milestones"),
    "linked_targets": ("关联目标", "Linked targets"),
    "history": ("办理记录", "History"),
    "reports": ("进展报告", "Progress reports"),
    "submit_report": ("提交进展报告", "Submit a progress report"),
    "period": ("报告期", "Period"),
    "final": ("申请销号", "Ask to close"),
    "attachments": ("附件", "Attachments"),
    "review": ("审核", "Review"),
    "accept": ("通过", "Accept"),
    "return": ("退回整改", "Return for rework"),
    "comment": ("意见", "Comment"),
    "assign": ("交办", "Assign"),
    "start": ("开始办理", "Start work"),
    "start_review": ("开始督查", "Start review"),
    "edit": ("修改", "Edit"),
    "save": ("保存", "Save"),
    "overdue_flag": ("已逾期", "overdue"),
    "assessment": ("考核", "Assessment"),
    "run_assessment": ("计算考核结果", "Run the assessment"),
    "league": ("部门排名", "League table"),
    "score_sheet": ("考核评分表 (xlsx)", "Score sheet (xlsx)"),
    "bulletin": ("督查通报 (docx)", "Bulletin (docx)"),
    "audit": ("审计记录", "Audit trail"),
    "admin": ("用户与部门", "Users and departments"),
    "users": ("用户", "Users"),
    "departments": ("部门", "Departments"),
    "role": ("角色", "Role"),
    "disable": ("停用", "Disable"),
    "disabled": ("已停用", "disabled"),
    "enable": ("启用", "Enable"),
    "add": ("添加", "Add"),
    "notices": ("提醒", "Notices"),
    "scan": ("检查期限", "Scan deadlines"),
    "version": ("版本", "Version"),
    "actor": ("操作人", "Actor"),
    "action": ("操作", "Action"),
    "before": ("变更前", "Before"),
    "changes": ("变更内容", "Changes"),
    "field": ("字段", "Field"),
    "after": ("变更后", "After"),
    "figures": ("指标数据", "Figures"),
    "figures_pending": (
        "待审核：审核通过后计入实绩",
        "waiting for review: counted as observations once accepted",
    ),
    "figures_counted": ("已计入实绩", "counted as observations"),
    "figures_not_counted": ("报告已退回，未计入实绩", "returned: not counted"),
    "year": ("年份", "Year"),
    "value": ("数值", "Value"),
    "start_date": ("起始日期", "Start"),
    "end_date": ("截止日期", "End"),
    "logged_in_as": ("当前用户", "Logged in as"),
    "no_tasks": ("暂无任务", "No tasks"),
    "region_code": ("地区代码", "Region code"),
    "display_name": ("姓名", "Name"),
    "email": ("电子邮箱", "E-mail"),
    "department": ("部门", "Department"),
    "score": ("得分", "Score"),
    "task_count": ("任务数", "Tasks"),
    "projects": ("重点项目", "Key projects"),
    "start_rate": ("开工率", "Start rate"),
    "completion_rate": ("投资完成率", "Investment completion"),
    "investment": ("完成投资/计划投资（万元）", "Investment done / planned (10k yuan)"),
    "total_investment": ("总投资（万元）", "Total investment (10k yuan)"),
    "started": ("开工日期", "Started on"),
    "periods": ("分期投资（完成/计划）", "By period (done / planned)"),
    "planned": ("计划", "planned"),
    "completed": ("完成", "done"),
}


def loop_translator(lang: str) -> Callable[[str], str]:
    """``t(key)`` for the closed-loop pages: their own words, then the dashboard's."""
    i = 1 if lang == "en" else 0
    base = translator(lang)

    def t(key: str) -> str:
        pair = _WORDS.get(key)
        return pair[i] if pair else base(key)

    return t


def store_of(request: Request) -> Store:
    """The application's store."""
    store: Store = request.app.state.store
    return store


def page_lang(request: Request) -> str:
    """The page's language: ``?lang=``, else the ``lang`` cookie, else Chinese."""
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "zh"
    return lang if lang in ("zh", "en") else "zh"


def history_rows(
    records: Sequence[AuditRecord], lang: str, departments: Mapping[int, str]
) -> list[dict[str, Any]]:
    """Audit entries with their labels and their fields as people read them
    (:func:`luoshi.loop.history.describe`)."""
    i = 1 if lang == "en" else 0
    # shallow copies: dataclasses.asdict deep-copies every entry's before and after, which
    # took four fifths of the audit page's time
    return [
        {
            **{f.name: getattr(e, f.name) for f in fields(e)},
            "entity_label": ENTITY_LABELS.get(e.entity, (e.entity, e.entity))[i],
            "action_label": ACTION_LABELS.get(e.action, (e.action, e.action))[i],
            "changes": [
                {"field": c.field, "label": c.label, "before": c.before, "after": c.after}
                for c in describe(e, lang, departments)
            ],
        }
        for e in records
    ]


def loop_page(
    request: Request, name: str, principal: Principal | None, context: dict[str, Any]
) -> HTMLResponse:
    """Render a closed-loop template with the user, the CSRF token and the loop's words."""
    lang = page_lang(request)
    ctx = {
        "t": loop_translator(lang),
        "me": principal,
        "role_zh": ROLE_ZH,
        "csrf": getattr(request.state, "csrf", ""),
        "state_zh": STATE_ZH,
        **context,
    }
    response: HTMLResponse = request.app.state.render(request, name, ctx)
    return response


def department_names(store: Store, principal: Principal) -> dict[int, str]:
    """Department id → name, for the departments the principal's region has."""
    return {d.id: d.name for d in list_departments(store, principal)}


def task_actions(principal: Principal, task: TaskView) -> list[str]:
    """The actions to offer ``principal`` on ``task`` (the library enforces them again)."""
    moves = TRANSITIONS[task.state]  # type: ignore[index]
    owner = principal.role != "department" or task.owner_department_id == principal.department_id
    out: list[str] = []
    if can(principal, "task.write") and task.state != "closed":
        out.append("edit")
        if "assigned" in moves:
            out.append("assign")
    if can(principal, "task.start") and owner and task.state in ("assigned", "returned", "overdue"):
        out.append("start")
    if can(principal, "report.submit") and owner and "reported" in moves:
        out.append("report")
    if can(principal, "task.review") and task.state in ("reported", "under_review"):
        out.append("review")
    return out
