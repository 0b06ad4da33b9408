"""The Spark batch engine: the extraction core in Spark executors, the result as Parquet.

Input is any path or glob Spark's ``binaryFile`` source reads (local disk, HDFS,
S3-compatible object storage through ``s3a://``) or a table with ``(id, name,
content)`` columns. Each executor's Python worker runs
:func:`~luoshi.extract.record.extract_record` over Arrow batches (``mapInArrow``) and
returns one row per document in the :data:`~luoshi.batch.schema.RESULT` shape; that is
cached and split into the four datasets. A document that fails is a row of the failures
dataset with its reason; the core never raises for a document, so a bad document never
fails a task. The commit (see :mod:`luoshi.batch.base`) goes through Hadoop's FileSystem
API, so it works on whatever file system the output is on.

PySpark is an optional dependency (``pip install 'luoshi[spark]'``): this module imports
it only when an engine is made.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from luoshi.batch.base import (
    MANIFEST,
    STAGING_MARK,
    BatchInput,
    BatchSummary,
    Region,
    manifest_bytes,
    staging_name,
)
from luoshi.batch.schema import PARTITION_COLUMNS, RESULT, result_row
from luoshi.config import Settings
from luoshi.errors import BatchError
from luoshi.extract.record import FailureRecord, extract_record
from luoshi.reading.formats import EXTENSIONS

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SparkEngine", "extract_batches", "spark_session"]

#: Documents per Arrow batch handed to a Python worker: enough to amortise the hand-over,
#: few enough that a batch of large documents stays in memory comfortably.
ARROW_BATCH = 32


def spark_session(master: str | None = None, *, app_name: str = "luoshi batch extract") -> Any:
    """A Spark session for batch extraction, quiet (log level ERROR), without the web UI.

    ``master`` is ``local[N]`` for one machine, a cluster URL, or None when spark-submit
    sets it.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise BatchError(
            "the Spark engine needs PySpark: pip install 'luoshi[spark]' (and Java 17)"
        ) from exc
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        # Spark logs at INFO/WARN until setLogLevel runs; a local run is a command on a
        # terminal, so its JVM starts at ERROR. A cluster's own logging setup is left alone.
        builder = builder.config(
            "spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={_quiet_log4j()}"
        )
    builder = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        # the result's schema is ours: no need for Spark to merge or infer it
        .config("spark.sql.parquet.mergeSchema", "false")
    )
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # Java missing or a master that cannot be reached
        raise BatchError(
            f"cannot start Spark (master {master or 'from spark-submit'}): {exc}"
        ) from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
"""


def _quiet_log4j() -> str:
    """A log4j2 configuration that logs errors only, as a file URL (written once)."""
    path = Path(tempfile.gettempdir()) / f"luoshi-log4j2-{os.getuid()}.properties"
    if not path.exists() or path.read_text("utf-8") != _LOG4J:
        path.write_text(_LOG4J, "utf-8")
    return path.as_uri()


def extract_batches(
    batches: Iterator[pa.RecordBatch], region: Region | None, settings: Settings
) -> Iterator[pa.RecordBatch]:
    """Run the extraction core over batches of (id, name, content); one result row each."""
    for batch in batches:
        rows = []
        for doc_id, name, content in zip(
            batch.column("id").to_pylist(),
            batch.column("name").to_pylist(),
            batch.column("content").to_pylist(),
            strict=True,
        ):
            doc_id = str(doc_id)
            name = str(name) if name else doc_id.rsplit("/", 1)[-1]
            if content is None:
                rows.append(result_row(doc_id, FailureRecord(name, "no content")))
                continue
            rows.append(
                result_row(doc_id, extract_record(content, name, region=region, settings=settings))
            )
        yield pa.RecordBatch.from_pylist(rows, schema=RESULT)


class SparkEngine:
    """Runs a batch on a Spark session: ``local[N]`` for development, any cluster in production."""

    name = "spark"

    def __init__(self, session: SparkSession) -> None:
        self.spark = session

    def _input(self, source: BatchInput) -> DataFrame:
        from pyspark.sql import functions as F

        if source.table is not None:
            try:
                table = self.spark.read.table(source.table)
            except Exception as exc:
                raise BatchError(f"table {source.table}: cannot read it ({exc})") from exc
            missing = {"id", "name", "content"} - set(table.columns)
            if missing:
                raise BatchError(
                    f"table {source.table}: no column {', '.join(sorted(missing))}; "
                    "a document table has id, name and content"
                )
            return table.select(
                F.col("id").cast("string").alias("id"),
                F.col("name").cast("string").alias("name"),
                F.col("content").cast("binary").alias("content"),
                F.length(F.col("content").cast("binary")).cast("long").alias("length"),
            )
        pattern = "(?i).*\\.(" + "|".join(e.lstrip(".") for e in EXTENSIONS) + ")$"
        try:
            files = (
                self.spark.read.format("binaryFile")
                .option("recursiveFileLookup", "true")
                .load(source.path)
            )
        except Exception as exc:  # AnalysisException: the path does not exist
            raise BatchError(
                f"{source.path}: cannot list input files ({_first_line(exc)})"
            ) from exc
        found = files.where(F.col("path").rlike(pattern)).select(
            F.col("path").alias("id"),
            F.element_at(F.split(F.col("path"), "/"), -1).alias("name"),
            F.col("content"),
            F.col("length"),
        )
        # Spark's file sources skip empty files; they are failures of the batch, not silence
        empty = _HadoopFs(self.spark, str(source.path)).empty_files(pattern)
        if not empty:
            return found
        rows = [(path, path.rsplit("/", 1)[-1], b"", 0) for path in empty]
        return found.unionByName(self.spark.createDataFrame(rows, found.schema))

    def extract(
        self,
        source: BatchInput,
        output: str,
        *,
        region: Region | None = None,
        overwrite: bool = False,
    ) -> BatchSummary:
        """Extract every document of ``source`` into a new result folder ``output``."""
        from pyspark import StorageLevel
        from pyspark.sql.pandas.types import from_arrow_schema

        started = time.perf_counter()
        fs = _HadoopFs(self.spark, output)
        if fs.exists(fs.out) and not overwrite:
            raise BatchError(f"{output}: the output exists; give --overwrite to replace it")
        fs.remove_stale()
        stage = fs.sibling(staging_name(fs.out_name))
        settings = Settings()

        def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            return extract_batches(batches, region, settings)

        inputs = self._input(source)
        result = inputs.mapInArrow(run, from_arrow_schema(RESULT)).persist(
            StorageLevel.MEMORY_AND_DISK
        )
        try:
            return self._write(result, inputs, source, fs, stage, overwrite, started)
        except BatchError:
            raise
        except Exception as exc:  # a lost executor, a full disk: the job failed, not a document
            raise BatchError(f"{output}: the Spark job failed ({_first_line(exc)})") from exc
        finally:
            result.unpersist()

    def _write(
        self,
        result: DataFrame,
        inputs: DataFrame,
        source: BatchInput,
        fs: _HadoopFs,
        stage: str,
        overwrite: bool,
        started: float,
    ) -> BatchSummary:
        from pyspark.sql import functions as F

        totals = result.select(
            F.count("document").alias("documents"),
            F.coalesce(F.sum(F.size("statements")), F.lit(0)).alias("statements"),
            F.coalesce(F.sum(F.size("frameworks")), F.lit(0)).alias("frameworks"),
            F.count("failure").alias("failures"),
        ).first()
        summary = BatchSummary(engine=self.name)
        if totals is not None:
            summary.documents, summary.statements = totals["documents"], totals["statements"]
            summary.frameworks, summary.failures = totals["frameworks"], totals["failures"]
        # from the listing's lengths: Spark reads no file content for this
        size = inputs.select(F.coalesce(F.sum("length"), F.lit(0))).first()
        summary.input_bytes = int(size[0]) if size is not None else 0
        parts = list(PARTITION_COLUMNS)
        documents = result.where(F.col("document").isNotNull()).select("document.*")
        statements = result.select(F.explode("statements").alias("r")).select("r.*")
        frameworks = result.select(F.explode("frameworks").alias("r")).select("r.*")
        failures = result.where(F.col("failure").isNotNull()).select("failure.*")
        try:
            for name, frame in (
                ("documents", documents),
                ("statements", statements),
                ("frameworks", frameworks),
            ):
                frame.write.partitionBy(*parts).parquet(f"{stage}/{name}")
            failures.coalesce(1).write.parquet(f"{stage}/failures")
            summary.seconds = time.perf_counter() - started
            fs.write(f"{stage}/{MANIFEST}", manifest_bytes(summary, source))
            fs.commit(stage, overwrite=overwrite)
        finally:
            fs.delete(stage)
        return summary


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class _HadoopFs:
    """The few file operations the commit needs, through Hadoop's FileSystem API (py4j)."""

    def __init__(self, spark: SparkSession, output: str) -> None:
        jvm = spark.sparkContext._jvm
        assert jvm is not None
        self._Path = jvm.org.apache.hadoop.fs.Path
        conf = spark.sparkContext._jsc.hadoopConfiguration()
        out = self._Path(output)
        self.fs = out.getFileSystem(conf)
        self.out = self.fs.makeQualified(out)
        self.out_name = str(self.out.getName())

    def sibling(self, name: str) -> str:
        return str(self._Path(self.out.getParent(), name).toString())

    def exists(self, path: Any) -> bool:
        return bool(self.fs.exists(path))

    def remove_stale(self) -> None:
        """Remove staging folders a killed run left beside the output."""
        pattern = self._Path(self.out.getParent(), f".{self.out_name}{STAGING_MARK}*")
        for status in self.fs.globStatus(pattern) or []:
            self.fs.delete(status.getPath(), True)

    def empty_files(self, name_pattern: str) -> list[str]:
        """Every empty file the input (``output`` given as the input path) names or holds."""
        import re

        wanted = re.compile(name_pattern)
        found: list[str] = []
        for status in self.fs.globStatus(self.out) or []:
            if status.isFile():
                if status.getLen() == 0:
                    found.append(str(status.getPath().toString()))
                continue
            files = self.fs.listFiles(status.getPath(), True)
            while files.hasNext():
                f = files.next()
                path = str(f.getPath().toString())
                if f.getLen() == 0 and wanted.match(path):
                    found.append(path)
        return sorted(found)

    def write(self, path: str, data: bytes) -> None:
        stream = self.fs.create(self._Path(path), True)
        try:
            stream.write(bytearray(data))
        finally:
            stream.close()

    def delete(self, path: str) -> None:
        p = self._Path(path)
        if self.fs.exists(p):
            self.fs.delete(p, True)

    def commit(self, stage: str, *, overwrite: bool) -> None:
        """Rename the staging folder to the output (replacing it with ``overwrite``)."""
        old = None
        if overwrite and self.fs.exists(self.out):
            old = self._Path(self.out.getParent(), f".{self.out_name}.replaced-{time.time_ns()}")
            if not self.fs.rename(self.out, old):
                raise BatchError(f"{self.out}: cannot move the old output aside")
        if not self.fs.rename(self._Path(stage), self.out):
            raise BatchError(f"{self.out}: cannot move the finished result into place")
        if old is not None:
            self.fs.delete(old, True)
