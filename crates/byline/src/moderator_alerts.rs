//! The job of `serve` that mails moderators' alerts: each as it comes
//! for those who want each, a digest an hour for the others. When each
//! is due is the application's to say, by its clock; this only asks
//! often, so that a test's hand-set clock is followed at once.

use std::time::Duration;

use byline_web::AppState;
use tokio::sync::watch;

/// How often alerts are looked for.
const POLL: Duration = Duration::from_millis(250);

/// Mails due alerts until `stop` changes.
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    loop {
        match state.app.mail_due_alerts().await {
            Ok(0) => {}
            Ok(mailed) => tracing::info!(alerts = mailed, "moderators' alerts mailed"),
            Err(err) => tracing::warn!(error = %err, "moderators' alerts not mailed"),
        }
        tokio::select! {
            () = tokio::time::sleep(POLL) => {}
            _ = stop.changed() => return,
        }
    }
}
