from __future__ import annotations

import pytest

from luoshi.errors import PipelineConfigError
from luoshi.extract import DEFAULT_PIPELINE, Pipeline, extract
from luoshi.extract.registry import component, get_component, registered
from luoshi.reading import read_bytes

# The registry, as it should be: a change here is a change to the pipeline's contract.
SNAPSHOT = {
    "number": ((), ("number", "date")),
    "quantity": (("number", "sentence"), ("quantity",)),
    "scope": (("paragraph", "sentence", "heading"), ("scope",)),
    "time": (("quantity", "sentence", "paragraph", "heading", "scope"), ("time",)),
    "statement_filter": (("quantity",), ("statement",)),
    "indicator": (("statement", "sentence"), ("indicator",)),
    "classify": (("indicator", "heading", "scope"), ("classification",)),
    "framework": (("sentence", "heading", "item"), ("framework",)),
}


def test_registry_matches_the_snapshot() -> None:
    got = {name: (c.requires, c.assigns) for name, c in registered().items()}
    assert got == SNAPSHOT
    assert all(c.doc for c in registered().values())


def test_default_pipeline_order() -> None:
    assert Pipeline().names == list(DEFAULT_PIPELINE)


def test_requirements_are_checked_when_the_pipeline_is_built() -> None:
    with pytest.raises(PipelineConfigError, match="requires layer"):
        Pipeline(["indicator"])
    with pytest.raises(PipelineConfigError, match="no component named"):
        get_component("nope")


def test_a_registered_component_can_join_a_pipeline() -> None:
    @component("test_counter", requires=("statement",), assigns=("counted",))
    def counter(doc):  # type: ignore[no-untyped-def]
        """Count statements."""
        doc.layers["counted"] = list(doc.spans("statement"))
        return doc

    doc = read_bytes("全县地区生产总值完成65.25亿元。".encode(), "t.txt")
    pipe = Pipeline(["number", "quantity", "scope", "time", "statement_filter", "test_counter"])
    pipe(doc)
    assert len(doc.spans("counted")) == 1
    from luoshi.extract import registry

    del registry._REGISTRY["test_counter"]


def test_statement_dict_follows_the_contract() -> None:
    doc = read_bytes("2021年全县地区生产总值完成65.25亿元。".encode(), "d.txt")
    (s,) = extract(doc).statements
    row = s.as_dict()
    for key in (
        "doc",
        "text",
        "sentence",
        "value",
        "unit",
        "base_value",
        "base_unit",
        "indicator",
        "kind",
        "measure",
        "comparator",
        "year",
    ):
        assert key in row
    assert (
        row["value"] == 65.25
        and row["base_value"] == 6525000000
        and isinstance(row["base_value"], int)
    )
    assert doc.source[row["source_start"] : row["source_end"]] == "65.25亿元"
    assert "explain" in s.as_dict(explain=True)


def test_empty_and_numberless_documents() -> None:
    doc = read_bytes("只有文字，没有数字。".encode(), "e.txt")
    result = extract(doc)
    assert result.statements == [] and result.frameworks == []
