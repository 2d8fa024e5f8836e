//! Comment states as SQL text, made at compile time from the names
//! [`CommentStatus`] keeps (through [`byline_core::comment_status!`]): the
//! one place the store's SQL spells a state. Where a query can bind a
//! state instead (`.bind(CommentStatus::X.as_str())`), it does.
//!
//! [`CommentStatus`]: byline_core::comments::CommentStatus

/// A comment state as an SQL string literal: `status!(Published)` is
/// `'published'`.
macro_rules! status {
    ($state:ident) => {
        concat!("'", byline_core::comment_status!($state), "'")
    };
}
pub(crate) use status;

/// Comment states as an SQL list: `statuses!(Rejected, Spam)` is
/// `('rejected', 'spam')`.
macro_rules! statuses {
    ($first:ident $(, $state:ident)* $(,)?) => {
        concat!("(", $crate::comments::states::status!($first) $(, ", ", $crate::comments::states::status!($state))*, ")")
    };
}
pub(crate) use statuses;

#[cfg(test)]
mod tests {
    use byline_core::comments::CommentStatus;

    #[test]
    fn sql_states_are_the_domains_names() {
        assert_eq!(status!(Pending), format!("'{}'", CommentStatus::Pending.as_str()));
        assert_eq!(status!(Published), format!("'{}'", CommentStatus::Published.as_str()));
        assert_eq!(status!(Rejected), format!("'{}'", CommentStatus::Rejected.as_str()));
        assert_eq!(status!(Spam), format!("'{}'", CommentStatus::Spam.as_str()));
        assert_eq!(status!(Deleted), format!("'{}'", CommentStatus::Deleted.as_str()));
        assert_eq!(status!(Removed), format!("'{}'", CommentStatus::Removed.as_str()));
        assert_eq!(statuses!(Rejected, Spam, Removed), "('rejected', 'spam', 'removed')");
        assert_eq!(statuses!(Pending), "('pending')");
    }

    /// Every `.rs` file under `folder`, with its text.
    fn sources(folder: &std::path::Path, found: &mut Vec<(std::path::PathBuf, String)>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                found.push((path, text));
            }
        }
    }

    /// A state spelled in SQL by hand could drift from [`CommentStatus`];
    /// this file's macros are the only place that spells them.
    #[test]
    fn no_sql_spells_a_comment_state_by_hand() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        assert!(files.len() > 10, "the store's sources were found");
        let mut spelled = Vec::new();
        for (path, text) in &files {
            if path.ends_with("comments/states.rs") {
                continue;
            }
            for state in CommentStatus::ALL {
                for (n, line) in text.lines().enumerate() {
                    if line.contains(&format!("'{}'", state.as_str())) {
                        spelled.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                    }
                }
            }
        }
        assert!(spelled.is_empty(), "use status!/statuses! or bind the state:\n{}", spelled.join("\n"));
    }
}
