//! Processor sharing at one station, event-driven with a virtual clock.
//!
//! With `n` requests present at `c` servers each is served at rate
//! `min(1, c/n)`. All present requests advance at the same rate, so the
//! station keeps a *virtual time* `V` (work done on each present request
//! since the station was last empty) with `dV/dt = min(1, c/n)`. A request
//! arriving with work `x` when the clock reads `V` finishes when `V` reaches
//! its tag `V + x`: the request with the smallest tag finishes first, at
//! real time `now + (tag − V) / min(1, c/n)`. A binary heap of tags makes an
//! arrival or a departure O(log n); the clock restarts at 0 whenever the
//! station empties, so it never grows large against the work it measures.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The shared-server state of one PS station.
#[derive(Debug, Default)]
pub(crate) struct PsState {
    /// Virtual time, seconds of work done on each present request.
    v: f64,
    /// Real time `v` was last brought up to, seconds.
    last: f64,
    /// Finishing tags (bits of a non-negative `f64`, which order like the
    /// numbers) with request ids.
    jobs: BinaryHeap<Reverse<(u64, u32)>>,
    /// Bumped at every change, so that stale completion events are ignored.
    pub generation: u32,
}

/// Service rate of each of `n` requests at `c` servers.
#[inline]
fn rate(n: usize, c: u32) -> f64 {
    if n <= c as usize {
        1.0
    } else {
        f64::from(c) / n as f64
    }
}

impl PsState {
    /// Requests present.
    pub(crate) fn len(&self) -> usize {
        self.jobs.len()
    }

    /// Brings the virtual clock up to real time `t`.
    #[inline]
    fn advance(&mut self, t: f64, c: u32) {
        let n = self.jobs.len();
        if n > 0 {
            self.v += (t - self.last).max(0.0) * rate(n, c);
        }
        self.last = t;
    }

    /// Request `r` arrives at real time `t` with `work` seconds of service.
    pub(crate) fn add(&mut self, t: f64, c: u32, work: f64, r: u32) {
        self.advance(t, c);
        if self.jobs.is_empty() {
            self.v = 0.0;
        }
        self.jobs.push(Reverse(((self.v + work).to_bits(), r)));
        self.generation = self.generation.wrapping_add(1);
    }

    /// The request with the least work left leaves at real time `t`.
    pub(crate) fn pop(&mut self, t: f64, c: u32) -> Option<u32> {
        self.advance(t, c);
        let Reverse((_, r)) = self.jobs.pop()?;
        if self.jobs.is_empty() {
            self.v = 0.0;
        }
        self.generation = self.generation.wrapping_add(1);
        Some(r)
    }

    /// Real time of the next departure if nothing else arrives (the clock
    /// was brought up to date by the last `add` or `pop`); `None` when empty.
    pub(crate) fn next_departure(&self, c: u32) -> Option<f64> {
        let Reverse((tag, _)) = self.jobs.peek()?;
        let left = (f64::from_bits(*tag) - self.v).max(0.0);
        Some(self.last + left / rate(self.jobs.len(), c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_jobs_share_one_server() {
        // Work 1 s and 3 s arrive together at one server: both run at rate
        // 1/2, the first leaves at 2 s; the second, with 2 s left, then runs
        // alone and leaves at 4 s.
        let mut ps = PsState::default();
        ps.add(0.0, 1, 1.0, 7);
        ps.add(0.0, 1, 3.0, 8);
        let t1 = ps.next_departure(1).unwrap();
        assert!((t1 - 2.0).abs() < 1e-12);
        assert_eq!(ps.pop(t1, 1), Some(7));
        let t2 = ps.next_departure(1).unwrap();
        assert!((t2 - 4.0).abs() < 1e-12);
        assert_eq!(ps.pop(t2, 1), Some(8));
        assert_eq!(ps.len(), 0);
        assert_eq!(ps.next_departure(1), None);
    }

    #[test]
    fn no_slowdown_up_to_c_jobs() {
        // Two servers, two jobs: each runs at full speed.
        let mut ps = PsState::default();
        ps.add(0.0, 2, 1.0, 1);
        ps.add(0.5, 2, 1.0, 2);
        let t = ps.next_departure(2).unwrap();
        assert!((t - 1.0).abs() < 1e-12);
        assert_eq!(ps.pop(t, 2), Some(1));
        let t = ps.next_departure(2).unwrap();
        assert!((t - 1.5).abs() < 1e-12);
        // Three jobs at two servers run at 2/3.
        let mut ps = PsState::default();
        for r in 0..3 {
            ps.add(0.0, 2, 2.0, r);
        }
        let t = ps.next_departure(2).unwrap();
        assert!((t - 3.0).abs() < 1e-12);
    }
}
