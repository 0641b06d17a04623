"""One sizeable document mixing every construct (everything.yaml): generated, pip-installed into
a fresh virtual environment, imported module by module, checked with mypy --strict, and called
operation by operation against a local server (market_driver.py)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e.conftest import install_package
from support.cli import lint
from support.server import RecordedRequest, Reply, ScriptedServer

from from_spec.conftest import generate

pytestmark = pytest.mark.slow

DRIVER = Path(__file__).resolve().parent / "market_driver.py"
PRODUCT = "0f760ecf-78e1-4e6d-a95a-058b0b398a53"
OTHER = "fd5d3bc1-067e-4358-91c0-ef6fdc1fbf14"
PRODUCT_JSON = {"id": PRODUCT, "name": "Kite", "price": 9.5, "category": "toys", "createdAt": None}
ORDER_JSON = {"id": 7, "status": "open", "payment": {"method": "bank", "iban": "DE00"}}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(the output folder, the python of a venv with the package installed, the run's stderr)."""
    out = tmp_path_factory.mktemp("market")
    run = generate("everything.yaml", out, "market")
    assert run.code == 0, run.err
    python = install_package(out, tmp_path_factory.mktemp("market-venv"))
    return out, python, run.err


def _script(server: ScriptedServer) -> None:
    """The replies of a server that behaves like a real one: nulls, extra fields, 204s."""
    page = {"items": [PRODUCT_JSON, {**PRODUCT_JSON, "id": OTHER}], "total": 3}
    server.enqueue(
        "/v1/products",
        Reply(200, json=page),
        Reply(200, json={"items": [PRODUCT_JSON], "total": 3}),
    )
    server.enqueue("/v1/products", Reply(201, json={**PRODUCT_JSON, "surprise": 1}))
    server.enqueue("/v1/products", *[Reply(200, json={"deleted": [PRODUCT]})] * 3)
    product = f"/v1/products/{PRODUCT}"
    server.enqueue(
        product, Reply(200, json=PRODUCT_JSON), Reply(200, json=PRODUCT_JSON), Reply(204)
    )
    server.enqueue(f"{product}/image", Reply(200, json={"bytes": 4}))
    server.enqueue(
        f"{product}/image", *[Reply(200, body=PNG, headers={"Content-Type": "image/png"})] * 2
    )
    server.enqueue("/v1/orders", Reply(201, json=ORDER_JSON))
    server.enqueue("/v1/orders/search", Reply(200, json=[ORDER_JSON]))
    server.enqueue("/v1/shops/s1/orders/7", Reply(200, json=ORDER_JSON))
    server.enqueue("/v1/orders/7/cancel", Reply(200, json={**ORDER_JSON, "status": "cancelled"}))
    customers = [{"kind": "Person", "firstName": "Ann"}, {"kind": "Company", "legalName": "Acme"}]
    server.enqueue("/v1/customers", Reply(200, json={"data": customers, "nextCursor": None}))
    server.enqueue("/v1/customers/import", Reply(200, json={"imported": 1}))
    csv = "name\nAnn\n"
    server.enqueue(
        "/v1/customers/export", Reply(200, body=csv, headers={"Content-Type": "text/csv"})
    )
    server.enqueue("/v1/customers/5", Reply(200, json={"kind": "Company", "legalName": "Acme"}))
    server.enqueue("/v1/blobs/a%2Fb", Reply(201), *[Reply(200, body=b"\x00\x01\x02")] * 2)
    server.enqueue("/v1/reports", Reply(202, json={"id": 3, "state": "queued"}))
    server.enqueue(
        "/v1/reports/3", Reply(200, json={"id": 3, "state": "done", "totals": {"eu": 1.5}})
    )
    server.enqueue("/v1/admin/settings", Reply(200, json={"limits": None}))
    events = [{"id": 1, "type": "x", "data": None}]
    server.enqueue(
        "/v1/admin/events",
        Reply(200, json={"events": events, "totalPages": 2}),
        Reply(200, json={"events": [{"id": 2, "type": "y"}], "totalPages": 2}),
    )
    server.enqueue(
        "/v1/status", Reply(200, body="ok", headers={"Content-Type": "text/plain"}), Reply(204)
    )
    server.enqueue(product, Reply(200, json=PRODUCT_JSON))


@pytest.fixture(scope="module")
def called(
    market: tuple[Path, Path, str],
) -> Iterator[tuple[dict[str, Any], list[RecordedRequest]]]:
    """What the driver printed, and every request the server received, in order."""
    with ScriptedServer() as server:
        _script(server)
        result = subprocess.run(
            [str(market[1]), str(DRIVER), server.url + "/v1"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert server.errors == []
        yield json.loads(result.stdout), server.requests


def _requests(
    called: tuple[dict[str, Any], list[RecordedRequest]], method: str, path: str
) -> list[RecordedRequest]:
    return [r for r in called[1] if (r.method, r.path) == (method, path)]


def test_generates_without_warnings(market: tuple[Path, Path, str]) -> None:
    """Every construct of the document is rendered: the run warns of nothing."""
    assert market[2] == ""


def test_passes_mypy_strict(market: tuple[Path, Path, str]) -> None:
    """The package type-checks under mypy --strict."""
    result = lint(market[0], "mypy", name="market")
    assert result.returncode == 0, result.stdout


def test_every_module_imports_and_every_operation_is_called(
    called: tuple[dict[str, Any], list[RecordedRequest]],
) -> None:
    """Each module of the installed package imports; the driver called every method there is."""
    out = called[0]
    assert "market.types.shared" not in out["modules"]
    assert {"market._client", "market.resources.products", "market.types.orders"} <= set(
        out["modules"]
    )
    assert out["called"] == out["operations"]
    assert len(out["operations"]) == 27  # 24 operations, a batch method and 2 streams


def test_products(called: tuple[dict[str, Any], list[RecordedRequest]]) -> None:
    """Pages, a JSON body with escaped names and a default, batches, nulls, a multipart file and
    an image downloaded whole and streamed."""
    out = called[0]
    assert out["list_products"] == [PRODUCT, OTHER, PRODUCT]
    first, second = _requests(called, "GET", "/v1/products")
    assert first.query == {"category": ["toys"], "tag": ["a", "b"]}
    # The documented default limit (2) is the server's to apply: the next page's offset follows it.
    assert second.query == {"category": ["toys"], "tag": ["a", "b"], "offset": ["2"]}
    (create,) = _requests(called, "POST", "/v1/products")
    assert json.loads(create.body) == {"name": "Kite", "price": 9.5, "class": "A"}
    assert out["create_product"]["surprise"] == 1
    deletes = _requests(called, "DELETE", "/v1/products")
    assert [json.loads(r.body) for r in deletes] == [[PRODUCT], [PRODUCT, OTHER, PRODUCT], [OTHER]]
    assert out["delete_products_in_batches"] == {"deleted": [PRODUCT, PRODUCT]}
    (patch,) = _requests(called, "PATCH", f"/v1/products/{PRODUCT}")
    assert json.loads(patch.body) == {"description": None, "price": 3}
    assert out["delete_product"] is None
    (upload,) = _requests(called, "PUT", f"/v1/products/{PRODUCT}/image")
    assert b'filename="kite.png"' in upload.body and b"\x89PNG" in upload.body
    assert out["get_product_image"] == out["get_product_image_stream"] == PNG.decode("latin-1")


def test_orders_and_customers(called: tuple[dict[str, Any], list[RecordedRequest]]) -> None:
    """A discriminated union sent and parsed, a header, a form body, path order, a cookie, a
    cursor page, a CSV body sent as text and one received as text."""
    out = called[0]
    (order,) = _requests(called, "POST", "/v1/orders")
    assert order.headers["idempotency-key"] == "k-1"
    assert json.loads(order.body) == {
        "lines": [{"productId": PRODUCT, "quantity": 2}],
        "payment": {"method": "card", "last4": "4242"},
    }
    assert out["create_order"]["payment"] == {"method": "bank", "iban": "DE00"}
    (search,) = _requests(called, "POST", "/v1/orders/search")
    assert search.body == b"q=kite&status=open&status=paid"
    (get,) = _requests(called, "GET", "/v1/shops/s1/orders/7")
    assert get.headers["cookie"] == "locale=fr"
    assert out["cancel_order"]["status"] == "cancelled"
    assert out["list_customers"] == [
        {"kind": "Person", "firstName": "Ann"},
        {"kind": "Company", "legalName": "Acme"},
    ]
    (imported,) = _requests(called, "POST", "/v1/customers/import")
    assert imported.headers["content-type"] == "text/csv; charset=utf-8"
    assert imported.body == b"name\nAnn\n"
    assert out["export_customers"] == "name\nAnn\n"
    assert out["get_customer"] == {"kind": "Company", "legalName": "Acme"}


def test_credentials_blobs_reports_and_admin(
    called: tuple[dict[str, Any], list[RecordedRequest]],
) -> None:
    """The default bearer, a query key, basic, a cookie key and none; raw bytes up and down."""
    out = called[0]
    (put,) = _requests(called, "PUT", "/v1/blobs/a%2Fb")
    assert (put.headers["content-type"], put.body) == ("application/octet-stream", b"\x00\x01")
    assert put.headers["authorization"] == "Bearer tok"
    assert out["get_blob"] == out["get_blob_stream"] == "\x00\x01\x02"
    (run,) = _requests(called, "POST", "/v1/reports")
    assert run.query == {"api_key": ["tok"]} and "authorization" not in run.headers
    assert json.loads(run.body) == {"kind": "sales", "filters": {"region": "eu"}}
    (report,) = _requests(called, "GET", "/v1/reports/3")
    assert report.headers["authorization"] == "Basic YW5uOnB3"
    assert out["get_report"]["totals"] == {"eu": 1.5}
    (settings,) = _requests(called, "GET", "/v1/admin/settings")
    assert settings.headers["cookie"] == "market_session=tok"
    assert out["get_settings"] == {"limits": None}
    assert out["list_events"] == [1, 2]
    status = _requests(called, "GET", "/v1/status") + _requests(called, "HEAD", "/v1/status")
    assert ["authorization" in r.headers for r in status] == [False, False]
    assert (out["status"], out["head"]) == ("ok", None)


def test_refused_before_sending(called: tuple[dict[str, Any], list[RecordedRequest]]) -> None:
    """A name too short, an empty list, a bad card number and a missing password are refused
    without a request; the asyncio client works the same."""
    assert called[0]["errors"] == ["ValidationError"] * 3 + ["HokoError"]
    assert called[0]["async_get_product"] == "Kite"
