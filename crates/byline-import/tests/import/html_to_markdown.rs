//! WordPress HTML to Byline Markdown: a corpus of exact conversions, and a
//! check that nothing converted ever renders a script.

use byline_import::html_to_markdown::convert;

/// (what the case shows, WordPress HTML, expected Markdown)
const CORPUS: &[(&str, &str, &str)] = &[
    (
        "gutenberg paragraphs lose their block comments",
        "<!-- wp:paragraph -->\n<p>First paragraph.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Second one.</p>\n<!-- /wp:paragraph -->",
        "First paragraph.\n\nSecond one.",
    ),
    (
        "gutenberg heading and list",
        "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">Results</h2>\n<!-- /wp:heading -->\n<!-- wp:list -->\n<ul><li>One</li><li>Two</li></ul>\n<!-- /wp:list -->",
        "## Results\n\n- One\n- Two",
    ),
    (
        "gutenberg newlines inside a paragraph are spaces",
        "<!-- wp:paragraph -->\n<p>A line\nthat wraps.</p>\n<!-- /wp:paragraph -->",
        "A line that wraps.",
    ),
    (
        "classic blank lines are paragraphs",
        "First paragraph.\n\nSecond paragraph.\n\n\nThird.",
        "First paragraph.\n\nSecond paragraph.\n\nThird.",
    ),
    (
        "classic single newline is a line break",
        "Roses are red,\nviolets are blue.",
        "Roses are red,\\\nviolets are blue.",
    ),
    (
        "classic text around a block element",
        "Intro text.\n<h3>Part two</h3>\nMore text.",
        "Intro text.\n\n### Part two\n\nMore text.",
    ),
    ("h1 becomes level two", "<h1>Big</h1><h4>Small</h4>", "## Big\n\n#### Small"),
    (
        "strong, b, em and i",
        "<p><strong>Bold</strong>, <b>also</b>, <em>soft</em> and <i>lean</i>.</p>",
        "**Bold**, **also**, *soft* and *lean*.",
    ),
    ("spaces stay outside emphasis markers", "<p>a<strong> bold </strong>word</p>", "a **bold** word"),
    (
        "link with a title",
        "<p>See <a href=\"https://example.org/a\" title=\"The &quot;A&quot; page\">this page</a>.</p>",
        "See [this page](https://example.org/a \"The \\\"A\\\" page\").",
    ),
    (
        "link whose text is its address is an autolink",
        "<p><a href=\"https://example.org/\">https://example.org/</a></p>",
        "<https://example.org/>",
    ),
    ("javascript link keeps only its text", "<p><a href=\"javascript:alert(1)\">click</a></p>", "click"),
    (
        "nested lists",
        "<ul><li>Fruit<ul><li>Apple</li><li>Pear</li></ul></li><li>Bread</li></ul>",
        "- Fruit\n  - Apple\n  - Pear\n- Bread",
    ),
    ("ordered list with a start", "<ol start=\"3\"><li>Three</li><li>Four</li></ol>", "3. Three\n4. Four"),
    (
        "list straight inside a list joins the item before",
        "<ol><li>One</li><ul><li>sub</li></ul><li>Two</li></ol>",
        "1. One\n   - sub\n2. Two",
    ),
    (
        "blockquote with an em dash attribution stays a quote",
        "<blockquote><p>We will rebuild.</p><p>— The mayor</p></blockquote>",
        "> We will rebuild.\n>\n> — The mayor",
    ),
    (
        "classic blockquote with blank lines",
        "<blockquote>We will rebuild.\n\n— The mayor</blockquote>",
        "> We will rebuild.\n>\n> — The mayor",
    ),
    (
        "gutenberg quote citation becomes an attribution",
        "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><p>Words.</p><cite>A. Writer</cite></blockquote>\n<!-- /wp:quote -->",
        "> Words.\n>\n> — A. Writer",
    ),
    (
        "image keeps its alt",
        "<p><img src=\"https://example.org/a.jpg\" alt=\"A harbour\"></p>",
        "![A harbour](https://example.org/a.jpg)",
    ),
    (
        "image without alt takes its title",
        "<p><img src=\"https://example.org/a.jpg\" title=\"Harbour\"></p>",
        "![Harbour](https://example.org/a.jpg \"Harbour\")",
    ),
    (
        "image without alt or title takes its file name",
        "<p><img src=\"https://example.org/wp-content/uploads/2019/05/harbour-at-dawn-1024x683.jpg\"></p>",
        "![harbour at dawn](https://example.org/wp-content/uploads/2019/05/harbour-at-dawn-1024x683.jpg)",
    ),
    (
        "caption shortcode keeps the image and its caption",
        "[caption id=\"attachment_5\" align=\"aligncenter\" width=\"300\"]<a href=\"https://example.org/big.jpg\"><img src=\"https://example.org/small.jpg\" alt=\"Boats\" /></a> Boats at dawn[/caption]\n\nAfter.",
        "[![Boats](https://example.org/small.jpg)](https://example.org/big.jpg)\n\nBoats at dawn\n\nAfter.",
    ),
    (
        "old caption shortcode with the caption in an attribute",
        "[caption id=\"a\" caption=\"Old style\"]<img src=\"https://example.org/x.png\" alt=\"X\">[/caption]",
        "![X](https://example.org/x.png)\n\nOld style",
    ),
    ("gallery shortcode disappears", "Before.\n\n[gallery ids=\"1,2,3\"]\n\nAfter.", "Before.\n\nAfter."),
    (
        "embed shortcode becomes a link",
        "[embed]https://www.youtube.com/watch?v=abc_d[/embed]",
        "<https://www.youtube.com/watch?v=abc_d>",
    ),
    (
        "unknown shortcodes keep their inner text",
        "[pullquote align=\"left\"]Inner words[/pullquote] and [note]more[/note] [button url=\"x\" /]",
        "Inner words and more",
    ),
    (
        "square brackets that are not shortcodes stay as text",
        "He said [sic] it was [1] fine.",
        "He said \\[sic\\] it was \\[1\\] fine.",
    ),
    (
        "scripts, styles, iframes and objects are dropped whole",
        "<p>Safe</p><script>alert('x')</script><style>p{}</style><iframe src=\"https://evil.example\">fallback</iframe><object data=\"x\">obj</object><p>text</p>",
        "Safe\n\ntext",
    ),
    (
        "markdown metacharacters are escaped",
        "<p>2 * 3 = 6, snake_case, [link](x), `tick`, a <b>b</b> &lt;tag&gt; ~strike~ a|b \\ back</p>",
        "2 \\* 3 = 6, snake\\_case, \\[link\\](x), \\`tick\\`, a **b** \\<tag> \\~strike\\~ a\\|b \\\\ back",
    ),
    (
        "line starts that would be markup are escaped",
        "# not a heading\n&gt; not a quote\n- not a list\n+ nor this\n1. nor this\n= nor a rule",
        "\\# not a heading\\\n\\> not a quote\\\n\\- not a list\\\n\\+ nor this\\\n1\\. nor this\\\n\\= nor a rule",
    ),
    (
        "text that looks like an entity stays text",
        "<p>Tom &amp; Jerry &amp;copy; AT&amp;T</p>",
        "Tom & Jerry \\&copy; AT\\&T",
    ),
    (
        "urdu and arabic pass through untouched",
        "<p>یہ ایک خبر ہے۔</p>\n<p>هذا خبر عاجل 🙂</p>",
        "یہ ایک خبر ہے۔\n\nهذا خبر عاجل 🙂",
    ),
    ("br inside a paragraph is a hard break", "<p>Line one<br />Line two</p>", "Line one\\\nLine two"),
    ("hr becomes a rule", "<p>a</p><hr /><p>b</p>", "a\n\n---\n\nb"),
    (
        "inline code and preformatted code",
        "<p>Run <code>ls -l</code>.</p><pre class=\"wp-block-code\"><code>fn main() {\n    println!(\"*hi*\");\n}</code></pre>",
        "Run `ls -l`.\n\n```\nfn main() {\n    println!(\"*hi*\");\n}\n```",
    ),
    (
        "table rows become lines",
        "<table><tr><th>Party</th><th>Seats</th></tr><tr><td>Left</td><td>12</td></tr></table>",
        "Party | Seats\\\nLeft | 12",
    ),
    (
        "gutenberg image block with a caption",
        "<!-- wp:image -->\n<figure class=\"wp-block-image\"><img src=\"https://example.org/p.jpg\" alt=\"\"/><figcaption>The square</figcaption></figure>\n<!-- /wp:image -->",
        "![p](https://example.org/p.jpg)\n\nThe square",
    ),
    (
        "gutenberg embed block shows its address as a link",
        "<!-- wp:embed -->\n<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://example.org/video/1\n</div></figure>\n<!-- /wp:embed -->",
        "<https://example.org/video/1>",
    ),
    ("empty paragraphs of non-breaking spaces vanish", "<p>&nbsp;</p><p>Text</p><p> </p>", "Text"),
    ("heading ending in hashes keeps them as text", "<h2>Learn C#</h2>", "## Learn C\\#"),
];

#[test]
fn corpus_converts_exactly() {
    let mut failures = Vec::new();
    for (what, html, expected) in CORPUS {
        let got = convert(html);
        if got != *expected {
            failures.push(format!("{what}\n  expected: {expected:?}\n       got: {got:?}"));
        }
    }
    assert!(CORPUS.len() >= 30);
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), CORPUS.len(), failures.join("\n"));
}

/// Byline's article options (byline-core's render.rs), raw HTML allowed:
/// the strictest setting for this check, since only escaping stands between
/// imported text and markup.
fn render(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.footnotes = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.render.r#unsafe = true;
    comrak::markdown_to_html(markdown, &options)
}

#[test]
fn corpus_never_renders_a_script() {
    for (what, html, _) in CORPUS {
        let rendered = render(&convert(html));
        assert!(!rendered.to_ascii_lowercase().contains("<script"), "{what}: {rendered}");
    }
}

/// Random pieces of hostile and ordinary HTML, glued in random orders: the
/// Markdown made of them, rendered with raw HTML allowed, must never hold a
/// script, an event handler or a `javascript:` link.
#[test]
fn random_html_never_renders_a_script() {
    const PIECES: &[&str] = &[
        "<script>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<",
        ">",
        "&lt;",
        "&gt;",
        "&amp;lt;script&amp;gt;",
        "script",
        "<p>",
        "</p>",
        "\n",
        "\n\n",
        "*",
        "_",
        "`",
        "[",
        "]",
        "(",
        ")",
        "!",
        "#",
        "-",
        "<b>",
        "</b>",
        "<em>",
        "</em>",
        "<a href=\"javascript:alert(1)\">",
        "</a>",
        "<a href=\"https://x.example/?q=<script>\">",
        "<img src=x onerror=alert(1)>",
        "<img src=\"javascript:alert(1)\" alt=\"<script>\">",
        "[caption]",
        "[/caption]",
        "[embed]",
        "[/embed]",
        "javascript:alert(1)",
        "<code>",
        "</code>",
        "<pre>",
        "</pre>",
        "<li>",
        "<ul>",
        "</ul>",
        "<blockquote>",
        "</blockquote>",
        "text",
        " ",
        "یہ",
        "🙂",
        "<!-- wp:paragraph -->",
        "<svg onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\">",
        "onerror=",
        "\\",
        "&",
        "<style>",
        "</style>",
        "<table><tr><td>",
        "</td></tr></table>",
        "<h2>",
        "</h2>",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let count = 1 + (next() % 24) as usize;
        let html: String = (0..count).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        let markdown = convert(&html);
        let rendered = render(&markdown);
        if let Some(danger) = dangerous_markup(&rendered) {
            panic!("{danger} from {html:?}\n→ {markdown:?}\n→ {rendered}");
        }
        assert!(!markdown.contains('\u{1}'), "{html:?}");
    }
}

/// The first element or attribute in rendered HTML that could run code.
fn dangerous_markup(rendered: &str) -> Option<String> {
    let document = scraper::Html::parse_fragment(rendered);
    for element in document.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        let name = element.value().name();
        if ["script", "svg", "iframe", "object", "embed", "style"].contains(&name) {
            return Some(format!("<{name}>"));
        }
        for (attribute, value) in element.value().attrs() {
            let value = value.trim().to_ascii_lowercase();
            if attribute.starts_with("on") || value.starts_with("javascript:") {
                return Some(format!("{attribute}={value:?} on <{name}>"));
            }
        }
    }
    None
}

#[test]
fn plain_text_keeps_the_words_only() {
    use byline_import::html_to_markdown::plain_text;
    assert_eq!(
        plain_text("<p>The <strong>boats</strong>\n sailed &amp; returned.</p>"),
        "The boats sailed & returned."
    );
    assert_eq!(plain_text("<p>Safe</p><script>alert(1)</script><style>p{}</style>"), "Safe");
    assert_eq!(plain_text("<p>کراچی کی بندرگاہ</p>"), "کراچی کی بندرگاہ");
    assert_eq!(plain_text(""), "");
}
