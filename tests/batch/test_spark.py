"""Spark on local[2]: the local engine's rows, failures as rows, atomic output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from luoshi.batch.base import MANIFEST, BatchInput
from luoshi.batch.local import LocalEngine, doc_id_of
from luoshi.batch.result import iter_records, read_manifest
from luoshi.batch.spark import SparkEngine
from luoshi.errors import BatchError
from luoshi.store import Store
from luoshi.store.load import load_records
from luoshi.store.repository import table_counts
from tests.batch._compare import all_rows, rows
from tests.batch.conftest import BROKEN, make_input
from tests.conftest import DOC_NAMES

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


def test_spark_output_equals_the_local_runners_row_for_row(
    spark: Any, batch_input: Path, tmp_path: Path
) -> None:
    summary = SparkEngine(spark).extract(BatchInput(str(batch_input)), str(tmp_path / "spark"))
    LocalEngine(2).extract(BatchInput(str(batch_input)), str(tmp_path / "local"))
    from_spark, from_local = all_rows(tmp_path / "spark"), all_rows(tmp_path / "local")
    for name, expected in from_local.items():
        assert from_spark[name] == expected, name
    # every good document is in the output; each malformed one is a failure with its reason
    docs = from_spark["documents"]
    assert sorted(r["name"] for r in docs) == sorted(DOC_NAMES)
    assert {r["doc_id"] for r in docs} == {doc_id_of(batch_input / n) for n in DOC_NAMES}
    failures = {r["name"]: r["reason"] for r in from_spark["failures"]}
    assert set(failures) == BROKEN
    assert failures["empty.txt"] == "empty file" and "PDF" in failures["broken.pdf"]
    assert (summary.documents, summary.failures) == (3, 2)
    assert summary.statements == len(from_spark["statements"]) > 50
    assert summary.frameworks == len(from_spark["frameworks"]) > 10
    # partitioned by province and year: the Lanxian plan is Shanxi's (14)
    assert {r["doc_province"] for r in docs} == {"14", "none"}
    assert read_manifest(tmp_path / "spark")["summary"]["documents"] == 3
    assert not list(tmp_path.glob(".spark.staging-*"))


def test_a_table_of_documents_is_an_input(spark: Any, batch_input: Path, tmp_path: Path) -> None:
    content = [(f"doc-{i}", n, (batch_input / n).read_bytes()) for i, n in enumerate(DOC_NAMES)]
    frame = spark.createDataFrame(
        [*content, ("doc-9", "missing.txt", None)], "id string, name string, content binary"
    )
    frame.createOrReplaceTempView("luoshi_test_documents")
    SparkEngine(spark).extract(BatchInput(table="luoshi_test_documents"), str(tmp_path / "out"))
    docs = rows(tmp_path / "out", "documents")
    assert [(r["doc_id"], r["name"]) for r in docs] == [(i, n) for i, n, _ in content]
    assert [(r["doc_id"], r["reason"]) for r in rows(tmp_path / "out", "failures")] == [
        ("doc-9", "no content")
    ]
    # the same bytes give the same statements whichever way they came in
    local = tmp_path / "local"
    LocalEngine(1).extract(BatchInput(str(batch_input)), str(local))

    def facts(root: Path) -> list[tuple[Any, ...]]:
        names = {r["doc_id"]: r["name"] for r in rows(root, "documents")}
        return sorted(
            (names[r["doc_id"]], r["ordinal"], r["text"], r["base_value"])
            for r in rows(root, "statements")
        )

    assert facts(tmp_path / "out") == facts(local)


def test_bad_inputs_are_clear_errors(spark: Any, batch_input: Path, tmp_path: Path) -> None:
    engine = SparkEngine(spark)
    with pytest.raises(BatchError, match="cannot list input files"):
        engine.extract(BatchInput(str(tmp_path / "nowhere")), str(tmp_path / "out"))
    with pytest.raises(BatchError, match="table no_such_table"):
        engine.extract(BatchInput(table="no_such_table"), str(tmp_path / "out"))
    spark.createDataFrame([("a", "b")], "id string, name string").createOrReplaceTempView(
        "luoshi_no_content"
    )
    with pytest.raises(BatchError, match="no column content"):
        engine.extract(BatchInput(table="luoshi_no_content"), str(tmp_path / "out"))
    (tmp_path / "taken").mkdir()
    with pytest.raises(BatchError, match="output exists"):
        engine.extract(BatchInput(str(batch_input)), str(tmp_path / "taken"))
    assert not (tmp_path / "out").exists()


def _wait_for_staging(parent: Path, name: str, proc: subprocess.Popen[bytes]) -> Path:
    """The staging folder of a running job, once Spark has begun writing into it."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        for stage in parent.glob(f".{name}.staging-*"):
            if any(stage.rglob("*")):
                return stage
        if proc.poll() is not None:
            out = proc.communicate()[0].decode()
            pytest.fail(
                f"the job ended (status {proc.returncode}) before it could be killed\n{out}"
            )
        time.sleep(0.02)
    pytest.fail("the job did not begin writing within 240 s")


def _group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(scope="module")
def rerun_result(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A job killed while writing, then run again: its result folder and statement count."""
    tmp_path = tmp_path_factory.mktemp("killed")
    source = make_input(tmp_path / "in", copies=10)  # 33 documents, 2 malformed files
    out = tmp_path / "result"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from luoshi.cli import main; main()", "batch", "extract",
         "--master", "local[2]", str(source), str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        stage = _wait_for_staging(tmp_path, out.name, proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the driver and its JVM: the whole job
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    deadline = time.monotonic() + 30
    while not _group_gone(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _group_gone(proc.pid), "a process of the killed job is still running"
    # killed mid-write: part of the result was staged, nothing was committed
    assert stage.exists() and not out.exists()
    assert not (stage / MANIFEST).exists()

    summary = SparkEngine(spark).extract(BatchInput(str(source)), str(out))
    assert (summary.documents, summary.failures) == (33, 2)
    assert not stage.exists()  # the killed run's leftovers are gone
    return out, summary.statements


def test_a_killed_job_rerun_leaves_complete_output(rerun_result: tuple[Path, int]) -> None:
    out, n_statements = rerun_result
    docs = rows(out, "documents")
    assert len(docs) == len({r["doc_id"] for r in docs}) == 33
    assert len({r["content_hash"] for r in docs}) == 33
    statements = rows(out, "statements")
    keys = [(r["doc_id"], r["ordinal"]) for r in statements]
    assert len(keys) == len(set(keys)) == n_statements
    assert {r["name"] for r in rows(out, "failures")} == BROKEN


def test_the_rerun_result_loads_once(rerun_result: tuple[Path, int], store: Store) -> None:
    out, n_statements = rerun_result
    first = load_records(store, iter_records(out, chunk=8))
    with store.session() as session:
        counts = table_counts(session)
    again = load_records(store, iter_records(out, chunk=8))
    with store.session() as session:
        assert table_counts(session) == counts
    assert (first.documents_new, again.documents_new, again.documents_unchanged) == (33, 0, 33)
    assert counts["document"] == 33 and counts["statement"] == n_statements
