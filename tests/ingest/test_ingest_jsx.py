"""TSX/JSX pages: the copy a visitor reads, at its exact place; no code; broken or huge files are notices."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ingest_helpers import block_with, read, source_at

from msgalign.errors import ReadError
from msgalign.ingest import Limits
from msgalign.ingest.props import code_name, prose_name
from msgalign.types import Block, Document

PAGE = """\
import { FunctionComponent } from 'react'
import Link from 'next/link'
import { Hero, Layout, Blockquote, StatGrid } from '@components'

type StoryProps = { heading: string; tone?: 'calm' | "loud" }

const stats = [
    {
        label: <h3 className="text-4xl font-bold">3 weeks</h3>,
        description: 'Brightpath rolled the plan out to every region in under a month.',
        href: '/stories/brightpath',
    },
    { label: 'Fast', description: `Reps open one shared plan before each call.`, icon: 'clock' },
]

export const metadata = {
    title: 'Brightpath plans every account with Beacon',
    description: "How one revenue team keeps sales and success on the same page.",
    openGraph: { title: 'Brightpath plans every account with Beacon', images: ['/og/brightpath.png'] },
}

export const Story: FunctionComponent<StoryProps> = ({ heading }) => {
    // msgalign disable TM001 -- the customer spells it this way
    const greeting = `Hello ${heading}, this is not copy`
    return (
        <Layout
            hero={<Hero title={'Brightpath plans every \\n account with Beacon'} variant="dark" />}
            className="bg-white py-8"
        >
            <p className="mt-4 text-lg">
                <span className="font-bold">Before Beacon, </span>
                each team kept its own notes, and the handoff lost&nbsp;half of them. The{' '}
                <Link href="/blog/handoffs">handoff report</Link>
                {'. '}
                Nobody trusted it.
            </p>
            <h2 id="results">What changed</h2>
            <StatGrid items={stats} />
            <Blockquote
                quote="We stopped arguing about whose numbers were right."
                author="Mara Quist, VP of Revenue at Brightpath"
                logo={{ src: '/logos/brightpath.svg', alt: 'Brightpath' }}
            />
            <img src="/img/plan.png" alt="The shared account plan on one screen" width={640} />
            <button onClick={() => track('Clicked the plan button')}>Save</button>
            <pre>{`const plan = loadPlan()`}</pre>
            {regions.map((region) => (
                <li key={region.id}>{region.name}</li>
            ))}
            <p>
                Run <code>beacon sync</code> once a week.
            </p>
            {/* msgalign off */}
        </Layout>
    )
}

export default Story
"""


def blocks(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def assert_offsets_faithful(doc: Document) -> None:
    """Every character maps back to itself; a decoded escape or reference points at its `\\` or `&`."""
    assert doc.source is not None
    text = doc.source.text
    for block in doc.blocks:
        assert block.offsets is not None and len(block.offsets) == len(block.text), block
        assert list(block.offsets) == sorted(block.offsets), block
        for char, offset in zip(block.text, block.offsets, strict=True):
            assert 0 <= offset < len(text)
            if char.isspace():
                assert text[offset].isspace() or text[offset] in "&\\", (block, offset)
            else:
                assert text[offset] == char or text[offset] in "&\\", (block, char, offset, text[offset])


def at_location(doc: Document, block: Block, needle: str) -> str:
    """The source text at the line and column the block reports for `needle`."""
    start = block.text.index(needle)
    loc = doc.span_location(block, start, start + len(needle))
    assert doc.source is not None and loc.line is not None and loc.column is not None
    assert loc.end_line == loc.line and loc.end_column is not None
    return doc.source.text.splitlines()[loc.line - 1][loc.column - 1 : loc.end_column - 1]


def test_tsx_page_reads_the_copy_in_reading_order(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.tsx", PAGE)
    assert doc.format == "jsx"
    assert blocks(doc) == [
        ("heading", "Brightpath plans every account with Beacon"),
        ("paragraph", "How one revenue team keeps sales and success on the same page."),
        ("heading", "Brightpath plans every account with Beacon"),
        ("paragraph", "Before Beacon, each team kept its own notes, and the handoff lost half of them. "
                      "The handoff report. Nobody trusted it."),
        ("heading", "What changed"),
        # the `stats` array is read where the page uses it, not where it is declared
        ("heading", "3 weeks"),
        ("paragraph", "Brightpath rolled the plan out to every region in under a month."),
        ("paragraph", "Reps open one shared plan before each call."),
        # a quote component: who speaks comes first, then the words, as a quotation
        ("paragraph", "Mara Quist, VP of Revenue at Brightpath"),
        ("quote", "We stopped arguing about whose numbers were right."),
        ("paragraph", "The shared account plan on one screen"),
        ("paragraph", "Run beacon sync once a week."),
    ]
    assert doc.warnings == ()
    assert_offsets_faithful(doc)
    assert [d.text for d in doc.directives] == ["disable TM001 -- the customer spells it this way", "off"]
    assert [d.line for d in doc.directives] == [23, 53]


def test_nothing_of_the_code_leaks(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.tsx", PAGE)
    joined = "\n".join(b.text for b in doc.blocks)
    for leak in ("import", "export", "react", "@components", "calm", "loud", "text-4xl", "/stories", "clock",
                 "Fast", "/og/", "images", "Hello", "heading", "dark", "bg-white", "font-bold", "/blog", "results",
                 "brightpath.svg", "640", "Clicked", "Save", "loadPlan", "region.", "{", "}", "=", "<", ">", "\\n",
                 "Story", "FunctionComponent"):
        assert leak not in joined, leak


def test_every_block_points_at_its_exact_source(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.tsx", PAGE)
    lines = PAGE.splitlines()
    for needle, line, column in [
        ("Brightpath rolled the plan", 10, 23),
        ("Reps open one shared plan", 13, 36),
        ("How one revenue team", 18, 19),
        ("Mara Quist", 41, 25),
        ("We stopped arguing", 40, 24),
        ("The shared account plan", 44, 43),
        ("What changed", 37, 30),
        ("3 weeks", 9, 51),
    ]:
        block = block_with(doc, needle)
        start = block.text.index(needle)
        loc = doc.span_location(block, start, start + len(needle))
        assert (loc.line, loc.column) == (line, column), needle
        assert lines[line - 1][column - 1 :].startswith(needle)
        assert at_location(doc, block, needle) == needle


def test_text_across_lines_and_inline_elements_maps_to_each_word(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.tsx", PAGE)
    block = block_with(doc, "Before Beacon")
    for needle in ("Before Beacon,", "each team kept", "handoff report", "Nobody trusted it."):
        assert at_location(doc, block, needle) == needle
    start = block.text.index("half")
    assert source_at(doc, block, start - 1, start + 4) == "&nbsp;half"
    # `{'. '}` and `{' '}` are the writer's spaces; a line break and its indent are not a space
    start = block.text.index("report. Nobody")
    assert source_at(doc, block, start + 6, start + 8) == ". "


def test_escapes_in_js_strings_point_at_their_backslash(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.tsx", PAGE)
    hero = doc.blocks[2]
    assert hero.text == "Brightpath plans every account with Beacon"
    assert at_location(doc, hero, "Brightpath plans every") == "Brightpath plans every"
    assert at_location(doc, hero, "account with Beacon") == "account with Beacon"


def test_inline_code_is_kept_and_protected(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.tsx", PAGE)
    block = block_with(doc, "beacon sync")
    start = block.text.index("beacon sync")
    assert block.protected == ((start, start + len("beacon sync")),)


def test_react_whitespace_rules(tmp_path: Path) -> None:
    page = (
        "export const A = () => (\n"
        "  <div>\n"
        "    <p>Plans stay\n"
        "       shared\n"
        "       <a href=\"/x\">across teams</a></p>\n"
        "    <p>Two  spaces stay one</p>\n"
        "    <p>A{\" \"}<b>bold</b> word and <em>more</em> words</p>\n"
        "    <p>\n\n      Blank lines vanish\n\n    </p>\n"
        "  </div>\n"
        ")\n"
    )
    doc = read(tmp_path, "a.jsx", page)
    assert blocks(doc) == [
        ("paragraph", "Plans stay sharedacross teams"),  # React joins a line break before a tag with nothing
        ("paragraph", "Two spaces stay one"),
        ("paragraph", "A bold word and more words"),
        ("paragraph", "Blank lines vanish"),
    ]
    assert_offsets_faithful(doc)


def test_single_words_are_labels_but_single_word_headings_stay(tmp_path: Path) -> None:
    page = ("export default () => <nav><a href='/'>Home</a><button aria-label='Close'>X</button>"
            "<h2>Pricing</h2><Tab label='Overview' /><Tab label='Two words' /></nav>\n")
    doc = read(tmp_path, "nav.tsx", page)
    assert blocks(doc) == [("heading", "Pricing"), ("paragraph", "Two words")]


def test_props_that_are_code_or_not_words_are_never_read(tmp_path: Path) -> None:
    page = """\
export default () => (
  <Card
    className="flex items-center gap-4 md:flex-row"
    href="/pricing"
    variant="primary card"
    title="/docs/getting-started"
    description="https://example.com/a page"
    subtitle={`Hi ${name} there`}
    caption={isNew ? 'badge-new' : formatDate(day)}
    data-track="hero cta click"
    onHover="open the menu"
    style={{ content: 'quoted content here' }}
    quote={'A plain string prop'}
    cardTitle="A title by its last word"
    titleClassName="text-lg font-bold"
  />
)
"""
    doc = read(tmp_path, "card.tsx", page)
    assert blocks(doc) == [("quote", "A plain string prop"), ("paragraph", "A title by its last word")]


def test_prop_names() -> None:
    assert prose_name("heroTitle") and prose_name("cta_label") and prose_name("quote")
    assert not prose_name("titleClassName") and not prose_name("customer") and not prose_name("query")
    assert code_name("className") and code_name("onClick") and code_name("data-id") and code_name("sx")
    assert not code_name("title") and not code_name("aria-label") and not code_name("onboarding")


def test_quote_component_with_children_and_separate_name_and_role(tmp_path: Path) -> None:
    page = """\
export default () => (
  <Testimonial role="Head of Sales" name="Ivo Brandt">
    Beacon gave us one number for the forecast.
  </Testimonial>
)
"""
    doc = read(tmp_path, "t.tsx", page)
    assert blocks(doc) == [("paragraph", "Ivo Brandt"), ("paragraph", "Head of Sales"),
                           ("quote", "Beacon gave us one number for the forecast.")]


def test_testimonials_array_reads_speaker_first(tmp_path: Path) -> None:
    page = """\
const quotes = [{ quote: 'Our renewals stopped surprising us.', author: 'Lena Park', role: 'COO at Fieldline' }]
export default () => <Quotes items={quotes} />
"""
    doc = read(tmp_path, "q.tsx", page)
    assert blocks(doc) == [("paragraph", "Lena Park"), ("paragraph", "COO at Fieldline"),
                           ("quote", "Our renewals stopped surprising us.")]


def test_an_unused_const_is_read_where_it_is(tmp_path: Path) -> None:
    page = "export const faq = [{ question: 'How long does setup take?', answer: 'About one afternoon.' }]\n"
    doc = read(tmp_path, "faq.ts.tsx", page)
    assert blocks(doc) == [("paragraph", "How long does setup take?"), ("paragraph", "About one afternoon.")]


def test_invalid_tsx_is_a_warning_with_its_line_and_the_rest_is_read(tmp_path: Path) -> None:
    page = (
        "export const A = () => <p>The first paragraph is fine.</p>\n"
        "\n"
        "export const B = () => <p>This one never closes\n"
        "const c = <p>Neither does this one {\n"
    )
    doc = read(tmp_path, "broken.tsx", page)
    assert blocks(doc) == [("paragraph", "The first paragraph is fine.")]
    assert doc.warnings and doc.warnings[0].startswith("broken.tsx:3: ")
    assert "not valid TSX or JSX" in doc.warnings[0]


def test_prose_that_is_not_code_at_all_is_a_warning_not_an_error(tmp_path: Path) -> None:
    doc = read(tmp_path, "notes.tsx", "Our plan for the quarter: ship the handoff report.\n")
    assert doc.blocks == ()
    assert doc.warnings and "notes.tsx:1: " in doc.warnings[0]


def test_a_missing_token_is_named(tmp_path: Path) -> None:
    doc = read(tmp_path, "m.tsx", "export const a = f(<p>Words for the page here.</p>;\n")
    assert any("missing" in w for w in doc.warnings), doc.warnings


def test_warnings_are_capped(tmp_path: Path) -> None:
    page = "".join(f"const a{i} = <p>broken {{ here</q>;\n\nlet ok{i} = 1;\n" for i in range(20))
    doc = read(tmp_path, "many.tsx", page)
    assert len(doc.warnings) <= 6


def test_a_huge_page_is_a_plain_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^the page is 0\.0 MB; msgalign reads \.tsx and \.jsx pages up to 0\.0 MB"):
        read(tmp_path, "big.tsx", "export const a = 'x'\n" * 10, limits=Limits(max_jsx_bytes=100))


def test_a_parse_over_the_time_limit_is_a_plain_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^the page took more than 0 seconds to parse"):
        read(tmp_path, "slow.tsx", "export const a = <p>Words here</p>\n", limits=Limits(max_jsx_seconds=0.0))


def test_deep_nesting_is_a_plain_read_error(tmp_path: Path) -> None:
    page = "export const a = " + "<div>" * 300 + "Deep words here" + "</div>" * 300 + "\n"
    with pytest.raises(ReadError, match=r"^the page's elements are nested more than 256 levels deep$"):
        read(tmp_path, "deep.tsx", page)


def test_binary_tsx_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        read(tmp_path, "bin.tsx", b"\x00\x01\x02 export const a = 1" * 50)


def test_non_ascii_keeps_exact_columns(tmp_path: Path) -> None:
    page = "export default () => <p>Café teams 🚀 plan every account — together.</p>\n"
    doc = read(tmp_path, "u.tsx", page)
    block = block_with(doc, "together")
    assert at_location(doc, block, "together.") == "together."
    assert at_location(doc, block, "🚀 plan") == "🚀 plan"
    assert_offsets_faithful(doc)


def test_crlf_page_keeps_positions(tmp_path: Path) -> None:
    page = "export default () => (\r\n  <p>\r\n    Plans stay shared\r\n    across teams.\r\n  </p>\r\n)\r\n"
    doc = read(tmp_path, "crlf.tsx", page)
    assert blocks(doc) == [("paragraph", "Plans stay shared across teams.")]
    block = doc.blocks[0]
    assert at_location(doc, block, "across teams.") == "across teams."
    assert_offsets_faithful(doc)


def test_head_title_and_meta_description(tmp_path: Path) -> None:
    page = """\
import Head from 'next/head'
export default function Page() {
  return (
    <>
      <Head>
        <title>Beacon pricing for revenue teams</title>
        <meta name="description" content="Plans for teams of every size." />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta property="og:image" content="https://example.com/og.png" />
      </Head>
      <main><h1>Pricing</h1><p>Start free, then pay per seat.</p></main>
    </>
  )
}
"""
    doc = read(tmp_path, "pricing.tsx", page)
    assert blocks(doc) == [("heading", "Beacon pricing for revenue teams"),
                           ("paragraph", "Plans for teams of every size."), ("heading", "Pricing"),
                           ("paragraph", "Start free, then pay per seat.")]


def test_nutanix_style_story_shape_without_its_words(tmp_path: Path) -> None:
    """The structure of a real customer-story page (hero, stats array, quote, author bio), in our own words."""
    page = (Path(__file__).parents[1] / "fixtures" / "stories" / "fieldline.tsx").read_text(encoding="utf-8")
    doc = read(tmp_path, "story_page.tsx", page)
    texts = [b.text for b in doc.blocks]
    assert texts[0] == "Fieldline cut forecast prep to one hour with Lantern"
    assert ("quote", "Lantern was the tool we needed that quarter.") in blocks(doc)
    assert not any(re.search(r"className|=\{|</?[A-Za-z]|import |export ", t) for t in texts)
    assert_offsets_faithful(doc)


def test_string_consts_with_prose_names(tmp_path: Path) -> None:
    page = """\
const metaTitle = "Beacon for field teams | Harbor"
const hero_description = 'Plan every visit with the same account notes.'
const apiBase = 'https://api.example.com/v2 and more words'
const label = `Save`
export default () => <Seo title={metaTitle} description={hero_description} />
"""
    doc = read(tmp_path, "seo.tsx", page)
    assert blocks(doc) == [("heading", "Beacon for field teams | Harbor"),
                           ("paragraph", "Plan every visit with the same account notes.")]


SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "realworld"


def test_real_customer_story_page_reads_as_a_story() -> None:
    """The shared Sourcegraph story page (.tsx): headings, narration, two pull quotes with their speaker."""
    path = SHARED / "sourcegraph" / "stories" / "nutanix-fixed-log4j-with-sourcegraph.tsx"
    if not path.is_file():
        pytest.skip(f"the shared workspace is not here ({path.resolve()})")
    from msgalign.ingest import read_document

    doc = read_document(path, path.name)
    kinds = [b.kind for b in doc.blocks]
    assert doc.warnings == () and len(doc.blocks) >= 50
    assert kinds[0] == "heading" and kinds.count("heading") >= 8 and kinds.count("quote") == 2
    for i, kind in enumerate(kinds):
        if kind == "quote":  # the pull quote's author prop is read just before its words
            assert kinds[i - 1] == "paragraph" and len(doc.blocks[i - 1].text.split()) <= 12
    assert_offsets_faithful(doc)
    assert not any(re.search(r"className|=\{|</?[A-Za-z]|\bimport\b|export |https?://", b.text) for b in doc.blocks)


def test_a_bare_ampersand_is_text_as_react_renders_it(tmp_path: Path) -> None:
    page = """\
type Props = Base & { tone: string }
export default ({ a, b }: Props) => (
  <section>
    <h3>Sales & Success</h3>
    <p>Run the Q&A after the demo, then hand over to R&D &amp; support.</p>
    <p>Both teams & every manager
      see the same plan.</p>
    {a && b ? <p>Shown when both are set</p> : null}
  </section>
)
"""
    doc = read(tmp_path, "amp.tsx", page)
    assert doc.warnings == ()
    assert blocks(doc) == [("heading", "Sales & Success"),
                           ("paragraph", "Run the Q&A after the demo, then hand over to R&D & support."),
                           ("paragraph", "Both teams & every manager see the same plan."),
                           ("paragraph", "Shown when both are set")]
    assert_offsets_faithful(doc)


def test_folder_scans_read_pages_but_not_component_stories_or_tests(tmp_path: Path) -> None:
    from msgalign.workspace.config import load_config
    from msgalign.workspace.discovery import collect_files

    (tmp_path / "msgalign.toml").write_text('corpus = ["corpus"]\n', encoding="utf-8")
    site = tmp_path / "corpus" / "marketing"
    site.mkdir(parents=True)
    for name in ("pricing.tsx", "about.jsx", "Button.stories.tsx", "Button.test.tsx", "hero.spec.jsx", "stories.tsx",
                 "history.tsx", "notes.md"):
        (site / name).write_text("export default () => <p>Two words here.</p>\n", encoding="utf-8")
    config = load_config(tmp_path / "msgalign.toml")
    names = sorted(p.name for p in collect_files(config.corpus, config))
    assert names == ["about.jsx", "history.tsx", "notes.md", "pricing.tsx"]
    # named on the command line, a story file is still read
    assert read(tmp_path, "Card.stories.tsx", "export const A = () => <p>Two words here.</p>\n").blocks


def test_what_an_expression_may_render_is_never_glued_to_its_neighbours(tmp_path: Path) -> None:
    page = """\
export default ({ over, name }) => (
  <p>
    {over ? <Trans>Fair use limit exceeded</Trans> : <Trans>Approaching the fair use limit</Trans>}
    You are updating {name} today.
  </p>
)
"""
    doc = read(tmp_path, "cond.tsx", page)
    assert blocks(doc) == [("paragraph", "Fair use limit exceeded"), ("paragraph", "Approaching the fair use limit"),
                           ("paragraph", "You are updating today.")]


CONDITIONS = """\
const tiers = [
  { title: "Team plan",
    description: yearly ? "Billed once a year with two months off" : "Billed monthly, stop any time" },
]

export default function Pricing({ signedIn, yearly, seats, label, show }: Props) {
  return (
    <section>
      <Hero title={signedIn ? "Welcome back to your planner" : "Plan every renewal in one place"} />
      <p>
        {signedIn ? "Open your dashboard" : "Start free today"}
        Pick the plan that fits your team.
      </p>
      <p>{seats > 10 && "Book a demo with our team"}</p>
      <p>{yearly ? `Pay once a year` : `Pay every month`}</p>
      <p>Signing you in with {label || "your work account"} in a moment.</p>
      <p>{seats > 50 ? "Talk to our sales team" : seats > 10 ? "Start a team trial" : "Start on your own"}</p>
      <p>{seats === "many" ? t("pricing.many") : `${seats} seats in your plan`}</p>
      <p className={show ? "text-lg font-bold" : "text-sm"}>Every plan includes support</p>
      <p>{show ?? "https://example.com/pricing"}</p>
      <img alt={label || "Two planners at a whiteboard"} src={show ? "/a.png" : "/b.png"} />
      <button aria-label={show ? "Hide the password" : "Show the password"} />
      {tiers.map((tier) => <Card key={tier.title} {...tier} />)}
    </section>
  )
}
"""


def test_both_sides_of_a_condition_are_read_each_as_its_own_block(tmp_path: Path) -> None:
    doc = read(tmp_path, "pricing.tsx", CONDITIONS)
    assert doc.warnings == ()
    assert blocks(doc) == [
        ("heading", "Welcome back to your planner"), ("heading", "Plan every renewal in one place"),
        ("paragraph", "Open your dashboard"), ("paragraph", "Start free today"),
        ("paragraph", "Pick the plan that fits your team."),
        ("paragraph", "Book a demo with our team"),
        ("paragraph", "Pay once a year"), ("paragraph", "Pay every month"),
        # inside a line of text the sentence stays whole and the string follows it
        ("paragraph", "Signing you in with in a moment."), ("paragraph", "your work account"),
        ("paragraph", "Talk to our sales team"), ("paragraph", "Start a team trial"),
        ("paragraph", "Start on your own"),
        ("paragraph", "Every plan includes support"),
        ("paragraph", "Two planners at a whiteboard"),
        ("paragraph", "Hide the password"), ("paragraph", "Show the password"),
        ("paragraph", "Team plan"),
        ("paragraph", "Billed once a year with two months off"), ("paragraph", "Billed monthly, stop any time"),
    ]
    assert_offsets_faithful(doc)
    for needle in ("Start free today", "Book a demo", "Pay every month", "your work account", "Start on your own",
                   "Show the password", "Billed monthly"):
        assert at_location(doc, block_with(doc, needle), needle) == needle


def test_a_condition_never_leaks_its_code(tmp_path: Path) -> None:
    joined = "\n".join(b.text for b in read(tmp_path, "pricing.tsx", CONDITIONS).blocks)
    for leak in ("many", "pricing.many", "seats in your plan", "text-lg", "text-sm", "https://", "/a.png", "yearly",
                 "signedIn", "?", ":", "&&", "||", "${"):
        assert leak not in joined, leak


@pytest.mark.parametrize("text", ["Research &= development for every team", "Sales && marketing in one place",
                                  "Ten &&& more reasons to stay", "R&&D teams plan here too", "Fees &&= taxes apply"])
def test_operator_like_ampersands_in_jsx_text_are_text(tmp_path: Path, text: str) -> None:
    page = f"""\
export default ({{ a, b }}) => {{
  let mask = a & b
  mask &= 3
  b &&= a
  return (
    <main>
      <p>{text}</p>
      {{a && b ? <p>Shown when both are set</p> : null}}
    </main>
  )
}}
"""
    doc = read(tmp_path, "amp.tsx", page)
    assert doc.warnings == ()
    assert blocks(doc) == [("paragraph", text), ("paragraph", "Shown when both are set")]
    assert_offsets_faithful(doc)


def test_a_prose_named_const_that_is_a_condition_reads_each_string(tmp_path: Path) -> None:
    page = """\
export default function Top({ signedIn, plan }) {
  const ctaText = signedIn ? "Open your dashboard" : "Start your free trial"
  const heroTitle = plan === "pro" ? `Welcome back, pro planner` : "Plan every renewal here"
  const buttonClass = signedIn ? "btn btn-primary" : "btn"
  const mode = signedIn ? "Dark mode for night owls" : "Light mode"
  return <Section title={heroTitle}><a className={buttonClass}>{ctaText}</a></Section>
}
"""
    doc = read(tmp_path, "top.tsx", page)
    assert blocks(doc) == [("paragraph", "Open your dashboard"), ("paragraph", "Start your free trial"),
                           ("heading", "Welcome back, pro planner"), ("heading", "Plan every renewal here")]
    assert_offsets_faithful(doc)
