"""How the bench scripts reach the botika Python package, and say why when they cannot."""

import pathlib

from common import unavailable

BUILD_NOTE = pathlib.Path(__file__).resolve().parent.parent / ".build" / "python-package.txt"


def import_botika():
    """The installed botika package, or exits with "unavailable" and the reason."""
    try:
        import botika
    except ImportError as error:
        note = BUILD_NOTE.read_text().strip() if BUILD_NOTE.exists() else ""
        unavailable(note or f"import botika failed: {error}")
    return botika


def client_for(client_class, args, rate=None):
    """A client of `client_class` for the bench's origin, limited to `rate` sends per second."""
    return client_class(args.token, base_url=args.url, rate_limit=rate)


def bulk_send(client):
    """The bulk send of `client` (`client.messages.send_bulk`): called with (recipients, body
    text, concurrency), returning how many recipients were not sent and the first error. Exits
    with "unavailable" while the package has none."""
    send_bulk = getattr(client.messages, "send_bulk", None)
    if send_bulk is None:
        unavailable("the Python package has no bulk send yet (looked for client.messages.send_bulk)")

    def run(recipients, text, concurrency):
        message = {"type": "text", "text": {"body": text}}
        report = send_bulk(recipients, message, concurrency=concurrency)
        failed = next((o.error for o in report.outcomes if o.error is not None), None)
        return len(recipients) - report.counts.sent, None if failed is None else str(failed)

    return run
