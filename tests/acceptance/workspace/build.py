"""Build the binary assets of the acceptance-test workspace (Harbor Labs / Tidewater).

Writes:
  corpus/sales/tidewater-gulf-coast-deck.pptx   6 slides: table, grouped shape, speaker notes
  corpus/cs/dispatch-go-live-playbook.docx       headings, paragraphs, a table

The output is deterministic: fixed document properties and fixed zip timestamps,
so re-running the script gives byte-identical files.

    /work/main/.venv/bin/python tests/acceptance/workspace/build.py
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches, Pt

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2025, 3, 2, 9, 0, 0)
ZIP_TIME = (2025, 3, 2, 9, 0, 0)


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite an OOXML package with fixed timestamps and a stable entry order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _set_core(props, title: str) -> None:
    props.title = title
    props.author = "Harbor Labs"
    props.last_modified_by = "Harbor Labs"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1


# --------------------------------------------------------------------------- PPTX

def _title_and_bullets(prs, title: str, bullets: list[str], notes: str | None = None):
    slide = prs.slides.add_slide(prs.slide_layouts[1])  # Title and Content
    slide.shapes.title.text = title
    body = slide.placeholders[1].text_frame
    body.text = bullets[0]
    for line in bullets[1:]:
        body.add_paragraph().text = line
    if notes:
        slide.notes_slide.notes_text_frame.text = notes
    return slide


def build_deck(path: Path) -> None:
    prs = Presentation()  # default 10 x 7.5 in

    # Slide 1 - title
    s1 = prs.slides.add_slide(prs.slide_layouts[0])
    s1.shapes.title.text = "Tidewater for Gulf Coast Comfort"
    s1.placeholders[1].text = "Dispatch, fix and renew from one platform - Harbor Labs, March 2026"
    s1.notes_slide.notes_text_frame.text = (
        "Open with their situation: 140 technicians, three dispatchers, a whiteboard "
        "and a shared inbox. Ask Marcus what a bad Monday looks like."
    )

    # Slide 2 - what we heard (longer term "first-time fix rate" contains variant "fix rate")
    _title_and_bullets(
        prs,
        "What we heard from your team",
        [
            "Dispatchers rebuild tomorrow's schedule by hand every afternoon",
            "Second trips for missing parts drag down your first-time fix rate",
            "Service agreement renewals depend on one person remembering to call",
        ],
        notes="Read these back in their words and ask which one costs them the most.",
    )

    # Slide 3 - before/after table (variant "Maintenance plans" in a table cell)
    s3 = prs.slides.add_slide(prs.slide_layouts[5])  # Title Only
    s3.shapes.title.text = "Before and after Tidewater"
    rows = [
        ("", "Today", "With Tidewater"),
        ("Scheduling", "Whiteboard and group texts", "Dispatch Board suggests the best technician by skill, zone and drive time"),
        ("Parts", "Second trips for missing parts", "Truck stock and equipment history in the Field App before the technician leaves"),
        ("Renewals", "Calls from a spreadsheet when someone remembers", "Maintenance plans renew automatically before the season starts"),
        ("Invoicing", "Carbon copies re-keyed on Monday", "Invoices synced to QuickBooks the same day"),
    ]
    table_shape = s3.shapes.add_table(
        len(rows), 3, Inches(0.4), Inches(1.5), Inches(9.2), Inches(5.0)
    )
    table_shape.name = "Before After Table"
    table = table_shape.table
    table.columns[0].width = Inches(1.6)
    table.columns[1].width = Inches(3.3)
    table.columns[2].width = Inches(4.3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(14)
    s3.notes_slide.notes_text_frame.text = (
        "Walk the table row by row; let them correct the Today column."
    )

    # Slide 4 - recurring revenue (conflicting renewal number; variant in speaker notes)
    _title_and_bullets(
        prs,
        "Recurring revenue on autopilot",
        [
            "Seasonal tune-ups booked before the first heat wave",
            "Service agreement renewals up 45% in the first year",
            "Every closed work order invoiced and synced to QuickBooks the same day",
        ],
        notes=(
            "Demo the mobile app in airplane mode: close a work order offline, "
            "reconnect, and show the invoice arrive in QuickBooks."
        ),
    )

    # Slide 5 - switching plan as a grouped shape (casing error inside the group)
    s5 = prs.slides.add_slide(prs.slide_layouts[5])
    s5.shapes.title.text = "Switching is a project, not a leap"
    group = s5.shapes.add_group_shape()
    group.name = "Switch Plan Group"
    steps = [
        "Step 1: Import customers, equipment and open work orders from Servicetitan",
        "Step 2: Load your price book and set up zones on the Dispatch Board",
        "Step 3: Train every technician on the Field App with ride-alongs",
    ]
    for i, text in enumerate(steps):
        box = group.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE,
            Inches(0.4 + i * 3.1), Inches(2.2), Inches(2.9), Inches(2.8),
        )
        box.name = f"Switch Step {i + 1}"
        box.text_frame.word_wrap = True
        box.text_frame.text = text
        for para in box.text_frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(16)
    s5.notes_slide.notes_text_frame.text = (
        "Our migration team runs the import; the customer owns the price book review."
    )

    # Slide 6 - next step
    _title_and_bullets(
        prs,
        "Next step",
        [
            "Book a 45-minute dispatch workshop on Thursday, March 12 at 10:00 a.m. Central",
            "Bring your dispatch lead and one real day of work orders",
            "We rebuild that day on the Dispatch Board, live",
        ],
        notes="Confirm the date before leaving the room and send the invite the same day.",
    )

    _set_core(prs.core_properties, "Tidewater for Gulf Coast Comfort")
    buf = io.BytesIO()
    prs.save(buf)
    path.write_bytes(_normalise_zip(buf.getvalue()))


# --------------------------------------------------------------------------- DOCX

def build_playbook(path: Path) -> None:
    doc = Document()
    # document.paragraphs index (1-based) noted on the right
    doc.add_heading("Dispatch Go-Live Playbook", level=0)  # 1
    doc.add_paragraph(  # 2
        "Audience: Harbor Labs customer success managers onboarding a new Tidewater "
        "customer. Use this playbook in the two weeks before the dispatch team switches "
        "to Tidewater."
    )
    doc.add_heading("1. Prepare the dispatch team", level=1)  # 3
    doc.add_paragraph(  # 4
        "Before the first training session, confirm that every technician has a user "
        "account, a skill profile and a home zone. Missing skills are the most common "
        "reason the Dispatch Board suggests the wrong technician."
    )
    doc.add_paragraph(  # 5 - variant "schedule board"
        "Walk the dispatch lead through a real day: open the schedule board, filter by "
        "zone, and drag two jobs between technicians so the changes appear in the Field App."
    )
    doc.add_heading("2. Prepare the technicians", level=1)  # 6
    doc.add_paragraph(  # 7 - semantic variant "job sheet" (= work order)
        "Technicians close every job with a digital job sheet: the work performed, parts "
        "used, photos and the customer's signature, all captured in the Field App before "
        "they leave the driveway."
    )
    doc.add_paragraph(  # 8 - substring trap: "technology"
        "Some crews are wary of new technology. Pair each crew with a champion technician "
        "who has already used the Field App for a full week."
    )
    doc.add_heading("3. Go-live checklist", level=1)  # 9
    doc.add_paragraph(  # 10
        "Review this checklist with the operations director on the Friday before go-live."
    )
    rows = [
        ("Item", "Owner", "Done when"),
        ("Price book imported", "Customer success manager", "Every flat-rate task has a price"),
        ("QuickBooks connected", "Customer finance lead", "A test invoice has synced"),
        ("Dispatch Board zones set", "Dispatch lead", "Every technician has a home zone"),
        ("Field App installed", "Technicians", "Every technician has signed in once"),
    ]
    table = doc.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.add_heading("4. Measure the first month", level=1)  # 11
    doc.add_paragraph(  # 12 - longer term "first-time fix rate" contains variant "fix rate"
        "Track the first-time fix rate and the number of work orders per technician per "
        "day every week, and share both with the operations director at the weekly check-in."
    )
    doc.add_heading("Next step", level=1)  # 13
    doc.add_paragraph(  # 14 - concrete next step
        "Schedule the go-live call with the operations director for 8:00 a.m. local time "
        "on the Monday of go-live week, and send the agenda from this playbook 48 hours before."
    )

    _set_core(doc.core_properties, "Dispatch Go-Live Playbook")
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_normalise_zip(buf.getvalue()))


def main() -> None:
    build_deck(HERE / "corpus" / "sales" / "tidewater-gulf-coast-deck.pptx")
    build_playbook(HERE / "corpus" / "cs" / "dispatch-go-live-playbook.docx")


if __name__ == "__main__":
    main()
