"""The bundled edition's notes carry the editorial corrections of issue 14."""

from __future__ import annotations

from pathlib import Path

import yaml

CONTENT = Path(__file__).parent.parent / "content"
SIDECAR = CONTENT / "articles" / "us-leaves-door-ajar.annotations.yaml"

DEAD_LINKS = [
    "e-ring.foreignpolicy.com",
    "christianpost.com",
    "politico.com/blogs/politico44",
    "acronym.org.uk",
    "news24.com",
]


def notes() -> dict[str, dict]:
    data = yaml.safe_load(SIDECAR.read_text(encoding="utf-8"))
    return {a["id"]: a for a in data["annotations"] if "id" in a}


def note_text(note_id: str) -> str:
    """The note as one line, so that a phrase may cross the YAML's line breaks."""
    return " ".join(notes()[note_id]["note"].split())


def definition(entry_id: str) -> str:
    entry = yaml.safe_load((CONTENT / "glossary" / f"{entry_id}.yaml").read_text(encoding="utf-8"))
    return " ".join(entry["definition"].split())


def test_no_dead_links_remain_in_content() -> None:
    for path in sorted(CONTENT.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for link in DEAD_LINKS:
                assert link not in text, f"{link} still in {path.relative_to(CONTENT)}"


def test_japan_radar_was_announced_by_panetta_in_2012() -> None:
    text = note_text("asia-pacific-missile-defence")
    assert "Panetta" in text
    assert "17 September 2012" in text
    assert "previously announced" in text


def test_rodman_meeting_was_reported_on_the_day() -> None:
    note = notes()["rodman-last-month"]
    assert "from 1 March" not in note_text("rodman-last-month")
    assert "the same day" in note_text("rodman-last-month")
    assert note["verdict"] == "mostly-accurate"


def test_kaesong_workers_withdrawn_8_april_and_absent_from_9_april() -> None:
    text = definition("kaesong-industrial-region")
    assert "8 April" in text
    assert "9 April" in text


def test_armistice_signed_by_harrison_and_nam_il() -> None:
    text = definition("korean-armistice-agreement")
    assert "signed by the senior delegates, Lt Gen William K. Harrison Jr." in text
    assert "Gen Nam Il" in text
    assert "countersigned" in text
    for commander, place in [("Clark", "Munsan-ni"), ("Kim Il-sung", "Pyongyang")]:
        assert f"{commander} at {place}" in text or f"{commander} in {place}" in text
    assert "Peng Dehuai in Kaesong" in text


def test_one_sided_or_thin_notes_have_the_added_point() -> None:
    added = {
        "deliberately-fuelled": ["playbook", "very strong signal", "George Little"],
        "alaska-interceptors": ["Bush administration", "cut to 30"],
        "verification-2008": ["never agreed", "heavy fuel oil"],
        "obama-never-restart": ["New York", "Geneva", "exploratory"],
        "kerry-gambit": ["Senate Foreign Relations Committee on 18 April 2013"],
        "pivot-china": ["paraphrase"],
    }
    for note_id, phrases in added.items():
        text = note_text(note_id)
        for phrase in phrases:
            assert phrase in text, f"{note_id} lacks {phrase!r}"


def test_pivot_china_does_not_quote_the_paraphrase() -> None:
    assert '"more interest' not in note_text("pivot-china")
