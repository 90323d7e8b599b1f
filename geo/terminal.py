"""Lines for a terminal: what the command lines print from data files stays text, never a control sequence.

A field name or a value can hold an escape sequence (clear the screen, retitle the window, hide the rest of the
line); each control character is shown as its \\x code instead, so one problem is always one visible line.
"""
from __future__ import annotations

import re
from typing import Iterable

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def terminal_text(text: object) -> str:
    """`text` with every control character written as its code: '\\x1b[2J' prints as the six characters shown."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        str(text))


def print_lines(lines: Iterable[object], file=None) -> None:
    """Each item on its own line, as terminal text."""
    print("\n".join(terminal_text(line) for line in lines), file=file)


def print_outcome(problems: Iterable[object], passed: Iterable[object]) -> int:
    """A check's outcome: one line per problem and exit status 1, or the lines saying what passed and 0."""
    problems = list(problems)
    print_lines(problems or passed)
    return 1 if problems else 0
