"""Base classes of the generated resource groups (``client.links``, ``client.partners``...)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only for annotations: _base_client is imported by the client, before any resource.
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncAPIResource", "SyncAPIResource"]


class SyncAPIResource:
    """A group of endpoints; its generated methods send through the client it was made for.

    The client makes each resource once (a ``cached_property``); a copy of the client
    (``with_options``) makes its own, which send through the copy.
    """

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class AsyncAPIResource:
    """A group of endpoints; its generated coroutines send through the client it was made for."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"
