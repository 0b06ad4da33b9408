"""Decode bytes of unknown encoding to text, and say so when unsure.

Detection is charset-normalizer's; luoshi adds the order of trust that fits
Chinese official documents: a byte-order mark, then strict UTF-8, then the
detector's best guess among the encodings such documents really use.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from luoshi.errors import ReadError

__all__ = ["Decoded", "decode_bytes"]

# Encodings Chinese documents arrive in, as charset-normalizer names them.
# GB2312 and GBK are read as their superset GB18030 (never wrong for valid input).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "hz": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class Decoded:
    """Decoded text, the encoding used, and a warning when the choice was a guess."""

    __slots__ = ("encoding", "text", "warning")

    def __init__(self, text: str, encoding: str, warning: str | None = None) -> None:
        self.text = text
        self.encoding = encoding
        self.warning = warning


def _binary(name: str) -> ReadError:
    return ReadError(f"{name}: binary data, not text", zh=f"{name}：二进制数据，不是文本")


def _undecodable(name: str) -> ReadError:
    return ReadError(
        f"{name}: undecodable bytes, not text in any known encoding",
        zh=f"{name}：无法解码：不是任何已知编码的文本",
    )


_HAN = re.compile("[\u4e00-\u9fff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def _looks_like_text(text: str) -> bool:
    """Few control characters: the decoding produced text, not binary noise."""
    if not text:
        return True
    sample = text[:20000]
    bad = len(_CONTROL.findall(sample))
    return bad <= max(2, len(sample) // 200)


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_HAN.findall(sample)) / len(sample)


def _common_share(text: str) -> float:
    """Share of characters that are printable ASCII or in GB2312 (the common characters)."""
    sample = text[:5000]
    if not sample:
        return 0.0
    common = 0
    for c in sample:
        if " " <= c <= "~" or c in "\n\r\t":
            common += 1
            continue
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common / len(sample)


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode ``data`` (the bytes of ``name``) to text.

    Raises :class:`ReadError` when no encoding gives text; returns a warning on the
    result when the detector was unsure, so that a wrong guess is never silent.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"{name}: starts with a {enc} byte-order mark but is not {enc} ({exc.reason})",
                    zh=f"{name}：文件开头标明是 {enc} 编码，内容却不是",
                ) from exc
    if b"\x00" in data[:4096] and not _utf16_plausible(data):
        raise _binary(name)
    try:
        text = data.decode("utf-8")
        if _looks_like_text(text):
            return Decoded(text, "utf-8")
    except UnicodeDecodeError:
        pass
    if _utf16_plausible(data):
        best16: tuple[float, str, str] | None = None
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            # The wrong byte order also decodes, to rare characters: count common ones.
            score = _common_share(text)
            if _looks_like_text(text) and (best16 is None or score > best16[0]):
                best16 = (score, enc, text)
        if best16 is not None and best16[0] > 0.5:
            return Decoded(best16[2], best16[1])
    results = from_bytes(data[: 1 << 20], cp_isolation=None)
    best = results.best()
    if best is None:
        raise _undecodable(name)
    enc = _SUPERSETS.get(best.encoding, best.encoding)
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        try:
            text = data.decode(enc, errors="replace")
        except LookupError as exc:
            raise _undecodable(name) from exc
        if not _looks_like_text(text):
            raise _undecodable(name) from None
        return Decoded(
            text, enc, f"{name}: decoded as {enc} with replacement characters; check the source"
        )
    if not _looks_like_text(text):
        raise _binary(name)
    warning = None
    chaos = best.chaos
    if (len(results) > 1 and chaos > 0.1) or (_cjk_share(text) < 0.01 and len(text) > 200):
        warning = f"{name}: encoding guessed as {enc} (unsure); check the text for mojibake"
    return Decoded(text, enc, warning)


def _utf16_plausible(data: bytes) -> bool:
    """Many zero bytes at even or odd positions: UTF-16 without a byte-order mark."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return False
    zeros_even = head[0::2].count(0)
    zeros_odd = head[1::2].count(0)
    half = len(head) // 2
    # Chinese in UTF-16 has few zero bytes; ASCII-heavy text has many on one side only.
    return (zeros_even > half * 0.2) != (zeros_odd > half * 0.2) or _utf16_cjk(head)


def _utf16_cjk(head: bytes) -> bool:
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(enc)
        except UnicodeDecodeError:
            continue
        if _cjk_share(text) > 0.3:
            return True
    return False
