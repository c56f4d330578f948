"""Bulk send: one promotion to many customers, with progress, and every outcome saved to a CSV.

Against the API when ``BOTIKA_API_TOKEN`` is set (the customers' numbers from a file, one per
line); otherwise against the in-process sandbox with 300 made-up customers and a throughput limit
of 100 messages a second, so you can watch the job slow down on 429s instead of failing::

    python examples/python/bulk_send.py --out outcomes.csv
    BOTIKA_API_TOKEN=... python examples/python/bulk_send.py customers.txt --out outcomes.csv

Ctrl-C cancels cleanly: sends under way finish, the customers not yet tried are reported as
``not_attempted``, and the CSV still says which customer ended how.
"""

from __future__ import annotations

import argparse
import csv
import os
from contextlib import ExitStack
from pathlib import Path

import botika
from botika import messages
from botika.testing import Sandbox


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("customers", nargs="?", type=Path, help="a file of phone numbers, one per line")
    parser.add_argument("--out", type=Path, default=Path("outcomes.csv"), help="where to save the outcomes")
    args = parser.parse_args()

    with ExitStack() as stack:
        if os.environ.get("BOTIKA_API_TOKEN"):
            if args.customers is None:
                parser.error("give the file of customers' numbers to send to")
            customers = [line.strip() for line in args.customers.read_text().splitlines() if line.strip()]
            client = stack.enter_context(botika.Client(rate_limit=80))  # stay under your number's limit
        else:
            sandbox = stack.enter_context(Sandbox())
            sandbox.set_rate_limit(100)
            print(f"No BOTIKA_API_TOKEN set: using an in-process sandbox at {sandbox.api_url}")
            customers = [f"+62 812-{i:04d}-{i * 7 % 10000:04d}" for i in range(300)]
            client = stack.enter_context(sandbox.client())

        promo = messages.text("Flash sale today only: 20% off everything. Reply STOP to opt out.")
        job = client.messages.start_bulk(customers, promo, concurrency=32)
        try:
            with job:  # leaving it with an exception (Ctrl-C) cancels the job and waits for it
                for done, _outcome in enumerate(job, start=1):
                    if done % 50 == 0:
                        counts = job.progress()
                        print(f"{done}/{counts.total} done: {counts.sent} sent, {counts.rate_limited} 429s so far")
        except KeyboardInterrupt:
            print("Cancelled: the sends under way finished, the rest were not attempted")
        report = job.result()

    with args.out.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["index", "to", "status", "message_id", "error", "may_have_been_sent"])
        for outcome in report.outcomes:
            error = outcome.error
            writer.writerow([
                outcome.index,
                outcome.to,
                outcome.status,
                outcome.id or "",
                "" if error is None else f"{error.code}: {error.message}",
                "" if error is None else error.may_have_been_sent,
            ])
    counts = report.counts
    print(
        f"{counts.sent} sent, {counts.failed} failed, {counts.unknown} unknown (check before resending), "
        f"{counts.not_attempted} not attempted; {counts.rate_limited} 429s slowed the job. Outcomes in {args.out}"
    )


if __name__ == "__main__":
    main()
