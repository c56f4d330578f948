"""The peer `aiohttp.ClientSession`, many sends at once (its pool sized to `inflight`)."""

import asyncio

import aiohttp

from common import BODY, concurrent, emit, parse_args

args = parse_args()


async def main():
    connector = aiohttp.TCPConnector(limit=args.inflight)
    headers = {"Authorization": f"Bearer {args.token}"}
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        url = f"{args.url}/messages"

        async def send():
            async with session.post(url, json=BODY) as response:
                response.raise_for_status()
                return (await response.json())["data"]["id"]

        return await concurrent(send, args)


emit(asyncio.run(main()))
