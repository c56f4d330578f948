"""The peer `httpx.Client`, one send after another."""

import httpx

from common import BODY, emit, parse_args, sequential

args = parse_args()
client = httpx.Client(base_url=args.url, headers={"Authorization": f"Bearer {args.token}"})


def send():
    response = client.post("/messages", json=BODY)
    response.raise_for_status()
    return response.json()["data"]["id"]


emit(sequential(send, args.n))
