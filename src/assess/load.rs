//! From users to peak request rates per class.
//!
//! peak API req/s = MAU × daily-active share × API requests per DAU per day
//! / 86,400 × peak-to-average; static likewise. API requests split into reads
//! (less searches), searches and writes; background jobs are a share of API
//! requests, media jobs a share of writes, notifications a share of writes
//! (send attempts: retries included). These are the rates users and bots
//! offer; a tier with an edge takes the blocked and answered requests off
//! the origin (see `layout`).

use serde::Serialize;

use crate::catalog::ClassKind;
use crate::profile::Profile;
use crate::profile::model::{DAYS_PER_MONTH, SECONDS_PER_DAY};

/// Peak rates at one number of monthly active users.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Load {
    /// Monthly active users.
    pub users: f64,
    /// Peak API requests per second (reads + searches + writes).
    pub api_rps: f64,
    /// Peak static requests per second.
    pub static_rps: f64,
    /// Peak rate of each class, requests per second, indexed like
    /// [`ClassKind::ALL`].
    #[serde(skip)]
    pub rates: [f64; 7],
    /// Peak-to-average factor, to turn peak rates into monthly volumes.
    #[serde(skip)]
    pub peak_to_average: f64,
}

impl Load {
    /// The peak load of `users` monthly active users of `profile`.
    pub fn at(profile: &Profile, users: f64) -> Load {
        let t = &profile.traffic;
        let dau = users * profile.users.daily_active_share;
        let api = dau * t.api_per_user_day / SECONDS_PER_DAY * t.peak_to_average;
        let stat = dau * t.static_per_user_day / SECONDS_PER_DAY * t.peak_to_average;
        let reads = api * t.read_share;
        let search = api * t.search_share;
        let writes = api - reads;
        let rates = [
            reads - search,
            search,
            writes,
            stat,
            api * t.background_share,
            writes * t.media_share,
            writes * t.notification_share * profile.notifications.attempts(),
        ];
        Load {
            users,
            api_rps: api,
            static_rps: stat,
            rates,
            peak_to_average: t.peak_to_average,
        }
    }

    /// Peak rate of `class`, requests per second.
    pub fn rate(&self, class: ClassKind) -> f64 {
        self.rates[class_index(class)]
    }

    /// Requests of `class` in a month (the peak rate over the peak-to-average
    /// factor, over 30.44 days).
    pub fn monthly(&self, class: ClassKind) -> f64 {
        self.rate(class) / self.peak_to_average * SECONDS_PER_DAY * DAYS_PER_MONTH
    }
}

/// Position of `class` in [`ClassKind::ALL`].
pub fn class_index(class: ClassKind) -> usize {
    ClassKind::ALL
        .iter()
        .position(|c| *c == class)
        .expect("every class is listed")
}
