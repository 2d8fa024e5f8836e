//! The moderators' desk: the queue and its decisions, people and their
//! standing, the moderation log, and the dashboard with its charts. The
//! rules are the application's ([`byline_app::moderation`]).

pub mod charts;
pub mod dashboard;
pub mod log;
pub mod people;
pub mod queue;
