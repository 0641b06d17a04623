"""A stand-in for Hoko's API that behaves as the endpoint docs say, for end-to-end tests.

Plug it into a ScriptedServer: `server.handler = FakeHoko()`. It checks the bearer key and its
scopes, validates bodies as the docs describe, and answers with the documented bodies:

    key            scopes          answers
    hk_write       linksWrite      200 / 400 as the body deserves
    hk_read        linksRead       403 with missingScopes
    hk_limited     linksWrite      429 with retryAfter (and X-RateLimit-* headers)
    anything else  -               401
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from support.server import RecordedRequest, Reply

__all__ = ["KEYS", "FakeHoko"]

KEYS = {"hk_write": {"linksWrite"}, "hk_read": {"linksRead"}, "hk_limited": {"linksWrite"}}
RATE_HEADERS = {
    "X-RateLimit-Limit": "100",
    "X-RateLimit-Remaining": "99",
    "X-RateLimit-Reset": "1700000000",
}


def _error(status: int, en: str, ar: str, **extra: Any) -> Reply:
    headers = RATE_HEADERS if status != 429 else {**RATE_HEADERS, "X-RateLimit-Remaining": "0"}
    return Reply(status, json={"error": {"en": en, "ar": ar}, **extra}, headers=headers)


class FakeHoko:
    """Routes requests to the documented endpoints; unknown routes get 404."""

    def __init__(self, retry_after: int = 60) -> None:
        self.retry_after = retry_after
        self.deleted: list[str] = []
        self._routes: dict[tuple[str, str], tuple[str, Callable[[Any], Reply]]] = {
            ("DELETE", "/api/partners"): ("linksWrite", self._delete_partners),
        }

    def __call__(self, request: RecordedRequest) -> Reply:
        route = self._routes.get((request.method, request.path))
        if route is None:
            return _error(404, "Not found", "غير موجود")
        scope, handler = route
        auth = request.headers.get("authorization", "")
        key = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
        if key not in KEYS:
            return _error(401, "Invalid API key", "مفتاح API غير صالح")
        if scope not in KEYS[key]:
            return _error(
                403, "Missing required scopes", "الصلاحيات المطلوبة مفقودة", missingScopes=[scope]
            )
        if key == "hk_limited":
            return _error(
                429, "Rate limit exceeded", "تم تجاوز حد المعدل", retryAfter=self.retry_after
            )
        try:
            body = json.loads(request.body) if request.body else None
        except ValueError:
            return _error(400, "Invalid request", "طلب غير صالح")
        return handler(body)

    def _delete_partners(self, body: Any) -> Reply:
        if not isinstance(body, list) or not 1 <= len(body) <= 10_000:
            return _error(400, "Invalid request", "طلب غير صالح")
        for item in body:
            try:
                uuid.UUID(str(item))
            except ValueError:
                return _error(400, "Invalid request", "طلب غير صالح")
            if item == "00000000-0000-0000-0000-000000000000":  # not in this workspace
                return _error(400, "Invalid request", "طلب غير صالح")
        self.deleted.extend(body)
        return Reply(200, json={"deletedIds": body}, headers=RATE_HEADERS)
