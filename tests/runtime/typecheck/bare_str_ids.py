"""Calls that `mypy --strict` must refuse: a bare str where a list of ids belongs, and None
where the docs do not allow null. Each refused line ends with `# refused: <what mypy says>`;
tests/runtime/test_typing.py checks that mypy reports exactly those lines."""

from __future__ import annotations

from hoko_client_under_test import AsyncDemoClient, DemoClient

LINK = "0f760ecf-78e1-4e6d-a95a-058b0b398a53"


def main(client: DemoClient) -> None:
    client.links.delete(LINK)  # refused: "str"; expected "SequenceNotStr[UUID | str]"
    client.links.delete_in_batches(LINK)  # refused: "str"; expected "SequenceNotStr[UUID | str]"
    client.links.delete([LINK])
    client.links.update(LINK, slug=None)  # refused: "None"; expected "str | NotGiven"


async def amain(client: AsyncDemoClient) -> None:
    await client.links.delete(LINK)  # refused: "str"; expected "SequenceNotStr[UUID | str]"
