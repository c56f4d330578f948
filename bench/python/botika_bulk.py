"""botika's bulk send from the sync `Client`: one call sends every message inside Rust."""

from botika_api import bulk_send, client_for, import_botika
from common import TO, emit, parse_args, peak_rss_kb, rss_kb, timed

args = parse_args()
botika = import_botika()
client = client_for(botika.Client, args, rate=args.rate if args.mode == "rate" else None)
send_bulk = bulk_send(client)


def run(n):
    return send_bulk([TO] * n, "Halo!", args.inflight)


if args.mode == "repeat":
    rss, errors = [], 0
    for _ in range(args.runs):
        errors += run(args.n)[0]
        rss.append(rss_kb())
    emit({"runs": args.runs, "n": args.n, "rss_kb": rss, "errors": errors, "peak_rss_kb": peak_rss_kb()})
if args.mode == "conc":
    run(2 * args.inflight)
(errors, first_error), wall, cpu = timed(lambda: run(args.n))
result = {"n": args.n, "wall_s": wall, "per_s": args.n / wall, "cpu_us_per_call": cpu * 1e6 / args.n,
          "errors": errors, "first_error": first_error, "peak_rss_kb": peak_rss_kb()}
if args.mode == "rate":
    result["client_per_s"] = args.n / wall
emit(result)
