"""What counts as a statement (shared/spec/statements.md), on parametrised sentences."""

from __future__ import annotations

import pytest

from tests.extract.conftest import run


@pytest.mark.parametrize(
    "sentence",
    [
        "提出了“123”总体工作思路。",
        "推动两个融入，实施三大战略。",
        "切实增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
        "建设一城五地，打造八大强县。",
        "“十四五”期间全县经济稳步发展。",
        "2021年全县经济稳步发展。",
        "2025年1月6日召开会议。",
        "国道209线、337线途经县城。",
        "八路军120师司令部旧址。",
        "全面加强5G基站建设。",
        "打造4A级景区。",
        "一是加强领导。二是狠抓落实。",
        "把发展作为第一要务，争创一流。",
        "距今五六千年前，境内即有人类生息繁衍。",
        "庆祝新中国成立75周年。",
        "实施千亿斤粮食产能提升行动。",
        "岚县融入太原1小时经济圈。",
        "力争一年见成效、三年大突破、五年成优势。",
        "落实建筑工地“六个百分百”。",
        "全县地区生产总值达到X亿元，占全市的X%。",
        "持续巩固全国新能源百强县品牌。",
        "坚持“三分建设、七分管理”。",
        "引深安全生产专项整治三年行动。",
        "十五年来，我们坚持改革开放。",
    ],
)
def test_not_statements(sentence: str) -> None:
    assert [s.text for s in run(sentence).statements] == []


@pytest.mark.parametrize(
    ("sentence", "texts"),
    [
        ("县内矿产资源20多种。", ["20多种"]),
        ("为亚洲第二大露天铁矿。", ["第二大"]),
        ("GDP增速在中部87个地级市中位居第7。", ["87个", "第7"]),
        ("森林覆盖率提高两个百分点。", ["两个百分点"]),
        ("仅用短短的4年时间。", ["4年"]),
        ("专项转移支付项目要减少三分之一。", ["三分之一"]),
        ("出口额是2010年的2.2倍。", ["2.2倍"]),
    ],
)
def test_statements(sentence: str, texts: list[str]) -> None:
    assert [s.text for s in run(sentence).statements] == texts


def test_dropped_quantities_keep_their_reason() -> None:
    result = run("推动两个融入，地区生产总值突破70亿元。")
    assert [s.text for s in result.statements] == ["70亿元"]
    reasons = [c.drop_reason for c in result.dropped]
    assert any("concept" in r for r in reasons)
