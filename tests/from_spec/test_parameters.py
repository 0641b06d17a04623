"""Parameters: path ones positional in path order, query, header and cookie ones as keywords, and
the styles the client cannot send as documented reported as warnings (parameters.yaml)."""

from __future__ import annotations

import inspect
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

import pytest
from support.server import Reply, ScriptedServer

from from_spec.conftest import generate, module, render

DOCUMENT = "tests/fixtures/openapi/parameters.yaml"


@pytest.fixture(scope="module")
def orders(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, str]:
    """parameters.yaml rendered as `orders_client`, with what the run printed."""
    package, run = render(tmp_path_factory, "parameters.yaml", "orders_client")
    return package, run.err


def test_path_parameters_follow_the_path(orders: tuple[ModuleType, str]) -> None:
    """`/shops/{shopId}/orders/{orderId}` declared orderId first: shop_id still comes first."""
    resource = module(orders[0], "resources.orders").OrdersResource
    params = list(inspect.signature(resource.get_order).parameters)
    assert params[:3] == ["self", "shop_id", "order_id"]


def test_query_header_and_cookie_parameters(
    orders: tuple[ModuleType, str], server: ScriptedServer
) -> None:
    """Each parameter goes where the document puts it: cookies in one Cookie header (encoded),
    names such as `StartTime<` and `class` sent as spelled, None-free."""
    package = orders[0]
    server.enqueue("/shops/s%201/orders/7", Reply(200, json={"id": 7}))
    with package.OrdersClient(base_url=server.url) as client:
        order = client.orders.get_order(
            "s 1",
            7,
            session="abc;d",
            theme="dark",
            x_request_tag="t1",
            expand=["lines", "payments"],
            start_time=datetime(2024, 1, 2, tzinfo=timezone.utc),
            class_="gold",
        )
        with pytest.raises(package.ValidationError, match="theme"):
            client.orders.get_order("s", 1, session="x", theme="pink")
    assert order.id == 7
    (request,) = server.requests
    assert request.headers["cookie"] == "session=abc%3Bd; theme=dark"
    assert request.headers["x-request-tag"] == "t1"
    assert request.query == {
        "expand": ["lines", "payments"],
        "StartTime<": ["2024-01-02T00:00:00Z"],
        "class": ["gold"],
    }


def test_styles_not_rendered_are_warnings_naming_the_operation(
    orders: tuple[ModuleType, str],
) -> None:
    """A name in two places, explode: false, deepObject, pipeDelimited, a parameter `in: body`
    (OpenAPI 2's), the headers OpenAPI says to ignore and a form body that is not an object
    each give a warning that names the operation."""
    warnings = [line for line in orders[1].splitlines() if ": warning: " in line]
    lines = [
        "GET /orders (orders.list_orders): query parameter 'ids' has explode: false, which is "
        "sent exploded",
        "GET /orders (orders.list_orders): query parameter 'filter' has style 'deepObject', "
        "which is sent as the default",
        "GET /orders (orders.list_orders): query parameter 'pipes' has style 'pipeDelimited', "
        "which is sent as the default",
        "GET /orders (orders.list_orders): parameter 'legacy' in 'body' is not one OpenAPI 3 "
        "has: it is not sent",
        "GET /orders (orders.list_orders): parameter 'ids' is in query and header: only the "
        "query one is an argument",
        "POST /orders (orders.import_orders): the application/x-www-form-urlencoded body is not "
        "an object: it is not sent",
        "GET /shops/{shopId}/orders/{orderId} (orders.get_order): header parameter "
        "'Authorization' is not an argument: the client's credentials set it",
        "GET /shops/{shopId}/orders/{orderId} (orders.get_order): header parameter 'Accept' is "
        "not an argument: the client asks for what it parses",
    ]
    assert warnings == [f"{DOCUMENT}: warning: {line}" for line in lines]


def test_strict_fails_on_what_is_not_rendered(tmp_path: Path) -> None:
    """Under --strict the same warnings fail the run and nothing is written."""
    run = generate("parameters.yaml", tmp_path / "out", "orders_strict", "--strict")
    assert run.code == 1
    assert "query parameter 'ids' has explode: false" in run.err
    assert not (tmp_path / "out").exists()
