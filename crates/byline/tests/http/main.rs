//! HTTP and command-line tests against the real application: real server
//! on a random loopback port, real database (SQLite file and PostgreSQL),
//! real HTTP client. One test binary for the crate; what the tests share is
//! in `support`, and no test module imports from another.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "a test should fail loudly on any unexpected error")]

mod support;

mod accounts;
mod api_contract;
mod archive;
mod audit_log;
mod authors;
mod bad_input;
mod cache_front;
mod cli;
mod cluster;
mod comment_api;
mod comment_forms;
mod comments;
mod connections;
mod dashboard;
mod desk;
mod desk_script;
mod discovery;
mod embed;
mod errors;
mod guests;
mod languages;
mod long_threads;
mod media;
mod moderation;
mod moderator_alerts;
mod nodes;
mod oidc;
mod ops;
mod package;
mod page_cache;
mod pages;
mod people;
mod proxies;
mod publication;
mod queue;
mod search;
mod varnish;
mod webhooks;
