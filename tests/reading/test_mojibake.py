from __future__ import annotations

from luoshi.reading.mojibake import repair_mojibake
from luoshi.reading.normalize import normalize


def _repair(text: str) -> str:
    edits, _ = repair_mojibake(text)
    out, pos = [], 0
    for start, end, repl in edits:
        out.append(text[pos:start] + repl)
        pos = end
    return "".join(out) + text[pos:]


def test_gbk_byte_shift_is_undone() -> None:
    # 確保“藍天 in GBK lost the lead byte of 保: the rest paired wrongly until "{".
    assert _repair("確?！八{天保衛戰") == "確保“藍天保衛戰"


def test_full_width_mark_folded_by_the_page_is_restored_first() -> None:
    assert _repair("共同富?!毖b在心中") == "共同富裕”裝在心中"


def test_lost_character_named_by_its_pinyin_is_recovered_from_context() -> None:
    assert _repair("中部?(nèi)陸資源") == "中部內陸資源"


def test_real_question_mark_is_left_alone() -> None:
    text = "为何会发生在一个内陆地区?探究其背后的密码"
    assert repair_mojibake(text) == ([], 0)


def test_unrecoverable_damage_is_dropped_and_counted() -> None:
    edits, unsure = repair_mojibake("把基础打?、环境搞好")
    assert unsure == 1
    assert edits == [(4, 5, "")]


def test_normalize_reports_repairs() -> None:
    text, _, notes = normalize("打贏“藍天保衛戰”，確?！八{天")
    assert text.endswith("确保“蓝天")
    assert any("mojibake" in n for n in notes)
