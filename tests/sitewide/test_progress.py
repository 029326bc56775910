import io

from sitewide.progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_off_a_terminal_one_summary_line_says_how_much_and_how_fast():
    stream = io.StringIO()
    with progress(total=3, what="Copying files", unit="files", stream=stream) as advance:
        for _ in range(3):
            advance()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Copying files: 3 of 3 files in ")
    assert "files/s" in lines[0]


def test_on_a_terminal_the_line_shows_done_total_rate_and_time_left():
    stream = Terminal()
    with progress(total=4, what="Restoring", unit="files", stream=stream) as advance:
        advance(2)
    shown = stream.getvalue()
    assert "Restoring" in shown and "2/4" in shown
    assert "files/s" in shown or "s/ files" in shown
    assert "<" in shown  # elapsed<remaining, tqdm's time left
