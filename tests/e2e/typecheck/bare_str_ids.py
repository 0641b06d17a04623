"""Calls on the generated fixture client that `mypy --strict` must refuse: a bare str where a
list of ids belongs, and None where the docs do not allow null. Each refused line ends with
`# refused: <mypy's error, word for word>`; tests/e2e/test_typing.py checks that mypy reports
exactly those errors on exactly those lines, and nothing else. (Not formatted, so that each
call and its comment stay on one line.)"""

from __future__ import annotations

from uuid import UUID

from hoko_client import AsyncHokoClient, HokoClient

LINK = "0f760ecf-78e1-4e6d-a95a-058b0b398a53"

# fmt: off


def main(client: HokoClient) -> None:
    client.links.delete(LINK)  # refused: Argument 1 to "delete" of "LinksResource" has incompatible type "str"; expected "SequenceNotStr[UUID | str]"  [arg-type]
    client.partners.delete_in_batches(LINK)  # refused: Argument 1 to "delete_in_batches" of "PartnersResource" has incompatible type "str"; expected "SequenceNotStr[UUID | str]"  [arg-type]
    client.collections.delete(LINK)  # refused: Argument 1 to "delete" of "CollectionsResource" has incompatible type "str"; expected "SequenceNotStr[UUID | str]"  [arg-type]
    client.links.delete([LINK])
    client.links.delete((UUID(LINK), LINK))
    client.partners.delete_in_batches([UUID(LINK)])
    client.links.list(take=None)  # refused: Argument "take" to "list" of "LinksResource" has incompatible type "None"; expected "int | NotGiven"  [arg-type]
    client.links.update(LINK, title=None)
    client.conversion_tracking.sale(external_id="user_42", amount=4999, payment_processor="stripe", currency=None)  # refused: Argument "currency" to "sale" of "ConversionTrackingResource" has incompatible type "None"; expected "str | NotGiven"  [arg-type]


async def amain(client: AsyncHokoClient) -> None:
    await client.links.delete(LINK)  # refused: Argument 1 to "delete" of "AsyncLinksResource" has incompatible type "str"; expected "SequenceNotStr[UUID | str]"  [arg-type]
    await client.links.delete([LINK])
