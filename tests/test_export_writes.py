"""`python -m geo.export` as a user runs it, on a disk that fills up mid-write: the file already there survives."""
import resource
import signal
import subprocess
import sys

import pytest

from helpers import ROOT

LIMIT = 16_000  # bytes the command may write to any one file: less than each export, more than nothing


def _small_disk():
    """In the command's process: files stop growing at LIMIT bytes, and writing past it is an error, not a kill."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.parametrize("kind", ["csv", "geojson", "html", "png", "pdf"])
def test_a_write_that_fails_leaves_the_old_file_whole_and_says_why(kind, tmp_path):
    output = tmp_path / f"places.{kind}"
    good = "the briefing's export from yesterday\n" * 10
    output.write_text(good, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "geo.export", "--format", kind, "-o", str(output)], cwd=ROOT,
                          capture_output=True, text=True, preexec_fn=_small_disk, timeout=300)
    assert done.returncode == 1
    assert done.stderr == f"python -m geo.export: error: cannot write {output}: File too large\n"
    assert output.read_text(encoding="utf-8") == good
    assert [p.name for p in tmp_path.iterdir()] == [output.name]  # no half-written file left beside it


def test_a_write_that_succeeds_replaces_the_file(tmp_path):
    output = tmp_path / "places.csv"
    output.write_text("old\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "geo.export", "--format", "csv", "-o", str(output)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stderr) == (0, "")
    assert output.read_text(encoding="utf-8-sig").startswith('"id","name"')
    assert [p.name for p in tmp_path.iterdir()] == [output.name]
