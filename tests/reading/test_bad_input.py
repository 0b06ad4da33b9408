"""Bad input: whatever the bytes, reading returns a Document or raises a ReadError, quickly.

Random bytes under every extension, and real files (built here) truncated, flipped and
spliced. Nothing else may escape: no IndexError from a parser, no hang on a bomb.
"""

from __future__ import annotations

import io
import re
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


# What a user must never read in an error: exception class names, library internals.
_INTERNALS = re.compile(r"\w*(?:Error|Exception)\b|Traceback|\[Content_Types\]|\bat 0x")
_HAN = re.compile("[\u4e00-\u9fff]")


def assert_plain(error: ReadError, name: str) -> None:
    """The message names the file and says the reason in English (``str``) and in Chinese
    (``zh``), each in its own language, and shows no exception class or library internals."""
    en, zh = str(error), error.zh
    assert en.startswith(f"{name}: ") and zh.startswith(f"{name}："), (en, zh)
    assert _HAN.search(zh.removeprefix(name)) and not _HAN.search(en.removeprefix(name)), (en, zh)
    for message in (en, zh):
        assert not _INTERNALS.search(message), message


def _read_or_refuse(data: bytes, name: str) -> None:
    """Reading gives a Document or a ReadError with a plain message; anything else fails."""
    try:
        doc = read_bytes(data, name)
    except ReadError as exc:
        assert_plain(exc, name)
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
    ) as caught:
        read_bytes(bomb, "bomb.docx")
    assert caught.value.zh.startswith("bomb.docx：解压后达 300 MB")


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


def _docx_without(member: str, replace: dict[str, bytes] | None = None) -> bytes:
    """The real .docx without ``member``, or with parts replaced."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(real_file(".docx"))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != member:
                data = (replace or {}).get(info.filename, source.read(info))
                target.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("cut.pdf", lambda: real_file(".pdf")[: len(real_file(".pdf")) // 2], "PDF 文件已损坏"),
        ("stub.pdf", lambda: b"%PDF-1.4 truncated", "PDF 文件已损坏"),
        ("cut.docx", lambda: real_file(".docx")[:3000], "不是 .docx 文件"),
        (
            "broken.docx",
            lambda: _docx_without("", {"word/document.xml": b"<w:document><w:body><w:p>"}),
            ".docx 文件已损坏",
        ),
        ("noise.html", lambda: bytes(range(256)) * 40, "二进制数据"),
        ("bom.txt", lambda: b"\xef\xbb\xbf\xff\xfe\x80 text", "编码"),
    ],
    ids=[
        "truncated-pdf",
        "stub-pdf",
        "truncated-docx",
        "malformed-docx-xml",
        "binary-html",
        "bad-bom",
    ],
)
def test_damaged_files_get_a_plain_chinese_first_message(
    name: str, data: Callable[[], bytes], reason: str
) -> None:
    with pytest.raises(ReadError) as caught:
        read_bytes(data(), name)
    assert_plain(caught.value, name)
    assert reason in caught.value.zh


def test_docx_without_content_types_is_read() -> None:
    # python-docx failed it with "KeyError: '[Content_Types].xml'"; the text is all there
    doc = read_bytes(_docx_without("[Content_Types].xml"), "no-types.docx")
    assert "136个行政村" in doc.text


def test_text_over_the_character_limit_is_refused_before_decoding() -> None:
    data = real_file(".txt") * 50
    with pytest.raises(DocumentTooLargeError, match="LUOSHI_MAX_TEXT_CHARS") as caught:
        read_bytes(data, "long.txt", Settings(max_text_chars=len(data) // 5))
    assert_plain(caught.value, "long.txt")
    assert read_bytes(data, "long.txt", Settings(max_text_chars=len(data))).text


@pytest.mark.parametrize("extension", [".html", ".docx", ".pdf"])
def test_every_format_is_held_to_the_character_limit(extension: str) -> None:
    with pytest.raises(DocumentTooLargeError, match="LUOSHI_MAX_TEXT_CHARS"):
        read_bytes(real_file(extension), f"long{extension}", Settings(max_text_chars=50))
