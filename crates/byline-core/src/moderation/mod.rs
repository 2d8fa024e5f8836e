//! Moderation policy: every new or edited comment passes a sequence of
//! small rules, each of which may hold it for review or reject it with a
//! reason; the strictest verdict wins and every reason is kept.

pub mod words;

pub use words::{WordAction, WordEntry, WordLists, WordMatch};
