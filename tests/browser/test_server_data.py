"""The data a running server shows belongs to the server: a client's "clear cache" over the app's own protocol
does not make it drop and re-read the data for everyone."""
import asyncio
import os

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from harness import Server, run_on_own_thread
from helpers import MINIMAL, copy_companions

pytestmark = pytest.mark.browser


async def _first_run(url: str, then: BackMsg | None = None) -> bytes:
    """Open a session as a page does, run the app once, optionally send one more message; every byte received."""
    received = b""
    async with websockets.connect(url.replace("http://", "ws://", 1) + "_stcore/stream",
                                  subprotocols=["streamlit"], max_size=None) as socket:
        run = BackMsg()
        run.rerun_script.query_string = ""
        run.rerun_script.page_script_hash = ""
        await socket.send(run.SerializeToString())
        while True:
            raw = await asyncio.wait_for(socket.recv(), 120)
            received += raw
            message = ForwardMsg()
            message.ParseFromString(raw)
            if message.WhichOneof("type") == "script_finished":
                break
        if then is not None:
            await socket.send(then.SerializeToString())
            await asyncio.sleep(1)
    return received


def test_a_clients_clear_cache_does_not_reach_the_servers_data(tmp_path):
    copy_companions(tmp_path)
    path = tmp_path / "atlas.geojson"
    path.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    server = Server(data=path)
    try:
        assert b"Test Deposit" in run_on_own_thread(_first_run(server.url))
        # The file changes under the server without a new modification time or size: only a server that threw
        # its data away and read the file again would show the new name.
        stat = path.stat()
        path.write_text(path.read_text(encoding="utf-8").replace("Test Deposit", "Test Depos1t"), encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        clear = BackMsg()
        clear.clear_cache = True
        run_on_own_thread(_first_run(server.url, then=clear))
        after = run_on_own_thread(_first_run(server.url))
        assert b"Test Deposit" in after and b"Test Depos1t" not in after
    finally:
        server.stop()
