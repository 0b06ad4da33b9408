from __future__ import annotations

import pytest

from luoshi.extract.components.indicator import clean_phrase, lookup, vocabulary
from tests.extract.conftest import only, run


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        ("2021年全县地区生产总值完成65.25亿元。", "地区生产总值"),
        ("城镇居民人均可支配收入完成24436元。", "城镇居民人均可支配收入"),
        ("其中梁家庄乡袁家村铁矿储量达13.6亿吨。", "铁矿储量"),
        ("严守40万亩耕地红线不动摇。", "耕地红线"),
        ("在东村建设温室大棚1000座。", "温室大棚"),
        ("打造15公里生态廊道。", "生态廊道"),
        ("特别是GDP增速2023年达到7.6%。", "GDP增速"),
        ("力争全县产能达830万吨。", "产能"),
        ("咬定每年新增绿化面积10万亩。", "新增绿化面积"),
    ],
)
def test_indicator_phrases(sentence: str, indicator: str) -> None:
    assert only(sentence).indicator == indicator


def test_a_clause_without_its_own_indicator_continues_the_one_before() -> None:
    found = run("地区生产总值年均增速达到8.5%以上，到2025年突破70亿元大关。").statements
    assert [s.indicator for s in found] == ["地区生产总值年均增速", "地区生产总值"]


def test_own_region_is_stripped() -> None:
    assert clean_phrase("岚县地区生产总值完成", ("岚县",)) == "地区生产总值"


def test_canonical_vocabulary() -> None:
    ind = lookup("GDP总量")
    assert ind is not None and ind.id == "gdp" and ind.direction == "higher"
    assert lookup("全县城镇居民人均可支配收入") is not None
    assert {i.dimension for i in vocabulary()} >= {"创新", "协调", "绿色", "开放", "共享"}
    energy = lookup("单位GDP能耗")
    assert energy is not None and energy.direction == "lower" and energy.binding == "约束性"


def test_canonical_id_on_statements() -> None:
    assert only("全县地区生产总值完成65.25亿元。").indicator_id == "gdp"


def test_user_vocabulary(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    from pathlib import Path

    mod = importlib.import_module("luoshi.extract.components.indicator")

    extra = Path(str(tmp_path)) / "mine.tsv"
    extra.write_text("sheep\t肉羊饲养量\t羊存栏\t只\thigher\t经济\t\n", encoding="utf-8")
    monkeypatch.setenv("LUOSHI_INDICATORS", str(extra))
    mod.vocabulary.cache_clear()
    mod._index.cache_clear()
    mod.lookup.cache_clear()
    try:
        found = lookup("羊存栏")
        assert found is not None and found.id == "sheep"
    finally:
        monkeypatch.delenv("LUOSHI_INDICATORS")
        mod.vocabulary.cache_clear()
        mod._index.cache_clear()
        mod.lookup.cache_clear()
