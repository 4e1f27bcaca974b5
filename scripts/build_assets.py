"""Build the binary example assets (PPTX, DOCX, PDF) of the Northwind workspace.

The example corpus under corpus/ is mostly text (Markdown, HTML, plain text),
which lives in git as written. The three office formats are generated here so
that their content stays reviewable in a diff of this file. Run it from the
repository root after changing any slide, paragraph or page:

    .venv/bin/python scripts/build_assets.py

Output is deterministic: core properties carry fixed dates and authors, and the
ZIP containers (PPTX, DOCX) are rewritten with fixed timestamps and a fixed
member order, so re-running the script gives byte-identical files.

Every planted drift item in these files is listed in docs/planted-drift.md;
if you move text around, update the slide, shape or paragraph numbers there.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt
from fpdf import FPDF
from pptx import Presentation
from pptx.util import Emu, Inches
from pptx.util import Pt as PptPt

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

FIXED_DATE = dt.datetime(2025, 4, 1, 9, 0, 0)
FIXED_ZIP_TIME = (2025, 4, 1, 9, 0, 0)
AUTHOR = "Northwind Product Marketing"


# --------------------------------------------------------------------------
# Deterministic ZIP containers
# --------------------------------------------------------------------------


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite an OOXML package with fixed timestamps so builds are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        # [Content_Types].xml must stay the first member of an OOXML package.
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def _save_zip_document(doc: object, path: Path) -> None:
    buffer = io.BytesIO()
    doc.save(buffer)  # type: ignore[attr-defined]
    path.write_bytes(_normalise_zip(buffer.getvalue()))


def _set_core_properties(props: object, title: str, subject: str) -> None:
    props.author = AUTHOR  # type: ignore[attr-defined]
    props.last_modified_by = AUTHOR  # type: ignore[attr-defined]
    props.title = title  # type: ignore[attr-defined]
    props.subject = subject  # type: ignore[attr-defined]
    props.created = FIXED_DATE  # type: ignore[attr-defined]
    props.modified = FIXED_DATE  # type: ignore[attr-defined]
    props.last_printed = FIXED_DATE  # type: ignore[attr-defined]
    props.revision = 1  # type: ignore[attr-defined]


# --------------------------------------------------------------------------
# Sales deck (PPTX)
# --------------------------------------------------------------------------

# (title, bullets, notes). Slide numbers are 1-based in docs/planted-drift.md.
DECK_BULLET_SLIDES: dict[int, tuple[str, list[str], str]] = {
    2: (
        "Three teams, three stories",
        [
            "Marketing promises one thing, sales sells another, customer success inherits a third",
            "The CRO walks into every Forecast Call with three different numbers",
            "RevOps spends Mondays reconciling spreadsheets instead of fixing process",
            "Customers repeat their goals to every new person they meet",
        ],
        "Pause here. Ask: how many spreadsheets does RevOps update before the "
        "Forecast Call, and who owns each one?",
    ),
    3: (
        "Meet the revenue hub",
        [
            "One revenue hub for marketing, sales and customer success",
            "One Account Plan per customer, edited by every team",
            "The Revenue Hub's Health Score combines usage, support and relationship data",
            "Stage definitions everyone agreed on, in one place",
        ],
        "Most prospects already pay for two or three revenue hubs. Explain why "
        "this one is shared by all three teams.",
    ),
    7: (
        "Built for every company",
        [
            "From solo founders to Fortune 50 enterprises with 100,000+ employees",
            "Consumer brands, retailers and public-sector agencies all run on Beacon",
            "No team is too small or too big",
        ],
        "",
    ),
    8: (
        "Customer story: Lumen Analytics",
        [
            "Product analytics company, 640 employees, on Salesforce",
            "Forecast Call cut from 2 hours to 30 minutes",
            "Net revenue retention up from 104% to 117% in four quarters",
            "Every CSM starts the week from the Health Score, not a spreadsheet",
        ],
        "Tell the story of the three enterprise accounts whose account "
        "temperature dropped in Q3. Guided Plays saved two of them. Maya "
        "Brennan (CRO) is a reference; ask Priya before you offer the call.",
    ),
    9: (
        "Our vision",
        [
            "Revenue is a team sport",
            "Imagine a world where every team dreams bigger and wins together",
            "A seamless, revolutionary future for go-to-market",
        ],
        "",
    ),
    10: (
        "Life at Northwind",
        [
            "Our new Lisbon office opened in March, with a rooftop terrace over the Tagus",
            "Pastel de nata Fridays are now a company-wide tradition",
            "The summer offsite is a sailing weekend in Cascais",
        ],
        "Optional slide for recruiting events. Skip it in customer meetings.",
    ),
    11: (
        "Next steps",
        [
            "Today: connect a sandbox copy of your CRM (read-only, under 10 minutes)",
            "This week: 45-minute working session with your RevOps lead on stage mapping",
            "Within 10 business days: agree a Mutual Success Plan with owners and a decision date",
            "After signing: your first Pipeline Review in Beacon within 14 days",
        ],
        "Send the Mutual Success Plan template within 24 hours of this meeting "
        "and put the working session on the calendar before you leave the room.",
    ),
}

PROOF_TABLE = [
    ("Metric", "Result", "Time frame"),
    ("Time-to-first-deal", "Cut by 45%", "Two quarters"),
    ("Customers who renew after year one", "94%", "Year one"),
    ("Expansion revenue with Guided Plays", "+18%", "First year"),
    ("Forecast accuracy", "92%", "Two quarters"),
    ("Spreadsheets retired by RevOps", "11 on average", "First 90 days"),
]

HOW_IT_WORKS = [
    ("Step 1 Connect", "1. Connect", "Connect SalesForce or HubSpot in under 10 minutes with a read-only sync."),
    ("Step 2 Detect", "2. Detect", "Beacon watches every account for Signals: usage drops, new stakeholders, "
                                   "Champions who change jobs."),
    ("Step 3 Act", "3. Act", "Each Signal comes with a Guided Play: three to five owned steps with due dates."),
]


def _add_notes(slide: object, text: str) -> None:
    if text:
        slide.notes_slide.notes_text_frame.text = text  # type: ignore[attr-defined]


def _bullet_slide(prs: Presentation, title: str, bullets: list[str], notes: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = title
    body = slide.placeholders[1].text_frame
    body.text = bullets[0]
    for bullet in bullets[1:]:
        body.add_paragraph().text = bullet
    _add_notes(slide, notes)


def build_deck(path: Path) -> None:
    prs = Presentation()
    prs.slide_width = Inches(13.333)
    prs.slide_height = Inches(7.5)
    _set_core_properties(prs.core_properties, "Beacon sales pitch FY25", "Sales deck")

    # 1: title slide
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = "Beacon: one story from first touch to renewal"
    slide.placeholders[1].text = "Northwind | FY25 sales pitch for revenue leaders at B2B SaaS companies"
    _add_notes(
        slide,
        "Open with the CRO's problem, not the product. Ask who runs the "
        "Forecast Call today and how long it takes.",
    )

    for number in (2, 3):
        _bullet_slide(prs, *DECK_BULLET_SLIDES[number])

    # 4: how it works, three text boxes inside one group shape
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "How it works"
    group = slide.shapes.add_group_shape()
    group.name = "How It Works"
    for index, (name, heading, text) in enumerate(HOW_IT_WORKS):
        box = group.shapes.add_textbox(
            Inches(0.8 + index * 4.1), Inches(2.0), Inches(3.7), Inches(3.0)
        )
        box.name = name
        frame = box.text_frame
        frame.word_wrap = True
        frame.text = heading
        frame.paragraphs[0].runs[0].font.bold = True
        frame.paragraphs[0].runs[0].font.size = PptPt(24)
        frame.add_paragraph().text = text
    _add_notes(
        slide,
        "Demo tip: if the sandbox sync finished, show a live Signal from their "
        "own data and open its Guided Play.",
    )

    # 5: proof table
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "What customers see"
    rows, cols = len(PROOF_TABLE), len(PROOF_TABLE[0])
    table_shape = slide.shapes.add_table(
        rows, cols, Inches(0.8), Inches(1.8), Inches(11.7), Emu(Inches(0.6) * rows)
    )
    table_shape.name = "Proof Table"
    for r, row in enumerate(PROOF_TABLE):
        for c, value in enumerate(row):
            table_shape.table.cell(r, c).text = value
    _add_notes(
        slide,
        "Source: FY24 customer benchmark, 120 customers. Read the renewal "
        "number out loud; it is the one CROs remember.",
    )

    # 6: analyst quote, TM005 suppressed by the notes line on purpose
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "What analysts say"
    box = slide.shapes.add_textbox(Inches(0.8), Inches(2.2), Inches(11.7), Inches(2.0))
    box.name = "Analyst Quote"
    box.text_frame.word_wrap = True
    box.text_frame.text = (
        "\u201cNorthwind Beacon is best-in-class for revenue alignment.\u201d "
        "Meridian RevTech Landscape 2024"
    )
    _add_notes(
        slide,
        "msgalign: disable TM005\n"
        "Analyst's exact wording; keep the quote verbatim and cite the report.",
    )

    for number in (7, 8, 9, 10, 11):
        _bullet_slide(prs, *DECK_BULLET_SLIDES[number])

    _save_zip_document(prs, path)


# --------------------------------------------------------------------------
# CS onboarding playbook (DOCX)
# --------------------------------------------------------------------------

# ("h1" | "h2" | "p" | "bullet", text); paragraph indexes are listed in
# docs/planted-drift.md.
ONBOARDING_BLOCKS: list[tuple[str, str]] = [
    ("title", "Beacon onboarding playbook"),
    ("p", "From signature to the first Pipeline Review in Beacon. For Customer Success Managers and onboarding "
          "leads. Owner: Customer Success Operations. Last reviewed April 2025."),
    ("h1", "Why the first 30 days matter"),
    ("p", "Accounts that run their first Pipeline Review in Beacon early renew at a higher rate than accounts that "
          "drift through a long setup. Our job in onboarding is to get the customer's CRO, sales leaders and "
          "Customer Success Managers working from one Revenue Workspace as fast as their data allows."),
    ("p", "The standard for every new account is simple: the customer runs their first Pipeline Review within 30 "
          "days of signing."),
    ("h1", "Roles"),
    ("p", "The onboarding lead owns the Onboarding Plan and the weekly status note. The account executive joins the "
          "kickoff and hands over the Mutual Success Plan, including the Champion, the economic buyer and the "
          "success criteria agreed before signature."),
    ("p", "Client success reps join from week 2 and take over the account at the first Pipeline Review. From then on "
          "they own adoption, the Health Score and the renewal."),
    ("h1", "Before the kickoff"),
    ("bullet", "Read the Mutual Success Plan and the last three call notes in the Account Plan."),
    ("bullet", "Confirm the CRM: Salesforce or Hubspot. Ask for a read-only integration user before the kickoff, not "
               "during it."),
    ("bullet", "Send the kickoff plan template to the customer's RevOps lead two business days before the call."),
    ("h1", "Timeline"),
    ("p", "Use this timeline for Growth and Enterprise accounts. Adjust dates in the Onboarding Plan, never in side "
          "documents."),
    ("table", ""),
    ("h1", "The handover from sales"),
    ("p", "A seamless handover from sales is the first thing a new customer notices. In practice it means three "
          "things: the account executive introduces the Customer Success Manager on a live call, the Mutual Success "
          "Plan is attached to the Account Plan, and every open commitment has an owner and a date."),
    ("h1", "Team news"),
    ("p", "A reminder that the CS team holiday party is on 12 December at the Harbor Street office. There will be a "
          "taco truck, a white-elephant gift swap (20 dollar limit) and karaoke until late. Partners are welcome; "
          "please RSVP to Jana by 1 December."),
    ("h1", "Exit criteria"),
    ("p", "Onboarding is complete when all four are true: the CRM sync has run without errors for seven days, the "
          "stage mapping is signed off by RevOps, at least 80% of sellers have logged in twice, and the first "
          "Pipeline Review has been held in Beacon. Log the date in the Account Plan and book the first Business "
          "Review for day 90."),
]

ONBOARDING_TABLE = [
    ("Week", "Milestone", "Owner", "Exit criteria"),
    ("1", "Kickoff call and CRM connection", "Onboarding lead", "Read-only sync running, Onboarding Plan shared"),
    ("2", "Stage mapping and Health Score inputs", "RevOps + onboarding lead", "Mapping signed off by the customer's "
                                                                               "RevOps lead"),
    ("3", "Guided Plays configured for the top three Signals", "CS rep", "Three plays live with owners"),
    ("4", "First Pipeline Review in Beacon", "Customer's VP Sales", "Review held, notes logged in the Account Plan"),
]


def build_playbook(path: Path) -> None:
    document = Document()
    _set_core_properties(document.core_properties, "Beacon onboarding playbook", "CS playbook")
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    for kind, text in ONBOARDING_BLOCKS:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "h1":
            document.add_heading(text, level=1)
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "table":
            table = document.add_table(rows=len(ONBOARDING_TABLE), cols=len(ONBOARDING_TABLE[0]))
            table.style = "Table Grid"
            for r, row in enumerate(ONBOARDING_TABLE):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            document.add_paragraph(text)
    _save_zip_document(document, path)


# --------------------------------------------------------------------------
# Marketing one-pager (PDF)
# --------------------------------------------------------------------------

ONE_PAGER: list[tuple[str, str]] = [
    ("title", "Beacon by Northwind"),
    ("subtitle", "One story from first touch to renewal"),
    ("p", "Beacon is the revenue-alignment platform for B2B SaaS companies with 200 to 2,000 employees. It gives "
          "marketing, sales and customer success one Revenue Workspace, one set of numbers and a clear next step on "
          "every account."),
    ("h", "The problem"),
    ("p", "Each revenue team keeps its own tools and its own version of the truth. Customers hear three stories, "
          "RevOps reconciles spreadsheets every Monday, and the CRO walks into the Forecast Call with three numbers."),
    ("h", "What Beacon does"),
    ("p", "One shared language. Account Plans, Health Scores and stage definitions live in one place, so a handoff "
          "never starts from zero. Teams cut time-to-first-deal by 23% in two quarters."),
    ("p", "One set of numbers. Pipeline, bookings and renewals are calculated once from your CRM. 94% of customers "
          "renew after year one."),
    ("p", "From insight to action. Beacon spots Signals on every account and pairs each one with a Guided Play. "
          "Guided Plays lift expansion revenue by 35% in the first year."),
    ("p", "Every sales rep gets an account map for each customer, built from the CRM and updated by all three teams."),
    ("h", "Why Beacon"),
    ("p", "Beacon is the industry-leading alignment platform, built on cutting-edge AI and trusted by the most "
          "innovative revenue teams in the world."),
    ("h", "Get started"),
    ("p", "Connect Salesforce or HubSpot in under 10 minutes. Book a 30-minute demo at northwind.example/demo or "
          "email sales@northwind.example, and bring a read-only CRM login: we will show you your own accounts on the "
          "call."),
]


def build_one_pager(path: Path) -> None:
    pdf = FPDF(format="Letter")
    pdf.set_creation_date(FIXED_DATE.replace(tzinfo=dt.UTC))
    pdf.set_author(AUTHOR)
    pdf.set_title("Beacon one-pager")
    pdf.set_creator("scripts/build_assets.py")
    pdf.set_producer("Northwind build_assets")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    for kind, text in ONE_PAGER:
        if kind == "title":
            pdf.set_font("Helvetica", "B", 22)
            pdf.multi_cell(0, 10, text, new_x="LMARGIN", new_y="NEXT")
        elif kind == "subtitle":
            pdf.set_font("Helvetica", "", 14)
            pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif kind == "h":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
    path.write_bytes(bytes(pdf.output()))


def main() -> None:
    targets = {
        CORPUS / "sales" / "beacon-pitch-fy25.pptx": build_deck,
        CORPUS / "cs" / "onboarding-playbook.docx": build_playbook,
        CORPUS / "marketing" / "beacon-one-pager.pdf": build_one_pager,
    }
    for path, build in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        build(path)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
