//! The `byline` binary's library half: configuration, the command line,
//! start-up and shutdown, demo content. `main` only calls [`cli::run`].
//!
//! Integration tests use [`serve::spawn`] to run the real application on a
//! random port.

pub mod archive;
mod backups;
mod cache_purges;
pub mod cli;
pub mod config;
pub mod demo;
mod http_server;
pub mod import;
pub mod import_disqus;
mod moderator_alerts;
pub mod outbox;
mod progress;
pub mod publish;
pub mod serve;
pub mod users;
pub mod webhooks;
