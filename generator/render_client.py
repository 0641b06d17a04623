"""ClientSpec -> the package's Python sources and metadata, from the Jinja templates in templates/.

Doc text reaches Python source only through the `py` filter (repr of a JSON value), the
`docstring` filter (an escaped literal, round-trip checked) or identifiers made by
`generator.naming`. Jinja runs with StrictUndefined, so a missing variable is an error, not "".
"""

from __future__ import annotations

import ast
import functools
import json
import math
import pickle
import re
from collections.abc import Mapping
from typing import Any

import jinja2

from generator.client_model import ClientSpec
from generator.fingerprint import template_root, templates_digest

__all__ = [
    "RUNTIME_MODULES",
    "docstring",
    "imported_names",
    "py_literal",
    "render_client",
    "template_root",
    "toml_string",
]


_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+([\w ,]+)$", re.MULTILINE)


@functools.cache
def imported_names(template: str, *, runtime_only: bool = False) -> frozenset[str]:
    """The names a template's own import lines bind (`from x import a, b as c`: a and c); with
    `runtime_only`, those it imports from the package itself (`from .._models import ...`).

    Names made from doc text (model and resource classes, arguments) must not shadow them.
    """
    text = (template_root() / template).read_text(encoding="utf-8")
    names = {
        part.split(" as ")[-1].strip()
        for match in _IMPORT.finditer(text)
        if not runtime_only or match.group(0).lstrip().startswith("from .")
        for part in match.group(1).split(",")
    }
    return frozenset(n for n in names if n.isidentifier())


RUNTIME_MODULES = tuple(
    sorted(
        p.name for p in (template_root() / "runtime").glob("_*.py") if not p.name.startswith("__")
    )
)


def py_literal(value: Any) -> str:
    """Python source for a JSON value (strings via repr, so any text is inert)."""
    if isinstance(value, float) and not math.isfinite(value):
        # repr() gives the names inf and nan, not literals; a YAML .inf default is one of these.
        return f'float("{value!r}")'
    if isinstance(value, (str, bool, int, float)) or value is None:
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return (
            "{"
            + ", ".join(f"{py_literal(str(k))}: {py_literal(v)}" for k, v in value.items())
            + "}"
        )
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def toml_string(text: str) -> str:
    """A TOML basic string whose value is `text` (JSON's escaping is not enough: TOML also
    refuses a raw DEL, and a lone surrogate cannot be written as UTF-8)."""
    out = []
    for char in str(text):
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


_NEEDS_ESCAPE = re.compile(r'[\\"]|[^\n -~]')


def docstring(text: str, indent: str = "") -> str:
    """A triple-quoted literal whose value is `text`: quotes, backslashes and controls escaped."""
    # Only a backslash, a quote or a character outside printable ASCII can need escaping.
    body = _NEEDS_ESCAPE.sub(lambda m: _escape(m.group()), text.replace("\r\n", "\n").strip())
    body = body.replace("\n", "\n" + indent)
    literal = '"""' + body + ("\n" + indent if "\n" in body else "") + '"""'
    # Emit nothing that does not say exactly the text (the added indent aside).
    if (
        ast.literal_eval(literal).replace("\n" + indent, "\n").strip()
        != text.replace("\r\n", "\n").strip()
    ):
        raise ValueError("docstring escaping did not round-trip")
    return literal


def fence(text: str, language: str = "") -> str:
    """A markdown code block holding `text`, its fence longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}{language}\n{text}\n{marker}"


def _escape(char: str) -> str:
    if char in '\\"':
        return "\\" + char
    if (
        char == "\n"
        or (char.isprintable() and char.isascii())
        or (char.isprintable() and ord(char) > 0x9F)
    ):
        return char
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_root())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["py"] = py_literal
    env.filters["docstring"] = docstring
    env.filters["json"] = lambda v: json.dumps(v, ensure_ascii=False)
    env.filters["toml"] = toml_string
    env.filters["json_pretty"] = lambda v: json.dumps(v, ensure_ascii=False, indent=2)
    env.filters["fence"] = fence
    return env


def _resources(
    env: jinja2.Environment,
    spec: ClientSpec,
    context: Mapping[str, Any],
    values: Mapping[str, Any],
) -> dict[str, str]:
    """One module per resource. A module is made of its resource, the module each model lives
    in, the context's values and the templates, so it is remembered by exactly those
    (`generator.cache`) and rendered again only when one of them changes. The package's version
    is left out of what it is rendered with (a template that asked for it would fail), so a new
    version does not make every module new."""
    from generator.cache import BlobCache, code_digest, digest

    context = {k: v for k, v in context.items() if k != "version"}
    values = {k: v for k, v in values.items() if k != "version"}
    cache = BlobCache("client")
    shared = digest(
        code_digest().encode(),
        templates_digest().encode(),
        json.dumps(dict(context), sort_keys=True, default=repr).encode(),
        json.dumps(dict(spec.models.modules), sort_keys=True).encode(),
    ).encode()
    template: jinja2.Template | None = None
    files: dict[str, str] = {}
    for resource in spec.resources:
        key = digest(shared, pickle.dumps(resource, protocol=pickle.HIGHEST_PROTOCOL))
        found = cache.get(key)
        if found is not None:
            text = found.decode("utf-8")
        else:
            template = template or env.get_template("package/resources/resource.py.jinja")
            text = template.render({**values, "resource": resource})
            cache.put(key, text.encode("utf-8"))
        files[f"{context['package']}/resources/{resource.module}.py"] = text
    return files


def render_client(spec: ClientSpec, context: Mapping[str, Any]) -> dict[str, str]:
    """Package files (path relative to the output folder -> text)."""
    env = _environment()
    package = context["package"]
    values = {**context, "spec": spec}
    files = {
        "pyproject.toml": env.get_template("package/pyproject.toml.jinja").render(values),
        "README.md": env.get_template("package/README.md.jinja").render(values),
        f"{package}/__init__.py": env.get_template("package/__init__.py.jinja").render(values),
        f"{package}/_client.py": env.get_template("package/_client.py.jinja").render(values),
        f"{package}/types/__init__.py": env.get_template("package/types/__init__.py.jinja").render(
            values
        ),
        f"{package}/resources/__init__.py": env.get_template(
            "package/resources/__init__.py.jinja"
        ).render(values),
        f"{package}/_version.py": env.get_template("package/_version.py.jinja").render(values),
        f"{package}/py.typed": "",
    }
    files.update(_resources(env, spec, context, values))
    for name in RUNTIME_MODULES:
        source = (template_root() / "runtime" / name).read_text(encoding="utf-8")
        files[f"{package}/{name}"] = context["header"] + "\n" + source
    return files
