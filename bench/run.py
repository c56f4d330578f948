"""`make bench`, after bench/setup/*.sh: starts the origin servers on 127.0.0.1, runs every
measurement, prints the tables and writes bench/RESULTS.md. Standard library only.

Sizes can be changed through the environment (BENCH_ROUNDS, BENCH_SEQ_N, BENCH_CONC_N, ...);
BENCH_QUICK=1 makes every run small, to check the harness (its RESULTS.md is not worth keeping)."""

import os
import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "runner"))

import contenders as who  # noqa: E402
import machine  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402
from origins import TOKEN, Nginx, Sandbox  # noqa: E402

BENCH = who.BENCH
QUICK = os.environ.get("BENCH_QUICK") == "1"


def setting(name, full, quick):
    return type(full)(os.environ.get(f"BENCH_{name}", quick if QUICK else full))


CONFIG = {
    "rounds": setting("ROUNDS", 3, 1),
    "seq_n": setting("SEQ_N", 5000, 300),
    "conc_n": setting("CONC_N", 20000, 1000),
    "inflight": setting("INFLIGHT", 64, 64),
    "repeat_runs": setting("REPEAT_RUNS", 10, 3),
    "repeat_n": setting("REPEAT_N", 2000, 300),
    "webhook_n": setting("WEBHOOK_N", 20000, 2000),
    "import_repeats": setting("IMPORT_REPEATS", 15, 3),
    "wrk_s": setting("WRK_S", 5, 1),
    "rate": setting("RATE", 80.0, 80.0),
    "rate_s": setting("RATE_S", 10, 2),
}


def load():
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def import_commands():
    """(language, label, bare label) → argv: a bare interpreter and one import each."""
    py, node_pkg = str(who.VENV_PYTHON), str(BENCH.parent / "node")
    native = next((BENCH / ".build" / "node").glob("*.node"), None) if (BENCH / ".build" / "node").exists() else None
    require_botika = (f"process.env.NAPI_RS_NATIVE_LIBRARY_PATH={str(native)!r};require({node_pkg!r})"
                      if native else "throw new Error('the release build of the Node package is missing')")
    return [
        (("Python", "python -c pass", "python -c pass"), [py, "-c", "pass"]),
        (("Python", "import httpx", "python -c pass"), [py, "-c", "import httpx"]),
        (("Python", "import botika", "python -c pass"), [py, "-c", "import botika"]),
        (("Node", "node -e 0", "node -e 0"), ["node", "-e", "0"]),
        (("Node", "require('undici')", "node -e 0"), ["node", "-e", "require('undici')"]),
        (("Node", "require('botika')", "node -e 0"), ["node", "-e", require_botika]),
    ]


def imports():
    """Import times; a botika package that was not built is reported with the setup's reason."""
    os.chdir(BENCH / "node")  # so that require('undici') finds bench/node/node_modules
    results = measure.import_times(import_commands(), CONFIG["import_repeats"])
    for key, note in [(("Python", "import botika", "python -c pass"), "python-package.txt"),
                      (("Node", "require('botika')", "node -e 0"), "node-package.txt")]:
        note_file = BENCH / ".build" / note
        if "failed" in results[key] and note_file.exists():
            results[key] = {"unavailable": note_file.read_text().strip().removeprefix("not available yet: ")}
    return results


def main():
    started = time.time()
    data = {"config": CONFIG, "date": time.strftime("%Y-%m-%d %H:%M %Z")}
    load_start = load()
    c = CONFIG
    with Nginx() as nginx, tempfile.TemporaryDirectory(prefix="botika-bench-") as tmp:
        data["machine"] = machine.describe(nginx.version())
        common = ["--url", nginx.url, "--token", TOKEN, "--inflight", str(c["inflight"])]
        measure.log(f"nginx at {nginx.url}\n== sequential sends")
        data["sequential"] = measure.rounds(who.SEQUENTIAL, [*common, "--mode", "seq", "--n", str(c["seq_n"])], c["rounds"])
        measure.log(f"== {c['conc_n']:,} sends, {c['inflight']} in flight")
        data["wrk"] = measure.wrk(f"{nginx.url}/messages", c["inflight"], c["wrk_s"], c["rounds"], pathlib.Path(tmp))
        data["concurrent"] = measure.rounds(who.CONCURRENT, [*common, "--mode", "conc", "--n", str(c["conc_n"])], c["rounds"])
        measure.log("== memory over repeated runs")
        repeat = [*common, "--mode", "repeat", "--n", str(c["repeat_n"]), "--runs", str(c["repeat_runs"])]
        data["memory"] = {con: measure.run([*con.argv, *measure.scaled(repeat, con)]) for con in who.CONCURRENT}
    measure.log("== webhooks")
    data["webhooks"] = measure.rounds(who.WEBHOOKS, ["--n", str(c["webhook_n"])], c["rounds"])
    measure.log("== import time")
    data["imports"] = imports()
    measure.log("== rate-limit precision (sandbox)")
    with Sandbox(str(who.rust_bin_dir() / "botika-sandbox")) as sandbox:
        data["rate"] = {}
        for con in who.RATE:
            data["rate"][con] = result = measure.rate_run(con, sandbox, c["rate"], c["rate_s"], c["inflight"])
            measure.log(f"  {con.lang:6} {con.label}: {result.get('sandbox_per_s') or report.why_not(result)}")
    data["load"] = (load_start, load())
    data["duration_s"] = time.time() - started
    notes_file = BENCH / "notes.md"
    text = report.render(data, notes_file.read_text() if notes_file.exists() else "")
    print(text)
    out = pathlib.Path(os.environ.get("BENCH_RESULTS", BENCH / "RESULTS.md"))
    out.write_text(text)
    measure.log(f"written to {out}")


if __name__ == "__main__":
    main()
