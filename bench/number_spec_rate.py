"""How much of Microsoft Recognizers-Text's Chinese number specification luoshi's recogniser passes.

usage: python bench/number_spec_rate.py [--failures 15]

Reads the Chinese ``NumberModel`` and ``PercentModel`` specifications (MIT licence) from
``../shared/reference/recognizers-text-specs/Number/Chinese/`` beside the repository,
runs :func:`luoshi.extract.components.number.find_numbers` on every ``Input``, and
prints the pass rate by file with a sample of the failures.

How a case is compared (the same rules as tests/extract/components/test_number_recognizers_spec.py):

- the input is first converted to simplified script with OpenCC ``t2s``, as luoshi's
  reading layer does before extraction (half the specification is traditional script);
- the expected values are the ``Resolution.value`` strings, a trailing ``%`` dropped;
- luoshi's readings: a number's value with its magnitude applied (``3.5万`` → 35000), the
  terms of a range or ratio, and nothing for a vague numeral (``几十``: never a quantity);
- the percent model lists only percentages, so there only luoshi's percentages count
  (``%``/``‰`` and ``百分之``/``千分之`` forms, ``万分之`` fractions, and numbers followed by
  ``个百分点``), in percent: ``千分之五`` → 0.5, ``万分之三`` → 0.03;
- a case passes when the two lists hold the same values (relative tolerance 1e-9).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import opencc

from luoshi.extract.components.number import NumberMatch, find_numbers

SPECS = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "reference"
    / "recognizers-text-specs"
    / "Number"
    / "Chinese"
)
FILES = ("NumberModel.json", "PercentModel.json")


@dataclass(frozen=True)
class CaseResult:
    """One specification case: its input, the expected and the found values."""

    file: str
    text: str
    expected: tuple[float, ...]
    found: tuple[float, ...]

    @property
    def passed(self) -> bool:
        """Whether the found values are the expected ones."""
        if len(self.expected) != len(self.found):
            return False
        return all(
            math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
            for a, b in zip(sorted(self.expected), sorted(self.found), strict=True)
        )


def readings(text: str, match: NumberMatch, *, percent_model: bool) -> list[float]:
    """The values a match in ``text`` stands for, in the specification's terms."""
    if match.vague:
        return []
    terms = match.value if isinstance(match.value, tuple) else (match.value,)
    if percent_model:
        after = text[match.end :].lstrip().removeprefix(match.magnitude_text).lstrip()
        if match.scale == "‰":
            return [v / 10 for v in terms]
        if match.form == "fraction":
            return [v * 100 for v in terms]
        if not (match.scale or after.startswith(("个百分点", "百分点"))):
            return []  # a number, not a percentage
    return [v * match.magnitude for v in terms]


def run(folder: Path = SPECS) -> list[CaseResult]:
    """Every case of the two specification files, compared."""
    t2s = opencc.OpenCC("t2s")
    results: list[CaseResult] = []
    for name in FILES:
        cases = json.loads((folder / name).read_text(encoding="utf-8-sig"))
        percent_model = name.startswith("Percent")
        for case in cases:
            if case.get("IgnoreResolution"):
                continue
            expected = tuple(float(r["Resolution"]["value"].rstrip("%")) for r in case["Results"])
            text = t2s.convert(case["Input"])
            found = tuple(
                v
                for m in find_numbers(text)
                for v in readings(text, m, percent_model=percent_model)
            )
            results.append(CaseResult(name, case["Input"], expected, found))
    return results


def rates(results: list[CaseResult]) -> dict[str, tuple[int, int]]:
    """(passed, total) by file, and over all files under ``"all"``."""
    out: dict[str, tuple[int, int]] = {}
    for r in results:
        for key in (r.file, "all"):
            passed, total = out.get(key, (0, 0))
            out[key] = (passed + r.passed, total + 1)
    return out


def main() -> None:
    """Print the pass rates and a sample of failures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", type=int, default=15, help="failures to show per file")
    args = parser.parse_args()
    if not SPECS.is_dir():
        sys.exit(f"the Recognizers-Text specification is not beside the repository ({SPECS})")
    results = run()
    for key, (passed, total) in rates(results).items():
        print(f"{key:20} {passed:4}/{total:<4} {passed / total:6.1%}")
    for name in FILES:
        failed = [r for r in results if r.file == name and not r.passed]
        print(f"\n{name}: {len(failed)} failures, first {min(args.failures, len(failed))}:")
        for r in failed[: args.failures]:
            print(f"  {r.text[:40]!r:44} expected {list(r.expected)} found {list(r.found)}")


if __name__ == "__main__":
    main()
