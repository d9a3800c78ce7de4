from pathlib import Path

from builder.anchor.markdown.render import render_article_tree, serialize_tree
from builder.diagnostics import Diagnostics
from builder.load.articles import load_articles
from builder.load.plaintext import parse_plain_text, plain_to_markdown
from tests.support.sites import FIXTURES, MakeSite

BUNDLED_TXT = (FIXTURES / "us-leaves-door-ajar.txt").read_text(encoding="utf-8")


def test_plain_text_shape_gives_title_byline_and_date() -> None:
    plain = parse_plain_text(BUNDLED_TXT)
    assert plain.title == "US leaves door ajar for talks with North Korea"
    assert plain.author == "Peter Symonds"
    assert plain.date == "2013-04-19"


def test_paragraphs_broken_mid_sentence_are_joined() -> None:
    paragraphs = parse_plain_text(BUNDLED_TXT).paragraphs
    assert len(paragraphs) == 14
    assert any("held the whip hand in negotiations with the small" in p for p in paragraphs)
    assert any("the US has created an unstable situation." in p for p in paragraphs)
    # A paragraph without a final full stop but followed by a capital stays apart.
    assert paragraphs[3].endswith("fighting a nuclear war against China")


def test_trailing_publisher_block_is_dropped_by_shape_not_words() -> None:
    paragraphs = parse_plain_text(BUNDLED_TXT).paragraphs
    assert paragraphs[-1].endswith("a drift into conflict.")
    text = "## T\n\nA. Author 1 May 2020\n\nBody one.\n\nBody two.\n\n\n\nSubscribe to our list!\n"
    assert parse_plain_text(text).paragraphs == ("Body one.", "Body two.")


def test_long_text_after_a_gap_is_kept() -> None:
    long_tail = " ".join(["word"] * 80) + "."
    text = f"Body one.\n\n\n{long_tail}\n"
    assert parse_plain_text(text).paragraphs == ("Body one.", long_tail)


def test_plain_text_is_escaped_so_markdown_shows_it_verbatim() -> None:
    paragraphs = ("Use *stars* and [brackets] and `ticks` and 5 < 6 & co.", "1. Not a list")
    html = serialize_tree(render_article_tree(plain_to_markdown(paragraphs)))
    assert html == (
        "<p>Use *stars* and [brackets] and `ticks` and 5 &lt; 6 &amp; co.</p>\n<p>1. Not a list</p>"
    )


def test_front_matter_and_order(make_site: MakeSite) -> None:
    site = make_site(
        {
            "content/articles/b.md": "---\ntitle: Bee\norder: 1\nsource: {name: Pub, url: "
            "https://pub.example/b}\n---\nText.\n",
            "content/articles/a.md": "# Heading title\n\nText.\n",
            "content/articles/c.txt": BUNDLED_TXT,
        }
    )
    diags = Diagnostics()
    articles = load_articles(site, diags)
    assert not diags.items
    assert [(a.slug, a.title) for a in articles] == [
        ("b", "Bee"),
        ("c", "US leaves door ajar for talks with North Korea"),
        ("a", "Heading title"),
    ]
    assert articles[0].source is not None and articles[0].source.url == "https://pub.example/b"
    assert "Heading title" not in articles[2].markdown


def test_same_slug_twice_is_an_error(make_site: MakeSite) -> None:
    site = make_site({"content/articles/a.md": "A.\n", "content/articles/a.txt": "A.\n"})
    diags = Diagnostics()
    load_articles(site, diags)
    [d] = diags.items
    assert d.code == "duplicate-slug" and "a.md" in d.message and "a.txt" in d.message


def test_bundled_markdown_article_has_the_repaired_text_of_the_plain_text() -> None:
    repo_article = Path(__file__).parent.parent / "content/articles/us-leaves-door-ajar.md"
    body = repo_article.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    paragraphs = tuple(p for p in body.split("\n\n") if p.strip())
    assert tuple(p.strip() for p in paragraphs) == parse_plain_text(BUNDLED_TXT).paragraphs
