"""Hugo shortcodes in Markdown and in Hugo `.html` content files: markup, never text."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import read, where

from msgalign.types import Document

QUOTE_PAGE_MD = """\
---
title: Fernhill Bakery bakes to order
---

Fernhill runs six bakeries along the coast.

{{< quote author="Oona Petrov" title="Head of Operations" company="Fernhill" >}}
"We stopped throwing away bread the same week."
{{< /quote >}}

{{< case-studies/lead >}}
Every shop used to guess how much dough to prepare.
{{< /case-studies/lead >}}
The ovens now start from the morning's orders.
{{< figure src="/img/ovens.png" alt="Three ovens in a row" title="Ovens" caption="Orders per shop, by hour" >}}

Read [the setup guide]({{< ref "setup.md" >}}) and {{< icon name="bread" />}} order early.
"""

QUOTE_PAGE_HTML = """\
---
title: Fernhill Bakery bakes to order
description: How six bakeries stopped guessing.
---

<h2>Challenge</h2>
<p>Fernhill runs six bakeries along the coast.</p>

{{< testimonial
  image="/img/oona.jpg"
  name="Oona Petrov"
  role="Head of Operations"
>}}
"We stopped throwing away bread the same week."
{{< /testimonial >}}

{{< case-studies/lead >}}
Every shop used to guess how much dough to prepare.
{{< /case-studies/lead >}}

<p>The ovens now start from the morning's orders.</p>
"""


def texts(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


@pytest.mark.parametrize(("name", "content"), [("story.md", QUOTE_PAGE_MD), ("story.html", QUOTE_PAGE_HTML)])
def test_no_shortcode_markup_or_parameter_leaks(tmp_path: Path, name: str, content: str) -> None:
    doc = read(tmp_path, name, content)
    everything = " ".join(b.text for b in doc.blocks)
    for leak in ("{{", "}}", ">}}", "case-studies", "/img/", "setup.md", "bread\"", "---", "image="):
        assert leak not in everything, (leak, texts(doc))
    assert doc.warnings == ()


@pytest.mark.parametrize(("name", "content"), [("story.md", QUOTE_PAGE_MD), ("story.html", QUOTE_PAGE_HTML)])
def test_text_between_shortcodes_is_its_own_block(tmp_path: Path, name: str, content: str) -> None:
    doc = read(tmp_path, name, content)
    blocks = texts(doc)
    assert ("paragraph", "Every shop used to guess how much dough to prepare.") in blocks
    assert ("paragraph", "The ovens now start from the morning's orders.") in blocks
    assert where(doc, "Every shop")[:2] == (12 if name.endswith(".md") else 18, 1)


def test_markdown_quote_shortcode_is_a_quote_with_its_speaker_after_it(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.md", QUOTE_PAGE_MD)
    blocks = texts(doc)
    said = blocks.index(("quote", '"We stopped throwing away bread the same week."'))
    assert blocks[said + 1] == ("quote", "Oona Petrov, Head of Operations, Fernhill")
    assert where(doc, "Oona Petrov")[:2] == (7, 19)  # the author parameter's value, where it is written
    assert where(doc, "Fernhill", within="Oona Petrov")[:2] == (7, 68)


def test_html_quote_shortcode_is_a_quote_with_its_speaker(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.html", QUOTE_PAGE_HTML)
    blocks = texts(doc)
    said = blocks.index(("quote", '"We stopped throwing away bread the same week."'))
    assert blocks[said + 1] == ("quote", "Oona Petrov, Head of Operations")
    assert where(doc, "Head of Operations")[:2] == (12, 9)


def test_html_content_file_front_matter_is_not_prose(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.html", QUOTE_PAGE_HTML)
    assert texts(doc)[:2] == [("heading", "Fernhill Bakery bakes to order"),
                              ("paragraph", "How six bakeries stopped guessing.")]
    assert doc.front_matter["title"] == "Fernhill Bakery bakes to order"
    assert where(doc, "How six")[:2] == (3, 14)


def test_figure_caption_is_read_but_not_alt_or_title(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.md", QUOTE_PAGE_MD)
    blocks = texts(doc)
    assert ("paragraph", "Orders per shop, by hour") in blocks
    everything = " ".join(b.text for b in doc.blocks)
    assert "Three ovens" not in everything and "Ovens" not in everything.replace("ovens", "")


def test_inline_and_self_closing_shortcodes_keep_the_sentence(tmp_path: Path) -> None:
    doc = read(tmp_path, "story.md", QUOTE_PAGE_MD)
    assert ("paragraph", "Read the setup guide and order early.") in texts(doc)


def test_percent_shortcodes_and_quote_like_names(tmp_path: Path) -> None:
    doc = read(tmp_path, "page.md", """\
{{% blurb %}}
Plans start at ten seats.
{{% /blurb %}}

{{< pullquote cite="Ravi Menon" >}}It paid for itself in a month.{{< /pullquote >}}
""")
    assert texts(doc) == [("paragraph", "Plans start at ten seats."),
                          ("quote", "It paid for itself in a month."), ("quote", "Ravi Menon")]


def test_code_fences_inline_code_and_templating_are_untouched(tmp_path: Path) -> None:
    doc = read(tmp_path, "templating.md", """\
Write `{{< quote author="x" >}}` to open a quote.

```go-html-template
{{< quote author="Not Read" >}}
{{ .Inner }}
{{< /quote >}}
```

    {{< indented author="Also Not Read" >}}

A Jinja page prints {{ user.name }} in the header.
""")
    blocks = texts(doc)
    assert blocks[0] == ("paragraph", 'Write {{< quote author="x" >}} to open a quote.')
    assert doc.blocks[0].protected == ((6, 30),)
    assert "Not Read" not in " ".join(b.text for b in doc.blocks)
    assert doc.warnings == ()


@pytest.mark.parametrize("name", ["broken.md", "broken.html"])
def test_broken_shortcodes_give_a_notice_and_the_rest_is_read(tmp_path: Path, name: str) -> None:
    doc = read(tmp_path, name, """\
First paragraph stays.

{{< /stray >}}

{{< quote author="Ana Ruiz" >}}
An open quote with no end.

{{< note author="x"

Last paragraph stays.
""")
    everything = " ".join(b.text for b in doc.blocks)
    assert "First paragraph stays." in everything and "Last paragraph stays." in everything
    assert "{{" not in everything and "author=" not in everything
    lines = sorted(int(w.split(":")[1]) for w in doc.warnings)
    assert lines == [3, 5, 8], doc.warnings
    assert all(w.startswith(f"{name}:") for w in doc.warnings)


def test_a_stray_closing_tag_does_not_pair_a_later_opening_one(tmp_path: Path) -> None:
    doc = read(tmp_path, "page.html", """\
<p>First.</p>
{{< /quote >}}
{{< quote author="Nobody" >}}
<p>Plain text after it.</p>
""")
    assert ("paragraph", "Plain text after it.") in texts(doc)
    assert "Nobody" not in " ".join(b.text for b in doc.blocks)
    assert len(doc.warnings) == 2


def test_a_shortcode_written_out_in_html_code_is_an_example(tmp_path: Path) -> None:
    doc = read(tmp_path, "docs.html", """\
<p>Open a quote with <code>{{< quote author="Example Person" >}}</code> and close it with
<code>{{< /quote >}}</code> in your page.</p>
""")
    assert [b.kind for b in doc.blocks] == ["paragraph"]
    assert "Example Person" not in doc.blocks[0].text


def test_a_cite_that_is_an_address_is_not_a_speaker(tmp_path: Path) -> None:
    doc = read(tmp_path, "post.md", """\
{{< blockquote cite="https://example.com/talk" >}}
Short links get clicked more.
{{< /blockquote >}}

{{< blockquote by="Mina Sato, Research Lead" cite="https://example.com/video" >}}
We measured it twice.
{{< /blockquote >}}
""")
    assert texts(doc) == [("quote", "Short links get clicked more."), ("quote", "We measured it twice."),
                          ("quote", "Mina Sato, Research Lead")]
