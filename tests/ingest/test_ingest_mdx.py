"""MDX and real Markdown: JSX prose with exact places, no code, front matter always apart, macros left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import assert_offsets_faithful, block_with, read, source_at, write

from msgalign.errors import ReadError
from msgalign.ingest import Limits, read_document
from msgalign.ingest.mdx import looks_like_prose
from msgalign.types import Block, Directive, Document

PAGE = """\
---
title: Beacon for revenue teams
description: 'One plan for every account, shared by sales and success.'
author: pat_lee
date: 2024-03-30
---
import { Quote, Figure } from '@/components'
import Callout from "../callout.mdx"
export const meta = { section: 'stories' }

# Why teams pick {props.brand} Beacon

<Callout type="note" icon="/img/info.svg">Plans are shared across every team.</Callout>

<Quote
  img="dana.png"
  caption="Dana Ruiz, Head of Revenue Operations"
  quote={"We closed the quarter two weeks early."}
  className="grid gap-6 mb-4"
>

Our forecast finally matched what the field saw.

</Quote>

<Figure src="/img/hub.png" alt="The account plan on one screen" zoomable width={720} />

- First item with a <Badge label="New feature here">fresh</Badge> badge
- Second item {/* a note for editors */} stays whole

<>
  <Card title={`Guided plays for each deal`} href="/plays" />
  <Card title={heading} description={`Open ${name} today`} />
</>

```jsx
<Quote caption="This is code, not prose" />
```

Use `<Quote caption="inline code">` to cite a customer.
"""


def texts(doc: Document) -> list[str]:
    return [block.text for block in doc.blocks]


def source_of(doc: Document, block: Block) -> str:
    """The source text a block spans, from its first to its last character."""
    assert doc.source is not None and block.offsets
    return doc.source.text[block.offsets[0] : block.offsets[-1] + 1]


def at_location(doc: Document, block: Block, needle: str) -> str:
    """The source text at the line and column the block reports for `needle`."""
    start = block.text.index(needle)
    loc = doc.span_location(block, start, start + len(needle))
    assert doc.source is not None and loc.line is not None and loc.column is not None
    line_text = doc.source.text.splitlines()[loc.line - 1]
    assert loc.end_line == loc.line
    assert loc.end_column is not None
    return line_text[loc.column - 1 : loc.end_column - 1]


def test_mdx_page_reads_prose_only(tmp_path: Path) -> None:
    doc = read(tmp_path, "page.mdx", PAGE)
    assert doc.format == "mdx"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Beacon for revenue teams"),
        ("paragraph", "One plan for every account, shared by sales and success."),
        ("heading", "Why teams pick Beacon"),
        ("paragraph", "Plans are shared across every team."),
        ("paragraph", "Dana Ruiz, Head of Revenue Operations"),
        ("quote", "We closed the quarter two weeks early."),
        ("quote", "Our forecast finally matched what the field saw."),
        ("paragraph", "The account plan on one screen"),
        ("list_item", "First item with a fresh badge"),
        ("paragraph", "New feature here"),
        ("list_item", "Second item stays whole"),
        ("paragraph", "Guided plays for each deal"),
        ("paragraph", "Use <Quote caption=\"inline code\"> to cite a customer."),
    ]
    assert_offsets_faithful(doc)
    assert doc.warnings == ()


def test_every_block_maps_to_its_exact_source(tmp_path: Path) -> None:
    doc = read(tmp_path, "page.mdx", PAGE)
    for text in ("Dana Ruiz, Head of Revenue Operations", "We closed the quarter two weeks early.",
                 "The account plan on one screen", "New feature here", "Guided plays for each deal",
                 "Beacon for revenue teams", "One plan for every account, shared by sales and success.",
                 "Plans are shared across every team."):
        block = block_with(doc, text)
        assert source_of(doc, block) == text
        assert at_location(doc, block, text) == text


def test_reported_line_and_column_of_props(tmp_path: Path) -> None:
    doc = read(tmp_path, "page.mdx", PAGE)
    lines = PAGE.splitlines()
    caption = block_with(doc, "Dana Ruiz")
    assert (caption.location.line, caption.location.column) == (17, 12)
    assert lines[16][11:].startswith("Dana Ruiz")
    quote = block_with(doc, "We closed")
    assert (quote.location.line, quote.location.column) == (18, 11)
    title = block_with(doc, "Beacon for revenue teams")
    assert (title.location.line, title.location.column) == (2, 8)
    description = block_with(doc, "One plan")
    assert (description.location.line, description.location.column) == (3, 15)


def test_nothing_of_the_code_leaks(tmp_path: Path) -> None:
    doc = read(tmp_path, "page.mdx", PAGE)
    joined = "\n".join(texts(doc))
    for leak in ("import", "export", "@/components", "props.brand", "className", "grid gap", "icon", "/img/",
                 "dana.png", "zoomable", "720", "note for editors", "heading", "${", "Open", "This is code",
                 "pat_lee", "2024", "section", "<Callout", "<Figure", "={"):
        assert leak not in joined, leak


def test_inline_code_in_mdx_is_kept_and_protected(tmp_path: Path) -> None:
    doc = read(tmp_path, "page.mdx", PAGE)
    block = block_with(doc, "to cite a customer")
    start, end = block.protected[0]
    assert block.text[start:end] == '<Quote caption="inline code">'
    assert source_at(doc, block, start, end) == '<Quote caption="inline code">'


def test_other_front_matter_keys_are_metadata(tmp_path: Path) -> None:
    doc = read(tmp_path, "page.mdx", PAGE)
    assert doc.front_matter["author"] == "pat_lee"
    assert str(doc.front_matter["date"]) == "2024-03-30"
    assert doc.front_matter["title"] == "Beacon for revenue teams"


def test_children_on_the_tag_line_and_nested_components(tmp_path: Path) -> None:
    text = ('<Tabs>\n  <Tab label="Sales reps">\n    Open the plan before each call.\n'
            '    <Note>Every rep <strong>sees</strong> the same numbers.</Note>\n  </Tab>\n</Tabs>\n')
    doc = read(tmp_path, "tabs.mdx", text)
    assert texts(doc) == ["Sales reps", "Open the plan before each call. Every rep sees the same numbers."]
    block = block_with(doc, "Every rep")
    assert at_location(doc, block, "Every rep") == "Every rep"
    assert at_location(doc, block, "same numbers") == "same numbers"
    assert_offsets_faithful(doc)


def test_multi_line_string_props_and_entities(tmp_path: Path) -> None:
    text = '<Banner\n  text="Plan every account\n    in one place &amp; share it"\n  variant="wide"\n/>\n'
    doc = read(tmp_path, "banner.mdx", text)
    assert texts(doc) == ["Plan every account in one place & share it"]
    block = doc.blocks[0]
    assert (block.location.line, block.location.column, block.location.end_line) == (2, 9, 3)
    assert at_location(doc, block, "in one place") == "in one place"
    assert doc.source is not None and block.offsets is not None
    assert doc.source.text.startswith("&amp;", block.offsets[block.text.index("&")])


def test_template_literal_and_js_string_props(tmp_path: Path) -> None:
    text = ("<Stat label={'Hours saved \\'per\\' week'} value={42} />\n\n"
            "<Stat label={`Deals won\nthis quarter`} />\n\n<Stat label={`Won ${count} deals`} />\n\n"
            "<Stat label={labels.first} />\n")
    doc = read(tmp_path, "stats.mdx", text)
    assert texts(doc) == ["Hours saved 'per' week", "Deals won this quarter"]
    first = doc.blocks[0]
    assert at_location(doc, first, "Hours saved") == "Hours saved"
    assert (first.location.line, first.location.column) == (1, 15)
    second = doc.blocks[1]
    assert (second.location.line, second.location.column, second.location.end_line) == (3, 15, 4)


def test_props_that_are_not_prose_are_never_read() -> None:
    for name, value in [("className", "Mixed Case Words Here"), ("href", "Read the plan"), ("type", "note"),
                        ("title", "https://example.com/plan"), ("title", "/docs/plan-guide"),
                        ("caption", "hero-image.png"), ("label", "primary_button"), ("label", "primary"),
                        ("wrapperClass", "flex items-center gap-2"), ("data", "grid grid-cols-2 md:grid-cols-4"),
                        ("css", "color: red; margin: 0;"), ("onClick", "Do the thing now"), ("title", ""),
                        ("title", "1,024"), ("alt", "   ")]:
        assert not looks_like_prose(name, value), (name, value)
    for name, value in [("title", "Heroku"), ("alt", "A chart of weekly wins"), ("caption", "Sam Li, CTO at Acme"),
                        ("quote", "It just works."), ("tooltip", "Shows the plan owner"), ("role", "Head of Sales"),
                        ("headerText", "Plans for every team"), ("title", "Tip: Start small")]:
        assert looks_like_prose(name, value), (name, value)


def test_self_closing_lowercase_and_breaks(tmp_path: Path) -> None:
    text = "Plans stay current.<br/>Owners get alerts.\n\n<img src=\"a.png\" alt=\"A weekly plan review\" />\n"
    doc = read(tmp_path, "breaks.mdx", text)
    assert texts(doc) == ["Plans stay current. Owners get alerts.", "A weekly plan review"]
    assert_offsets_faithful(doc)


def test_opaque_elements_and_fences_inside_components(tmp_path: Path) -> None:
    text = ("<Steps>\n  <Step title=\"Connect your CRM\">\n\n    ```bash\n    <Step title=\"never read\" />\n"
            "    ```\n\n  </Step>\n</Steps>\n\n<pre>Code and <b>markup</b></pre>\n\n"
            "<style>{`.a { color: red }`}</style>\n\nDone.\n")
    doc = read(tmp_path, "steps.mdx", text)
    assert texts(doc) == ["Connect your CRM", "Done."]


def test_indentation_inside_components_is_not_code(tmp_path: Path) -> None:
    text = "<Section>\n\n        Deeply indented prose is still prose in MDX.\n\n</Section>\n"
    doc = read(tmp_path, "indent.mdx", text)
    assert texts(doc) == ["Deeply indented prose is still prose in MDX."]


def test_markdown_indented_code_stays_code(tmp_path: Path) -> None:
    doc = read(tmp_path, "indent.md", "Intro.\n\n    indented code is not prose\n")
    assert texts(doc) == ["Intro."]


def test_mdx_comment_directives(tmp_path: Path) -> None:
    text = "{/* msgalign disable TM001 -- product name in a quote */}\n\nThe revenue hub opens.\n"
    doc = read(tmp_path, "directive.mdx", text)
    assert doc.directives == (Directive(text="disable TM001 -- product name in a quote", line=1),)
    assert texts(doc) == ["The revenue hub opens."]


def test_html_comment_directives_still_work_in_mdx(tmp_path: Path) -> None:
    doc = read(tmp_path, "directive.mdx", "<!-- msgalign off -->\n\nText.\n")
    assert doc.directives == (Directive(text="off", line=1),)


def test_prose_starting_with_import_is_prose(tmp_path: Path) -> None:
    text = "import your contacts first.\n\nexport every report as a sheet.\n"
    for name in ("import.md", "import.mdx"):
        doc = read(tmp_path, name, text)
        assert texts(doc) == ["import your contacts first.", "export every report as a sheet."]


def test_multi_line_import_block(tmp_path: Path) -> None:
    text = "import {\n  Alpha,\n  Beta,\n} from './parts'\n\nexport default function Layout() {}\n\nBody text.\n"
    doc = read(tmp_path, "imports.mdx", text)
    assert texts(doc) == ["Body text."]
    assert doc.blocks[0].location.line == 8


# -- JSX in Markdown ---------------------------------------------------------------------------------


def test_jsx_components_in_markdown(tmp_path: Path) -> None:
    text = ("Intro line.\n\n<Video\n  source={{\n    mp4: 'clips/demo'\n  }}\n  loop={true}\n"
            "  title=\"A short tour of the account plan\"\n/>\n\n<div class=\"note\">HTML is read as prose</div>\n\n"
            "import { Chart } from './chart'\n\nAfter the chart.\n")
    doc = read(tmp_path, "jsx.md", text)
    assert doc.format == "markdown"
    assert texts(doc) == ["Intro line.", "A short tour of the account plan", "HTML is read as prose",
                          "After the chart."]
    block = block_with(doc, "short tour")
    assert (block.location.line, block.location.column) == (8, 10)
    assert source_of(doc, block) == "A short tour of the account plan"


def test_lowercase_html_in_markdown_is_unchanged(tmp_path: Path) -> None:
    doc = read(tmp_path, "html.md", "Press <kbd>Enter</kbd> to <em>save</em>.\n\nSee <b>bold</b> text {here}.\n")
    assert texts(doc) == ["Press Enter to save.", "See bold text {here}."]


# -- front matter ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("bad_line", "reason"), [
    ("date: 2024-31-12", "a date that does not exist"),
    ("\tteam: sales", "tab character"),
    ("subtitle: Pricing: simple and fair", "colon"),
])
def test_invalid_front_matter_is_kept_out_and_warned(tmp_path: Path, bad_line: str, reason: str) -> None:
    text = f"---\ntitle: Plans that ship\nchannel: website\n{bad_line}\n---\n\nThe body starts here.\n"
    doc = read(tmp_path, "broken.md", text)
    assert texts(doc) == ["Plans that ship", "The body starts here."]
    assert doc.blocks[0].location.line == 2
    assert doc.front_matter["channel"] == "website"
    assert len(doc.warnings) == 1
    warning = doc.warnings[0]
    assert warning.startswith("broken.md:4: the front matter")
    assert reason in warning


def test_invalid_front_matter_title_with_a_colon_is_still_prose(tmp_path: Path) -> None:
    doc = read(tmp_path, "colon.mdx", "---\ntitle: Pricing: simple and fair\n---\nBody.\n")
    assert texts(doc) == ["Pricing: simple and fair", "Body."]
    assert source_of(doc, doc.blocks[0]) == "Pricing: simple and fair"
    assert doc.warnings and "colon.mdx:2:" in doc.warnings[0]


def test_front_matter_prose_forms_at_exact_places(tmp_path: Path) -> None:
    text = ('---\ntitle: "Plans \\"that\\" ship"\ndescription: >\n  A folded description\n'
            "  on two lines.\nsummary: not prose\n---\n# Body\n")
    doc = read(tmp_path, "forms.md", text)
    assert texts(doc) == ['Plans "that" ship', "A folded description on two lines.", "Body"]
    title = doc.blocks[0]
    assert (title.location.line, title.location.column) == (2, 9)
    assert at_location(doc, title, "ship") == "ship"
    description = doc.blocks[1]
    assert (description.location.line, description.location.column) == (4, 3)
    assert at_location(doc, description, "on two lines.") == "on two lines."


def test_single_quoted_title_with_doubled_quote(tmp_path: Path) -> None:
    doc = read(tmp_path, "quote.md", "---\ntitle: 'Plan''s owner'\n---\n")
    assert texts(doc) == ["Plan's owner"]
    assert at_location(doc, doc.blocks[0], "owner") == "owner"


def test_title_that_is_not_a_string_is_not_prose(tmp_path: Path) -> None:
    doc = read(tmp_path, "list.md", "---\ntitle:\n  - one\n  - two\ndescription: 42\n---\nBody.\n")
    assert texts(doc) == ["Body."]


def test_team_from_broken_front_matter_still_counts(tmp_path: Path) -> None:
    doc = read(tmp_path, "team.mdx", "---\nteam: sales\ndate: 2024-13-45\n---\nBody.\n")
    assert doc.front_matter == {"team": "sales"}
    assert texts(doc) == ["Body."]


# -- template macros ---------------------------------------------------------------------------------


def test_macros_in_markdown_are_not_prose(tmp_path: Path) -> None:
    text = ("{start_tabs}\n\n{tab|desktop}\n\n1. Open {relative|gear|settings} now.\n\n{!plan-steps.md!}\n\n"
            "{end_tabs}\n\n{{ owner_name }} leads the review.\n\n{% if paid %}Paid plans get alerts.{% endif %}\n\n"
            "{# an editor's note #}\n\n{{< note >}}Shortcode body is prose.{{< /note >}}\n\n"
            "{{% tip %}}Another body.{{% /tip %}}\n\n## Pricing {#pricing}\n")
    for name in ("macros.md", "macros.mdx"):
        doc = read(tmp_path, name, text)
        assert texts(doc) == ["Open now.", "leads the review.", "Paid plans get alerts.", "Shortcode body is prose.",
                              "Another body.", "Pricing"], name
        block = block_with(doc, "Paid plans")
        assert at_location(doc, block, "Paid plans get alerts.") == "Paid plans get alerts."
        assert_offsets_faithful(doc)


def test_a_lone_double_brace_is_text(tmp_path: Path) -> None:
    doc = read(tmp_path, "brace.md", "Use {{ to open a block.\n\nNothing closes it.\n")
    assert texts(doc) == ["Use {{ to open a block.", "Nothing closes it."]


def test_macros_in_html_are_not_prose(tmp_path: Path) -> None:
    text = ('{% extends "base.html" %}\n{% set PAGE_TITLE = "Plans | Beacon" %}\n{% block content %}\n'
            '<h1>{{ _("Plans") }} for teams</h1>\n<p>Every plan has an owner.</p>\n'
            '<img src="{{ static(\'a.png\') }}" alt="">\n{% endblock %}\n')
    doc = read(tmp_path, "page.html", text)
    assert texts(doc) == ["for teams", "Every plan has an owner."]
    block = block_with(doc, "Every plan")
    assert at_location(doc, block, "Every plan") == "Every plan"


# -- broken and hostile MDX --------------------------------------------------------------------------


def test_unclosed_component_is_read_with_a_warning(tmp_path: Path) -> None:
    doc = read(tmp_path, "open.mdx", "Intro.\n\n<Quote caption=\"Ana Ruiz, CFO\">\n\nThe plan paid for itself.\n")
    assert texts(doc) == ["Intro.", "Ana Ruiz, CFO", "The plan paid for itself."]
    assert doc.blocks[-1].kind == "quote"
    assert doc.warnings == ("open.mdx:3: <Quote> is never closed; its content is read as prose",)


def test_broken_tag_and_brace_are_cut_with_warnings(tmp_path: Path) -> None:
    text = "Before.\n\n<Card title=\"Half a tag\n\nAfter the card.\n\nA { that never closes\n\nLast words.\n"
    doc = read(tmp_path, "broken.mdx", text)
    joined = " ".join(texts(doc))
    assert "Before." in joined and "Last words." in joined
    assert "<Card" not in joined and "{" not in joined
    assert any("broken.mdx:3:" in w and "<Card>" in w for w in doc.warnings), doc.warnings
    assert any("'{' is never closed" in w for w in doc.warnings), doc.warnings


def test_stray_closing_tag_is_a_warning(tmp_path: Path) -> None:
    doc = read(tmp_path, "stray.mdx", "Text.\n\n</Quote>\n\nMore.\n")
    assert texts(doc) == ["Text.", "More."]
    assert doc.warnings == ("stray.mdx:3: </Quote> closes a tag that is not open",)


def test_warnings_are_capped(tmp_path: Path) -> None:
    doc = read(tmp_path, "many.mdx", "".join(f"</Tag{i}>\n\n" for i in range(40)))
    assert len(doc.warnings) == 6
    assert "35 more" in doc.warnings[-1]


def test_deep_nesting_is_a_plain_read_error(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.mdx", "<Box>" * 5_000 + "Deep." + "</Box>" * 5_000)
    with pytest.raises(ReadError, match="nested more than 256 levels deep"):
        read_document(path, "deep.mdx")


def test_binary_mdx_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "blob.mdx", bytes(range(256)) * 40)
    with pytest.raises(ReadError):
        read_document(path, "blob.mdx")


def test_many_unclosed_braces_cost_a_read_error_not_hours(tmp_path: Path) -> None:
    path = write(tmp_path, "braces.mdx", "{ `" * 200_000)
    try:
        doc = read_document(path, "braces.mdx", Limits())
    except ReadError as exc:
        assert "unclosed" in exc.reason
    else:
        assert all("{" not in block.text for block in doc.blocks)


def test_crlf_mdx_keeps_positions(tmp_path: Path) -> None:
    text = "---\r\ntitle: Plans\r\n---\r\n<Note\r\n  text=\"Owners see alerts\"\r\n/>\r\n\r\nBody words.\r\n"
    doc = read(tmp_path, "crlf.mdx", text)
    assert texts(doc) == ["Plans", "Owners see alerts", "Body words."]
    assert [(b.location.line, b.location.column) for b in doc.blocks] == [(2, 8), (5, 9), (8, 1)]
    assert_offsets_faithful(doc)


def test_front_matter_without_a_closing_line_ends_at_a_blank_line(tmp_path: Path) -> None:
    doc = read(tmp_path, "open.md", "---\ntitle: Plans that ship\nteam: sales\n\nThe body starts here.\n")
    assert texts(doc) == ["Plans that ship", "The body starts here."]
    assert doc.front_matter == {"title": "Plans that ship", "team": "sales"}
    assert doc.warnings and doc.warnings[0].startswith("open.md:1: the front matter")
    assert "no closing --- line" in doc.warnings[0]


def test_engine_tells_reader_warnings_as_notices(tmp_path: Path) -> None:
    from msgalign.engine import check
    from msgalign.workspace.config import load_config

    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\n', encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.mdx").write_text("---\ndate: 2024-31-12\n---\n<Note>\n\nText.\n", encoding="utf-8")
    notices: list[str] = []
    report, docs = check([], load_config(tmp_path / "msgalign.toml"), select_=["TM001"], notice=notices.append)
    assert [b.text for b in docs[0].blocks] == ["Text."]
    assert len(notices) == 2
    assert "a.mdx:2: the front matter" in notices[0] and "a date that does not exist" in notices[0]
    assert "a.mdx:4: <Note> is never closed" in notices[1]


def test_deeply_indented_fence_in_a_component_is_code(tmp_path: Path) -> None:
    text = ("<Tabs>\n  <Tab title=\"Python\">\n    ```python\n    plan = open_plan()\n\n    share(plan)\n    ```\n"
            "  </Tab>\n</Tabs>\n\nAfter the tabs.\n")
    doc = read(tmp_path, "tabs.mdx", text)
    assert texts(doc) == ["Python", "After the tabs."]


def test_exported_function_with_blank_lines_is_one_esm_block(tmp_path: Path) -> None:
    text = ("export const Layout = ({ children }) => {\n  const note = 'a } in a string'\n\n"
            "  return <main>{children}</main>\n}\n\nThe page starts here.\n")
    doc = read(tmp_path, "layout.mdx", text)
    assert texts(doc) == ["The page starts here."]
    assert doc.blocks[0].location.line == 7


def test_export_that_never_closes_is_cut_to_its_paragraph(tmp_path: Path) -> None:
    doc = read(tmp_path, "open.mdx", "export const meta = {\n  a: 1,\n\nThe page still reads.\n")
    assert texts(doc) == ["The page still reads."]
    assert doc.warnings == ("open.mdx:1: an import or export block never closes its brackets; only its first "
                            "paragraph is left out",)
