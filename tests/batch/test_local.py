"""The local engine: inputs, failures as rows, atomic commit, the schema on disk."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from luoshi.batch.base import MANIFEST, BatchInput
from luoshi.batch.local import LocalEngine, doc_id_of, input_files
from luoshi.batch.result import read_dataset, read_manifest, result_partitions
from luoshi.batch.schema import DATASETS, PARTITION_COLUMNS
from luoshi.errors import BatchError
from tests.batch._compare import all_rows
from tests.batch.conftest import BROKEN
from tests.conftest import DOC_NAMES


def test_a_folder_gives_its_readable_files_and_a_named_file_is_always_tried(
    tmp_path: Path,
) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.html", "c.xyz"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in input_files(str(tmp_path))] == ["a.txt", "b.html"]
    assert [p.name for p in input_files(str(tmp_path / "**" / "*"))] == ["a.txt", "b.html"]
    assert [p.name for p in input_files(str(tmp_path / "c.xyz"))] == ["c.xyz"]
    with pytest.raises(BatchError, match="no input files"):
        input_files(str(tmp_path / "*.pdf"))


def test_an_input_is_files_or_a_table() -> None:
    with pytest.raises(BatchError, match="either"):
        BatchInput()
    with pytest.raises(BatchError, match="either"):
        BatchInput(path="a", table="b")
    with pytest.raises(BatchError, match="not tables"):
        LocalEngine().extract(BatchInput(table="documents"), "out")


@pytest.mark.corpus
def test_good_documents_and_failures(batch_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = LocalEngine(1).extract(BatchInput(str(batch_input)), str(out))
    assert (summary.documents, summary.failures) == (3, 2)
    rows = all_rows(out)
    assert sorted(r["name"] for r in rows["documents"]) == sorted(DOC_NAMES)
    assert {r["name"] for r in rows["failures"]} == BROKEN
    lanxian = next(r for r in rows["documents"] if r["name"] == "lanxian-123.txt")
    assert lanxian["doc_id"] == doc_id_of(batch_input / "lanxian-123.txt")
    assert lanxian["region_code"] == "141127" and lanxian["doc_province"] == "14"
    assert len(lanxian["content_hash"]) == 64 and lanxian["offsets"]
    # a statement carries its document's key and partition, and where it stands
    stmt = next(r for r in rows["statements"] if r["text"] == "65.25亿元")
    assert (stmt["doc_id"], stmt["doc_province"]) == (lanxian["doc_id"], "14")
    assert (stmt["base_value"], stmt["base_unit"], stmt["value_parts"]) == (6.525e9, "元", None)
    assert lanxian["source_text"][stmt["source_start"] : stmt["source_end"]] == "65.25亿元"
    assert summary.statements == len(rows["statements"])
    # the manifest is written last, and the staging folder is gone
    assert read_manifest(out)["summary"]["documents"] == 3
    assert not list(tmp_path.glob(".out.staging-*"))
    assert result_partitions(out)  # Hive-style province=/year= folders
    for part in result_partitions(out):
        assert part.startswith("doc_province=") and "/doc_year=" in part


@pytest.mark.corpus
def test_every_file_has_the_documented_schema(batch_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    LocalEngine(2).extract(BatchInput(str(batch_input)), str(out))
    for name, schema in DATASETS.items():
        files = list((out / name).rglob("*.parquet"))
        assert files, name
        for f in files:
            stored = pq.read_schema(f)
            # partition columns live in folder names, not in the files
            expected = [n for n in schema.names if n not in PARTITION_COLUMNS]
            assert stored.names == expected, f
        assert read_dataset(out, name).schema.names == schema.names


@pytest.mark.corpus
def test_one_process_and_two_give_the_same_rows(batch_input: Path, tmp_path: Path) -> None:
    LocalEngine(1).extract(BatchInput(str(batch_input)), str(tmp_path / "one"))
    LocalEngine(2).extract(BatchInput(str(batch_input)), str(tmp_path / "two"))
    assert all_rows(tmp_path / "one") == all_rows(tmp_path / "two")


@pytest.mark.corpus
def test_an_existing_output_is_kept_unless_overwritten(batch_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    with pytest.raises(BatchError, match="output exists"):
        LocalEngine().extract(BatchInput(str(batch_input)), str(out))
    assert (out / "precious.txt").exists()
    # a staging folder left by a killed run is removed by the next one
    stale = tmp_path / ".out.staging-0123456789ab"
    (stale / "documents").mkdir(parents=True)
    LocalEngine().extract(BatchInput(str(batch_input)), str(out), overwrite=True)
    assert not (out / "precious.txt").exists() and (out / MANIFEST).exists()
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_a_folder_that_is_not_a_result_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BatchError, match="not a folder"):
        read_manifest(tmp_path / "nothing")
    with pytest.raises(BatchError, match="not a complete luoshi batch result"):
        read_manifest(tmp_path)
    (tmp_path / MANIFEST).write_text('{"schema_version": 99}')
    with pytest.raises(BatchError, match="schema version 99"):
        read_manifest(tmp_path)
    (tmp_path / MANIFEST).write_text("{not json")
    with pytest.raises(BatchError, match="cannot read"):
        read_manifest(tmp_path)


@pytest.mark.parametrize(
    "name",
    ["luoshi.batch", "luoshi.batch.base", "luoshi.batch.local", "luoshi.batch.schema",
     "luoshi.batch.result", "luoshi.batch.spark", "luoshi.extract.record", "luoshi.store.load"],
)  # fmt: skip
def test_public_names_exist_and_are_documented(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__
    for attr in module.__all__:
        obj = getattr(module, attr)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__, f"{name}.{attr} has no docstring"
