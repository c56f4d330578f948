"""The origin servers, each started on 127.0.0.1 with a port from the OS and stopped on exit:
nginx answering every send with the documented JSON, and the botika sandbox."""

import json
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
TOKEN = "bench-token"
# Botika's API lives under this path of the sandbox's address (api/openapi.yaml, servers).
API_PREFIX = "/api/whatsapp/v1"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Nginx:
    """nginx with bench/runner/nginx.conf, its files in a temporary directory."""

    def __enter__(self):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.dir = tempfile.TemporaryDirectory(prefix="botika-bench-nginx-")
        prefix = pathlib.Path(self.dir.name)
        template = (HERE / "nginx.conf").read_text()
        # The port is free when picked, but something may take it before nginx binds: retry.
        for _ in range(5):
            self.port = free_port()
            conf = template.replace("{{PREFIX}}", str(prefix)).replace("{{PORT}}", str(self.port))
            (prefix / "nginx.conf").write_text(conf)
            self.process = subprocess.Popen(
                [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if wait_for_port(self.port, self.process):
                self.url = f"http://127.0.0.1:{self.port}"
                return self
            stop(self.process)
        raise RuntimeError(f"nginx did not start: {(prefix / 'error.log').read_text()[-500:]}")

    def version(self):
        out = subprocess.run([shutil.which("nginx") or "/usr/sbin/nginx", "-v"], capture_output=True, text=True)
        return out.stderr.strip().removeprefix("nginx version: ")

    def __exit__(self, *exc):
        stop(self.process)
        self.dir.cleanup()


class Sandbox:
    """The `botika-sandbox` binary: `--port 0`; the first line it prints is its address."""

    def __init__(self, binary):
        self.binary = binary

    def __enter__(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", "0", "--token", TOKEN, "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.origin = self.process.stdout.readline().strip()
        if not self.origin.startswith("http://"):
            stop(self.process)
            raise RuntimeError("the sandbox printed no address")
        self.url = self.origin + API_PREFIX
        return self

    def __exit__(self, *exc):
        stop(self.process)
        self.process.stdout.close()

    def control(self, method, path, body=None):
        """Calls the sandbox's control API (`/_sandbox/...`) and returns its JSON answer."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.origin + "/_sandbox" + path, data=data, method=method,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
