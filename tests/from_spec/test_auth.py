"""Auth from `securitySchemes`: bearer, an API key in a header, the query or a cookie, HTTP basic,
OAuth2 and OpenID Connect as a bearer token, none; the client's name and environment prefix from
the title or --client-name (auth.yaml)."""

from __future__ import annotations

import base64
from pathlib import Path
from types import ModuleType

import pytest
from support.server import Reply, ScriptedServer

from from_spec.conftest import generate, render


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, str]:
    """auth.yaml rendered as `vault_client`, with what the run printed."""
    package, run = render(tmp_path_factory, "auth.yaml", "vault_client")
    return package, run.err


def _credentials(server: ScriptedServer, path: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    (request,) = server.requests_to(path)
    wanted = ("authorization", "x-vault-key", "cookie")
    return request.query, {k: v for k, v in request.headers.items() if k in wanted}


def test_each_scheme_sends_its_credential(
    vault: tuple[ModuleType, str], server: ScriptedServer
) -> None:
    """The document's default (bearer, or the header key) and each operation's own scheme."""
    for path in ("/secrets", "/by-query", "/by-cookie", "/by-basic", "/by-oauth", "/health"):
        server.enqueue(path, Reply(200, json=[]) if path == "/secrets" else Reply(204))
    client = vault[0].VaultClient(api_key="k3y", username="ann", password="pw", base_url=server.url)
    with client:
        client.secrets.list_secrets()
        client.secrets.by_query()
        client.secrets.by_cookie()
        client.secrets.by_basic()
        client.secrets.by_oauth()
        client.status.health()
    basic = "Basic " + base64.b64encode(b"ann:pw").decode()
    assert _credentials(server, "/secrets") == ({}, {"authorization": "Bearer k3y"})
    assert _credentials(server, "/by-query") == ({"key": ["k3y"]}, {})
    assert _credentials(server, "/by-cookie") == ({}, {"cookie": "vault_session=k3y"})
    assert _credentials(server, "/by-basic") == ({}, {"authorization": basic})
    assert _credentials(server, "/by-oauth") == ({}, {"authorization": "Bearer k3y"})
    assert _credentials(server, "/health") == ({}, {})


def test_credentials_from_the_environment_named_after_the_title(
    vault: tuple[ModuleType, str], server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Vault API` gives VaultClient and VAULT_API_KEY, VAULT_USERNAME, VAULT_PASSWORD and
    VAULT_BASE_URL; a missing key fails at construction, a missing password at the call."""
    monkeypatch.setenv("VAULT_API_KEY", "from-env")
    monkeypatch.setenv("VAULT_BASE_URL", server.url)
    server.enqueue("/secrets", Reply(200, json=["a"]))
    with vault[0].VaultClient() as client:
        assert client.secrets.list_secrets() == ["a"]
        with pytest.raises(vault[0].HokoError, match="needs username= and password="):
            client.secrets.by_basic()
    assert _credentials(server, "/secrets")[1] == {"authorization": "Bearer from-env"}
    monkeypatch.delenv("VAULT_API_KEY")
    with pytest.raises(vault[0].HokoError, match="VAULT_API_KEY"):
        vault[0].VaultClient()


def test_unsupported_schemes_are_warnings(vault: tuple[ModuleType, str]) -> None:
    """HTTP digest cannot be sent: a warning says so, and its operation goes without."""
    assert "security scheme 'digest' (http digest) is not supported" in vault[1]


def test_a_document_without_security_needs_no_key(tmp_path: Path) -> None:
    """No securitySchemes: the client takes no credentials and sends none."""
    run = generate("responses.yaml", tmp_path, "reports_noauth")
    assert run.code == 0, run.err
    client = (tmp_path / "reports_noauth" / "_client.py").read_text()
    assert "_security: ClassVar[Security] = ()" in client
    assert "No credentials are needed." in client


def test_client_name_option(tmp_path: Path) -> None:
    """--client-name names the classes and the environment prefix."""
    run = generate("auth.yaml", tmp_path, "named_vault", "--client-name", "Strongbox")
    assert run.code == 0, run.err
    client = (tmp_path / "named_vault" / "_client.py").read_text()
    assert "class StrongboxClient(SyncAPIClient):" in client
    assert "class AsyncStrongboxClient(AsyncAPIClient):" in client
    assert '_env_prefix = "STRONGBOX"' in client
    readme = (tmp_path / "README.md").read_text()
    assert readme.startswith("<!--") and "Secrets behind every kind of credential." in readme
    assert "Hoko's endpoint docs" not in readme
