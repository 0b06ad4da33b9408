"""Extraction throughput on ≥ 50 MB of real text, and luoshi beside two peers on the dev gold.

usage: python bench/extract_throughput.py [--mb 50] [--runs 3]

1. **Throughput.** Builds a corpus of ``--mb`` MB (MiB of UTF-8 input) by repeating the
   real documents in ../shared/corpus (``bench/_corpus.py``), then, ``--runs`` times, reads
   every file with ``luoshi.reading.read_document`` and times ``luoshi.extract.extract``
   alone on it, file by file, in one process (one core). Prints the median MB/s of input
   and characters/s (of the normalised text that extraction sees), the reading rate
   measured on the side, and the peak memory (maximum resident set size) at that point,
   before any peer is loaded.
2. **Side by side on the dev gold** (``docs/*.txt`` scored against ``gold/<stem>.jsonl``
   with ``../shared/tools/score_statements.py``): luoshi, Duckling's Chinese models
   (``pyduckling-native-phihos``) and Microsoft Recognizers-Text's Chinese models
   (``ms-recognizers-text-suite``). A peer that is not installed is skipped with a note.
   Every system reads the same normalised text (``Document.text``), so the figures compare
   extraction only; reading is luoshi's and untimed here. For each system: characters/s
   (median of ``--runs``, after one warm-up pass; for a peer, all of its models listed in
   ``PEER_MODELS``; Duckling is given one sentence per call, see ``SENTENCE_END``),
   detection recall, the same recall with the spans required to overlap ("in place"),
   unit accuracy over the found statements, and the outputs that are not gold statements.

How a peer's output becomes a statement row for the scorer:

- each resolved numeric entity gives its value, magnitudes folded as the peer resolves
  them (``65.25亿`` → 6525000000; a percentage ``8.5%`` → 8.5); an interval gives both
  bounds; an entity without a numeric value (Recognizers-Text's bare ``两``) gives none;
- its unit is named in the contract's spelling where the peer names a unit: the peer's
  unit is mapped to the spellings it stands for (Recognizers-Text's own suffix tables;
  a table below for Duckling) and the one written in the matched span is taken, else the
  first; a bare number, an ordinal or an unmapped unit name gives ``""`` or the name;
- outputs of different models for one quantity (a span overlapping another with the same
  value: the number model's ``65.25亿`` and the currency model's ``65.25亿元``) count once,
  the one with a unit kept; the raw count is reported too;
- the scorer matches a gold statement with at most one output of equal ``base_value``
  (rel. tol. 1e-6; a ratio only with an equal list, which neither peer produces); every
  output left unmatched counts as spurious, luoshi's statements as much as a peer's.

Figures go to stdout and, as JSON, to ``bench/out/extract_throughput.json``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import math
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import SHARED, build, real_texts

from luoshi.extract import extract
from luoshi.reading import Document, read_document

OUT = Path(__file__).resolve().parent / "out" / "extract_throughput.json"
SCORER = SHARED.parent / "tools" / "score_statements.py"
MIB = 2**20

Row = dict[str, Any]

# The Chinese models run for each peer. Duckling's `time` is left out: a date is not a
# statement (shared/spec/statements.md), so it would only add spurious outputs.
PEER_MODELS = {
    "Duckling": (
        "number",
        "ordinal",
        "quantity",
        "amount-of-money",
        "distance",
        "volume",
        "temperature",
        "duration",
    ),
    "Recognizers-Text": (
        "number",
        "ordinal",
        "percentage",
        "currency",
        "dimension",
        "temperature",
        "age",
    ),
}

# Duckling's unit names and the Chinese spellings they stand for (its zh rules map 元/块 to
# "$" and 分/角/毫 to "cent"); the first spelling is the default.
DUCKLING_UNITS: dict[str, tuple[str, ...]] = {
    "$": ("元", "块"),
    "CNY": ("元",),
    "cent": ("分", "角", "毛", "毫"),
    "kilometre": ("公里", "千米", "km"),
    "metre": ("米", "m"),
    "centimetre": ("厘米", "cm"),
    "millimetre": ("毫米", "mm"),
    "mile": ("英里",),
    "litre": ("升", "公升", "l"),
    "millilitre": ("毫升", "ml"),
    "gallon": ("加仑",),
    "gram": ("克", "g"),
    "kilogram": ("千克", "公斤", "kg"),
    "pound": ("磅",),
    "celsius": ("℃", "摄氏度"),
    "fahrenheit": ("℉", "华氏度"),
    "degree": ("度", "°"),
    "year": ("年",),
    "quarter": ("季度",),
    "month": ("个月", "月"),
    "week": ("周", "星期"),
    "day": ("天", "日"),
    "hour": ("小时", "钟头"),
    "minute": ("分钟", "分"),
    "second": ("秒",),
}


# Duckling's parse time grows faster than the input's length (on the dev documents: 6.9 s
# whole, 0.25 s a sentence at a time, the same 687 entities), so it gets one sentence per call;
# Recognizers-Text is fastest on whole documents (1.7 s, against 5.8 s by sentence).
SENTENCE_END = re.compile(r"(?<=[。！？；\n])")


@dataclass(frozen=True)
class Found:
    """One numeric entity a peer resolved, in the contract's terms."""

    start: int
    end: int  # exclusive
    value: float
    unit: str  # the contract's base unit; "" for a bare number
    model: str


class Peer(Protocol):
    """A recogniser run over normalised text."""

    name: str
    version: str

    def find(self, text: str) -> list[Found]:
        """Every numeric entity of ``text``."""
        ...


def spelling(spellings: tuple[str, ...], span: str, fallback: str) -> str:
    """The spelling of a unit that ``span`` ends with (or contains), else the first one."""
    if not spellings:
        return fallback
    by_length = sorted(spellings, key=len, reverse=True)
    for s in by_length:
        if span.endswith(s):
            return s
    for s in by_length:
        if s in span:
            return s
    return spellings[0]


class DucklingPeer:
    """Duckling's Chinese (ZH) models, through pyduckling-native-phihos."""

    name = "Duckling"

    def __init__(self, duckling: ModuleType) -> None:
        """Build the context once: locale ZH, a fixed reference time."""
        self.version = importlib.metadata.version("pyduckling-native-phihos")
        zones = duckling.load_time_zones("/usr/share/zoneinfo")
        ref = duckling.parse_ref_time(zones, "Asia/Shanghai", 1_700_000_000)
        locale = duckling.default_locale_lang(duckling.parse_lang("ZH"))
        self._context = duckling.Context(ref, locale)
        self._dims = duckling.parse_dimensions(list(PEER_MODELS[self.name]))
        self._parse: Callable[..., list[dict[str, Any]]] = duckling.parse

    def find(self, text: str) -> list[Found]:
        """Every entity Duckling resolves, given one sentence at a time."""
        out: list[Found] = []
        offset = 0
        for sentence in SENTENCE_END.split(text):
            out.extend(self._find(sentence, offset))
            offset += len(sentence)
        return out

    def _find(self, text: str, offset: int) -> list[Found]:
        """The entities of one sentence; spans by character offsets, moved by ``offset``."""
        out: list[Found] = []
        for entity in self._parse(text, self._context, self._dims, False):
            start, end = entity["start"], entity["end"]
            span = text[start:end]  # its "body" can be garbled (PLATFORM.md)
            resolved = entity["value"]
            bounds = (
                [resolved] if "value" in resolved else [resolved.get("from"), resolved.get("to")]
            )
            for b in bounds:
                if not b or not isinstance(b.get("value"), int | float):
                    continue
                name = str(b.get("unit") or "")
                unit = spelling(DUCKLING_UNITS.get(name, ()), span, name)
                at = (start + offset, end + offset)
                out.append(Found(*at, float(b["value"]), unit, entity["dim"]))
        return out


class RecognizersPeer:
    """Microsoft Recognizers-Text's Chinese number and number-with-unit models."""

    name = "Recognizers-Text"

    def __init__(self) -> None:
        """Build every model once (the ``recognize_*`` helpers rebuild them per call)."""
        from ms_recognizers_number.number.number_recognizer import NumberRecognizer
        from ms_recognizers_number_with_unit.number_with_unit.number_with_unit_recognizer import (
            NumberWithUnitRecognizer,
        )
        from ms_recognizers_number_with_unit.resources.chinese_numeric_with_unit import (
            ChineseNumericWithUnit as Res,
        )
        from ms_recognizers_text.culture import Culture

        self.version = importlib.metadata.version("ms-recognizers-text-suite")
        zh = Culture.Chinese
        number, with_unit = NumberRecognizer(zh), NumberWithUnitRecognizer(zh)
        self._models = {
            "number": number.get_number_model(zh),
            "ordinal": number.get_ordinal_model(zh),
            "percentage": number.get_percentage_model(zh),
            "currency": with_unit.get_currency_model(zh),
            "dimension": with_unit.get_dimension_model(zh),
            "temperature": with_unit.get_temperature_model(zh),
            "age": with_unit.get_age_model(zh),
        }
        assert tuple(self._models) == PEER_MODELS[self.name]
        # Its unit names come with the spellings that produce them, in its own resources.
        tables = {
            "currency": (Res.CurrencySuffixList, Res.CurrencyPrefixList),
            "dimension": (Res.DimensionSuffixList,),
            "temperature": (Res.TemperatureSuffixList, Res.TemperaturePrefixList),
            "age": (Res.AgeSuffixList,),
        }
        self._units: dict[tuple[str, str], tuple[str, ...]] = {}
        for model, dicts in tables.items():
            for d in dicts:
                for unit, forms in d.items():
                    key = (model, unit)
                    self._units[key] = self._units.get(key, ()) + tuple(forms.split("|"))

    def find(self, text: str) -> list[Found]:
        """Every entity any of the models resolves; its ``end`` is inclusive, made exclusive."""
        out: list[Found] = []
        for model_name, model in self._models.items():
            for r in model.parse(text):
                res = r.resolution if isinstance(r.resolution, dict) else {}
                raw = res.get("value")
                if raw is None:
                    continue
                try:
                    value = float(str(raw).rstrip("%"))
                except ValueError:
                    continue
                span = text[r.start : r.end + 1]
                if model_name == "percentage":
                    unit = spelling(("%", "个百分点"), span, "%")
                elif res.get("unit"):
                    name = str(res["unit"])
                    unit = spelling(self._units.get((model_name, name), ()), span, name)
                else:
                    unit = ""
                out.append(Found(r.start, r.end + 1, value, unit, model_name))
        return out


def merge(found: list[Found]) -> list[Found]:
    """One output per quantity: overlapping spans of equal value count once, a unit kept."""
    kept: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start), f.unit == "")):
        for i, k in enumerate(kept):
            if f.start < k.end and k.start < f.end and math.isclose(f.value, k.value):
                if f.unit and not k.unit:
                    kept[i] = f
                break
        else:
            kept.append(f)
    return kept


def load_peers() -> tuple[list[Peer], list[str]]:
    """The installed peers, and a note for each one that is not."""
    peers: list[Peer] = []
    notes: list[str] = []
    if importlib.util.find_spec("duckling") is None:
        notes.append("Duckling skipped: pyduckling-native-phihos is not installed")
    else:
        import duckling

        peers.append(DucklingPeer(duckling))
    if importlib.util.find_spec("ms_recognizers_suite") is None:
        notes.append("Recognizers-Text skipped: ms-recognizers-text-suite is not installed")
    else:
        peers.append(RecognizersPeer())
    return peers, notes


def load_scorer() -> ModuleType:
    """The shared scorer, imported by path (standard library only)."""
    spec = importlib.util.spec_from_file_location("score_statements", SCORER)
    if spec is None or spec.loader is None:
        sys.exit(f"the scorer is not beside the repository ({SCORER} is absent)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def luoshi_throughput(megabytes: float, runs: int) -> dict[str, Any]:
    """Read every file of a ``megabytes`` corpus, time extraction alone; ``runs`` times."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = build(Path(tmp), megabytes)
        total = sum(p.stat().st_size for p in paths)
        # Warm the lazy resources of both layers on one copy of each real document: some load
        # only for the text that needs them (mojibake repair's word list: ~1.3 s, once).
        for p in paths[: len(real_texts())]:
            extract(read_document(p))
        extract_s: list[float] = []
        read_s: list[float] = []
        chars = statements = 0
        for _ in range(runs):
            reading = extracting = 0.0
            chars = statements = 0
            for p in paths:
                t0 = time.perf_counter()
                doc = read_document(p)
                t1 = time.perf_counter()
                result = extract(doc)
                t2 = time.perf_counter()
                reading += t1 - t0
                extracting += t2 - t1
                chars += len(doc.text)
                statements += len(result.statements)
            read_s.append(reading)
            extract_s.append(extracting)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "files": len(paths),
        "mb": round(total / MIB, 2),
        "characters": chars,
        "statements": statements,
        "runs_extract_s": [round(s, 2) for s in extract_s],
        "runs_read_s": [round(s, 2) for s in read_s],
        "extract_mb_per_s": round(total / MIB / statistics.median(extract_s), 3),
        "extract_chars_per_s": round(chars / statistics.median(extract_s)),
        "read_mb_per_s": round(total / MIB / statistics.median(read_s), 3),
        "peak_rss_mb": round(peak),
    }


def timed(run_once: Callable[[], tuple[float, list[Row]]], runs: int) -> tuple[float, list[Row]]:
    """Median seconds of ``runs`` timed passes after a warm-up pass, and the last rows."""
    run_once()
    seconds: list[float] = []
    rows: list[Row] = []
    for _ in range(runs):
        elapsed, rows = run_once()
        seconds.append(elapsed)
    return statistics.median(seconds), rows


def luoshi_pass(paths: list[Path]) -> tuple[float, list[Row]]:
    """Read each dev document (untimed) and extract its statements (timed)."""
    elapsed = 0.0
    rows: list[Row] = []
    for p in paths:
        doc = read_document(p)  # extraction adds layers to the document: read afresh
        start = time.perf_counter()
        result = extract(doc)
        elapsed += time.perf_counter() - start
        rows.extend(s.as_dict() for s in result.statements)
    return elapsed, rows


def peer_pass(peer: Peer, docs: list[Document], raw: list[int]) -> tuple[float, list[Row]]:
    """Run ``peer`` over each document's normalised text; its outputs as contract rows."""
    elapsed = 0.0
    rows: list[Row] = []
    raw.clear()
    for doc in docs:
        start = time.perf_counter()
        found = peer.find(doc.text)
        elapsed += time.perf_counter() - start
        raw.append(len(found))
        for f in merge(found):
            text = doc.text[f.start : f.end]
            row = {"doc": doc.name, "text": text, "value": f.value, "unit": f.unit}
            row |= {"base_value": f.value, "base_unit": f.unit, "model": f.model}
            rows.append(row | {"start": f.start, "end": f.end})
    return elapsed, rows


def gold_spans(text: str, gold: Row) -> list[tuple[int, int]]:
    """Where a gold statement stands in the normalised ``text``: its offsets, else every place
    its quantity occurs inside its sentence (most gold lines carry no offsets)."""
    if "start" in gold:
        return [(gold["start"], gold["end"])]
    quantity, sentence = gold["text"], gold["sentence"]
    spans: list[tuple[int, int]] = []
    at = text.find(sentence)
    while at != -1:
        i = sentence.find(quantity)
        while i != -1:
            spans.append((at + i, at + i + len(quantity)))
            i = sentence.find(quantity, i + 1)
        at = text.find(sentence, at + 1)
    return spans


def found_in_place(scorer: ModuleType, docs: list[Document], rows: list[Row]) -> int:
    """Gold statements matched by an output of equal value whose span overlaps the statement's.

    The scorer (and the brief) match on value alone within a document, so a system that
    emits every number of the text also "finds" a gold 12 in an unrelated 12 (Duckling reads
    打, a dozen, as 12); this stricter count pairs value and place, each output used once.
    """
    found = 0
    for doc in docs:
        outputs = [r for r in rows if r["doc"] == doc.name]
        used: set[int] = set()
        for gold in scorer.load_jsonl(str(SHARED / "gold" / f"{Path(doc.name).stem}.jsonl")):
            places = gold_spans(doc.text, gold)
            for i, r in enumerate(outputs):
                if i in used or not scorer.same_value(gold["base_value"], r["base_value"]):
                    continue
                if any(r["start"] < end and start < r["end"] for start, end in places):
                    used.add(i)
                    found += 1
                    break
    return found


def figures(
    scorer: ModuleType, docs: list[Document], rows: list[Row], seconds: float, chars: int
) -> dict[str, Any]:
    """The side-by-side figures of one system from its rows."""
    result = scorer.score(str(SHARED / "gold"), rows)
    counts = result["counts"]
    in_place = found_in_place(scorer, docs, rows)
    return {
        "chars_per_s": round(chars / seconds),
        "seconds": round(seconds, 4),
        "recall": result["detection"]["recall"],
        "recall_in_place": round(in_place / counts["gold"], 4) if counts["gold"] else 0.0,
        "found_in_place": in_place,
        "precision": result["detection"]["precision"],
        "found": counts["tp"],
        "gold": counts["gold"],
        "unit_accuracy": result["attribute_accuracy"]["base_unit"],
        "outputs": counts["pred"],
        "spurious": counts["pred"] - counts["tp"],
    }


def side_by_side(runs: int, peers: list[Peer]) -> dict[str, Any]:
    """luoshi and each installed peer on the annotated documents."""
    scorer = load_scorer()
    gold = SHARED / "gold"
    paths = [
        p for p in sorted((SHARED / "docs").glob("*.txt")) if (gold / f"{p.stem}.jsonl").exists()
    ]
    docs = [read_document(p) for p in paths]
    chars = sum(len(d.text) for d in docs)
    systems: dict[str, Any] = {}
    seconds, rows = timed(lambda: luoshi_pass(paths), runs)
    systems["luoshi"] = figures(scorer, docs, rows, seconds, chars) | {"models": ["extract"]}
    for peer in peers:
        raw: list[int] = []
        seconds, rows = timed(lambda peer=peer, raw=raw: peer_pass(peer, docs, raw), runs)
        systems[peer.name] = figures(scorer, docs, rows, seconds, chars) | {
            "version": peer.version,
            "models": list(PEER_MODELS[peer.name]),
            "raw_outputs": sum(raw),
        }
    return {"docs": [p.name for p in paths], "characters": chars, "systems": systems}


def report(out: dict[str, Any]) -> None:
    """Print the figures as a compact table."""
    t = out["throughput"]
    print(
        f"luoshi extraction, corpus of {t['files']} files, {t['mb']:.1f} MB, "
        f"{t['characters']:,} characters, {t['statements']:,} statements per run"
    )
    print(
        f"  extract: median {t['extract_mb_per_s']:.3f} MB/s per core, "
        f"{t['extract_chars_per_s']:,} chars/s (runs, s: {t['runs_extract_s']})"
    )
    print(f"  reading (separate, untimed above): median {t['read_mb_per_s']:.2f} MB/s")
    print(f"  peak memory (max RSS): {t['peak_rss_mb']} MB")
    d = out["dev"]
    print(f"\ndev gold: {', '.join(d['docs'])}; {d['characters']:,} characters (normalised)")
    head = ("system", "chars/s", "recall", "found", "in place", "unit acc", "outputs", "spurious")
    print("{:<24}{:>9}{:>8}{:>8}{:>10}{:>10}{:>9}{:>10}".format(*head))
    for name, s in d["systems"].items():
        label = f"{name} {s.get('version', '')}".strip()
        print(
            f"{label:<24}{s['chars_per_s']:>9,}{s['recall']:>8.3f}{s['found']:>4}/{s['gold']:<3}"
            f"{s['recall_in_place']:>10.3f}{s['unit_accuracy']:>10.3f}{s['outputs']:>9}"
            f"{s['spurious']:>10}"
        )
    print(
        "  recall: a gold base_value equalled by an output (the shared scorer); in place: and "
        "the spans overlap;\n  unit acc: over the found; spurious: outputs matching no gold line"
    )
    for name, s in d["systems"].items():
        if "raw_outputs" in s:
            print(f"  {name}: {s['raw_outputs']} raw entities from {', '.join(s['models'])}")
    for note in out["notes"]:
        print(f"note: {note}")


def main() -> None:
    """Run both parts, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size (MiB of input)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the median is kept")
    args = parser.parse_args()
    throughput = luoshi_throughput(args.mb, args.runs)  # before the peers load: its own RSS
    peers, notes = load_peers()
    out = {
        "args": {"mb": args.mb, "runs": args.runs},
        "throughput": throughput,
        "dev": side_by_side(args.runs, peers),
        "peak_rss_mb_with_peers": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "notes": notes,
    }
    report(out)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten: {OUT}")


if __name__ == "__main__":
    main()
