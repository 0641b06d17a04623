"""Robustness: whatever a page holds, the generator ends in success or in clean diagnostics.

Hypothesis feeds the parser random and mutated pages (cut tables, ragged rows, unclosed fences,
broken JSON, unknown methods, invalid UTF-8, BOMs, CRLF, long cells, byte deletions, insertions and
line shuffles) and a few of them to the whole CLI; the settings are derandomized, so every run
tries the same inputs. Big inputs run in a subprocess whose generous timeout is the only clock.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.cli import SEED, Run, run_cli, snapshot

from generator.diagnostics import Sink
from generator.parse import parse_docs
from tests.hostile.profile import PROPERTY

CORPUS = Path(__file__).resolve().parent / "corpus"
BASES = [SEED.read_bytes()] + [p.read_bytes() for p in sorted(CORPUS.glob("*.md"))]
PATH = "spec/docs/page.md"
DIAGNOSTIC = re.compile(r"^spec/docs/page\.md(?::(?P<line>\d+))?: (?:error|warning): \S")
TOKENS = [
    b"|",
    b"||",
    b"\\|",
    b"```",
    b"```json\n",
    b"~~~",
    b"\n",
    b"\r\n",
    b"\r",
    b"# ",
    b"## ",
    b"### ",
    b"### 200\n",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b"\\",
    b"`",
    b"> ",
    b"- ",
    b"**Category:** ",
    b"GET /api/x\n",
    b"(FOO) ",
    b"\t",
    b"\xe2\x80\xae",
    b"\xe2\x80\xa8",
    b"<",
    b">",
    b"array<",
    b"default: ",
    b"max: ",
    b"1" * 40,
    b"scope",
    b"**Request**\n",
    b"**Response**\n",
    b"|---|---|\n",
]

Draw = Callable[..., object]


def _position(draw: Draw, data: bytes) -> int:
    return int(draw(st.integers(0, len(data))))  # type: ignore[call-overload]


def _cut(draw: Draw, data: bytes) -> bytes:
    return data[: _position(draw, data)]


def _delete(draw: Draw, data: bytes) -> bytes:
    start = _position(draw, data)
    return data[:start] + data[start + int(draw(st.integers(1, 300))) :]  # type: ignore[call-overload]


def _insert(draw: Draw, data: bytes) -> bytes:
    at = _position(draw, data)
    piece = draw(st.one_of(st.sampled_from(TOKENS), st.binary(min_size=1, max_size=16)))
    return data[:at] + bytes(piece) + data[at:]  # type: ignore[arg-type]


def _shuffle_lines(draw: Draw, data: bytes) -> bytes:
    lines = data.split(b"\n")
    start = int(draw(st.integers(0, max(0, len(lines) - 1))))  # type: ignore[call-overload]
    window = lines[start : start + 12]
    order = draw(st.permutations(range(len(window))))
    lines[start : start + 12] = [window[i] for i in order]  # type: ignore[attr-defined]
    return b"\n".join(lines)


def _duplicate_line(draw: Draw, data: bytes) -> bytes:
    lines = data.split(b"\n")
    at = int(draw(st.integers(0, len(lines) - 1)))  # type: ignore[call-overload]
    return b"\n".join(lines[: at + 1] + lines[at:])


def _ragged_row(draw: Draw, data: bytes) -> bytes:
    lines = data.split(b"\n")
    rows = [i for i, line in enumerate(lines) if line.count(b"|") >= 2]
    if not rows:
        return data
    at = draw(st.sampled_from(rows))
    line = lines[at]  # type: ignore[index]
    cut = line.rfind(b"|", 0, len(line) - 1)
    lines[at] = line[:cut] if draw(st.booleans()) else line + b" extra |"  # type: ignore[index]
    return b"\n".join(lines)


def _long_cell(draw: Draw, data: bytes) -> bytes:
    at = data.find(b"| ")
    size = int(draw(st.sampled_from([1_000, 20_000, 100_000])))  # type: ignore[call-overload]
    filler = bytes(draw(st.sampled_from([b"x", b" ", b"a, ", b"default ", b"`", b"("])))  # type: ignore[arg-type]
    return data[: at + 2] + filler * (size // len(filler)) + data[at + 2 :] if at >= 0 else data


def _rewrite(draw: Draw, data: bytes) -> bytes:
    old, new = draw(
        st.sampled_from(
            [
                (b"DELETE", b"FOO"),
                (b"DELETE", b""),
                (b"(DELETE)", b"(GET)"),
                (b"\n", b"\r\n"),
                (b"```\n\n###", b"\n\n###"),
                (b'"deletedIds"', b'"deletedIds",,'),
                (b"]\n}", b"]"),
                (b"## Endpoint", b"## Endpont"),
                (b"/api/partners", b"/api/{id"),
                (b"array<string>", b"array<array<"),
                (b"| Yes |", b"| maybe |"),
                (b"### 200", b"### 999"),
            ]
        )
    )
    return data.replace(old, new)  # type: ignore[arg-type]


def _bom_or_encoding(draw: Draw, data: bytes) -> bytes:
    how = draw(st.sampled_from(["bom", "latin-1", "utf-16", "truncated-utf8"]))
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "latin-1":
        return data.decode("utf-8", "replace").encode("latin-1", "replace")
    if how == "utf-16":
        return data.decode("utf-8", "replace").encode("utf-16")
    return data + "é".encode()[:1]


MUTATIONS = [
    _cut, _delete, _insert, _insert, _shuffle_lines, _duplicate_line, _ragged_row, _long_cell,
    _rewrite, _rewrite, _bom_or_encoding,
]  # fmt: skip


@st.composite
def mutated_pages(draw: Draw, most: int = 6) -> bytes:
    """A page from the seed or the corpus with up to `most` random mutations applied in turn."""
    data = bytes(draw(st.sampled_from(BASES)))  # type: ignore[arg-type]
    for _ in range(int(draw(st.integers(0, most)))):  # type: ignore[call-overload]
        data = draw(st.sampled_from(MUTATIONS))(draw, data)  # type: ignore[operator]
    return data


def _assert_clean_parse(data: bytes) -> None:
    sink = Sink()
    parse_docs([(PATH, data)], sink)
    # Lines as the parser (and an editor) counts them: CRLF, LF or a lone CR ends one.
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    for diagnostic in sink.items:
        text = str(diagnostic)
        match = DIAGNOSTIC.match(text)
        assert match, text
        assert "\n" not in text and "internal error" not in text, text
        line = int(match.group("line") or 1)
        assert 1 <= line <= lines + 1, text


@PROPERTY
@given(mutated_pages())
def test_mutated_pages_parse_cleanly(data: bytes) -> None:
    """A mutated page gives endpoints or file:line diagnostics, never an exception."""
    _assert_clean_parse(data)


@PROPERTY
@given(st.binary(max_size=3000))
def test_random_bytes_parse_cleanly(data: bytes) -> None:
    """Random bytes give file:line diagnostics, never an exception."""
    _assert_clean_parse(data)


@PROPERTY
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=2000))
def test_random_text_parses_cleanly(text: str) -> None:
    """Random Unicode text (any code point UTF-8 can hold) gives diagnostics, never an exception."""
    _assert_clean_parse(text.encode("utf-8"))


@settings(PROPERTY, max_examples=10)
@given(mutated_pages(most=3))
def test_mutated_pages_through_the_cli(data: bytes) -> None:
    """The whole CLI on a mutated page exits 0 or 1 with clean lines: no traceback, no internal error."""
    with tempfile.TemporaryDirectory(prefix="hoko-hostile-") as tmp:
        project = Path(tmp)
        (project / "spec" / "docs").mkdir(parents=True)
        (project / "spec" / "docs" / "page.md").write_bytes(data)
        run = run_cli("generate", cwd=project)
    assert run.code in (0, 1), run.err
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    if run.code == 1:
        assert re.search(r"^spec/docs/page\.md(:\d+)?: error: ", run.err, re.M), run.err


BIG = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from generator.diagnostics import Sink
    from generator.parse import parse_docs

    seed = Path(sys.argv[1]).read_text(encoding="utf-8")
    row = "| field{0} | string | No | body | Field {0}: up to 50 characters, default: 'x'. |\\n"
    table_at = seed.index("| body |")
    table_at = seed.index("\\n", table_at) + 1
    rows = "".join(row.format(i) for i in range(10_000))
    prose = ("Partners are deleted softly; see the notes. " * 2_000 + "\\n\\n") * 90
    code = "```json\\n[" + ", ".join(f'"{i:08d}"' for i in range(150_000)) + "]\\n```\\n\\n"
    big = seed[:table_at] + rows + "\\n" + prose + code + seed[table_at:]
    pages = [(f"p{i}.md", seed.replace("/api/partners", f"/api/partners/n{i}").encode()) for i in range(1000)]
    sink = Sink()
    print(len(big.encode()) // 1_000_000, len(parse_docs([("big.md", big.encode())], sink)), flush=True)
    sink = Sink()
    print(len(parse_docs(pages, sink)), len(sink.errors), flush=True)
    """
)


def test_ten_megabyte_page_and_thousand_pages_parse() -> None:
    """A 10 MB page, then 1,000 pages, parse well within a generous timeout (no quadratic step)."""
    result = subprocess.run(
        [sys.executable, "-c", BIG, str(SEED)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    big, thousand = result.stdout.split("\n")[:2]
    assert int(big.split()[0]) >= 10 and big.split()[1] == "1"
    assert thousand == "1000 0"


ROW = (
    "| body | array<string> | Yes | body | Array of partner IDs (UUIDs) to delete. All IDs must be "
    "valid and belong to your workspace. |"
)
BROKEN = {
    "cut-table.md": lambda seed: seed[: seed.index("| body |") + 20],
    "ragged-row.md": lambda seed: seed.replace(
        "| body | array<string> | Yes | body |", "| body | Yes |"
    ),
    "unclosed-fence.md": lambda seed: seed[: seed.rindex("```")],
    "invalid-json.md": lambda seed: seed.replace('"deletedIds": [', '"deletedIds": [,,', 1),
    "unknown-method.md": lambda seed: seed.replace("DELETE", "FROB"),
    "empty.md": lambda seed: "",
    "deep-json.md": lambda seed: seed.replace('"deletedIds": [', '"deletedIds": ' + "[" * 40, 1),
    "nan-json.md": lambda seed: seed.replace('"retryAfter": 60', '"retryAfter": NaN'),
    "surrogate-json.md": lambda seed: seed.replace('"Invalid API key"', '"\\udc00"'),
    "huge-number-json.md": lambda seed: seed.replace(
        '"retryAfter": 60', '"retryAfter": ' + "9" * 5000
    ),
    "duplicate-row.md": lambda seed: seed.replace(ROW, ROW + "\n" + ROW),
    "default-not-in-enum.md": lambda seed: seed.replace(
        ROW, ROW + '\n| mode | string | No | query | One of "a" or "b". Defaults to "c". |'
    ),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project generated once from the seed page (copied into each test's `project`)."""
    root = tmp_path_factory.mktemp("generated")
    (root / "spec" / "docs").mkdir(parents=True)
    (root / "spec" / "docs" / SEED.name).write_bytes(SEED.read_bytes())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOKO_CODEGEN_CACHE_DIR", "")
        assert run_cli("generate", cwd=root).code == 0
    return root


@pytest.fixture
def earlier(project: Path, generated: Path) -> Path:
    """The `project` fixture holding the outputs an earlier run wrote."""
    shutil.copytree(generated, project, dirs_exist_ok=True)
    return project


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_doc_keeps_earlier_output(earlier: Path, name: str) -> None:
    """A broken page: exit 1, `path:line: error:` lines, no traceback, earlier outputs untouched."""
    project = earlier
    before = snapshot(project / "generated"), (project / "spec" / "openapi.yaml").read_bytes()
    seed = SEED.read_text(encoding="utf-8")
    (project / "spec" / "docs" / name).write_text(BROKEN[name](seed), encoding="utf-8")
    run = run_cli("generate", cwd=project)
    assert run.code == 1, run.out + run.err
    assert re.search(rf"^spec/docs/{re.escape(name)}(:\d+)?: error: ", run.err, re.M), run.err
    assert "Traceback" not in run.err
    assert (
        snapshot(project / "generated"),
        (project / "spec" / "openapi.yaml").read_bytes(),
    ) == before


def test_invalid_utf8_keeps_earlier_output(earlier: Path) -> None:
    """A page that is not UTF-8: exit 1 with its file:line, earlier outputs untouched."""
    project = earlier
    before = snapshot(project)
    (project / "spec" / "docs" / "latin1.md").write_bytes("# (GET) Café\n".encode("latin-1"))
    run = run_cli("generate", cwd=project)
    assert run.code == 1
    assert "spec/docs/latin1.md:1: error: file is not valid UTF-8" in run.err
    assert "Traceback" not in run.err
    after = snapshot(project)
    after.pop("spec/docs/latin1.md")
    assert after == before


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            RuntimeError("boom\n  on two lines"),
            "hoko-codegen: internal error: RuntimeError: boom on two lines; please report it\n",
        ),
        (
            PermissionError(13, "Permission denied"),
            "hoko-codegen: error: [Errno 13] Permission denied\n",
        ),
    ],
)
def test_unexpected_exception_is_one_error_line(
    project: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, expected: str
) -> None:
    """An exception from any stage (here the client renderer) is one line on stderr and exit 1."""
    before = snapshot(project)

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("generator.client.render.render_client", fail)
    run = run_cli("generate", cwd=project)
    assert run.code == 1
    assert run.err == expected
    assert snapshot(project) == before


SLOW_TEXT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from generator.diagnostics import Sink
    from generator.parse import parse_docs

    seed = Path(sys.argv[1]).read_text(encoding="utf-8")
    cell = "Array of partner IDs (UUIDs) to delete."
    pages = {
        "spaces.md": seed.replace(cell, "default" + " " * 200_000 + "x"),
        "max.md": seed.replace(cell, "maximum" + " " * 200_000 + "of x"),
        "keys.md": seed.replace(cell, "Supports" + " " * 200_000 + ": a"),
        "word.md": seed.replace("the linksWrite scope", "the " + "a" * 200_000 + " linksWrite scope"),
        "chain.md": seed.replace("the linksWrite scope", "the " + "a and " * 40_000),
        "gaps.md": seed.replace("the linksWrite scope", "a" + " " * 200_000 + "b"),
    }
    for name, text in pages.items():
        print(name, len(parse_docs([(name, text.encode())], Sink())), flush=True)
    """
)


def test_pathological_prose_parses_without_backtracking() -> None:
    """Space runs after limit words and long words or name chains in scope text (inputs that
    made a backtracking regex run for hours) each parse into the page's one endpoint, within the
    minute the subprocess is given."""
    result = subprocess.run(
        [sys.executable, "-c", SLOW_TEXT, str(SEED)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    names = ["spaces.md", "max.md", "keys.md", "word.md", "chain.md", "gaps.md"]
    assert result.stdout.splitlines() == [f"{name} 1" for name in names]


def test_diagnostics_quote_doc_text_printably(project: Path) -> None:
    """A heading holding terminal escapes and a bidi override is quoted escaped, on one line."""
    page = project / "spec" / "docs" / "partners-delete.md"
    text = page.read_text(encoding="utf-8").replace(
        "## Examples", "## Ex\x1b[2J\u202eamples\u2028x"
    )
    page.write_text(text, encoding="utf-8")
    run = run_cli("generate", "--strict", cwd=project)
    assert run.code == 1
    assert "\x1b" not in run.err and "\u202e" not in run.err and "\u2028" not in run.err
    assert "Ex\\x1b[2J\\u202eamples\\u2028x" in run.err


def test_from_spec_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    """A 'billion laughs' of YAML aliases given to --from-spec is refused at its line, at once."""
    lines = ["openapi: 3.1.0", "info: {title: t, version: '1'}", "paths: {}", "x-bomb:"]
    lines.append("  a0: &a0 [" + ", ".join(["lol"] * 10) + "]")
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    spec = tmp_path / "bomb.yaml"
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_cli(
        "generate", "--from-spec", str(spec), "--out", str(tmp_path / "out"), cwd=tmp_path
    )
    assert run.code == 1
    assert "bomb.yaml:6: error: YAML aliases" in run.err


def test_from_spec_dangling_ref_is_an_error(tmp_path: Path) -> None:
    """A --from-spec $ref naming no component is a one-line error, not an internal one."""
    spec = tmp_path / "dangling.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /api/r:\n    post:\n"
        "      requestBody:\n        content:\n          application/json:\n"
        "            schema: {$ref: '#/components/schemas/Missing'}\n"
        "      responses: {'200': {description: ok}}\n",
        encoding="utf-8",
    )
    run = run_cli(
        "generate", "--from-spec", str(spec), "--out", str(tmp_path / "out"), cwd=tmp_path
    )
    assert run.code == 1
    assert "$ref '#/components/schemas/Missing' names nothing in the document" in run.err
    assert "internal error" not in run.err


def _from_spec(folder: Path, name: str, text: str, *flags: str) -> tuple[Run, Path]:
    """`generate --from-spec` on a document `name` holding `text`: the run and its output folder."""
    spec = folder / name
    spec.write_text(text, encoding="utf-8")
    out = folder / f"out-{len(flags)}"
    return run_cli("generate", *flags, "--from-spec", str(spec), "--out", str(out), cwd=folder), out


def test_from_spec_malformed_operation_is_reported_where_it_is_wrong(tmp_path: Path) -> None:
    """A --from-spec operation whose `responses` is not a mapping makes rendering fail: the run
    says so first, naming the operation, then the OpenAPI check's finding, not an internal
    error, and writes nothing."""
    text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {/api/r: {get: {responses: none}}}\n"
    run, out = _from_spec(tmp_path, "malformed.yaml", text)
    assert run.code == 1
    first, second = run.err.splitlines()
    assert first == (
        "malformed.yaml: error: cannot render a client from it: "
        "GET /api/r: 'responses' is not a mapping"
    )
    assert second.startswith("malformed.yaml: error: the OpenAPI document is invalid at ")
    assert "none" in second and "is not of type" in second and "object" in second
    assert "Failed validating" not in run.err  # one line: not the validator's whole explanation
    assert "internal error" not in run.err and "Traceback" not in run.err
    assert not out.exists()


def test_from_spec_without_operations_gives_an_importable_package(tmp_path: Path) -> None:
    """A document with no operations (and no models) still makes a package that imports."""
    text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
    run, out = _from_spec(tmp_path, "empty.yaml", text)
    assert run.code == 0, run.err
    assert "0 endpoints, 0 models" in run.out + run.err
    imported = subprocess.run(
        # The client is named after the document's title, `t`.
        [sys.executable, "-c", "import hoko_client; hoko_client.TClient"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr


def test_from_spec_problems_are_warnings_when_the_client_comes_out_whole(tmp_path: Path) -> None:
    """An invalid --from-spec document that still renders (a component name OpenAPI does not
    allow) is generated, with the check's finding as a warning; --strict refuses it."""
    text = (
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components: {schemas: {'a b': {type: object}}}\n"
    )
    run, _out = _from_spec(tmp_path, "loose.yaml", text)
    assert run.code == 0, run.err
    assert "loose.yaml: warning: the OpenAPI document is invalid at components/schemas" in run.err
    strict, _out = _from_spec(tmp_path, "loose.yaml", text, "--strict")
    assert strict.code == 1
    assert "loose.yaml: warning: the OpenAPI document is invalid" in strict.err


def test_coverage_lines_quote_doc_text_printably(project: Path) -> None:
    """The per-page line generate prints writes a path's ESC sequence as an escape."""
    page = project / "spec" / "docs" / "partners-delete.md"
    page.write_text(page.read_text("utf-8").replace("/api/partners", "/api/x\x1b[2J"), "utf-8")
    run = run_cli("generate", cwd=project)
    assert "\x1b" not in run.out + run.err
    assert "DELETE /api/x\\x1b[2J" in run.out, run.out + run.err
