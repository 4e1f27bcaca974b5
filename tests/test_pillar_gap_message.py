"""NA002's message: the channel's number is a least, and every count reads right in the singular and plural."""

from __future__ import annotations

import pytest

from msgalign.rules.narrative import gap_message


@pytest.mark.parametrize(("carried", "expected", "missing", "message"), [
    ([], 1, ["Live in days"], "This website asset carries none of the narrative's pillars; its channel asks for "
                              "at least one pillar. It comes closest to 'Live in days'."),
    (["One set of numbers"], 2, ["Live in days", "Plays"],
     "This deck asset carries one pillar ('One set of numbers'); its channel asks for at least 2 pillars. "
     "Of the others it comes closest to 'Live in days'."),
    ([], 2, ["Live in days", "Plays", "Numbers"],
     "This deck asset carries none of the narrative's pillars; its channel asks for at least 2 pillars. "
     "It comes closest to 'Live in days' and 'Plays'."),
    (["Plays", "Numbers"], 3, ["Live in days"],
     "This deck asset carries 2 pillars ('Plays' and 'Numbers'); its channel asks for at least 3 pillars. "
     "Of the others it comes closest to 'Live in days'."),
])
def test_the_message_says_at_least(carried: list[str], expected: int, missing: list[str], message: str) -> None:
    channel = "website" if expected == 1 else "deck"
    assert gap_message(channel, carried, expected, missing) == message
