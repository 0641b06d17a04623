"""Injection: no doc text reaches the generated client as code.

The whole corpus is generated once (conftest.corpus_run). Every generated module must compile,
hold only printable characters, bind only safe ASCII identifiers and pass the pinned ruff; the
package is imported and every method called in a fresh interpreter, and no payload may have run.
The markers beside the payloads must survive as data: string constants in the client (`DATA_*`)
or strings in the OpenAPI document (`SPEC_*`).
"""

from __future__ import annotations

import ast
import io
import json
import keyword
import math
import os
import re
import subprocess
import sys
import tokenize
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from support.cli import SEED, Run, run_cli

from generator.client.source import docstring, py_literal, toml_string
from tests.hostile.profile import PROPERTY

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
PAGES = sorted((HERE / "corpus").glob("*.md"))
EXERCISE = HERE / "exercise.py"
# What each corpus page attacks (raw control characters are in the files themselves).
ATTACKS = {
    "bidi.md": "bidi overrides and isolates, zero-width characters (Trojan Source)",
    "body-fields.md": "body and query names: keywords, self, runtime helpers, collisions",
    "categories.md": "Categories that are code, keywords, client attributes, runtime names",
    "crlf.md": "CRLF line endings; CR and LF inside JSON strings",
    "defaults.md": "defaults that close their literal and run code; a 20-digit number",
    "enum-values.md": "enum values with quotes, backslashes and Python code",
    "jinja.md": "Jinja expressions, statements and comments in every text position",
    "json-keys.md": "example keys that become fields and classes (Field, Any, __class__...)",
    "line-separators.md": "U+2028, U+2029, NEL, VT, FF and FS..US, which split lines",
    "long-names.md": "5,600-character names and paths, 100 KB descriptions",
    "method-names.md": "operations named like with_raw_response or another's X_in_batches/X_all",
    "model-text.md": "descriptions, enums and defaults datamodel-code-generator writes",
    "nul.md": "NUL, raw and escaped in JSON",
    "parameter-names.md": "parameter names that are code, keywords or locals of the methods",
    "path-categories.md": "Categories that look like paths: ../, /etc, CON, fullwidth dots",
    "python-in-text.md": "titles, taglines and descriptions that are Python statements",
    "scopes.md": "scopes that are code",
    "status-descriptions.md": "status headings, descriptions and callouts with payloads",
    "trailing-backslash.md": "a trailing backslash in every text position",
    "triple-quotes.md": "triple quotes in every text position",
    "url-paths.md": "URL paths and path parameters that are code",
}
PACKAGE = "hoko_client"
TEMPLATES = HERE.parent.parent / "templates"
# The dunders the templates and the runtime write themselves; doc text must not add any.
DUNDERS = {
    name
    for path in TEMPLATES.rglob("*")
    if path.suffix in (".jinja", ".py")
    for name in re.findall(r"\b__\w+__\b", path.read_text(encoding="utf-8"))
}
MARKER = re.compile(r"\b(DATA|SPEC)_[A-Z0-9_]+\b")
# Payloads and the text around them that must reach the client as (part of) a string constant.
SURVIVORS = [
    '"""',
    "'''",
    "C:\\",
    "{{ 7*7 }}",
    "{# comment #}",
    "\u202e",
    "__import__('os').system('touch hoko-pwned-enum')",
    "x'); __import__('os').system('touch hoko-pwned-default-a'); ('DATA_DEFAULT_A",
    "x); __import__('os').system('touch hoko-pwned-param'); (y",
    '/{self}/{def}/{x"y}/\'"\\DATA_URL_PATH',
]


@pytest.fixture(scope="module")
def generated(corpus_run: tuple[Path, Run]) -> Path:
    """The package folder generated from the whole corpus (the run must have succeeded)."""
    project, run = corpus_run
    assert run.code == 0, run.err
    return project / "generated"


@pytest.fixture(scope="module")
def sources(generated: Path) -> dict[str, str]:
    """Every generated Python module: relative path -> source."""
    return {
        p.relative_to(generated).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(generated.rglob("*.py"))
    }


@pytest.fixture(scope="module")
def trees(sources: dict[str, str]) -> dict[str, ast.Module]:
    """Every generated module, parsed."""
    return {path: ast.parse(text, path) for path, text in sources.items()}


def _strings(trees: dict[str, ast.Module]) -> set[str]:
    return {
        node.value
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def _bound_names(tree: ast.Module) -> Iterator[str]:
    """Every name the module binds or passes by keyword: defs, classes, arguments, imports, targets."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node.name
        elif isinstance(node, ast.arg):
            yield node.arg
        elif isinstance(node, ast.alias):
            yield node.asname or node.name.split(".")[0]
        elif isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Attribute):
            yield node.attr
        elif isinstance(node, ast.keyword) and node.arg:
            yield node.arg


def test_corpus_generates_cleanly(corpus_run: tuple[Path, Run]) -> None:
    """The whole hostile corpus generates (exit 0) without a traceback."""
    _, run = corpus_run
    assert run.code == 0, run.err
    assert "Traceback" not in run.err


def test_generating_runs_no_payload(corpus_run: tuple[Path, Run]) -> None:
    """Generating the corpus creates no payload file, prints no marker and sets no variable."""
    project, run = corpus_run
    assert not list(project.rglob("hoko-pwned*"))
    assert "HOKO-PWNED" not in run.out + run.err
    assert "HOKO_PWNED" not in os.environ


def test_every_module_compiles(sources: dict[str, str]) -> None:
    """Every generated module compiles (ast.parse and the compiler's own checks, e.g. duplicate arguments)."""
    assert len(sources) > 20
    for path, text in sources.items():
        compile(text, path, "exec", dont_inherit=True)


def test_sources_are_printable(sources: dict[str, str]) -> None:
    """No generated module holds a control, bidi, invisible or line-separator character (Trojan Source)."""
    for path, text in sources.items():
        bad = {
            c
            for c in text
            if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        }
        assert not bad, f"{path}: {sorted(f'U+{ord(c):04X}' for c in bad)}"


def test_identifiers_are_ascii(sources: dict[str, str]) -> None:
    """Every name in the client is spelled in ASCII (NFKC would make a fullwidth one another)."""
    for path, text in sources.items():
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NAME:
                assert token.string.isascii(), f"{path}:{token.start[0]}: {token.string!r}"


def test_identifiers_are_safe(trees: dict[str, ast.Module]) -> None:
    """Every name the client binds is an identifier, no keyword, and no dunder it did not mean."""
    for path, tree in trees.items():
        for name in _bound_names(tree):
            assert name.isidentifier() and not keyword.iskeyword(name), f"{path}: {name!r}"
            if name.startswith("__") and name.endswith("__"):
                assert name in DUNDERS, f"{path}: {name!r}"


def test_no_class_binds_a_name_twice(trees: dict[str, ast.Module]) -> None:
    """No class declares a field or defines a method twice (the later would silently win);
    `@overload` signatures, which a definition follows on purpose, aside."""
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names = [
                    s.name
                    if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
                    else s.target.id
                    for s in node.body
                    if (
                        isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
                        and not any(ast.unparse(d) == "overload" for d in s.decorator_list)
                    )
                    or (isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name))
                ]
                repeated = {n for n in names if names.count(n) > 1}
                assert not repeated, f"{path}: {node.name} binds {sorted(repeated)} twice"


def _exercise(
    out: Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run exercise.py on the package in `out`: import every module, call every method, with
    warnings as errors."""
    return subprocess.run(
        [sys.executable, "-W", "error", str(EXERCISE), str(out), PACKAGE],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_package_passes_ruff(generated: Path) -> None:
    """The generated package is clean under the pinned ruff's default rules."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--target-version", "py310", "."],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_and_call_run_no_payload(generated: Path, tmp_path: Path) -> None:
    """Importing every module and calling every method (warnings as errors) runs no payload."""
    env = {k: v for k, v in os.environ.items() if k != "HOKO_PWNED"}
    # The guard (guard/sitecustomize.py) refuses and notes any network access in the child.
    log = tmp_path / "guard.log"
    env.update(PYTHONPATH=str(HERE / "guard"), HOKO_GUARD_LOG=str(log))
    result = _exercise(generated, tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert "HOKO-PWNED" not in result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["env"] is None
    # Every method of every resource, sync and async, parsed and raw, was called, and each either
    # returned or raised one of the package's own errors (exercise.py fails on anything else).
    called = report["called"]
    classes = {
        name
        for module in (generated / PACKAGE / "resources").glob("[!_]*.py")
        for name in ast.literal_eval(
            next(
                n.value
                for n in ast.parse(module.read_text(encoding="utf-8")).body
                if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "__all__"
            )
        )
    }
    assert classes and {name.split(":")[-1].split(".")[0] for name in called} == classes
    assert set(called.values()) <= {"returned", "ValidationError"}, called
    assert "returned" in called.values() and "ValidationError" in called.values()
    assert not list(tmp_path.rglob("hoko-pwned*")) and not list(generated.rglob("hoko-pwned*"))
    assert "network" not in (log.read_text(encoding="utf-8") if log.exists() else "")


def test_markers_survive_as_data(
    corpus_run: tuple[Path, Run], trees: dict[str, ast.Module]
) -> None:
    """Each DATA_ marker is inside a string constant of the client, each SPEC_ marker in the document."""
    project, _ = corpus_run
    strings = _strings(trees)
    spec_text = json.dumps(
        yaml.safe_load((project / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
    )
    for page in PAGES:
        for match in MARKER.finditer(page.read_text(encoding="utf-8")):
            marker = match.group(0)
            if match.group(1) == "DATA":
                assert any(marker in s for s in strings), f"{page.name}: {marker} not in the client"
            else:
                assert marker in spec_text, f"{page.name}: {marker} not in the OpenAPI document"


@pytest.mark.parametrize("needle", SURVIVORS)
def test_payloads_survive_as_data(needle: str, trees: dict[str, ast.Module]) -> None:
    """A payload reaches the client as text inside a string constant, not as code."""
    assert any(needle in s for s in _strings(trees)), needle


HOSTILE_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": 'Evil """ title\n\x7f\u2028\u202e {{ 7*7 }}', "version": "1.0"},
    "servers": [{"url": "https://x.example/\"); __import__('os').system('touch hoko-pwned-url')"}],
    "paths": {
        "/api/things/{id}": {
            "get": {
                "tags": ["../../evil"],
                "summary": 'S """ \\',
                "description": "D \u202e DATA_SPEC_DESC",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "number", "default": 1e999},
                    },
                    {"name": "x", "in": "query", "schema": {"enum": ["a'b", 'c"d', None]}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/a~1b"}}
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "a/b": {
                "type": "object",
                "description": "Model \u202e\u2028 DATA_SPEC_MODEL",
                "properties": {
                    "popen": {"type": "string", "x-python-type": "subprocess.Popen"},
                    "system": {
                        "type": "string",
                        "x-python-import": {"from": "os", "import": "system"},
                    },
                    "x-request-id": {"type": "string"},
                },
            }
        }
    },
}


def test_hostile_openapi_document(tmp_path: Path) -> None:
    """A hostile --from-spec document (x-python-type, .inf, DEL, bidi) gives a sound package."""
    spec = tmp_path / "evil.yaml"
    # JSON has no infinity: the document is JSON text with YAML's `.inf`, so YAML (in flow style).
    spec.write_text(json.dumps(HOSTILE_SPEC).replace("Infinity", ".inf"), encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli("generate", "--from-spec", str(spec), "--out", str(out), cwd=tmp_path)
    assert run.code == 0, run.err
    sources = {p: p.read_text(encoding="utf-8") for p in out.rglob("*.py")}
    for path, text in sources.items():
        compile(text, str(path), "exec", dont_inherit=True)
        assert "Popen" not in text and "import system" not in text, path
        assert all(c == "\n" or c.isprintable() for c in text), path
    tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    strings = {
        node.value
        for text in sources.values()
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert any("DATA_SPEC_DESC" in s for s in strings)
    assert "x-request-id" in strings
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--target-version", "py310", "."],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout
    exercise = _exercise(out, tmp_path)
    assert exercise.returncode == 0, exercise.stderr
    assert not list(tmp_path.rglob("hoko-pwned*"))


def test_docs_folder_name_cannot_break_the_header(tmp_path: Path) -> None:
    """A docs folder whose name holds a line break and code stays inside the header comment."""
    docs = tmp_path / "docs\n__import__('os').system('touch hoko-pwned-header') #"
    docs.mkdir()
    (docs / "partners-delete.md").write_bytes(SEED.read_bytes())
    run = run_cli("generate", "--docs", str(docs), "--out", "out", "--spec", "o.yaml", cwd=tmp_path)
    assert run.code == 0, run.err
    for path in (tmp_path / "out").rglob("*.py"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# Generated by hoko-codegen from ") and "\\n" in first, path
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not any(
            isinstance(n, ast.Call) and ast.unparse(n).startswith("__import__")
            for n in ast.walk(tree)
        )
    exercise = _exercise(tmp_path / "out", tmp_path)
    assert exercise.returncode == 0, exercise.stderr
    assert not list(tmp_path.rglob("hoko-pwned*"))


def test_every_corpus_page_is_described() -> None:
    """Each corpus page says what it attacks (ATTACKS), and each attack listed has its page."""
    assert sorted(ATTACKS) == [p.name for p in PAGES]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b and type(a) is type(b)


@PROPERTY
@given(JSON_VALUES)
def test_py_filter_gives_the_value_back(value: object) -> None:
    """The `py` filter writes any JSON value (and inf, nan) as printable Python that evaluates to it."""
    source = py_literal(value)
    assert all(c.isprintable() for c in source), source
    assert _same(value, eval(source, {"__builtins__": {"float": float}}))


@PROPERTY
@given(st.text(), st.sampled_from(["", "    ", "        "]))
def test_docstring_filter_gives_the_text_back(text: str, indent: str) -> None:
    """The `docstring` filter writes any text as one printable literal, at any indent, whose
    value is the text (line ends normalised, the indent it adds and outer blanks aside)."""
    literal = docstring(text, indent)
    assert all(c == "\n" or c.isprintable() for c in literal), literal
    tree = ast.parse(f"def f():\n    {literal}\n" if indent else literal)
    assert len(tree.body) == 1
    value = ast.literal_eval(literal)
    assert value.replace("\n" + indent, "\n").strip() == text.replace("\r\n", "\n").strip()


@PROPERTY
@given(st.text())
def test_toml_filter_gives_the_text_back(text: str) -> None:
    """The `toml` filter writes any text as a TOML string holding it (lone surrogates as U+FFFD)."""
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    assert tomllib.loads("k = " + toml_string(text))["k"] == expected
