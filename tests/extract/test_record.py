"""The one extraction core: bytes in, a plain record or a failure out, never an exception."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest

from luoshi.extract import extract
from luoshi.extract.record import (
    ExtractionRecord,
    FailureRecord,
    KnownRecord,
    content_hash,
    default_jobs,
    extract_files,
    extract_record,
)
from luoshi.reading import read_bytes

TEXT = "“十四五”时期，全县地区生产总值年均增长6.5%，到2025年达到200亿元。"


def test_a_document_becomes_a_plain_record() -> None:
    data = TEXT.encode("utf-8")
    record = extract_record(data, "plan.txt")
    assert isinstance(record, ExtractionRecord)
    d = record.document
    assert d.content_hash == hashlib.sha256(data).hexdigest() == content_hash(data)
    assert (d.name, d.format, d.text) == ("plan.txt", "text", TEXT)
    assert d.offsets and d.source_text == TEXT
    # the same statements the pipeline finds, each tied to its place in the source
    expected = extract(read_bytes(data, "plan.txt")).statements
    assert [s.text for s in record.statements] == [s.text for s in expected] == ["6.5%", "200亿元"]
    for s in record.statements:
        assert d.source_text[s.source_start : s.source_end] == s.text
    # plain data: it crosses a process boundary unchanged
    assert pickle.loads(pickle.dumps(record)) == record


def test_a_region_is_given_only_to_documents_that_name_none() -> None:
    record = extract_record(TEXT.encode(), "plan.txt", region=("990001", "某某开发区"))
    assert isinstance(record, ExtractionRecord)
    assert (record.document.region_code, record.document.region_name) == ("990001", "某某开发区")
    assert {s.region_code for s in record.statements} == {"990001"}
    named = "山西省吕梁市岚县2021年地区生产总值65.25亿元。岚县人民政府".encode()
    own = extract_record(named, "lanxian.txt", region=("990001", None))
    assert isinstance(own, ExtractionRecord) and own.document.region_code == "141127"


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.txt", "empty file"),
        (b"%PDF-1.4 not really", "broken.pdf", "damaged PDF"),
        (b"text", "notes.xyz", "unknown file type"),
    ],
)
def test_a_bad_document_is_a_failure_with_its_reason(data: bytes, name: str, reason: str) -> None:
    failure = extract_record(data, name)
    assert isinstance(failure, FailureRecord)
    assert failure.name == name and reason in failure.reason
    assert not failure.reason.startswith(name)  # the name is beside the reason, not in it
    assert failure.content_hash == content_hash(data)


def _files(tmp_path: Path) -> list[Path]:
    paths = []
    for i in range(6):
        p = tmp_path / f"d{i}.txt"
        p.write_text(TEXT.replace("200", str(200 + i)), "utf-8")
        paths.append(p)
    (tmp_path / "empty.txt").write_bytes(b"")
    return [*paths[:3], tmp_path / "empty.txt", tmp_path / "missing.txt", *paths[3:]]


def test_files_come_back_in_order_whatever_the_number_of_processes(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    one = list(extract_files(paths, jobs=1))
    two = list(extract_files(paths, jobs=2))
    assert [p for p, _ in one] == [p for p, _ in two] == paths
    assert [o for _, o in one] == [o for _, o in two]
    outcomes = dict(two)
    missing = outcomes[tmp_path / "missing.txt"]
    assert isinstance(missing, FailureRecord) and missing.reason.startswith("cannot read")
    assert missing.reason_zh == "无法读取文件：文件不存在"
    assert missing.content_hash is None
    assert isinstance(outcomes[tmp_path / "empty.txt"], FailureRecord)
    values = [o.statements[-1].value for o in outcomes.values() if isinstance(o, ExtractionRecord)]
    assert values == [200 + i for i in range(6)]
    assert default_jobs() >= 1


def test_known_bytes_are_not_extracted_again(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    known = {content_hash(paths[0].read_bytes())}
    outcomes = dict(extract_files(paths, jobs=2, known=known))
    assert outcomes[paths[0]] == KnownRecord(paths[0].name, next(iter(known)))
    assert isinstance(outcomes[paths[1]], ExtractionRecord)
