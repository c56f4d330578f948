"""The peer `requests.Session`, one send after another."""

import requests

from common import BODY, emit, parse_args, sequential

args = parse_args()
session = requests.Session()
session.headers["Authorization"] = f"Bearer {args.token}"
url = f"{args.url}/messages"


def send():
    response = session.post(url, json=BODY)
    response.raise_for_status()
    return response.json()["data"]["id"]


emit(sequential(send, args.n))
