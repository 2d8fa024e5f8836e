//! The command line: `serve`, `migrate`, `demo`, `article publish`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use byline_core::accounts::Role;

use crate::config::{Config, LogFormat, Overrides, Settings};

/// Byline: a newsroom in one binary. It publishes articles and hosts the
/// discussion under them, on SQLite or PostgreSQL.
///
/// Configuration comes from defaults, then a TOML file (`byline.toml` in the
/// working folder, or --config), then BYLINE_* environment variables with
/// nested keys joined by `__` (BYLINE_SERVER__LISTEN,
/// BYLINE_DATABASE__URL, BYLINE_SITE__BASE_URL, BYLINE_LOG__FORMAT), then
/// the flags below.
#[derive(Debug, Parser)]
#[command(name = "byline", version, about, long_about)]
pub struct Cli {
    /// Read configuration from this TOML file.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Database to use: a SQLite file path, or a postgres:// URL.
    /// [default: byline-data/byline.db]
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (applies migrations first).
    Serve {
        /// Address to listen on. [default: 127.0.0.1:8080]
        #[arg(long, value_name = "ADDR")]
        listen: Option<SocketAddr>,
        /// Load the demo articles before serving (skips those present).
        #[arg(long)]
        demo: bool,
    },
    /// Create or update the database schema, then exit.
    Migrate,
    /// Load the demo articles (idempotent: existing ones are left alone).
    Demo,
    /// Work with articles.
    #[command(subcommand)]
    Article(ArticleCommand),
    /// Bring in what another system exported.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write everything the site holds (stories with their revisions,
    /// sections, tags, photos and their files, accounts with roles and
    /// standing, comments with threads and states, votes, flags, the
    /// moderation log) to one archive file, while the site may be serving.
    /// `byline import byline` restores it into either database.
    Export {
        /// The archive to write (a tar file).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Leave out e-mail addresses, password hashes, guests' contact
        /// details and unsubscribe links (accounts then reset their
        /// passwords to sign in).
        #[arg(long)]
        no_private: bool,
    },
    /// Take a backup now, while the site may be serving: an archive named
    /// by the time, in DIR (default: backup.dir), keeping the newest
    /// backup.keep. `serve` takes them on its own every backup.every.
    Backup {
        /// The folder to write it in.
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Restore a backup (or any archive from `byline export`) into an
    /// empty database, with its photos into the media folder. All or
    /// nothing: a damaged file writes nothing.
    Restore {
        /// The backup or archive file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Work with accounts and roles.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account (e-mail counted as confirmed) and print a one-time
    /// sign-in link for it.
    Add {
        /// Public handle: 3–30 letters, digits or underscores in one script.
        #[arg(long)]
        handle: String,
        /// E-mail address.
        #[arg(long)]
        email: String,
        /// Display name. [default: the handle]
        #[arg(long)]
        name: Option<String>,
        /// commenter, moderator, editor or admin.
        #[arg(long, default_value = "commenter", value_parser = parse_role)]
        role: Role,
    },
    /// Change someone's role.
    SetRole {
        /// The account's handle.
        handle: String,
        /// commenter, moderator, editor or admin.
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// List every account.
    List,
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse().map_err(|e: byline_core::articles::UnknownValue| e.to_string())
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Restore an archive from `byline export` into an empty database of
    /// either kind: export from SQLite and import here into PostgreSQL to
    /// move a site onto several nodes. Ids, threads, states and photos
    /// are kept; all or nothing.
    Byline {
        /// The archive file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Import a WordPress export (WXR, from Tools → Export): each post
    /// becomes a story in the state it had (drafts stay drafts; nothing is
    /// published that was not). The whole file is read and checked first:
    /// a malformed or truncated one stops with its line and element named
    /// and nothing written. Authors become writers' accounts without a
    /// password (claimed by resetting it). Importing it again changes
    /// nothing.
    Wordpress {
        /// The export file (XML).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Report what would be imported, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// A copy of the site's wp-content/uploads folder: its photographs
        /// come into the media library, featured images lead their
        /// stories and links to them in posts lead to the library's copies.
        /// Without it, attachments are only listed.
        #[arg(long, value_name = "DIR")]
        uploads: Option<PathBuf>,
    },
    /// Import a Disqus export (XML, from Disqus's Moderation → Export):
    /// each thread is matched to its story by identifier (a story's
    /// address or number) or by its link (`/articles/SLUG`, or an address
    /// the story had on WordPress; the host may differ), and its comments
    /// become guest comments under it in the state they had (spam stays
    /// spam, deleted comments are kept as removed), replies under what
    /// they answer. The whole file is read and checked first: a malformed
    /// or truncated one stops with its line and element named and nothing
    /// written. The summary lists the threads whose story was not found.
    /// Importing it again changes nothing; a later export adds only what
    /// is new.
    Disqus {
        /// The export file (XML).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Report what would be imported, writing nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ArticleCommand {
    /// Create or update articles from Markdown files with TOML front matter.
    ///
    /// Every file is checked before anything is written; the first problem
    /// is reported as FILE:LINE with the field at fault.
    Publish {
        /// Markdown files with front matter between `+++` lines. A file
        /// without `slug` takes its slug from its name.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Publish a new article even when its text repeats a live one.
        #[arg(long)]
        allow_duplicate: bool,
    },
}

/// Exit code for configuration the program cannot use.
const EXIT_CONFIG: u8 = 2;

/// Parses the command line, runs the command, and reports any failure as
/// one line on stderr.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let listen = match &cli.command {
        Command::Serve { listen, .. } => *listen,
        _ => None,
    };
    let overrides = Overrides { config_file: cli.config.clone(), database_url: cli.database_url.clone(), listen };
    let settings = match Config::load(&overrides) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("error: invalid configuration: {err}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    init_logging(&settings);

    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dispatch(cli.command, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo, .. } => crate::serve::serve(settings, demo).await,
        Command::Migrate => {
            let store = crate::serve::open_store(&settings).await?;
            store.close().await;
            println!("database is up to date");
            Ok(())
        }
        Command::Demo => {
            let store = crate::serve::open_store(&settings).await?;
            let loaded = crate::demo::load(&store, &settings.media_settings()).await;
            store.close().await;
            let loaded = loaded?;
            println!(
                "demo content: {} articles created, {} already present; {} comments written",
                loaded.created, loaded.present, loaded.comments
            );
            Ok(())
        }
        Command::Article(ArticleCommand::Publish { files, allow_duplicate }) => {
            crate::publish::publish_files(&settings, &files, allow_duplicate).await
        }
        Command::Export { file, no_private } => crate::archive::export(&settings, &file, no_private).await,
        Command::Backup { dir } => crate::archive::backup(&settings, dir.as_deref()).await,
        Command::Restore { file } | Command::Import(ImportCommand::Byline { file }) => {
            crate::archive::restore(&settings, &file).await
        }
        Command::Import(ImportCommand::Wordpress { file, dry_run, uploads }) => {
            crate::import::import_wordpress(&settings, &file, dry_run, uploads.as_deref()).await
        }
        Command::Import(ImportCommand::Disqus { file, dry_run }) => {
            crate::import_disqus::import_disqus(&settings, &file, dry_run).await
        }
        Command::User(UserCommand::Add { handle, email, name, role }) => {
            crate::users::add_user(&settings, &handle, name.as_deref(), &email, role).await
        }
        Command::User(UserCommand::SetRole { handle, role }) => crate::users::set_role(&settings, &handle, role).await,
        Command::User(UserCommand::List) => crate::users::list_users(&settings).await,
    }
}

fn init_logging(settings: &Settings) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.config.log.filter))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // A second initialisation (tests) is harmless: the first one stays.
    let _ = match settings.config.log.format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
