"""Batch extraction at scale: one extraction core, engines that run it, a Parquet result.

:class:`~luoshi.batch.local.LocalEngine` runs on this machine's cores,
:class:`~luoshi.batch.spark.SparkEngine` on Spark (imported only when used: PySpark is
optional). Both write the schema of :mod:`luoshi.batch.schema`; :mod:`luoshi.batch.result`
reads a result back for ``luoshi load``.
"""

from __future__ import annotations

from luoshi.batch.base import BatchEngine, BatchInput, BatchSummary
from luoshi.batch.local import LocalEngine

__all__ = ["BatchEngine", "BatchInput", "BatchSummary", "LocalEngine"]
