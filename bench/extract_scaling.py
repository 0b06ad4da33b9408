"""Time and memory against a document's size: linear time, memory within 1 GB.

usage: python bench/extract_scaling.py [--sizes 0.5 1 2 4 16] [--runs 3] [--no-shapes]

1. **Scaling.** One text file of each size in ``--sizes`` (MiB of UTF-8), made by joining
   the national government work reports of ../shared/corpus/national-gwr and repeating
   them to the size (cut at a line end). Each is read and extracted (``read_document``
   then ``extract``, what ``luoshi extract`` does) ``--runs`` times, each time in a fresh
   process. Prints the median seconds (reading, extracting, both), seconds per MB, the
   statements found and the peak memory (maximum resident set size of the process,
   imports included), and whether the largest size's seconds per MB are within 1.5 times
   those at 1 MB.
2. **Shapes.** Inputs within the limits (LUOSHI_MAX_FILE_MB 64, LUOSHI_MAX_UNPACKED_MB
   256, LUOSHI_MAX_TEXT_CHARS) that took memory out of bounds, each read, extracted and
   stored into a new SQLite store by ``ingest_paths`` in a fresh process (once): the
   largest size as one line; a .docx of 51 MB (140 MB of XML, over the character limit);
   a .docx of 14 MB of XML within it; a page of 100,000 nested ``<div>`` and 100,000
   unclosed ``<font>``; a page of 20 MB of paragraphs; a 3 GB file (sparse) over the size
   limit. Prints seconds, peak memory and the outcome of each.

Figures go to stdout and, as JSON, to ``bench/out/extract_scaling.json``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from _corpus import SHARED

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "extract_scaling.json"

# Run in a fresh process: read and extract (and store when a database is given); print
# the seconds, the outcome and the peak resident memory as one JSON line.
CHILD = r"""
import json, resource, sys, time
path, db = sys.argv[1], sys.argv[2]
started = time.perf_counter()
out = {}
if db:
    from luoshi.store import ingest_paths, open_store
    store = open_store(db)
    store.migrate()
    t = time.perf_counter()
    summary = ingest_paths(store, [path], jobs=1)
    out["seconds"] = time.perf_counter() - t
    out["outcome"] = (
        f"stored, {summary.statements} statements" if summary.ok
        else summary.failures[0][1][:140]
    )
else:
    from luoshi.extract import extract
    from luoshi.reading import read_document
    t = time.perf_counter()
    doc = read_document(path)
    out["read"] = time.perf_counter() - t
    t = time.perf_counter()
    found = extract(doc)
    out["extract"] = time.perf_counter() - t
    out["seconds"] = out["read"] + out["extract"]
    out["outcome"] = f"{len(found.statements)} statements"
    out["chars"] = len(doc.text)
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out, ensure_ascii=False))
"""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    '" Target="word/document.xml"/></Relationships>'
)


def corpus_text() -> bytes:
    reports = sorted((SHARED / "national-gwr").glob("*.txt"))
    if not reports:
        sys.exit(f"no reports in {SHARED / 'national-gwr'}")
    return b"\n".join(p.read_bytes() for p in reports)


def text_of_size(text: bytes, megabytes: float) -> bytes:
    size = int(megabytes * 2**20)
    data = (text * (size // len(text) + 1))[:size]
    return data[: data.rfind(b"\n") + 1]


def paragraphs(text: bytes) -> list[str]:
    return [line for line in text.decode("utf-8").splitlines() if line.strip()]


def write_docx(path: Path, lines: list[str], xml_megabytes: float) -> None:
    """A minimal .docx whose document part holds ``xml_megabytes`` MB of paragraphs."""
    target, written, i = int(xml_megabytes * 2**20), 0, 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELATIONSHIPS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>'.encode())
            while written < target:
                block = f"<w:p><w:r><w:t>{html.escape(lines[i % len(lines)])}</w:t></w:r></w:p>"
                part.write(block.encode())
                written, i = written + len(block.encode()), i + 1
            part.write(b"</w:body></w:document>")


def write_deep_html(path: Path, lines: list[str]) -> None:
    middle = "".join(f"<p>{html.escape(line)}</p>" for line in lines[:200])
    page = (
        "<html><head><title>深层嵌套</title></head><body>"
        + "<div>" * 100_000
        + middle
        + "</div>" * 100_000
        + "<font>" * 100_000
        + middle
        + "</body></html>"
    )
    path.write_text(page, encoding="utf-8")


def write_big_html(path: Path, lines: list[str], megabytes: float) -> None:
    target = int(megabytes * 2**20)
    with path.open("w", encoding="utf-8") as out:
        out.write("<html><head><title>长页面</title></head><body><div id='zoom'>")
        written, i = 0, 0
        while written < target:
            block = f"<p>{html.escape(lines[i % len(lines)])}</p>\n"
            out.write(block)
            written, i = written + len(block.encode()), i + 1
        out.write("</div></body></html>")


def measure(path: Path, db: str = "") -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), db], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:], "peak_mb": None}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def scaling(folder: Path, text: bytes, sizes: list[float], runs: int) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for mb in sizes:
        path = folder / f"corpus-{mb}MB.txt"
        path.write_bytes(text_of_size(text, mb))
        results = [measure(path) for _ in range(runs)]
        row = {
            key: round(statistics.median(r[key] for r in results), 2)
            for key in ("read", "extract", "seconds")
        }
        row["seconds_per_mb"] = round(row["seconds"] / mb, 2)
        row["peak_mb"] = round(max(r["peak_mb"] for r in results))
        row["outcome"] = results[0]["outcome"]
        row["chars"] = results[0]["chars"]
        rows[f"{mb:g}"] = row
        print(f"{mb:>5g} MB: {row}", flush=True)
        path.unlink()
    return rows


def shapes(folder: Path, text: bytes, largest: float) -> dict[str, Any]:
    lines = paragraphs(text)
    made: dict[str, Path] = {}
    one_line = folder / "one-line.txt"
    one_line.write_bytes(text_of_size(text, largest).replace(b"\n", b""))
    made[f"{largest:g} MB as one line"] = one_line
    huge = folder / "huge.docx"
    write_docx(huge, lines, 140)
    made[f"{huge.stat().st_size / 2**20:.0f} MB .docx (140 MB of XML)"] = huge
    within = folder / "within.docx"
    write_docx(within, lines, 14)
    made[f"{within.stat().st_size / 2**20:.0f} MB .docx (14 MB of XML)"] = within
    deep = folder / "deep.html"
    write_deep_html(deep, lines)
    made["page nested 100,000 deep, then 100,000 unclosed"] = deep
    big = folder / "big.html"
    write_big_html(big, lines, 20)
    made["page of 20 MB of paragraphs"] = big
    sparse = folder / "sparse.txt"
    with sparse.open("wb") as f:
        f.truncate(3 * 2**30)  # 3 GB of holes: no disk used
    made["3 GB file over the size limit"] = sparse
    rows: dict[str, Any] = {}
    for label, path in made.items():
        db = f"sqlite:///{folder / 'shape.db'}"
        got = measure(path, db)
        for leftover in folder.glob("shape.db*"):
            leftover.unlink()
        rows[label] = {k: round(v, 2) if isinstance(v, float) else v for k, v in got.items()}
        print(f"{label}: {rows[label]}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1, 2, 4, 16])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-shapes", action="store_true")
    args = parser.parse_args()
    text = corpus_text()
    with tempfile.TemporaryDirectory(prefix="luoshi-scaling-") as tmp:
        folder = Path(tmp)
        result: dict[str, Any] = {"load_before": os.getloadavg(), "runs": args.runs}
        result["scaling"] = scaling(folder, text, args.sizes, args.runs)
        per_mb = {k: v["seconds_per_mb"] for k, v in result["scaling"].items()}
        if "1" in per_mb and len(per_mb) > 1:
            largest = f"{max(args.sizes):g}"
            ratio = per_mb[largest] / per_mb["1"]
            result["ratio_largest_to_1mb"] = round(ratio, 2)
            verdict = "within" if ratio <= 1.5 else "NOT within"
            print(f"seconds per MB at {largest} MB / at 1 MB: {ratio:.2f} ({verdict} 1.5)")
        if not args.no_shapes:
            result["shapes"] = shapes(folder, text, max(args.sizes))
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
