"""The whole fixture API (21 pages, 7 categories) generated afresh: every documented endpoint is
an operation, and the package passes ruff and mypy --strict. Its calls are tested against the
hand-written emulator in test_emulator_*.py."""

from __future__ import annotations

import pytest
import yaml
from support.cli import LINTERS, lint
from support.hoko_api import ROUTES

from e2e.conftest import Installed

pytestmark = pytest.mark.slow

# Each page's endpoint and its category; downstream/story_*.py call every one of them, sync
# and async.
CATEGORIES = {
    ("GET", "/api/links"): "Links",
    ("GET", "/api/links/{id}"): "Links",
    ("POST", "/api/links"): "Links",
    ("PUT", "/api/links"): "Links",
    ("PATCH", "/api/links/{id}"): "Links",
    ("DELETE", "/api/links"): "Links",
    ("GET", "/api/collections"): "Collections",
    ("POST", "/api/collections"): "Collections",
    ("DELETE", "/api/collections"): "Collections",
    ("GET", "/api/tags"): "Tags",
    ("POST", "/api/tags"): "Tags",
    ("GET", "/api/partners"): "Partners",
    ("POST", "/api/partners"): "Partners",
    ("PUT", "/api/partners"): "Partners",
    ("DELETE", "/api/partners"): "Partners",
    ("GET", "/api/customers"): "Customers",
    ("POST", "/api/customers"): "Customers",
    ("GET", "/api/analytics/clicks"): "Analytics",
    ("GET", "/api/analytics/summary"): "Analytics",
    ("POST", "/api/track/lead"): "Conversion Tracking",
    ("POST", "/api/track/sale"): "Conversion Tracking",
}


def test_every_documented_endpoint_is_an_operation(fixture_client: Installed) -> None:
    """The document has exactly the 21 endpoints the pages document (the emulator's routes,
    written by hand from each page's `## Endpoint`), each tagged with its page's category."""
    document = yaml.safe_load(fixture_client.spec.read_text(encoding="utf-8"))
    found = {
        (method.upper(), path): operation["tags"][0]
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }
    assert set(found) == {(route.method, route.path) for route in ROUTES}
    assert found == CATEGORIES


def test_fixture_client_passes_ruff_and_mypy(fixture_client: Installed) -> None:
    """The generated package is clean under the pinned ruff and mypy --strict."""
    for linter in LINTERS:
        result = lint(fixture_client.package, linter)
        assert result.returncode == 0, result.stdout + result.stderr
