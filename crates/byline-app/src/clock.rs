//! The time every use case reads, so that each can be run at a chosen
//! moment: the system's clock in the server, a hand-set one in tests.

use std::sync::Mutex;

use byline_core::Timestamp;

/// Where a use case learns what time it is.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until moved.
#[derive(Debug)]
pub struct ManualClock(Mutex<Timestamp>);

impl ManualClock {
    pub fn at(now: Timestamp) -> Self {
        Self(Mutex::new(now))
    }

    pub fn set(&self, now: Timestamp) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = now;
        }
    }

    pub fn advance_minutes(&self, minutes: i64) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = slot.plus_minutes(minutes);
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        self.0.lock().map_or_else(|poisoned| *poisoned.into_inner(), |t| *t)
    }
}
