//! One error type for every storage failure, mapped from sqlx in one place.

/// What went wrong while talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL or file cannot be used.
    #[error("cannot open the database: {0}")]
    Open(String),
    /// Applying migrations failed.
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value no longer parses as its domain type.
    #[error("stored {what} is invalid: {value}")]
    Corrupt { what: &'static str, value: String },
    /// A uniqueness or foreign-key rule of the schema refused the write.
    #[error("the write conflicts with existing data")]
    Conflict(#[source] sqlx::Error),
    /// Any other database failure: connection lost, disk full, timeout.
    #[error("database error")]
    Database(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            // SQLite does not report constraint names reliably; the kind is enough.
            sqlx::Error::Database(db)
                if matches!(
                    db.kind(),
                    sqlx::error::ErrorKind::UniqueViolation | sqlx::error::ErrorKind::ForeignKeyViolation
                ) =>
            {
                Self::Conflict(err)
            }
            _ => Self::Database(err),
        }
    }
}
