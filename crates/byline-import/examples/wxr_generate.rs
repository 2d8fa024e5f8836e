//! Writes a WordPress export (WXR 1.2) of a made-up site for the import
//! benchmark (`bench/import.sh`): `POSTS` posts by twenty authors and
//! `COMMENTS` comments spread over them, in threads several levels deep,
//! some in Urdu and Arabic, in every state WordPress gives them.
//!
//! `cargo run --release -p byline-import --example wxr_generate -- POSTS COMMENTS > export.xml`
//!
//! The same arguments always give the same file (a fixed-seed generator).

use std::io::{self, BufWriter, Write};

/// A small fixed-seed generator (xorshift64*): reproducible files, no
/// dependency.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const AUTHORS: u64 = 20;

const WORDS: &[&str] = &[
    "harbour",
    "council",
    "budget",
    "ferry",
    "market",
    "school",
    "river",
    "bridge",
    "election",
    "festival",
    "rain",
    "library",
    "tram",
    "fishermen",
    "lamp",
    "square",
    "night",
    "morning",
    "vote",
    "street",
];
const URDU: &[&str] = &["بہت اچھی خبر ہے۔", "شکریہ! یہ بات درست ہے۔", "کونسل نے ووٹ دیا۔", "میں متفق نہیں ہوں۔"];
const ARABIC: &[&str] = &["هذا خبر مهم جدا.", "شكرا على المقال.", "أتفق مع الكاتب تماما.", "السلام عليكم"];

fn sentence(dice: &mut Dice, words: usize) -> String {
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[dice.below(WORDS.len() as u64) as usize]);
    }
    out.push('.');
    out
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (posts, comments) = (number(0, 5_000), number(1, 200_000));
    if posts == 0 {
        eprintln!("usage: wxr_generate POSTS COMMENTS (POSTS at least 1)");
        std::process::exit(2);
    }
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8" ?>"#)?;
    writeln!(
        out,
        r#"<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">"#
    )?;
    writeln!(
        out,
        "<channel>\n<title>The Bench Lamp</title>\n<link>https://bench.example</link>\n<wp:wxr_version>1.2</wp:wxr_version>"
    )?;
    for a in 1..=AUTHORS {
        writeln!(
            out,
            "<wp:author><wp:author_id>{a}</wp:author_id><wp:author_login><![CDATA[writer{a}]]></wp:author_login>\
             <wp:author_email><![CDATA[writer{a}@bench.example]]></wp:author_email>\
             <wp:author_display_name><![CDATA[Writer Number {a}]]></wp:author_display_name></wp:author>"
        )?;
    }
    let mut comment_id = 1_u64;
    for p in 0..posts {
        let post_id = 100 + p;
        // An even share each, the remainder to the first posts.
        let count = comments / posts + u64::from(p < comments % posts);
        let day = 1 + p % 28;
        let month = 1 + (p / 28) % 12;
        let author = 1 + dice.below(AUTHORS);
        let title = sentence(&mut dice, 6);
        let body = format!(
            "<!-- wp:paragraph --><p>{}</p><!-- /wp:paragraph -->\n<p>{} <strong>{}</strong></p>",
            sentence(&mut dice, 40),
            sentence(&mut dice, 30),
            URDU[dice.below(URDU.len() as u64) as usize]
        );
        writeln!(
            out,
            "<item><title>{title}</title><link>https://bench.example/2024/{month:02}/{day:02}/post-{post_id}/</link>\
             <dc:creator><![CDATA[writer{author}]]></dc:creator><guid isPermaLink=\"false\">https://bench.example/?p={post_id}</guid>\
             <content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>\
             <wp:post_id>{post_id}</wp:post_id><wp:post_date>2024-{month:02}-{day:02} 09:00:00</wp:post_date>\
             <wp:post_date_gmt>2024-{month:02}-{day:02} 09:00:00</wp:post_date_gmt><wp:post_name>post-{post_id}</wp:post_name>\
             <wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>\
             <category domain=\"category\" nicename=\"news\"><![CDATA[News]]></category>"
        )?;
        let first = comment_id;
        for n in 0..count {
            let id = comment_id;
            comment_id += 1;
            // A third start threads; the rest answer a recent comment of the
            // same post, so threads run several levels deep.
            let parent = if n == 0 || dice.below(3) == 0 { 0 } else { id - 1 - dice.below((id - first).min(4)) };
            let text = match dice.below(10) {
                0 => URDU[dice.below(URDU.len() as u64) as usize].to_owned(),
                1 => ARABIC[dice.below(ARABIC.len() as u64) as usize].to_owned(),
                _ => {
                    let words = 12 + dice.below(20) as usize;
                    format!("<p>{}</p>", sentence(&mut dice, words))
                }
            };
            let approved = match dice.below(50) {
                0 => "0",
                1 => "spam",
                2 => "trash",
                _ => "1",
            };
            let user = if dice.below(40) == 0 { author } else { 0 };
            let minute = n % 60;
            let hour = 10 + (n / 60) % 12;
            writeln!(
                out,
                "<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author><![CDATA[Reader {r}]]></wp:comment_author>\
                 <wp:comment_author_email><![CDATA[reader{r}@mail.example]]></wp:comment_author_email>\
                 <wp:comment_author_url>https://reader{r}.example/</wp:comment_author_url>\
                 <wp:comment_author_IP><![CDATA[192.0.2.1]]></wp:comment_author_IP>\
                 <wp:comment_date>2024-{month:02}-{day:02} {hour:02}:{minute:02}:00</wp:comment_date>\
                 <wp:comment_date_gmt>2024-{month:02}-{day:02} {hour:02}:{minute:02}:00</wp:comment_date_gmt>\
                 <wp:comment_content><![CDATA[{text}]]></wp:comment_content><wp:comment_approved>{approved}</wp:comment_approved>\
                 <wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>\
                 <wp:comment_user_id>{user}</wp:comment_user_id></wp:comment>",
                r = dice.below(5_000),
            )?;
        }
        writeln!(out, "</item>")?;
    }
    writeln!(out, "</channel>\n</rss>")?;
    out.flush()
}
