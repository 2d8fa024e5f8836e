//! What the streaming readers of exports share: an XML cursor over the
//! caller's reader that knows the elements open at its position and the
//! line it is on, so that every error names both, and reads one element's
//! text or children at a time without holding more.

use std::fmt;
use std::io::{self, BufRead};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// A file that is not well-formed XML, ends early, or is not the export
/// its reader expects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ReadError {
    /// The line (from 1) where the reader stopped.
    pub line: u64,
    /// The innermost element open there, such as `wp:comment`; empty outside
    /// the root element.
    pub element: String,
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.element.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "line {}, in <{}>: {}", self.line, self.element, self.message)
        }
    }
}

/// An event of the XML stream, owned, with what the readers need of it.
pub(crate) enum Ev {
    Start(Tag),
    End,
    Text(String),
    Eof,
}

/// An element's name as written (with its prefix) and its attributes.
pub(crate) struct Tag {
    pub(crate) name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn of(start: &BytesStart<'_>) -> Self {
        let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
        let attrs = start
            .attributes()
            .flatten()
            .filter_map(|attr| {
                let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
                let value = attr.unescape_value().ok()?.into_owned();
                Some((key, value))
            })
            .collect();
        Self { name, attrs }
    }

    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The first attribute whose name is `local` under some prefix
    /// (`dsq:id` for `id`), whatever the file calls its namespace.
    pub(crate) fn prefixed_attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.split_once(':').is_some_and(|(prefix, name)| name == local && prefix != "xmlns"))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads XML event by event, keeping the names of the open elements.
pub(crate) struct XmlCursor<R: BufRead> {
    xml: Reader<Counted<R>>,
    buf: Vec<u8>,
    /// Names of the elements open at the reader's position, outermost first.
    open: Vec<String>,
    /// An empty element (`<x/>`) was reported as a start; its end is next.
    pending_end: bool,
}

impl<R: BufRead> XmlCursor<R> {
    pub(crate) fn new(reader: R) -> Self {
        Self {
            xml: Reader::from_reader(Counted { inner: reader, bytes: 0, newlines: 0 }),
            buf: Vec::new(),
            open: Vec::new(),
            pending_end: false,
        }
    }

    /// How many elements are open, the one just started included.
    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }

    pub(crate) fn bytes_read(&self) -> u64 {
        self.xml.get_ref().bytes
    }

    /// The line (from 1) at the reader's position.
    pub(crate) fn line(&self) -> u64 {
        self.xml.get_ref().newlines + 1
    }

    /// Calls `on_child` for each child element of the element just opened;
    /// `on_child` must read the child through its end.
    pub(crate) fn children(
        &mut self,
        mut on_child: impl FnMut(&mut Self, Tag) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let depth = self.open.len();
        loop {
            match self.next_event()? {
                Ev::Start(tag) => on_child(self, tag)?,
                Ev::End if self.open.len() < depth => return Ok(()),
                Ev::End | Ev::Text(_) => {}
                Ev::Eof => return Err(self.fail("unexpected end of file".into())),
            }
        }
    }

    /// The text of the element just opened, through its end; the text of
    /// any element nested in it is left out.
    pub(crate) fn text(&mut self) -> Result<String, ReadError> {
        let depth = self.open.len();
        let mut text = String::new();
        loop {
            match self.next_event()? {
                Ev::Text(part) if self.open.len() == depth => text.push_str(&part),
                Ev::End if self.open.len() < depth => return Ok(text),
                Ev::Start(_) | Ev::End | Ev::Text(_) => {}
                Ev::Eof => return Err(self.fail("unexpected end of file".into())),
            }
        }
    }

    /// Reads the element just opened through its end, keeping nothing.
    pub(crate) fn skip(&mut self) -> Result<(), ReadError> {
        self.text().map(drop)
    }

    pub(crate) fn trimmed(&mut self) -> Result<String, ReadError> {
        let text = self.text()?;
        Ok(text.trim().to_owned())
    }

    pub(crate) fn number(&mut self) -> Result<i64, ReadError> {
        let element = self.current();
        let text = self.text()?;
        text.trim().parse().map_err(|_| self.fail_in(element, format!("{:?} is not a number", text.trim())))
    }

    pub(crate) fn number_or_zero(&mut self) -> Result<i64, ReadError> {
        let element = self.current();
        let text = self.text()?;
        let text = text.trim();
        if text.is_empty() {
            return Ok(0);
        }
        text.parse().map_err(|_| self.fail_in(element, format!("{text:?} is not a number")))
    }

    /// `true` or `false` (`1` and `0` too); empty is `false`.
    pub(crate) fn boolean(&mut self) -> Result<bool, ReadError> {
        let element = self.current();
        let text = self.trimmed()?;
        match text.as_str() {
            "true" | "1" => Ok(true),
            "false" | "0" | "" => Ok(false),
            other => Err(self.fail_in(element, format!("{other:?} is neither true nor false"))),
        }
    }

    pub(crate) fn next_event(&mut self) -> Result<Ev, ReadError> {
        if self.pending_end {
            self.pending_end = false;
            self.open.pop();
            return Ok(Ev::End);
        }
        loop {
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(error) => return Err(self.fail(error.to_string())),
            };
            let decoded: Result<Option<Ev>, String> = match event {
                Event::Start(start) => {
                    let tag = Tag::of(&start);
                    self.open.push(tag.name.clone());
                    Ok(Some(Ev::Start(tag)))
                }
                Event::Empty(start) => {
                    let tag = Tag::of(&start);
                    self.open.push(tag.name.clone());
                    self.pending_end = true;
                    Ok(Some(Ev::Start(tag)))
                }
                Event::End(_) => {
                    self.open.pop();
                    Ok(Some(Ev::End))
                }
                Event::Text(text) => text.decode().map(|t| Some(Ev::Text(t.into_owned()))).map_err(|e| e.to_string()),
                Event::CData(text) => text.decode().map(|t| Some(Ev::Text(t.into_owned()))).map_err(|e| e.to_string()),
                Event::GeneralRef(reference) => resolve_reference(&reference).map(|t| Some(Ev::Text(t))),
                Event::Eof => Ok(Some(Ev::Eof)),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => Ok(None),
            };
            match decoded {
                Ok(Some(event)) => return Ok(event),
                Ok(None) => {}
                Err(message) => return Err(self.fail(message)),
            }
        }
    }

    /// An error at the reader's position, in the innermost open element.
    pub(crate) fn fail(&self, message: String) -> ReadError {
        self.fail_in(self.current(), message)
    }

    /// An error at the reader's position about `element`, which holds a
    /// value the reader has just read through and closed.
    fn fail_in(&self, element: String, message: String) -> ReadError {
        ReadError { line: self.line(), element, message }
    }

    /// The innermost open element's name; empty outside the root.
    fn current(&self) -> String {
        self.open.last().cloned().unwrap_or_default()
    }
}

/// `&amp;`, `&#1575;`, `&#x1F600;`: the five entities XML predefines and
/// character references. The exports declare no others, so any other is an
/// error.
fn resolve_reference(reference: &quick_xml::events::BytesRef<'_>) -> Result<String, String> {
    if let Some(ch) = reference.resolve_char_ref().map_err(|e| e.to_string())? {
        return Ok(ch.to_string());
    }
    let name = reference.decode().map_err(|e| e.to_string())?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or_else(|| format!("unknown entity &{name};"))
}

/// The caller's reader, counting the bytes and newlines the XML parser has
/// consumed, so that an error can name its line without a second pass.
struct Counted<R> {
    inner: R,
    bytes: u64,
    newlines: u64,
}

impl<R: BufRead> io::Read for Counted<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let available = self.inner.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if amount == 0 {
            return;
        }
        // The parser consumes only what fill_buf has just shown it, so this
        // returns the same bytes without reading.
        if let Ok(available) = self.inner.fill_buf() {
            let seen = &available[..amount.min(available.len())];
            self.newlines += seen.iter().filter(|&&b| b == b'\n').count() as u64;
        }
        self.bytes += amount as u64;
        self.inner.consume(amount);
    }
}
