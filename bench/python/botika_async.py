"""botika's `AsyncClient`, many sends at once."""

import asyncio

from botika_api import client_for, import_botika
from common import TO, concurrent, emit, parse_args

args = parse_args()
botika = import_botika()


async def main():
    client = client_for(botika.AsyncClient, args)

    async def send():
        return (await client.messages.send_text(TO, "Halo!")).id

    return await concurrent(send, args)


emit(asyncio.run(main()))
