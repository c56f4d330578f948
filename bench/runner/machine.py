"""A description of the machine and of every piece of software measured, for RESULTS.md."""

import json
import os
import platform
import re
import subprocess

from contenders import BENCH, VENV_PYTHON


def output(argv):
    """What a command prints (stdout, else stderr), first line; "not found" if it cannot run."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except OSError:
        return "not found"
    text = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return text[0] if text else "?"


def cpu_model():
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def memory_gib():
    with open("/proc/meminfo") as info:
        kib = int(re.search(r"MemTotal:\s+(\d+)", info.read()).group(1))
    return kib / 1024 / 1024


def python_package_version(name):
    code = f"import importlib.metadata as m; print(m.version({name!r}))"
    return output([str(VENV_PYTHON), "-c", code])


def cargo_lock_version(name):
    lock = BENCH / "rust" / "Cargo.lock"
    if not lock.exists():
        return "?"
    found = re.search(rf'name = "{name}"\nversion = "([^"]+)"', lock.read_text())
    return found.group(1) if found else "?"


def npm_version(package_json):
    try:
        return json.loads(package_json.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "not installed"


def git_state():
    head = output(["git", "-C", str(BENCH.parent), "rev-parse", "--short", "HEAD"])
    dirty = output(["git", "-C", str(BENCH.parent), "status", "--porcelain", "--", "crates", "bindings", "python", "node"])
    return head + (" plus uncommitted changes in crates/, bindings/, python/ or node/" if dirty not in ("?", "") else "")


def describe(nginx_version):
    """(name, value) pairs: the machine, then the toolchains, then each peer's version."""
    return [
        ("CPU", f"{cpu_model()}, {os.cpu_count()} cores"),
        ("Memory", f"{memory_gib():.1f} GiB"),
        ("Kernel", f"{platform.system()} {platform.release()}"),
        ("Code measured", git_state()),
        ("Rust", output(["rustc", "--version"])),
        ("Python", output([str(VENV_PYTHON), "--version"])),
        ("Node", output(["node", "--version"]) + f" (built-in fetch: undici {output(['node', '-p', 'process.versions.undici'])})"),
        ("reqwest / tokio", f"{cargo_lock_version('reqwest')} / {cargo_lock_version('tokio')}"),
        ("requests / httpx / aiohttp", " / ".join(python_package_version(p) for p in ("requests", "httpx", "aiohttp"))),
        ("undici", npm_version(BENCH / "node" / "node_modules" / "undici" / "package.json")),
        ("nginx", nginx_version),
        ("wrk", output(["wrk", "-v"])),
    ]
