"""Bad input: whatever the bytes, reading returns a Document or raises a ReadError, quickly.

Random bytes under every extension, and real files (built here) truncated, flipped and
spliced. Nothing else may escape: no IndexError from a parser, no hang on a bomb.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import timedelta
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.config import Settings
from luoshi.errors import DocumentTooLargeError, ReadError, UnsupportedFormatError
from luoshi.reading import Document, read_bytes
from tests.reading.conftest import make_docx, make_html, make_pdf

EXTENSIONS = (".txt", ".html", ".docx", ".pdf")
PARAGRAPHS = [
    "全县辖4镇5乡136个行政村，总人口18.7万人。",
    "2025年全县地区生产总值增长6%左右，一般公共预算收入增长5%。",
    "一、主要目标",
    "城镇新增就业1800人，城镇调查失业率控制在5.5%以内。",
]

# Generous against a slow machine, far below a hang; examples few enough that the whole
# file runs in well under half a minute.
FUZZ = settings(
    deadline=timedelta(seconds=5),
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def real_file(extension: str) -> bytes:
    """A valid small file of the extension, built once."""
    builders: dict[str, Callable[[], bytes]] = {
        ".txt": lambda: "\n".join(PARAGRAPHS).encode("utf-8"),
        ".html": lambda: make_html("岚县政府工作报告", "2025-01-06 08:52:14", "岚县", PARAGRAPHS),
        ".docx": lambda: make_docx(PARAGRAPHS[1:], heading=PARAGRAPHS[0], table=[["指标", "6%"]]),
        ".pdf": lambda: make_pdf(PARAGRAPHS, title="岚县政府工作报告"),
    }
    return builders[extension]()


def _read_or_refuse(data: bytes, name: str) -> None:
    """Reading gives a Document or a ReadError; anything else fails the test."""
    try:
        doc = read_bytes(data, name)
    except ReadError:
        return
    assert isinstance(doc, Document)
    assert doc.text.strip()


@pytest.fixture(scope="module", autouse=True)
def _warm_up() -> None:
    # The first read of each format imports its libraries; keep that out of the deadlines.
    for extension in EXTENSIONS:
        read_bytes(real_file(extension), f"warm{extension}")


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_real_files_read(extension: str) -> None:
    doc = read_bytes(real_file(extension), f"real{extension}")
    assert "136个行政村" in doc.text


@FUZZ
@given(data=st.binary(max_size=4096), extension=st.sampled_from(EXTENSIONS))
def test_random_bytes(data: bytes, extension: str) -> None:
    _read_or_refuse(data, f"random{extension}")


@FUZZ
@given(
    prefix=st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf"]),
    data=st.binary(max_size=2048),
    extension=st.sampled_from(EXTENSIONS),
)
def test_random_bytes_behind_a_real_signature(prefix: bytes, data: bytes, extension: str) -> None:
    _read_or_refuse(prefix + data, f"signed{extension}")


@st.composite
def mutated(draw: st.DrawFn) -> tuple[bytes, str]:
    """A real file with one kind of damage: truncated, bytes flipped, a slice cut or spliced."""
    extension = draw(st.sampled_from(EXTENSIONS))
    data = bytearray(real_file(extension))
    kind = draw(st.sampled_from(["truncate", "flip", "cut", "splice"]))
    position = draw(st.integers(0, len(data) - 1))
    if kind == "truncate":
        del data[position:]
    elif kind == "flip":
        for offset in draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=16)):
            data[offset] ^= draw(st.integers(1, 255))
    elif kind == "cut":
        del data[position : position + draw(st.integers(1, 512))]
    else:
        data[position:position] = draw(st.binary(min_size=1, max_size=256))
    return bytes(data), f"mutated{extension}"


@FUZZ
@given(case=mutated())
def test_mutated_real_files(case: tuple[bytes, str]) -> None:
    _read_or_refuse(*case)


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_every_truncation_point_of_the_head(extension: str) -> None:
    # The first bytes hold the signature, the header and the structures parsers trust most.
    data = real_file(extension)
    for end in range(0, min(len(data), 400), 7):
        _read_or_refuse(data[:end], f"head{extension}")


def _zip_with_zeros(member: str, megabytes: int) -> bytes:
    """A zip whose ``member`` inflates to ``megabytes`` MB of zeros, written a chunk at a time."""
    out = io.BytesIO()
    chunk = bytes(1 << 20)
    with (
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(member, "w") as target,
    ):
        for _ in range(megabytes):
            target.write(chunk)
    return out.getvalue()


def test_zip_bomb_disguised_as_docx() -> None:
    bomb = _zip_with_zeros("word/document.xml", 300)
    assert len(bomb) < 2 * 2**20  # 300 MB of zeros in about 300 KB
    with pytest.raises(
        DocumentTooLargeError, match=r"bomb\.docx: expands to 300 MB: possible zip bomb"
    ):
        read_bytes(bomb, "bomb.docx")


def test_absurd_compression_ratio_under_the_size_limit() -> None:
    bomb = _zip_with_zeros("word/document.xml", 40)
    with pytest.raises(DocumentTooLargeError, match="possible zip bomb"):
        read_bytes(bomb, "dense.docx", Settings(max_unpacked_bytes=2**30))


def test_expansion_limit_from_settings() -> None:
    with pytest.raises(DocumentTooLargeError):
        read_bytes(real_file(".docx"), "small.docx", Settings(max_unpacked_bytes=1024))


def test_file_size_limit() -> None:
    with pytest.raises(DocumentTooLargeError, match=r"big\.txt"):
        read_bytes(real_file(".txt"), "big.txt", Settings(max_file_bytes=10))


@pytest.mark.parametrize("name", ["plan.doc", "plan.xlsx", "plan.rtf", "plan", "plan.pdf.exe"])
def test_unknown_extension(name: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=name.replace(".", r"\.")):
        read_bytes(real_file(".txt"), name)
