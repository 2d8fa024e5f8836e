//! Webhooks on the web: the admins' pages that add, change, switch and
//! test endpoints and show their delivery logs.

pub mod admin;
