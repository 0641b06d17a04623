"""Request examples (curl and fetch) -> the JSON body they send, checked against the endpoint line.

A curl example sends `-d '...'` (or `--data`, `--data-raw`, `--json`); a JavaScript one
`body: JSON.stringify(...)`. The body must be JSON: anything else is an error at the line where it
stops being JSON. Under a `### 4xx` status the example may send a body that breaks the schema
(that is its point), and may even send text that is not JSON when the status says so ("Malformed
JSON", "invalid JSON"); a syntax error anywhere else is a typo, and an error.

Each example's method (`-X DELETE`, `method: "DELETE"`; GET by default, POST for curl with data)
and URL path must be the endpoint line's: a disagreement is an error at the example's line, since
the page then documents two different operations.
"""

from __future__ import annotations

import json
import re

from generator.diagnostics import Location, Sink
from generator.ir.docs import Example
from generator.parse.blocks import Code
from generator.parse.examples import load_json

__all__ = ["JS_LANGS", "SHELL_LANGS", "request_example"]

SHELL_LANGS = ("bash", "sh", "shell", "curl", "console", "zsh")
JS_LANGS = ("javascript", "js", "typescript", "ts", "node")
_CURL_DATA = re.compile(
    r"(?:-d|--data(?:-raw|-binary)?|--json)\s+(?P<q>['\"])(?P<body>.*?)(?P=q)", re.S
)
_CURL_ANY_DATA = re.compile(r"(?:^|\s)(?:-d|--data(?:-raw|-binary|-urlencode)?|--json|-F|--form)\b")
_CURL_METHOD = re.compile(r"(?:^|\s)(?:-X|--request)\s*['\"]?(?P<m>[A-Za-z]+)")
_CONTENT_TYPE = re.compile(r"content-type:\s*(?P<t>[\w.+-]+/[\w.+-]+)", re.I)
_URL = re.compile(r"(?P<url>https?://[^\s'\"`]+)|['\"](?P<path>/[^\s'\"]*)['\"]")
_FETCH = re.compile(r"\bfetch\(\s*(?P<q>['\"`])(?P<url>[^'\"`]+)(?P=q)")
_JS_METHOD = re.compile(r"\bmethod\s*:\s*['\"`](?P<m>[A-Za-z]+)['\"`]")
_JS_BODY = re.compile(r"body:\s*JSON\.stringify\(", re.S)
_CURL_ESCAPED_QUOTE = "'\\''"
_MALFORMED = re.compile(
    r"\b(?:malformed|invalid json|not valid json|unparseable|parse error)", re.I
)
_PLACEHOLDER = re.compile(r"^(?:\{[^}]*\}|:\w+|<[^>]*>|\$\{[^}]*\}|\[[^\]]*\])$")


def request_example(
    code: Code, route: tuple[str, str] | None, path: str, sink: Sink, *, status: int, context: str
) -> Example | None:
    """The JSON body a curl or JavaScript example sends, if any; its method and path are checked
    against `route` (the endpoint's method and path). `context` is the status's description."""
    if code.lang in SHELL_LANGS and "curl" in code.content:
        text = code.content.replace(_CURL_ESCAPED_QUOTE, "'")
        if route is not None:
            _check_curl_route(code, text, route, path, sink)
        return _curl_body(code, text, path, sink, _lenient(status, context))
    if code.lang in JS_LANGS and "fetch(" in code.content:
        if route is not None:
            _check_fetch_route(code, route, path, sink)
        return _js_body(code, path, sink, _lenient(status, context))
    return None


def _lenient(status: int, context: str) -> bool:
    return 400 <= status < 500 and bool(_MALFORMED.search(context))


def _check_curl_route(code: Code, text: str, route: tuple[str, str], path: str, sink: Sink) -> None:
    written = _CURL_METHOD.search(text)
    method = written.group("m").upper() if written else None
    if method is None:
        method = "POST" if _CURL_ANY_DATA.search(text) else "GET"
    at = written.start("m") if written else 0
    start = text.index("curl")
    url = _URL.search(text, start)
    group = ("url" if url.group("url") else "path") if url else ""
    url_at = url.start(group) if url else 0
    _check_route(code, method, at, url.group(group) if url else None, url_at, route, path, sink)


def _check_fetch_route(code: Code, route: tuple[str, str], path: str, sink: Sink) -> None:
    call = _FETCH.search(code.content)
    written = _JS_METHOD.search(code.content)
    method = written.group("m").upper() if written else "GET"
    at = written.start("m") if written else (call.start() if call else 0)
    url = call.group("url") if call else None
    url_at = call.start("url") if call else 0
    _check_route(code, method, at, url, url_at, route, path, sink)


def _check_route(
    code: Code,
    method: str,
    method_at: int,
    url: str | None,
    url_at: int,
    route: tuple[str, str],
    path: str,
    sink: Sink,
) -> None:
    endpoint = f"{route[0]} {route[1]}"
    if method != route[0]:
        sink.error(
            Location(path, _line(code, method_at)),
            f"this request example sends {method}, but the endpoint line says {endpoint}",
        )
    if url is not None and not _same_path(url, route[1]):
        sink.error(
            Location(path, _line(code, url_at)),
            f"this request example calls {_path_of(url)}, but the endpoint line says {endpoint}",
        )


def _line(code: Code, offset: int) -> int:
    return code.line + 1 + code.content.count("\n", 0, offset)


def _path_of(url: str) -> str:
    path = re.sub(r"^https?://[^/]+", "", url)
    return path.split("?", 1)[0].split("#", 1)[0].rstrip("/") or "/"


def _same_path(url: str, template: str) -> bool:
    sent = _path_of(url).split("/")
    wanted = template.split("/")
    if len(sent) != len(wanted):
        return False
    return all(
        s == w or (w.startswith("{") and bool(s)) or bool(_PLACEHOLDER.match(s))
        for s, w in zip(sent, wanted, strict=True)
    )


def _curl_body(code: Code, text: str, path: str, sink: Sink, lenient: bool) -> Example | None:
    match = _CURL_DATA.search(text)
    if not match:
        return None
    content_type = _CONTENT_TYPE.search(text)
    if content_type and "json" not in content_type.group("t").lower():
        return None  # a form or a file upload: not a JSON body
    body = match.group("body")
    if body.startswith("@"):
        return None  # `-d @file.json`: the body is in a file the page does not show
    if match.group("q") == '"':
        body = body.replace('\\"', '"')
    line = code.line + 1 + text[: match.start("body")].count("\n")
    return _loaded(body, line, path, sink, lenient, "the curl example's -d body")


def _js_body(code: Code, path: str, sink: Sink, lenient: bool) -> Example | None:
    match = _JS_BODY.search(code.content)
    if not match:
        return None
    start = match.end()
    end = _balanced_end(code.content, start)
    line = code.line + 1 + code.content[:start].count("\n")
    if end is None:
        if not lenient:
            sink.error(Location(path, line), "JSON.stringify( is never closed in this example")
        return None
    argument = code.content[start:end]
    if re.fullmatch(r"\s*[A-Za-z_$][\w$.]*\s*", argument):
        return None  # a variable: the page shows no literal body
    return _loaded(argument, line, path, sink, lenient, "the JSON.stringify(...) body")


def _loaded(
    text: str, line: int, path: str, sink: Sink, lenient: bool, what: str
) -> Example | None:
    try:
        value = load_json(text)
    except json.JSONDecodeError as err:
        if not lenient:
            sink.error(
                Location(path, line + err.lineno - 1),
                f"{what} is not valid JSON: {err.msg} (column {err.colno})",
            )
        return None
    except ValueError as err:
        if not lenient:
            sink.error(Location(path, line), f"{what} cannot be used: {err}")
        return None
    return Example(value, Location(path, line), text)


def _balanced_end(text: str, start: int) -> int | None:
    """Index of the `)` closing the call whose arguments start at `start`, strings respected."""
    depth, quote, escaped = 1, "", False
    for i in range(start, len(text)):
        char = text[i]
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return i
    return None
