"""A fast fake Hoko on 127.0.0.1 for the client benchmark: `python benchmarks/server.py`.

HTTP/1.1 with keep-alive on asyncio streams, one handler: any request with a JSON array body is
answered 200 with `{"deletedIds": <that array>}`. It prints its port on the first line of stdout
and stops on its own after `--lifetime` seconds (or when stdin closes), so a crashed runner
cannot leave it behind.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            body = await reader.readexactly(length) if length else b"[]"
            reply = b'{"deletedIds":' + json.dumps(json.loads(body)).encode() + b"}"
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + str(len(reply)).encode()
                + b"\r\n\r\n"
                + reply
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def _serve(lifetime: float) -> None:
    server = await asyncio.start_server(_handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    loop = asyncio.get_running_loop()
    closed = loop.run_in_executor(None, sys.stdin.read)
    async with server:
        await asyncio.wait(
            [asyncio.ensure_future(closed), asyncio.ensure_future(asyncio.sleep(lifetime))],
            return_when=asyncio.FIRST_COMPLETED,
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lifetime", type=float, default=600.0)
    asyncio.run(_serve(parser.parse_args().lifetime))
    return 0


if __name__ == "__main__":
    sys.exit(main())
