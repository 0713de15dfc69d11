//! The work figure each kind of observed component sets, read and scaled
//! on a profile's `work:`.

use crate::catalog::ComponentKind;
use crate::profile::Work;

/// The work figure a kind of component sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Figure {
    AppCpu,
    JobCpu,
    MediaCpu,
    DbQueryTime,
    CacheLookups,
    SearchEngineTime,
}

impl Figure {
    pub(super) fn of(kind: ComponentKind) -> Option<Figure> {
        Some(match kind {
            ComponentKind::App => Figure::AppCpu,
            ComponentKind::Workers => Figure::JobCpu,
            ComponentKind::Media => Figure::MediaCpu,
            ComponentKind::Database | ComponentKind::Replicas => Figure::DbQueryTime,
            ComponentKind::Cache => Figure::CacheLookups,
            ComponentKind::Search => Figure::SearchEngineTime,
            _ => return None,
        })
    }

    pub(super) fn key(self) -> &'static str {
        match self {
            Figure::AppCpu => "work.app_cpu",
            Figure::JobCpu => "work.job_cpu",
            Figure::MediaCpu => "work.media_cpu",
            Figure::DbQueryTime => "work.db_query_time",
            Figure::CacheLookups => "work.cache_lookups_per_read",
            Figure::SearchEngineTime => "work.search_engine_time",
        }
    }

    pub(super) fn unit(self) -> &'static str {
        match self {
            Figure::CacheLookups => "lookups",
            _ => "ms",
        }
    }

    /// The typed value in `unit`.
    pub(super) fn value(self, w: &Work) -> f64 {
        match self {
            Figure::AppCpu => w.app_cpu.mean * 1e3,
            Figure::JobCpu => w.job_cpu.mean * 1e3,
            Figure::MediaCpu => w.media_cpu.mean * 1e3,
            Figure::DbQueryTime => w.db_query.mean * 1e3,
            Figure::CacheLookups => w.cache_lookups_per_read,
            Figure::SearchEngineTime => w.search_engine_time * 1e3,
        }
    }

    /// Multiplies the figure by `s`.
    pub(super) fn scale(self, w: &mut Work, s: f64) {
        match self {
            Figure::AppCpu => w.app_cpu.mean *= s,
            Figure::JobCpu => w.job_cpu.mean *= s,
            Figure::MediaCpu => w.media_cpu.mean *= s,
            Figure::DbQueryTime => w.db_query.mean *= s,
            Figure::CacheLookups => {
                w.cache_lookups_per_read *= s;
                w.cache_lookups_per_write *= s;
            }
            Figure::SearchEngineTime => w.search_engine_time *= s,
        }
    }
}
