"""The app as `dev.py run` starts it listens on this machine only and looks nothing up outside it."""
import socket
import subprocess
import sys
import time
import urllib.request

from liveapp import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> set[str]:
    """Local addresses of the sockets listening on `port`, from the kernel's own tables."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with open(table) as rows:
            next(rows)
            for row in rows:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address if len(address) == width else "?")
    return found


def test_the_app_listens_on_loopback_only_and_asks_no_outside_service(tmp_path):
    port = _free_port()
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                                  cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    assert response.read() == b"ok"
                    break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert _listening(port) == {"0100007F"}  # 127.0.0.1, and no 0.0.0.0 or :: socket beside it
        text = log.read_text()
        assert f"URL: http://127.0.0.1:{port}" in text
        assert "Network URL" not in text and "External URL" not in text  # no lookup of the outside address
    finally:
        server.terminate()
        server.wait(timeout=20)
