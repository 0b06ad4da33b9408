"""The catalogue of every word the dashboard shows, in Chinese (the default) and English.

One catalogue in sections, each a dict ``key → (Chinese, English)``:

- :data:`_WORDS`, the pages' words (labels, headings, notes);
- :data:`_LOOP`, the closed-loop pages' words;
- :data:`_MESSAGES`, sentences with ``{named}`` parameters (errors, results, notes);
- :data:`_DOCUMENTS`, the words of the generated files (column headings, the report);
- the domain's terms, ``kind.code`` (``status.off_track``, ``state.in_progress``,
  ``doc_type.work_report``, ``field.deadline``…), taken from the tables the library keeps
  beside the codes, so that a page and a generated file say the same word.

``t = translator(lang)``; ``t(key)`` is the word, ``t(key, n=3)`` fills the parameters.
An unknown key comes back as itself, so that the language test finds it on the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from luoshi.display import COMPARATOR_WORDS
from luoshi.loop.access import ROLE_EN, ROLE_ZH
from luoshi.loop.history import (
    ACTION_LABELS,
    ENTITY_LABELS,
    FIELD_LABELS,
    IMPORTANCE_LABELS,
    REPORT_STATUS_LABELS,
)
from luoshi.loop.tasks import STATE_EN, STATE_ZH
from luoshi.reading.metadata import DOC_TYPES, DOC_TYPES_EN
from luoshi.track.progress import STATUS_EN, STATUS_ZH

__all__ = ["CATALOGUE", "LANGUAGES", "Translator", "lang_of", "translator"]

LANGUAGES = ("zh", "en")

Pair = tuple[str, str]

# --- the pages ---------------------------------------------------------------------
_WORDS: dict[str, Pair] = {
    "app": ("落实 · 规划目标跟踪", "luoshi · plan targets"),
    "overview": ("总览", "Overview"),
    "regions": ("地区", "Regions"),
    "region": ("地区", "Region"),
    "documents": ("文件", "Documents"),
    "document": ("文件", "Document"),
    "targets": ("目标", "Targets"),
    "target": ("目标", "Target"),
    "observations": ("实绩数据", "Observations"),
    "frameworks": ("工作框架", "Frameworks"),
    "compare": ("地区比较", "Compare"),
    "search": ("全文检索", "Search"),
    "upload": ("上传", "Upload"),
    "status": ("进度", "Status"),
    "indicator": ("指标", "Indicator"),
    "target_value": ("目标值", "Target"),
    "deadline": ("期限", "Deadline"),
    "baseline": ("基期值", "Baseline"),
    "latest": ("最新值", "Latest"),
    "trend": ("走势", "Trend"),
    "source": ("来源", "Source"),
    "sources": ("来源句子", "Source sentences"),
    "ratio": ("实际/应有", "Actual/required"),
    "explanation": ("说明", "Explanation"),
    "key_facts": ("主要指标历年数据", "Key facts over time"),
    "targets_list": ("目标清单", "Targets"),
    "status_counts": ("目标进度分布", "Targets by status"),
    "recent": ("最近更新", "Recent changes"),
    "imports": ("导入的统计表", "Imported tables"),
    "outline": ("目录", "Outline"),
    "metadata": ("文件信息", "Metadata"),
    "text": ("原文", "Text"),
    "date": ("日期", "Date"),
    "type": ("类型", "Type"),
    "issuer": ("发文单位", "Issuer"),
    "code": ("代码", "Code"),
    "name": ("名称", "Name"),
    "rank": ("位次", "Rank"),
    "index": ("综合发展指数", "Composite development index"),
    "method": ("方法", "Method"),
    "radar": ("五大发展维度", "The five dimensions"),
    "map": ("地图", "Map"),
    "no_map": (
        "未配置地图数据：设置 LUOSHI_GEOJSON 为含各地区边界的 GeoJSON 文件后显示分级设色图。",
        "No geometry configured: set LUOSHI_GEOJSON to a GeoJSON file of the regions' "
        "boundaries to see a choropleth map.",
    ),
    "apply": ("确定", "Apply"),
    "export": ("导出", "Export"),
    "report": ("督查通报", "Progress report"),
    "query": ("检索词", "Query"),
    "results": ("条结果", "results"),
    "no_results": ("没有找到", "Nothing found"),
    "files": ("选择文件", "Files"),
    "kind_document": ("规划、报告、讲话、新闻", "Plans, reports, speeches, news"),
    "kind_table": ("统计表 (CSV/XLSX)", "Statistics table (CSV/XLSX)"),
    "region_code_hint": ("文件未注明地区时使用的地区代码", "Region code for files that name none"),
    "send": ("上传并入库", "Upload and ingest"),
    "demo": ("演示数据，均为虚构", "Demo data: everything here is fictional"),
    "no_charts": (
        "图表组件未安装（ECharts 缺失），图表无法显示；请重新安装 luoshi。",
        "The chart library (ECharts) is missing, so charts cannot be shown; reinstall luoshi.",
    ),
    "api_docs": ("接口文档", "API documentation"),
    "no_swagger": (
        "接口文档页面组件未安装（Swagger UI 缺失），无法显示接口文档；请重新安装 luoshi。",
        "The API documentation viewer (Swagger UI) is missing, so this page cannot show the "
        "API; reinstall luoshi.",
    ),
    "schema_still": (
        "接口说明（OpenAPI，JSON 格式）仍可下载：",
        "The OpenAPI schema (JSON) is here:",
    ),
    "children": ("下辖地区", "Subdivisions"),
    "parent": ("上级", "Parent"),
    "required_path": ("应有进度", "Required path"),
    "actual_trend": ("实际趋势", "Actual trend"),
    "observed": ("实际值", "Observed"),
    "numbers": ("进度测算", "The numbers behind the status"),
    "official": ("官方区划", "official division"),
    "user_defined": ("自定义地区", "user-defined region"),
    "page": ("页", "page"),
    "next": ("下一页", "Next"),
    "prev": ("上一页", "Previous"),
    "error": ("出错了", "Error"),
    "home": ("返回总览", "Back to the overview"),
    "none": ("无", "none"),
    "figures": ("文中数据", "Figures in the text"),
    "verdict": ("承诺与实绩", "Promise and result"),
    "promise": ("承诺", "Promise"),
    "result": ("实绩", "Result"),
    "gap": ("差距", "Gap"),
    "to_date": ("（年内数据，非全年结果）", "(year to date, not the full year)"),
    "required_rate": ("应有增速", "Required rate"),
    "actual_rate": ("实际增速", "Actual rate"),
    "projected": ("预计期末值", "Projected at the deadline"),
    "elapsed_task": ("时间进度 / 任务进度", "Time elapsed / task done"),
    "role_target": ("承诺", "promise"),
    "role_result": ("实绩", "result"),
    "role_observation": ("相关数据", "related figure"),
    "ledger": ("承诺兑现台账", "Promise ledger"),
    "across": ("各地区对比", "Across regions"),
    "year": ("年份", "Year"),
    "target_year": ("目标年份", "Target year"),
    "actual": ("实绩", "Actual"),
    "parent_target": ("上级目标", "Parent's target"),
    "above_parent": ("高于上级", "Above the parent"),
    "all": ("全部", "All"),
    "met_missed": ("完成 / 未完成", "Met / missed"),
    "no_rows": ("没有符合条件的目标", "No target matches"),
    "promise_source": ("承诺原文", "Promise (source)"),
    "result_source": ("实绩原文", "Result (source)"),
    "accepted_report": ("审核通过的进展报告", "Accepted progress report"),
    "period": ("报告期", "Period"),
    # --- forms: choosing regions, targets and departments by name; the milestone editor ----
    "pick_region": ("地区", "Region"),
    "pick_region_hint": ("输入地区名称或代码", "Type a region's name or code"),
    "pick_department_hint": ("输入部门名称", "Type a department's name"),
    "pick_target_hint": (
        "输入指标、地区或年份查找；也可直接填写目标编号，如 23",
        "Search by indicator, region or year, or type target numbers such as 23",
    ),
    "pick_targets_add": ("添加关联目标", "Add a linked target"),
    "pick_departments_add": ("添加配合单位", "Add a co-operating department"),
    "pick_none": ("没有匹配项", "No match"),
    "pick_count": ("{n} 项，用上下键选择", "{n} matches: choose with the arrow keys"),
    "pick_remove": ("移除", "Remove"),
    "pick_chosen": ("已选", "Chosen"),
    "pick_nothing_chosen": ("尚未选择", "None chosen"),
    "upload_region": (
        "文件未注明地区时归入的地区（名称或代码）",
        "Region for files that name none (name or code)",
    ),
    "upload_region_name": ("新地区的名称", "Name of a new region"),
    "ms_due": ("日期", "Date"),
    "ms_title": ("节点内容", "Milestone"),
    "ms_value": ("预期值", "Expected value"),
    "ms_unit": ("单位", "Unit"),
    "ms_done": ("已完成", "Done"),
    "ms_add": ("添加节点", "Add a milestone"),
    "ms_remove": ("删除此节点", "Remove this milestone"),
    "ms_hint": (
        "每个节点填写日期和内容，预期值和单位可不填；整行留空的不保存。",
        "Each milestone needs a date and a description; the value and unit are optional. "
        "Rows left empty are not saved.",
    ),
    "skip_to_content": ("跳到正文", "Skip to the content"),
    "main_nav": ("主导航", "Main navigation"),
    "loop_nav": ("闭环落实导航", "Closed-loop navigation"),
    # the navigation, the compare form, documents, uploads
    "language": ("语言", "Language"),
    "index_score": ("综合指数", "Index"),
    "dimension": ("维度", "Dimension"),
    "all_dimensions": ("全部维度", "All dimensions"),
    "normalisation": ("标准化方法", "Normalisation"),
    "weighting": ("赋权方法", "Weighting"),
    "aggregation": ("合成方法", "Aggregation"),
    "rank_spread": ("位次（中位 / 最好 / 最差）", "Rank (median / best / worst)"),
    "rank_spread_note": (
        "换用不同标准化、赋权和合成方法时各地区位次的变化",
        "How each region's rank moves under every choice of method",
    ),
    "parent_hint": ("上级地区代码", "Parent region's code"),
    "indicator_hint": ("如：地区生产总值", "e.g. gdp, or the indicator's Chinese name"),
    "unit": ("单位", "Unit"),
    "index_unitless": ("（无量纲，0—1）", "(no unit, 0–1)"),
    "value_year": ("数值（年份）", "Value (year)"),
    "regions_by_indicator": ("各地区主要指标", "Regions by indicator"),
    "doc_type_unknown": ("未识别", "not recognised"),
    "warnings": ("读取提示", "Reading notes"),
    "upload_limit": ("单个文件不超过 {mb} MB", "at most {mb} MB a file"),
    "region_name_hint": ("地区名称", "Region's name"),
    "measure_label": ("度量", "Measure"),
    "download": ("下载", "Download"),
}

# --- the closed-loop pages ----------------------------------------------------------
_LOOP: dict[str, Pair] = {
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
    "final": ("申请销号", "Ask to close"),
    "attachments": ("附件", "Attachments"),
    "attachment_types": (
        "PDF、Word、Excel、PNG、JPEG、TXT、CSV",
        "PDF, Word, Excel, PNG, JPEG, TXT, CSV",
    ),
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
    "report_figures": ("指标数据", "Figures"),
    "figures_pending": (
        "待审核：审核通过后计入实绩",
        "waiting for review: counted as observations once accepted",
    ),
    "figures_counted": ("已计入实绩", "counted as observations"),
    "figures_not_counted": ("报告已退回，未计入实绩", "returned: not counted"),
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
    "investment": ("完成投资 / 计划投资", "Investment done / planned"),
    "total_investment": ("总投资", "Total investment"),
    "started": ("开工日期", "Started on"),
    "periods": ("分期投资（完成 / 计划）", "By period (done / planned)"),
    "planned": ("计划", "planned"),
    "completed": ("完成", "done"),
    "amount_hint": ("单位：万元", "in 10,000 yuan"),
    "number_sign": ("编号", "No."),
    "entity": ("对象", "Record"),
    "milestone_hint": (
        "每行一个节点：日期 | 名称 | 预期值 | 单位，如 2026-06-30 | 完成选址 | 50 | %",
        "One milestone a line: date | name | expected value | unit, "
        "e.g. 2026-06-30 | site chosen | 50 | %",
    ),
    "target_ids_hint": ("目标编号，用逗号分隔", "target numbers, separated by commas"),
    "size_kb": ("{kb} KB", "{kb} KB"),
    "system_actor": ("系统", "system"),
}

# --- sentences with parameters --------------------------------------------------------
_MESSAGES: dict[str, Pair] = {
    "no_page": ("没有这个页面", "There is no page at this address"),
    "method_not_allowed": (
        "此处不接受 {method} 请求，请使用 {allowed}",
        "{method} is not allowed here; use {allowed}",
    ),
    "invalid_request": ("请求有误：{problems}", "Invalid request: {problems}"),
    "internal_error": (
        "服务器内部错误，详情已记入服务日志，请稍后再试或联系管理员",
        "Internal server error; the details are logged. Try again later or tell the administrator",
    ),
    "login_failed": ("登录失败：{reason}", "Login failed: {reason}"),
    "login_form_expired": (
        "登录表单已过期，请重新输入",
        "The form expired; enter your login again",
    ),
    "stale_edit": (
        "{reason}（记录已被他人修改，请刷新页面后重试）",
        "{reason} (someone else changed the record: reload the page and try again)",
    ),
    "imputed": ("{n} 个缺失值按中位数插补", "{n} missing values imputed with the median"),
    "upload_progress": ("（第 {i} 个，共 {n} 个）", "({i} of {n})"),
    "upload_table_done": (
        "已导入 {observations} 条数据，{rows_bad} 行有误未导入",
        "{observations} figures imported; {rows_bad} rows refused",
    ),
    "upload_document_new": (
        "已入库：{statements} 个数据句，{targets} 个目标，{frameworks} 个工作框架",
        "Stored: {statements} statements, {targets} targets, {frameworks} frameworks",
    ),
    "upload_document_unchanged": (
        "文件已在库中，未重复入库",
        "Already in the store: nothing changed",
    ),
    "upload_failed": ("上传失败（{status}）", "Upload failed ({status})"),
    "notice_overdue": (
        "已逾期（期限 {date}），请尽快办理并反馈",
        "overdue (deadline {date}): act on it and report",
    ),
    "notice_at_risk": (
        "将于 {date} 到期，请按时完成并反馈",
        "due on {date}: finish it and report on time",
    ),
    "notice_returned": ("进展报告被退回：", "progress report returned:"),
}

# --- generated files: column headings and the report's sentences ----------------------
_DOCUMENTS: dict[str, Pair] = {
    "col.region": ("地区", "Region"),
    "col.region_code": ("地区代码", "Region code"),
    "col.indicator": ("指标", "Indicator"),
    "col.target": ("目标值", "Target value"),
    "col.target_high": ("目标上限", "Upper end"),
    "col.unit": ("单位", "Unit"),
    "col.comparator": ("比较", "Comparator"),
    "col.measure": ("度量", "Measure"),
    "col.deadline": ("期限", "Deadline"),
    "col.target_year": ("目标年份", "Target year"),
    "col.baseline": ("基期值", "Baseline"),
    "col.baseline_year": ("基期", "Baseline year"),
    "col.latest": ("最新值", "Latest"),
    "col.latest_year": ("最新年份", "Latest year"),
    "col.actual": ("实绩", "Actual"),
    "col.actual_year": ("实绩年份", "Year of the actual"),
    "col.status": ("进度", "Status"),
    "col.verdict": ("判断", "Verdict"),
    "col.gap": ("差距", "Gap"),
    "col.gap_share": ("差距占目标", "Gap / target"),
    "col.ratio": ("实际/应有", "Actual/required"),
    "col.explanation": ("说明", "Explanation"),
    "col.source": ("来源句子", "Source sentence"),
    "col.promise_source": ("承诺原文", "Promise (source)"),
    "col.document": ("文件", "Document"),
    "col.promise_document": ("承诺文件", "Promise document"),
    "col.result_source": ("实绩原文", "Result (source)"),
    "col.result_document": ("实绩来源", "Result document"),
    "col.parent_region": ("上级地区", "Parent region"),
    "col.parent_target": ("上级目标", "Parent's target"),
    "col.above_parent": ("高于上级", "Above the parent"),
    "col.id": ("编号", "No."),
    "col.name": ("文件", "File"),
    "col.title": ("标题", "Title"),
    "col.date": ("日期", "Date"),
    "col.doc_type": ("类型", "Type"),
    "col.issuer": ("发文单位", "Issuer"),
    "col.sentence": ("句子", "Sentence"),
    "col.position": ("位置", "Position"),
    "col.code": ("代码", "Code"),
    "col.year": ("年份", "Year"),
    "col.value": ("数值", "Value"),
    "col.source_kind": ("来源类型", "Kind of source"),
    "col.source_name": ("来源", "Source"),
    "indicator_figures": ("指标数据", "Figures"),
    "col.rank": ("位次", "Rank"),
    "col.index": ("综合指数", "Index"),
    "col.index_rank": ("指数位次", "Index rank"),
    "sheet.targets": ("目标清单", "Targets"),
    "sheet.ledger": ("承诺兑现台账", "Promise ledger"),
    "sheet.across": ("各地区对比", "Across regions"),
    "sheet.documents": ("文件清单", "Documents"),
    "sheet.compare": ("地区比较", "Regions compared"),
    "sheet.search": ("检索结果", "Search results"),
    "report.file": ("督查通报", "progress-report"),
    "report.title": ("{scope}目标任务落实情况通报", "Progress on the targets{scope}"),
    "report.scope": ("{region}", ": {region}"),
    "report.as_of": ("截至 {date}，共跟踪目标 {n} 项。", "As of {date}, {n} targets are tracked."),
    "report.demo": ("（演示数据，均为虚构。）", "(Demo data: everything here is fictional.)"),
    "report.overall": ("一、总体情况", "1. Overall"),
    "report.count": ("目标数", "Targets"),
    "report.missed": ("二、未完成的目标", "2. Targets missed"),
    "report.off_track": ("三、进度滞后的目标", "3. Targets off track"),
    "report.needs_acceleration": ("四、需要加快推进的目标", "4. Targets that need acceleration"),
    "report.none": ("无。", "None."),
    "report.line": (
        "{i}. {region} {indicator}：目标 {promise}（{deadline}年），实绩 {actual}",
        "{i}. {region} {indicator}: target {promise} ({deadline}), actual {actual}",
    ),
    "report.year": ("（{year}年）", " ({year})"),
    "report.stop": ("。", ". "),
    "report.gap": ("，{gap}", "; {gap}"),
    "report.ratio": ("，实际/应有 {ratio}", "; actual/required {ratio}"),
    "report.promise": ("承诺：{document}：“{sentence}”", "Promise: {document}: “{sentence}”"),
    "report.result": ("实绩：{document}：“{sentence}”", "Result: {document}: “{sentence}”"),
    "report.result_table": (
        "实绩：{document}（导入的统计表）",
        "Result: {document} (imported table)",
    ),
}

# --- the domain's terms, from the library's own tables -----------------------------------
_MEASURES: dict[str, Pair] = {
    "level": ("水平值", "level"),
    "growth": ("增速", "growth"),
    "share": ("比重", "share"),
    "ratio": ("比例", "ratio"),
    "change": ("变化量", "change"),
    "rank": ("位次", "rank"),
}
_NOTICES: dict[str, Pair] = {
    "overdue": ("逾期", "Overdue"),
    "at_risk": ("临期", "Due soon"),
    "returned": ("退回", "Returned"),
}
_METHODS: dict[str, Pair] = {
    "normalisation.minmax": ("极差标准化", "min–max"),
    "normalisation.zscore": ("标准分数", "standard scores"),
    "weighting.equal": ("等权重", "equal weights"),
    "weighting.entropy": ("熵权法", "entropy weights"),
    "aggregation.arithmetic": ("算术平均", "arithmetic mean"),
    "aggregation.geometric": ("几何平均", "geometric mean"),
}
#: The five development dimensions of the 14th plan (创新、协调、绿色、开放、共享) and 经济.
_DIMENSIONS: dict[str, Pair] = {
    "创新": ("创新", "Innovation"),
    "协调": ("协调", "Coordination"),
    "绿色": ("绿色", "Green development"),
    "开放": ("开放", "Openness"),
    "共享": ("共享", "Shared development"),
    "经济": ("经济", "Economy"),
}

# --- the supervision pages: first screen, target and region lists, indicators, a target's
# owner and tasks, 交办, 考核 ----------------------------------------------------------------
_SUPERVISION: dict[str, Pair] = {
    "board_title": ("督查总览", "Supervision overview"),
    "board_updating": (
        "目标进度正在重新计算，以下为上次计算的结果。",
        "The targets' statuses are being recalculated; shown here are the last ones.",
    ),
    "board_as_of": ("上次计算于", "last calculated"),
    "board_off_track": ("滞后目标", "targets off track"),
    "board_missed": ("未完成目标", "targets missed"),
    "board_overdue": ("逾期任务", "overdue tasks"),
    "board_returned": ("退回整改", "returned for rework"),
    "board_review": ("报告待审核", "reports to review"),
    "board_login_for_tasks": (
        "登录后查看逾期、退回和待审核的任务",
        "Log in to see overdue, returned and waiting tasks",
    ),
    "board_my_queue": ("我的待办", "My queue"),
    "board_read_only": (
        "只读账户：可查看全部目标与任务，不办理任务。",
        "Read-only account: you can see targets and tasks but not act on them.",
    ),
    "board_off_track_list": ("滞后和未完成的目标", "Targets off track or missed"),
    "board_all_off_track": ("全部滞后目标（{n} 项）", "All targets off track ({n})"),
    "board_all_missed": ("全部未完成目标（{n} 项）", "All targets missed ({n})"),
    "board_none_off_track": ("没有滞后或未完成的目标。", "No target is off track or missed."),
    "board_store": ("数据概况", "What the store holds"),
    "queue": ("待办类别", "Queue"),
    "queue_overdue": ("逾期任务", "Overdue tasks"),
    "queue_returned": ("退回整改的任务", "Tasks returned for rework"),
    "queue_review": ("报告待审核的任务", "Tasks with reports to review"),
    "queue_to_assign": ("待交办的草稿", "Drafts to assign"),
    "queue_due": ("30天内到期的任务", "Tasks due within 30 days"),
    "target_list": ("目标清单（各地区）", "Targets across regions"),
    "region_hint": ("代码或名称", "code or name"),
    "owner_department": ("责任单位", "Owner department"),
    "unassigned": ("未交办", "not assigned"),
    "sort_by": ("排序", "Sort by"),
    "sort_status": ("紧迫程度", "urgency"),
    "sort_deadline": ("期限", "deadline"),
    "sort_region": ("地区", "region"),
    "sort_gap": ("差距", "gap"),
    "task_sort_id": ("编号", "number"),
    "task_sort_deadline": ("期限", "deadline"),
    "task_sort_state": ("状态", "state"),
    "task_sort_owner": ("责任单位", "owner"),
    "targets_found": ("共 {n} 项目标", "{n} targets"),
    "page_of": ("第 {page} 页，共 {pages} 页", "page {page} of {pages}"),
    "source_sentence": ("原文", "Source sentence"),
    "assign_task": ("交办", "Assign a task"),
    "assign_title": ("落实{name}", "Deliver {name}"),
    "assign_from_target": ("由目标交办：", "Assigned from the target:"),
    "linked_tasks": ("关联任务", "Linked tasks"),
    "no_linked_tasks": ("尚无关联任务。", "No task is linked to this target."),
    "no_owner_yet": ("未定责任单位", "no owner department yet"),
    "login_to_see_tasks": ("登录后查看关联任务", "Log in to see the linked tasks"),
    "indicator_page": ("指标详情", "About the indicator"),
    "per_year": ("每年", "a year"),
    "filter_and_sort": ("筛选和排序", "Filter and sort"),
    "regions_count": ("共 {n} 个", "{n} in all"),
    "region_sort_code": ("代码", "code"),
    "region_sort_behind": ("滞后和未完成最多", "most off track or missed"),
    "indicators": ("指标", "Indicators"),
    "binding_kind": ("指标属性", "Binding or expected"),
    "binding_约束性": ("约束性", "binding"),
    "binding_预期性": ("预期性", "expected"),
    "binding_none": ("未规定", "not stated"),
    "direction": ("方向", "Direction"),
    "direction_higher": ("越高越好", "higher is better"),
    "direction_lower": ("越低越好", "lower is better"),
    "direction_ceiling": ("上限（不超过即达标）", "a ceiling (met at or below)"),
    "nature": ("性质", "Nature"),
    "nature_stock": ("总量（按趋势跟踪）", "a stock (followed along its trend)"),
    "nature_flow": ("年度增量（只看当年数）", "a yearly flow (the year's figure alone)"),
    "nature_rate": ("比率（与自身比较）", "a rate (compared with itself)"),
    "definition": ("定义与口径", "Definition"),
    "national_name": ("全国称", "national name"),
    "also_called": ("又称", "Also called"),
    "all_targets_of": ("该指标的全部目标", "Every target of this indicator"),
    "over_years": ("历年数据（排名靠前的地区）", "Over the years (the leading regions)"),
    "ranking": ("地区排名", "Regions ranked"),
    "latest_figure": ("（各地区最新数据）", "(each region's latest figure)"),
    "regions_with_figures": ("{n} 个地区有数据", "{n} regions with figures"),
    "download_data": ("下载数据", "Download the data"),
    "value": ("数值", "Value"),
    "no_figures": ("暂无数据。", "No figures yet."),
    "source_document": ("文件", "document"),
    "source_import": ("统计表", "statistics table"),
    "source_report": ("进展报告", "progress report"),
    "computed_at": ("计算于", "Computed"),
    "run_again": ("重新计算", "Compute again"),
    "points_unit": ("分", "points"),
    "note": ("备注", "Note"),
    "no_task_due": ("本期无到期任务，不计分", "no task due in the period: not scored"),
    "no_assessment_yet": (
        "尚未计算考核结果。选择考核期后点“计算考核结果”。",
        "No assessment has been computed yet: choose a period and run it.",
    ),
}


def _section(prefix: str, zh: Mapping[Any, str], en: Mapping[Any, str]) -> dict[str, Pair]:
    return {f"{prefix}.{code}": (zh[code], en[code]) for code in zh}


def _pairs(prefix: str, table: Mapping[Any, Pair]) -> dict[str, Pair]:
    return {f"{prefix}.{code}": pair for code, pair in table.items()}


def _terms() -> dict[str, Pair]:
    comparators = {
        code: (COMPARATOR_WORDS["zh"][code] or "等于", COMPARATOR_WORDS["en"][code] or "equal to")
        for code in COMPARATOR_WORDS["zh"]
    }
    return {
        **_section("status", STATUS_ZH, STATUS_EN),
        **_section("state", STATE_ZH, STATE_EN),
        **_section("role", ROLE_ZH, ROLE_EN),
        **_section("doc_type", DOC_TYPES, DOC_TYPES_EN),
        **_pairs("report_status", REPORT_STATUS_LABELS),
        **_pairs("importance", IMPORTANCE_LABELS),
        **_pairs("field", FIELD_LABELS),
        **_pairs("action", ACTION_LABELS),
        **_pairs("entity", ENTITY_LABELS),
        **_pairs("comparator", comparators),
        **_pairs("measure", _MEASURES),
        **_pairs("notice", _NOTICES),
        **_pairs("dimension", _DIMENSIONS),
        **_METHODS,
    }


def _merge(sections: Iterable[Mapping[str, Pair]]) -> dict[str, Pair]:
    out: dict[str, Pair] = {}
    for section in sections:
        for key, pair in section.items():
            if key in out and out[key] != pair:
                raise ValueError(f"catalogue key {key!r} has two meanings: {out[key]} {pair}")
            out[key] = pair
    return out


#: Every key → (Chinese, English).
CATALOGUE: dict[str, Pair] = _merge([_WORDS, _LOOP, _MESSAGES, _DOCUMENTS, _SUPERVISION, _terms()])


class Translator(Protocol):
    """``t(key, **params)``: the catalogue's words in one language."""

    lang: str

    def __call__(self, key: str, /, **params: object) -> str: ...


class _Translate:
    def __init__(self, lang: str) -> None:
        self.lang = "en" if lang == "en" else "zh"
        self._i = LANGUAGES.index(self.lang)

    def __call__(self, key: str, /, **params: object) -> str:
        pair = CATALOGUE.get(key)
        if pair is None:
            return key
        text = pair[self._i]
        return text.format(**params) if params else text


def translator(lang: str) -> Translator:
    """``t(key)``: the word for ``key`` in ``lang`` (the key itself when unknown);
    ``t(key, name=value)`` fills a sentence's parameters."""
    return _Translate(lang)


def lang_of(query: str | None, cookie: str | None) -> str:
    """The language asked for: ``?lang=``, else the ``lang`` cookie, else Chinese."""
    lang = query or cookie or "zh"
    return lang if lang in LANGUAGES else "zh"
