"""Odd but valid documents: boolean and empty schemas, names that are not identifiers, a
`default`-only response, a duplicated operationId, a relative server, enums as components
(quirks.yaml, everything.yaml)."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from support.cli import lint
from support.server import Reply, ScriptedServer

from from_spec.conftest import generate, module, render


@pytest.fixture(scope="module")
def quirks(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """quirks.yaml rendered as `quirks_client`."""
    return render(tmp_path_factory, "quirks.yaml", "quirks_client")[0]


def test_the_package_type_checks(tmp_path: Path) -> None:
    """Every odd name and schema still gives a package mypy --strict accepts."""
    assert generate("quirks.yaml", tmp_path, "quirks_mypy").code == 0
    result = lint(tmp_path, "mypy", name="quirks_mypy")
    assert result.returncode == 0, result.stdout


def test_odd_property_names_round_trip(quirks: ModuleType, server: ScriptedServer) -> None:
    """`@id`, `$ref`, `""`, `2fa`, `naïve`, `x-y` beside `X_Y`: each an identifier, each sent
    and read by its wire name; a `default`-only response is the success body."""
    server.enqueue("/api/v2/things", Reply(200, json={"@id": "a", "": "b", "x-y": "c"}))
    with quirks.QuirksCoClient(base_url=server.url + "/api/v2") as client:
        got = client.things_stuff.get_thing_by_self(
            field_id="i", field_="e", field_2fa=True, naive="n", x_y_1="dash", x_y="under"
        )
    assert got.root == {"@id": "a", "": "b", "x-y": "c"}
    sent = json.loads(server.requests[0].body)
    assert sent == {"@id": "i", "": "e", "2fa": True, "naïve": "n", "x-y": "dash", "X_Y": "under"}


def test_duplicated_operation_ids_and_reserved_argument_names(quirks: ModuleType) -> None:
    """The second `get thing-by self` is `get_thing_by_self_2`; a path parameter `self` and
    query parameters `timeout` and `extra_headers` do not take the method's own names."""
    resource = module(quirks, "resources.things_stuff").ThingsStuffResource
    assert {"get_thing_by_self", "get_thing_by_self_2", "list"} <= set(vars(resource))
    source = Path(module(quirks, "resources.things_stuff").__file__ or "").read_text()
    assert "        self_2: str,\n" in source
    assert "        timeout_2: int | NotGiven = NOT_GIVEN,\n" in source
    assert "        extra_headers_2: str | NotGiven = NOT_GIVEN,\n" in source


def test_a_relative_server_needs_a_base_url(quirks: ModuleType) -> None:
    """`servers: [{url: /api/v2}]` names no host: the client asks for one."""
    with pytest.raises(quirks.HokoError, match="QUIRKS_CO_BASE_URL"):
        quirks.QuirksCoClient()


def test_enum_components_accept_their_values(tmp_path: Path) -> None:
    """An argument typed with an enum component (a RootModel) accepts the enum's values too."""
    assert generate("everything.yaml", tmp_path, "market_types").code == 0
    source = (tmp_path / "market_types" / "resources" / "orders.py").read_text()
    assert 'status: Sequence[OrderStatus | Literal["open", "paid", "cancelled"]]' in source


def test_path_item_refs_trace_and_extensions(tmp_path: Path) -> None:
    """A path item given as a ref is followed, TRACE is an operation like the others, and an
    `x-` key among the paths is no path; the run counts what it rendered."""
    run = generate("path-items.yaml", tmp_path, "items_client")
    assert run.code == 0, run.err
    assert "2 endpoints" in run.out
    resources = tmp_path / "items_client" / "resources"
    assert "    def echo(\n" in (resources / "echo.py").read_text()
    debug = (resources / "debug.py").read_text()
    assert '_OP_TRACE_IT: Operation[bytes] = Operation(\n    "TRACE",' in debug
