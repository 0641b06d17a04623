"""A second hand-written stand-in for generated code: what a client rendered from an OpenAPI
document has beyond Hoko's (copied beside the runtime with ``_demo.py``).

- bodies that are not JSON: a multipart upload (``encode_multipart``), a form
  (``encode_form``), raw bytes and text (``encode_content``);
- responses that are not JSON: bytes, text, and a streaming twin (``request``/``stream``);
- cookie and header parameters (``Operation(cookies=..., headers=...)``);
- a client with its own security schemes (``_auth_schemes``, ``_security``) and an operation
  that needs another (``Operation(security=...)``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import IO, Annotated, ClassVar, Literal

import httpx
from pydantic import Field

from ._auth import AuthScheme, Security
from ._base_client import AsyncAPIClient, SyncAPIClient
from ._content import FileTypes, encode_content, encode_form, encode_multipart
from ._models import HokoModel, prepare
from ._operation import Operation
from ._resource import AsyncAPIResource, SyncAPIResource
from ._types import NOT_GIVEN, NotGiven

__all__ = [
    "AsyncFilesResource",
    "AsyncVaultDemoClient",
    "FileIdParams",
    "FilesResource",
    "SearchFilesRequest",
    "StoredFile",
    "UploadFilesRequest",
    "VaultDemoClient",
]


# --- types/files.py ----------------------------------------------------------------------------


class FileIdParams(HokoModel):
    file_id: Annotated[str, Field(alias="fileId", min_length=1)]
    session: str | None = None
    theme: Literal["dark", "light"] | None = None
    x_trace: Annotated[str | None, Field(alias="X-Trace")] = None


class UploadFilesRequest(HokoModel):
    title: Annotated[str | None, Field(max_length=20)] = None
    public: bool | None = None


class SearchFilesRequest(HokoModel):
    q: str
    tags: list[str] | None = None
    limit: Annotated[int | None, Field(le=50)] = None
    max_size: Annotated[int | None, Field(alias="maxSize")] = None
    order: Literal["name", "size"] = "name"
    """A default the server applies: sent only when given."""


class StoredFile(HokoModel):
    id: str
    size: int


# --- resources/files.py ------------------------------------------------------------------------

_OP_UPLOAD: Operation[StoredFile] = Operation("POST", "/files", "files.upload", StoredFile)
_OP_SEARCH: Operation[list[StoredFile]] = Operation(
    "POST", "/files/search", "files.search", list[StoredFile]
)
_OP_PUT: Operation[None] = Operation("PUT", "/files/{fileId}", "files.put", None)
_OP_DOWNLOAD: Operation[bytes] = Operation(
    "GET",
    "/files/{fileId}",
    "files.download",
    bytes,
    headers=("X-Trace",),
    cookies=("session", "theme"),
)
_OP_SUMMARY: Operation[str] = Operation(
    "GET", "/files/{fileId}/summary", "files.summary", str, security=(("queryKey",),)
)
_OP_ADMIN: Operation[None] = Operation(
    "DELETE", "/files/{fileId}", "files.admin_delete", None, security=(("basic",), ("session",))
)
_OP_PUBLIC: Operation[str] = Operation("GET", "/status", "files.status", str, security=())


class FilesResource(SyncAPIResource):
    """The Files endpoints."""

    def upload(
        self,
        *,
        file: FileTypes,
        attachments: Sequence[FileTypes] | NotGiven = NOT_GIVEN,
        title: str | NotGiven = NOT_GIVEN,
        public: bool | NotGiven = NOT_GIVEN,
    ) -> StoredFile:
        """Upload a file (multipart)."""
        return self._client.request(
            _OP_UPLOAD,
            body=encode_multipart(
                _OP_UPLOAD,
                UploadFilesRequest,
                {"file": file, "attachments": attachments, "title": title, "public": public},
                ("file", "attachments"),
            ),
        )

    def search(
        self,
        *,
        q: str,
        tags: Sequence[str] | NotGiven = NOT_GIVEN,
        limit: int | NotGiven = NOT_GIVEN,
        max_size: int | NotGiven = NOT_GIVEN,
        extra_body: Mapping[str, object] | None = None,
    ) -> list[StoredFile]:
        """Search (a form body)."""
        values = {"q": q, "tags": tags, "limit": limit, "max_size": max_size}
        return self._client.request(
            _OP_SEARCH,
            body=encode_form(_OP_SEARCH, SearchFilesRequest, values),
            extra_body=extra_body,
        )

    def put(self, file_id: str, body: str | bytes | IO[bytes]) -> None:
        """Replace the file's bytes (application/octet-stream)."""
        return self._client.request(
            _OP_PUT,
            params=prepare(_OP_PUT, FileIdParams, {"fileId": file_id}),
            body=encode_content(_OP_PUT, body, "application/octet-stream"),
        )

    def download(
        self,
        file_id: str,
        *,
        session: str | NotGiven = NOT_GIVEN,
        theme: Literal["dark", "light"] | NotGiven = NOT_GIVEN,
        x_trace: str | NotGiven = NOT_GIVEN,
    ) -> bytes:
        """The file's bytes."""
        values = {"fileId": file_id, "session": session, "theme": theme, "X-Trace": x_trace}
        return self._client.request(
            _OP_DOWNLOAD, params=prepare(_OP_DOWNLOAD, FileIdParams, values)
        )

    def download_stream(self, file_id: str) -> contextlib.AbstractContextManager[httpx.Response]:
        """The file's bytes, streamed."""
        return self._client.stream(
            _OP_DOWNLOAD, params=prepare(_OP_DOWNLOAD, FileIdParams, {"fileId": file_id})
        )

    def summary(self, file_id: str) -> str:
        """A text summary (needs the query key)."""
        return self._client.request(
            _OP_SUMMARY, params=prepare(_OP_SUMMARY, FileIdParams, {"fileId": file_id})
        )

    def admin_delete(self, file_id: str) -> None:
        """Delete (basic credentials, or the session cookie)."""
        return self._client.request(
            _OP_ADMIN, params=prepare(_OP_ADMIN, FileIdParams, {"fileId": file_id})
        )

    def status(self) -> str:
        """No credentials needed."""
        return self._client.request(_OP_PUBLIC)


class AsyncFilesResource(AsyncAPIResource):
    """The Files endpoints, for asyncio."""

    def download_stream(
        self, file_id: str
    ) -> contextlib.AbstractAsyncContextManager[httpx.Response]:
        """The file's bytes, streamed."""
        return self._client.stream(
            _OP_DOWNLOAD, params=prepare(_OP_DOWNLOAD, FileIdParams, {"fileId": file_id})
        )


# --- _client.py --------------------------------------------------------------------------------


class VaultDemoClient(SyncAPIClient):
    """A client whose API has several security schemes, bearer by default."""

    _env_prefix = "VAULT_DEMO"
    _auth_schemes: ClassVar[Mapping[str, AuthScheme]] = {
        "bearer": AuthScheme("bearer"),
        "queryKey": AuthScheme("query", "api_key"),
        "basic": AuthScheme("basic"),
        "session": AuthScheme("cookie", "vault_session"),
    }
    _security: ClassVar[Security] = (("bearer",),)

    @cached_property
    def files(self) -> FilesResource:
        """The Files endpoints."""
        return FilesResource(self)


class AsyncVaultDemoClient(AsyncAPIClient):
    """The asyncio twin of VaultDemoClient."""

    _env_prefix = "VAULT_DEMO"
    _auth_schemes: ClassVar[Mapping[str, AuthScheme]] = VaultDemoClient._auth_schemes
    _security: ClassVar[Security] = (("bearer",),)

    @cached_property
    def files(self) -> AsyncFilesResource:
        """The Files endpoints."""
        return AsyncFilesResource(self)
