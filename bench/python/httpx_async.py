"""The peer `httpx.AsyncClient`, many sends at once (its pool sized to keep every connection)."""

import asyncio

import httpx

from common import BODY, concurrent, emit, parse_args

args = parse_args()


async def main():
    limits = httpx.Limits(max_connections=args.inflight, max_keepalive_connections=args.inflight)
    headers = {"Authorization": f"Bearer {args.token}"}
    async with httpx.AsyncClient(base_url=args.url, headers=headers, limits=limits) as client:

        async def send():
            response = await client.post("/messages", json=BODY)
            response.raise_for_status()
            return response.json()["data"]["id"]

        return await concurrent(send, args)


emit(asyncio.run(main()))
