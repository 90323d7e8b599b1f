"""The server log holds problems, not libraries' progress notes: a PDF export leaves no fontTools INFO line."""
from harness import Server, map_frame


def test_a_pdf_export_leaves_no_library_info_lines_in_the_server_log(page, tmp_path):
    server = Server(log_dir=tmp_path)  # a log of its own, so only this test's requests are in it
    try:
        page.goto(server.url)
        map_frame(page).wait_for_function("document.querySelectorAll('[data-place]').length > 0")
        page.get_by_text("Export for a briefing").click()
        with page.expect_download(timeout=120_000) as download:
            page.locator(".st-key-export-pdf button").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF")
    finally:
        server.stop()
    log = server.log()
    assert "fontTools" not in log, log
    assert [line for line in log.splitlines() if " INFO " in line] == []
