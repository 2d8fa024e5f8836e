//! Reading Disqus exports: every field of a realistic file, replies nested
//! and out of order, every state, Urdu and Arabic, truncated and malformed
//! files, and a large file read as a stream.

use std::cell::Cell;
use std::io::{BufReader, Read};
use std::rc::Rc;

use byline_import::disqus::{
    DisqusAuthor, DisqusCategory, DisqusEntry, DisqusError, DisqusPost, DisqusReader, DisqusThread,
};

/// An export as Disqus writes it, with what real ones carry: IP addresses,
/// an empty `<id />`, CDATA and entities, a namespace Disqus may add
/// later, and a reply written before the comment it answers.
const EXPORT: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:future="http://example.org/future/1.0/" xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd http://disqus.com/api/schemas/1.0/disqus-internals.xsd">
  <category dsq:id="101">
    <forum>dailylamp</forum>
    <title>General</title>
    <isDefault>true</isDefault>
  </category>
  <thread dsq:id="2001">
    <id>council-votes</id>
    <forum>dailylamp</forum>
    <category dsq:id="101" />
    <link>https://old.lamp.example/articles/council-votes</link>
    <title>The council votes &amp; decides</title>
    <message />
    <createdAt>2019-03-04T10:00:00Z</createdAt>
    <author>
      <name>Editor</name>
      <isAnonymous>false</isAnonymous>
      <username>lamp_editor</username>
    </author>
    <ipAddress>127.0.0.1</ipAddress>
    <isClosed>true</isClosed>
    <isDeleted>false</isDeleted>
    <future:score>7</future:score>
  </thread>
  <thread dsq:id="2002">
    <id />
    <forum>dailylamp</forum>
    <category dsq:id="101"/>
    <link>https://old.lamp.example/2018/05/gone/</link>
    <title>Gone</title>
    <createdAt>2018-05-01T08:00:00Z</createdAt>
    <isClosed>false</isClosed>
    <isDeleted>true</isDeleted>
  </thread>
  <post dsq:id="3003">
    <id />
    <message><![CDATA[<p>A reply, written before what it answers.</p>]]></message>
    <createdAt>2019-03-04T10:20:30Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author>
      <email>sam@example.org</email>
      <name>Sam</name>
      <isAnonymous>true</isAnonymous>
    </author>
    <ipAddress>10.0.0.1</ipAddress>
    <thread dsq:id="2001" />
    <parent dsq:id="3002" />
  </post>
  <post dsq:id="3001">
    <id>wp-comment-17</id>
    <message><![CDATA[<p>First!</p>]]></message>
    <createdAt>2019-03-04T10:05:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author>
      <email>reader@example.org</email>
      <name>A. Reader &amp; Co</name>
      <isAnonymous>false</isAnonymous>
      <username>areader</username>
    </author>
    <thread dsq:id="2001" />
  </post>
  <post dsq:id="3002">
    <id />
    <message><![CDATA[<p>متفق ہوں۔ أوافق على ذلك.</p>]]></message>
    <createdAt>2019-03-04T10:10:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author>
      <email></email>
      <name>رضیہ</name>
      <isAnonymous>true</isAnonymous>
    </author>
    <thread dsq:id="2001" />
    <parent dsq:id="3001" />
  </post>
  <post dsq:id="3004">
    <message>Buy &lt;b&gt;now&lt;/b&gt;</message>
    <createdAt>2019-03-04T11:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>true</isSpam>
    <author><name>Spammer</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="2001"/>
  </post>
  <post dsq:id="3005">
    <message><![CDATA[]]></message>
    <createdAt>2019-03-04T12:00:00Z</createdAt>
    <isDeleted>true</isDeleted>
    <isSpam>false</isSpam>
    <author><name></name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="2002"/>
    <future:mood>calm</future:mood>
  </post>
</disqus>
"#;

fn read_all(xml: &[u8]) -> (Vec<DisqusEntry>, Option<DisqusError>) {
    let mut reader = DisqusReader::new(xml);
    let mut entries = Vec::new();
    loop {
        match reader.next_entry() {
            Ok(Some(entry)) => entries.push(entry),
            Ok(None) => return (entries, None),
            Err(error) => return (entries, Some(error)),
        }
    }
}

fn posts(entries: &[DisqusEntry]) -> Vec<&DisqusPost> {
    entries
        .iter()
        .filter_map(|e| match e {
            DisqusEntry::Post(post) => Some(post),
            _ => None,
        })
        .collect()
}

#[test]
fn a_realistic_export_yields_every_field() {
    let (entries, error) = read_all(EXPORT.as_bytes());
    assert_eq!(error, None);
    assert_eq!(entries.len(), 8);
    assert_eq!(
        entries[0],
        DisqusEntry::Category(DisqusCategory {
            dsq_id: 101,
            forum: "dailylamp".into(),
            title: "General".into(),
            is_default: true
        })
    );
    assert_eq!(
        entries[1],
        DisqusEntry::Thread(DisqusThread {
            dsq_id: 2001,
            identifier: "council-votes".into(),
            forum: "dailylamp".into(),
            link: "https://old.lamp.example/articles/council-votes".into(),
            title: "The council votes & decides".into(),
            created_at: Some("2019-03-04T10:00:00Z".into()),
            is_closed: true,
            is_deleted: false,
        })
    );
    let DisqusEntry::Thread(gone) = &entries[2] else { panic!("a thread") };
    assert_eq!((gone.identifier.as_str(), gone.is_deleted, gone.is_closed), ("", true, false));

    let posts = posts(&entries);
    assert_eq!(
        *posts[1],
        DisqusPost {
            dsq_id: 3001,
            identifier: "wp-comment-17".into(),
            message: "<p>First!</p>".into(),
            created_at: Some("2019-03-04T10:05:00Z".into()),
            is_deleted: false,
            is_spam: false,
            author: DisqusAuthor {
                name: "A. Reader & Co".into(),
                email: "reader@example.org".into(),
                is_anonymous: false,
                username: "areader".into(),
            },
            thread: 2001,
            parent: None,
        }
    );
}

#[test]
fn replies_name_their_parent_wherever_it_is_in_the_file() {
    let (entries, _) = read_all(EXPORT.as_bytes());
    let links: Vec<(u64, Option<u64>)> = posts(&entries).iter().map(|p| (p.dsq_id, p.parent)).collect();
    // 3003 answers 3002, which answers 3001: three levels, the deepest
    // first in the file.
    assert_eq!(links, [(3003, Some(3002)), (3001, None), (3002, Some(3001)), (3004, None), (3005, None)]);
}

#[test]
fn every_state_is_read() {
    let (entries, _) = read_all(EXPORT.as_bytes());
    let states: Vec<(u64, bool, bool)> = posts(&entries).iter().map(|p| (p.dsq_id, p.is_spam, p.is_deleted)).collect();
    assert_eq!(
        states,
        [(3003, false, false), (3001, false, false), (3002, false, false), (3004, true, false), (3005, false, true)]
    );
    let spam = posts(&entries)[3];
    assert_eq!(spam.message, "Buy <b>now</b>", "entities are unescaped");
    let deleted = posts(&entries)[4];
    assert_eq!((deleted.message.as_str(), deleted.author.name.as_str(), deleted.thread), ("", "", 2002));
}

#[test]
fn urdu_and_arabic_come_through_byte_for_byte() {
    let (entries, _) = read_all(EXPORT.as_bytes());
    let post = posts(&entries)[2];
    assert_eq!(post.author.name, "رضیہ");
    assert_eq!(post.message.as_bytes(), "<p>متفق ہوں۔ أوافق على ذلك.</p>".as_bytes());
    assert_eq!(post.author.email, "");
    assert!(post.author.is_anonymous);
}

#[test]
fn the_end_of_the_export_is_reported_once_and_stays_reported() {
    let mut reader = DisqusReader::new(EXPORT.as_bytes());
    while reader.next_entry().unwrap().is_some() {}
    assert_eq!(reader.next_entry(), Ok(None));
    assert_eq!(reader.bytes_read(), EXPORT.len() as u64);
}

#[test]
fn a_truncated_export_is_an_error_after_only_complete_entries() {
    let (complete, _) = read_all(EXPORT.as_bytes());
    let end_of_root = EXPORT.rfind("</disqus>").unwrap() + "</disqus".len();
    let mut cuts: Vec<usize> = (0..end_of_root).step_by(53).collect();
    cuts.extend([1, end_of_root - 1, EXPORT.find("</post>").unwrap() + "</post>".len()]);
    for cut in cuts {
        let truncated = &EXPORT.as_bytes()[..cut];
        let (entries, error) = read_all(truncated);
        let Some(error) = error else {
            panic!("cut at byte {cut}: read as complete, {} entries", entries.len());
        };
        let lines_in_prefix = truncated.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        assert!(error.line >= 1 && error.line <= lines_in_prefix, "cut at byte {cut}: {error}");
        assert_eq!(entries[..], complete[..entries.len()], "cut at byte {cut}: an entry came out different");
    }
}

#[test]
fn a_cut_inside_a_message_names_its_line_and_element() {
    let cut = EXPORT.find("متفق").unwrap();
    let (_, error) = read_all(&EXPORT.as_bytes()[..cut]);
    let error = error.unwrap();
    let line = EXPORT[..cut].lines().count() as u64;
    assert_eq!((error.line, error.element.as_str()), (line, "message"), "{error}");
    assert!(error.to_string().starts_with(&format!("line {line}, in <message>: ")), "{error}");
}

#[test]
fn mismatched_tags_are_an_error_on_their_line() {
    let broken = EXPORT.replace("<isSpam>true</isSpam>", "<isSpam>true</isDeleted>");
    let (_, error) = read_all(broken.as_bytes());
    let error = error.unwrap();
    let line = broken.lines().position(|l| l.contains("</isDeleted>") && l.contains("<isSpam>")).unwrap() as u64 + 1;
    assert_eq!(error.line, line, "{error}");
}

#[test]
fn bad_values_are_errors_naming_the_element() {
    let not_a_flag = EXPORT.replace("<isSpam>true</isSpam>", "<isSpam>perhaps</isSpam>");
    let error = read_all(not_a_flag.as_bytes()).1.unwrap();
    assert_eq!(error.element, "isSpam", "{error}");
    assert!(error.message.contains("\"perhaps\""), "{error}");

    let not_an_id = EXPORT.replace("<post dsq:id=\"3004\">", "<post dsq:id=\"x4\">");
    let error = read_all(not_an_id.as_bytes()).1.unwrap();
    assert_eq!(error.element, "post", "{error}");
    assert!(error.message.contains("\"x4\""), "{error}");

    let no_id = EXPORT.replace("<post dsq:id=\"3004\">", "<post>");
    let error = read_all(no_id.as_bytes()).1.unwrap();
    assert!(error.message.contains("without dsq:id"), "{error}");

    let no_thread = EXPORT.replace("<thread dsq:id=\"2001\"/>", "");
    let error = read_all(no_thread.as_bytes()).1.unwrap();
    assert!(error.message.contains("3004") && error.message.contains("thread"), "{error}");
}

#[test]
fn another_prefix_for_disqus_internals_is_read_the_same() {
    let renamed = EXPORT.replace("xmlns:dsq=", "xmlns:internals=").replace("dsq:id=", "internals:id=");
    assert_eq!(read_all(renamed.as_bytes()), read_all(EXPORT.as_bytes()));
}

#[test]
fn unknown_elements_and_namespaces_are_skipped() {
    let extended = EXPORT.replace(
        "</disqus>",
        "<future:report><post dsq:id=\"9\"><thread dsq:id=\"1\"/></post></future:report><future:note/></disqus>",
    );
    assert_eq!(read_all(extended.as_bytes()), read_all(EXPORT.as_bytes()));
}

#[test]
fn a_file_that_is_not_an_export_is_an_error() {
    let error = read_all(b"<rss><channel/></rss>").1.unwrap();
    assert!(error.message.contains("not a Disqus export"), "{error}");
    let error = read_all(b"").1.unwrap();
    assert!(error.message.contains("no <disqus>"), "{error}");
    let error = read_all("\u{feff}not xml at all".as_bytes()).1.unwrap();
    assert!(error.message.contains("Disqus"), "{error}");
}

#[test]
fn after_an_error_the_reader_keeps_answering_it() {
    let mut reader = DisqusReader::new(&EXPORT.as_bytes()[..EXPORT.len() / 2]);
    let error = loop {
        if let Err(error) = reader.next_entry() {
            break error;
        }
    };
    assert_eq!(reader.next_entry(), Err(error));
}

/// A generated export of many posts, made as it is read.
struct GeneratedExport {
    posts: u64,
    next: u64,
    pending: Vec<u8>,
    offset: usize,
    finished: bool,
    produced: Rc<Cell<u64>>,
}

impl Read for GeneratedExport {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.offset == self.pending.len() {
            self.pending.clear();
            self.offset = 0;
            if self.next == 0 {
                self.pending.extend_from_slice(
                    b"<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\">\n\
                      <thread dsq:id=\"1\"><link>https://lamp.example/articles/a</link></thread>\n",
                );
            }
            if self.next < self.posts {
                self.next += 1;
                let text = "یہ ایک تبصرہ ہے — هذا تعليق — a comment. ".repeat(20);
                self.pending.extend_from_slice(
                    format!(
                        "<post dsq:id=\"{}\"><message><![CDATA[<p>{text}</p>]]></message><isSpam>false</isSpam>\
                         <author><name>Reader {}</name></author><thread dsq:id=\"1\"/></post>\n",
                        self.next, self.next
                    )
                    .as_bytes(),
                );
            } else if !self.finished {
                self.pending.extend_from_slice(b"</disqus>\n");
                self.finished = true;
            }
        }
        let n = (self.pending.len() - self.offset).min(out.len());
        out[..n].copy_from_slice(&self.pending[self.offset..self.offset + n]);
        self.offset += n;
        self.produced.set(self.produced.get() + n as u64);
        Ok(n)
    }
}

#[test]
fn a_large_export_streams_one_post_at_a_time() {
    const POSTS: u64 = 20_000;
    const BUFFER: usize = 64 * 1024;
    let produced = Rc::new(Cell::new(0));
    let source = GeneratedExport {
        posts: POSTS,
        next: 0,
        pending: Vec::new(),
        offset: 0,
        finished: false,
        produced: Rc::clone(&produced),
    };
    let mut reader = DisqusReader::new(BufReader::with_capacity(BUFFER, source));
    let mut count = 0;
    let mut last_position = 0;
    while let Some(entry) = reader.next_entry().unwrap() {
        let DisqusEntry::Post(post) = entry else { continue };
        count += 1;
        assert_eq!(post.dsq_id, count);
        let position = reader.bytes_read();
        assert!(position > last_position, "post {count}: the reader did not move on");
        // No more than the post returned and one buffer beyond it was
        // asked for: it streams instead of loading the file.
        assert!(
            produced.get() - position <= BUFFER as u64 + (position - last_position),
            "post {count}: {} bytes read ahead",
            produced.get() - position
        );
        last_position = position;
    }
    assert_eq!(count, POSTS);
    assert!(produced.get() > 20_000_000, "the file was {} bytes", produced.get());
    assert_eq!(reader.bytes_read(), produced.get());
}
