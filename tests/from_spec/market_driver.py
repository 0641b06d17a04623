"""Calls every operation of the `market` package (everything.yaml) once, as a downstream project
would, in the virtual environment it was installed into. Run by test_everything.py:

    python market_driver.py BASE_URL

Prints one JSON object: each call's result (as JSON data), the errors raised on purpose, the
operations the package has, and those called.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import io
import json
import pkgutil
import sys
from typing import Any

import market
from market import MarketClient

PRODUCT = "0f760ecf-78e1-4e6d-a95a-058b0b398a53"
OTHER = "fd5d3bc1-067e-4358-91c0-ef6fdc1fbf14"
called: set[str] = set()


def record(name: str, value: Any) -> Any:
    called.add(name)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, list):
        return [record(name, item) for item in value]
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def every_module() -> list[str]:
    """Imports each module of the package, one by one."""
    names = []
    for info in pkgutil.walk_packages(market.__path__, "market."):
        importlib.import_module(info.name)
        names.append(info.name)
    return names


def operations() -> set[str]:
    """`resource.method` for each public method of each sync resource class."""
    found = set()
    for info in pkgutil.iter_modules(market.resources.__path__):
        module = importlib.import_module(f"market.resources.{info.name}")
        for cls in vars(module).values():
            if (
                inspect.isclass(cls)
                and cls.__module__ == module.__name__
                and cls.__name__.endswith("Resource")
                and not cls.__name__.startswith("Async")
            ):
                for name, member in vars(cls).items():
                    if inspect.isfunction(member) and not name.startswith("_"):
                        found.add(f"{info.name}.{name}")
    return found


def main(url: str) -> None:
    out: dict[str, Any] = {"modules": every_module()}
    client = MarketClient(api_key="tok", username="ann", password="pw", base_url=url)
    p = client.products
    out["list_products"] = record(
        "products.list_products", [x.id for x in p.list_products(category="toys", tag=["a", "b"])]
    )
    out["create_product"] = record(
        "products.create_product", p.create_product(name="Kite", price=9.5, class_="A")
    )
    out["delete_products"] = record("products.delete_products", p.delete_products([PRODUCT]))
    out["delete_products_in_batches"] = record(
        "products.delete_products_in_batches",
        p.delete_products_in_batches([PRODUCT, OTHER, PRODUCT, OTHER], batch_size=3),
    )
    out["get_product"] = record("products.get_product", p.get_product(PRODUCT))
    out["update_product"] = record(
        "products.update_product", p.update_product(PRODUCT, description=None, price=3)
    )
    out["delete_product"] = record("products.delete_product", p.delete_product(PRODUCT))
    out["upload_product_image"] = record(
        "products.upload_product_image",
        p.upload_product_image(PRODUCT, image=("kite.png", io.BytesIO(b"\x89PNG"), "image/png")),
    )
    out["get_product_image"] = record("products.get_product_image", p.get_product_image(PRODUCT))
    with p.get_product_image_stream(PRODUCT) as response:
        out["get_product_image_stream"] = record(
            "products.get_product_image_stream", b"".join(response.iter_bytes())
        )
    o = client.orders
    out["create_order"] = record(
        "orders.create_order",
        o.create_order(
            lines=[{"productId": PRODUCT, "quantity": 2}],
            payment={"method": "card", "last4": "4242"},
            idempotency_key="k-1",
        ),
    )
    out["search_orders"] = record(
        "orders.search_orders", o.search_orders(q="kite", status=["open", "paid"])
    )
    out["get_order"] = record("orders.get_order", o.get_order("s1", 7, locale="fr"))
    out["cancel_order"] = record("orders.cancel_order", o.cancel_order(7))
    c = client.customers
    out["list_customers"] = record(
        "customers.list_customers", [x.root.to_dict() for x in c.list_customers()]
    )
    out["import_customers"] = record(
        "customers.import_customers", c.import_customers("name\nAnn\n")
    )
    out["export_customers"] = record("customers.export_customers", c.export_customers())
    out["get_customer"] = record("customers.get_customer", c.get_customer(5).root)
    out["put_blob"] = record("blobs.put_blob", client.blobs.put_blob("a/b", b"\x00\x01"))
    out["get_blob"] = record("blobs.get_blob", client.blobs.get_blob("a/b"))
    with client.blobs.get_blob_stream("a/b") as response:
        out["get_blob_stream"] = record("blobs.get_blob_stream", response.read())
    out["run_report"] = record(
        "reports.run_report", client.reports.run_report(kind="sales", filters={"region": "eu"})
    )
    out["get_report"] = record("reports.get_report", client.reports.get_report(3))
    out["get_settings"] = record("admin.get_settings", client.admin.get_settings())
    out["list_events"] = record(
        "admin.list_events", [e.id for e in client.admin.list_events(page_size=1)]
    )
    out["status"] = record("status.list", client.status.list())
    out["head"] = record("status.head", client.status.head())
    errors = []
    for call in (
        lambda: p.create_product(name="", price=1),
        lambda: o.create_order(lines=[], payment={"method": "card", "last4": "42"}),
        lambda: p.delete_products([]),
        lambda: MarketClient(base_url=url, username="ann").admin.get_settings(),
    ):
        try:
            call()
        except market.HokoError as exc:
            errors.append(type(exc).__name__)
    out["errors"] = errors

    async def asynchronous() -> Any:
        async with market.AsyncMarketClient(api_key="tok", base_url=url) as aclient:
            product = await aclient.products.get_product(PRODUCT)
            return product.name

    out["async_get_product"] = asyncio.run(asynchronous())
    client.close()
    out["operations"] = sorted(operations())
    out["called"] = sorted(called)
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
