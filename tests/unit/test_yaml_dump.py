"""generator.yaml_dump writes what PyYAML's own dump writes, byte for byte.

Checked on the committed spec, on every OpenAPI file in the tests, and on documents made at
random (hypothesis, fixed seed) from the values a spec holds: strings that PyYAML must quote
because they read back as something else, long and multi-line strings, numbers of every kind,
keys of mixed types, and containers reached twice (which PyYAML writes as an alias).
"""

from __future__ import annotations

import math
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from support.cli import ROOT

from generator import yaml_dump

DUMPERS = [getattr(yaml, "CSafeDumper", yaml.SafeDumper), yaml.SafeDumper]


def _loads(path: Any) -> bool:
    try:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return False  # a test input for the reader's errors
    return True


SPECS = sorted(
    p
    for p in {ROOT / "spec" / "openapi.yaml", *ROOT.joinpath("tests").rglob("*.yaml")}
    if _loads(p)
)

TRICKY = [
    "", " ", "true", "False", "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~", "1", "-1",
    "0x1f", "0o17", "1_000", "1e3", "1.5", ".5", "-.inf", ".NaN", "2026-11-28", "2026-11-28 10:00",
    "<<", "=", "a: b", "a #b", "#x", "- x", "? x", "[x]", "{x}", "*x", "&x", "!x", "|", ">", "'",
    '"', "%x", "@x", "`x", "x\ny", "x\n", "\ty", "é", "📚", "\u2028", "\x85", "\x00", "\ufeff",
    "a" * 120, "word " * 40, "GET /api/partners/{id}", "#/components/schemas/Error",
]  # fmt: skip


def _pyyaml(value: Any, dumper: Any) -> str:
    return str(
        yaml.dump(
            value,
            Dumper=dumper,
            sort_keys=True,
            allow_unicode=True,
            width=100,
            default_flow_style=False,
        )
    )


@pytest.mark.parametrize("dumper", DUMPERS, ids=lambda d: d.__name__)
@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_specs_dump_as_pyyaml_dumps_them(path: Any, dumper: Any) -> None:
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert yaml_dump.dump(document, dumper, width=100) == _pyyaml(document, dumper)


def test_the_committed_spec_is_covered() -> None:
    assert ROOT / "spec" / "openapi.yaml" in SPECS
    assert sum(1 for p in SPECS if "openapi" in p.read_text(encoding="utf-8")) >= 5


_scalars = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=30),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e20, 1e-7, 1.5e300, 100.0]),
    st.booleans(),
    st.none(),
)
_keys = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12), st.integers(-5, 5), st.none())
_documents = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(_keys, inner, max_size=6)),
    max_leaves=40,
)


@seed(20261128)
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents)
def test_random_documents_dump_as_pyyaml_dumps_them(document: Any) -> None:
    for dumper in DUMPERS:
        assert yaml_dump.dump(document, dumper, width=100) == _pyyaml(document, dumper)


def test_what_only_pyyaml_writes_is_left_to_it() -> None:
    shared = {"type": "string"}
    twice = {"a": shared, "b": shared}  # PyYAML writes an anchor and an alias
    assert "&id001" in yaml_dump.dump(twice, DUMPERS[0], width=100)
    assert yaml_dump.dump(twice, DUMPERS[0], width=100) == _pyyaml(twice, DUMPERS[0])
    for other in [{"a": (1, 2)}, {"a": {1, 2}}, {"a": b"\x00"}, {(1, 2): "tuple key"}]:
        assert yaml_dump.dump(other, DUMPERS[0], width=100) == _pyyaml(other, DUMPERS[0])
    with pytest.raises(yaml.representer.RepresenterError):
        yaml_dump.dump({"a": object()}, DUMPERS[0], width=100)  # as yaml.safe_dump refuses it


def test_floats_read_back() -> None:
    for value in [0.1, 1e20, -2.5e-300, 3.0]:
        text = yaml_dump.dump({"x": value}, DUMPERS[0], width=100)
        assert yaml.safe_load(text) == {"x": value}
    assert math.isnan(yaml.safe_load(yaml_dump.dump([math.nan], DUMPERS[0], width=100))[0])
