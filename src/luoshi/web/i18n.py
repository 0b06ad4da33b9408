"""The interface's words in Chinese (the default) and English."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["LANGUAGES", "translator"]

LANGUAGES = ("zh", "en")

# key: (Chinese, English)
_WORDS: dict[str, tuple[str, str]] = {
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
    "score": ("综合指数", "Index"),
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
    "projected": ("按现有速度到期末", "Projected at the deadline"),
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
}


def translator(lang: str) -> Callable[[str], str]:
    """``t(key)``: the word for ``key`` in ``lang`` (the key itself when unknown)."""
    i = 1 if lang == "en" else 0

    def t(key: str) -> str:
        pair = _WORDS.get(key)
        return pair[i] if pair else key

    return t
