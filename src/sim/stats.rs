//! From one replication's raw sums to its figures, and from figures over
//! replications to means with Student-t confidence intervals.
//!
//! Percentiles are the exception to "average over replications": the
//! average of per-replication percentiles is biased (low, for the tail,
//! when a replication holds few independent busy periods), so the point
//! estimate is the percentile of the histogram pooled over replications
//! ([`percentile`] of the pooled counts), and its interval comes from the
//! per-replication distribution functions at that estimate
//! ([`percentile_half_width`]).

use hdrhistogram::Histogram;
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::compiled::{Compiled, UNLIMITED};
use super::report::{EndToEndFigures, HostFigures, StationClassFigures, StationFigures};
use super::tally::RepStats;

/// Confidence level of the intervals.
pub const CONFIDENCE: f64 = 0.95;

/// Student-t quantiles, cached by sample size.
#[derive(Debug, Default)]
pub(crate) struct Ci {
    t: Vec<Option<f64>>,
}

impl Ci {
    /// The two-sided `CONFIDENCE` quantile of Student t with `n − 1` degrees
    /// of freedom (n ≥ 2).
    fn t(&mut self, n: usize) -> f64 {
        if self.t.len() <= n {
            self.t.resize(n + 1, None);
        }
        *self.t[n].get_or_insert_with(|| {
            StudentsT::new(0.0, 1.0, (n - 1) as f64)
                .map(|d| d.inverse_cdf(0.5 + CONFIDENCE / 2.0))
                .unwrap_or(f64::NAN)
        })
    }

    /// Mean and confidence half-width of the finite values; `None` when
    /// there are none (mean) or fewer than two (half-width).
    pub(crate) fn mean_half_width(
        &mut self,
        values: impl Iterator<Item = Option<f64>>,
    ) -> (Option<f64>, Option<f64>) {
        let xs: Vec<f64> = values.flatten().filter(|x| x.is_finite()).collect();
        let n = xs.len();
        if n == 0 {
            return (None, None);
        }
        let mean = xs.iter().sum::<f64>() / n as f64;
        if n < 2 {
            return (Some(mean), None);
        }
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
        let half = self.t(n) * (var / n as f64).sqrt();
        (Some(mean), half.is_finite().then_some(half))
    }
}

/// Cells per factor e of the coarse grid of [`Cdf`]: a cell spans 1%.
const CELLS_PER_E: f64 = 1.0 / 0.00995;

/// The cell of the coarse logarithmic grid holding `ns` nanoseconds.
fn cell(ns: u64) -> u32 {
    ((ns.max(1) as f64).ln() * CELLS_PER_E) as u32
}

/// One replication's sojourns of one class on a coarse logarithmic grid
/// (1% cells, common to all replications): enough to count, per
/// replication, the sojourns at or below a threshold, from which the
/// interval of a pooled percentile follows (see [`percentile_half_width`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Cdf {
    /// Occupied cells, ascending.
    cells: Vec<u32>,
    /// Sojourns in this cell and below.
    cum: Vec<u64>,
}

impl Cdf {
    /// The grid counts of histogram `h` (nanoseconds).
    pub(crate) fn of(h: &Histogram<u64>) -> Cdf {
        let mut out = Cdf::default();
        let mut total = 0;
        for v in h.iter_recorded() {
            total += v.count_since_last_iteration();
            let c = cell(h.median_equivalent(v.value_iterated_to()));
            if out.cells.last() == Some(&c) {
                *out.cum.last_mut().expect("pushed with the cell") = total;
            } else {
                out.cells.push(c);
                out.cum.push(total);
            }
        }
        out
    }

    /// The grid counts of several classes together.
    pub(crate) fn merge(parts: &[Cdf]) -> Cdf {
        let mut counts: Vec<(u32, u64)> = Vec::new();
        for p in parts {
            let mut prev = 0;
            for (&c, &cum) in p.cells.iter().zip(&p.cum) {
                counts.push((c, cum - prev));
                prev = cum;
            }
        }
        counts.sort_unstable_by_key(|&(c, _)| c);
        let mut out = Cdf::default();
        let mut total = 0;
        for (c, n) in counts {
            total += n;
            if out.cells.last() == Some(&c) {
                *out.cum.last_mut().expect("pushed with the cell") = total;
            } else {
                out.cells.push(c);
                out.cum.push(total);
            }
        }
        out
    }

    fn total(&self) -> u64 {
        self.cum.last().copied().unwrap_or(0)
    }

    /// Sojourns in the cell of `ns` and below.
    fn at_most(&self, ns: u64) -> u64 {
        let c = cell(ns);
        match self.cells.partition_point(|&x| x <= c) {
            0 => 0,
            i => self.cum[i - 1],
        }
    }
}

/// The 95% half-width of the pooled `q`-percentile `pooled` (histogram of
/// all replications, nanoseconds), in milliseconds.
///
/// A percentile estimated per replication is a skewed, biased statistic
/// near saturation (a few long busy periods decide it), and a t-interval
/// over such values covers too rarely. The share of a replication's
/// sojourns at or below a fixed threshold is a mean, as well behaved as the
/// mean sojourn: so the interval is built for F(x̂), the CDF at the pooled
/// estimate x̂, from its per-replication values (Student t), and carried
/// back through the pooled CDF (the Bahadur representation of a sample
/// quantile): the percentiles at q ∓ that half-width bound the interval,
/// and the larger distance from x̂ is reported. `None` with fewer than two
/// replications holding sojourns.
pub(crate) fn percentile_half_width(
    ci: &mut Ci,
    pooled: &Histogram<u64>,
    reps: &[&Cdf],
    q: f64,
) -> Option<f64> {
    if pooled.is_empty() {
        return None;
    }
    let x = pooled.value_at_quantile(q);
    let shares = reps.iter().map(|c| {
        let n = c.total();
        (n > 0).then(|| c.at_most(x) as f64 / n as f64)
    });
    let (_, h) = ci.mean_half_width(shares);
    let h = h?;
    let ms = |v: u64| pooled.median_equivalent(v) as f64 / 1e6;
    let mid = ms(x);
    let lo = ms(pooled.value_at_quantile((q - h).max(0.0)));
    let hi = ms(pooled.value_at_quantile((q + h).min(1.0)));
    Some((mid - lo).max(hi - mid).max(0.0))
}

/// One replication's figures (and the counts the report sums).
#[derive(Debug, Clone)]
pub(crate) struct RepFigures {
    pub stations: Vec<StationFigures>,
    pub hosts: Vec<HostFigures>,
    /// Arrivals counted at the stations of each host in the window.
    pub host_arrivals: Vec<u64>,
    /// Indexed by `station * classes + class`.
    pub class_at: Vec<StationClassFigures>,
    pub classes: Vec<EndToEndFigures>,
    pub network: EndToEndFigures,
    pub mean_in_network: Option<f64>,
    /// Each class's sojourns on the coarse grid (empty when the run keeps
    /// none: see `MAX_CDFS` in `sim`).
    pub cdfs: Vec<Cdf>,
    /// Length of the measurement window, seconds.
    pub window: f64,
    /// Arrivals of open classes counted at each station in the window (all
    /// arrivals in a network without clients).
    pub open_arrivals: Vec<u64>,
    /// Offered load per server of the open classes alone: what saturates
    /// a station (closed classes cannot overload one).
    pub open_offered: Vec<Option<f64>>,
    /// Rejections counted at each station in the window.
    pub station_rejected: Vec<u64>,
    /// Tagged (measured) external arrivals.
    pub measured: u64,
    pub events: u64,
    /// Set when the population bound stopped the replication: the station
    /// with the longest queue, if any.
    pub overflow: Option<Option<usize>>,
}

fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

/// A sojourn percentile in milliseconds (bucket midpoint).
pub(crate) fn percentile(h: &Histogram<u64>, q: f64) -> Option<f64> {
    (!h.is_empty()).then(|| h.median_equivalent(h.value_at_quantile(q)) as f64 / 1e6)
}

fn end_to_end(
    window: f64,
    arrived: u64,
    rejected: u64,
    completed: u64,
    sum_sojourn: f64,
    n_sojourn: u64,
    h: &Histogram<u64>,
) -> EndToEndFigures {
    EndToEndFigures {
        arrival_rate_rps: ratio(arrived as f64, window),
        throughput_rps: ratio(completed as f64, window),
        loss_probability: ratio(rejected as f64, arrived as f64),
        mean_sojourn_ms: ratio(sum_sojourn * 1e3, n_sojourn as f64),
        p50_sojourn_ms: percentile(h, 0.50),
        p95_sojourn_ms: percentile(h, 0.95),
        p99_sojourn_ms: percentile(h, 0.99),
        p999_sojourn_ms: percentile(h, 0.999),
    }
}

/// The figures of one replication.
pub(crate) fn rep_figures(m: &Compiled, r: RepStats, keep_cdfs: bool) -> RepFigures {
    let t = r.window;
    let n_classes = m.n_classes;
    let mut stations = Vec::with_capacity(m.stations.len());
    let mut class_at = Vec::with_capacity(r.class_at.len());
    let mut open_arrivals = Vec::with_capacity(m.stations.len());
    let mut open_offered = Vec::with_capacity(m.stations.len());
    for (s, (spec, st)) in m.stations.iter().zip(&r.stations).enumerate() {
        let per_server = if spec.servers == UNLIMITED {
            1.0
        } else {
            f64::from(spec.servers)
        };
        let mut offered_work = 0.0;
        let (mut open_work, mut open_n) = (0.0, 0u64);
        for k in 0..n_classes {
            let c = &r.class_at[s * n_classes + k];
            offered_work += c.arrivals as f64 * m.visits[s * n_classes + k].mean;
            if !m.closed[k] {
                open_work += c.arrivals as f64 * m.visits[s * n_classes + k].mean;
                open_n += c.arrivals;
            }
            class_at.push(StationClassFigures {
                arrival_rate_rps: ratio(c.arrivals as f64, t),
                mean_service_ms: ratio(c.sum_service * 1e3, c.started as f64),
                mean_response_ms: ratio(c.sum_response * 1e3, c.completed as f64),
            });
        }
        open_arrivals.push(open_n);
        open_offered.push(ratio(open_work, t * per_server));
        let started = st.started as f64;
        stations.push(StationFigures {
            arrival_rate_rps: ratio(st.arrivals as f64, t),
            mean_service_ms: ratio(st.sum_service * 1e3, started),
            utilization: ratio(st.area_busy, t * per_server),
            offered_utilization: ratio(offered_work, t * per_server),
            p_wait: ratio(st.waited as f64, started),
            mean_wait_ms: ratio(st.sum_wait * 1e3, started),
            mean_response_ms: ratio(st.sum_response * 1e3, st.completed as f64),
            mean_in_station: ratio(st.area_n, t),
            throughput_rps: ratio(st.completions as f64, t),
            blocking_probability: if spec.capacity == UNLIMITED {
                None
            } else {
                ratio(st.rejected as f64, st.arrivals as f64)
            },
        });
    }
    let mut host_work = vec![0.0; m.hosts.len()];
    let mut host_arrivals = vec![0u64; m.hosts.len()];
    for (s, spec) in m.stations.iter().enumerate() {
        if spec.host == UNLIMITED {
            continue;
        }
        let h = spec.host as usize;
        let st = &r.stations[s];
        let admitted = st.arrivals - st.rejected;
        host_arrivals[h] += admitted;
        // Admitted work: rejected arrivals bring none to the host.
        let share = if st.arrivals > 0 {
            admitted as f64 / st.arrivals as f64
        } else {
            0.0
        };
        for k in 0..n_classes {
            let c = &r.class_at[s * n_classes + k];
            host_work[h] += share * c.arrivals as f64 * m.visits[s * n_classes + k].mean;
        }
    }
    let hosts = m
        .hosts
        .iter()
        .zip(&r.hosts)
        .zip(&host_work)
        .map(|((&cores, st), &work)| HostFigures {
            utilization: ratio(st.area_busy, t * f64::from(cores)),
            offered_utilization: ratio(work, t * f64::from(cores)),
            mean_threads: ratio(st.area_n, t),
        })
        .collect();
    let mut all = Histogram::<u64>::new(super::engine::HISTOGRAM_DIGITS)
        .expect("3 significant digits are allowed");
    let (mut arrived, mut rejected, mut completed, mut sum, mut n) = (0, 0, 0, 0.0, 0);
    let classes = r
        .classes
        .iter()
        .map(|c| {
            // Both histograms auto-resize, so adding cannot fail.
            all.add(&c.hist).ok();
            arrived += c.arrived;
            rejected += c.rejected;
            completed += c.completed;
            sum += c.sum_sojourn;
            n += c.n_sojourn;
            end_to_end(
                t,
                c.arrived,
                c.rejected,
                c.completed,
                c.sum_sojourn,
                c.n_sojourn,
                &c.hist,
            )
        })
        .collect();
    RepFigures {
        stations,
        hosts,
        host_arrivals,
        class_at,
        classes,
        network: end_to_end(t, arrived, rejected, completed, sum, n, &all),
        mean_in_network: ratio(r.area_network, t),
        cdfs: if keep_cdfs {
            r.classes.iter().map(|c| Cdf::of(&c.hist)).collect()
        } else {
            Vec::new()
        },
        window: t,
        station_rejected: r.stations.iter().map(|s| s.rejected).collect(),
        open_arrivals,
        open_offered,
        measured: arrived,
        events: r.events,
        overflow: r.overflow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdf_counts_and_merges() {
        let mut a = Histogram::<u64>::new(3).unwrap();
        let mut b = Histogram::<u64>::new(3).unwrap();
        for v in [1_000, 2_000, 3_000, 1_000_000] {
            a.record(v).unwrap();
        }
        for v in [2_000, 5_000_000] {
            b.record(v).unwrap();
        }
        let (ca, cb) = (Cdf::of(&a), Cdf::of(&b));
        assert_eq!(ca.total(), 4);
        assert_eq!(ca.at_most(2_000), 2);
        assert_eq!(ca.at_most(900_000), 3);
        assert_eq!(ca.at_most(10_000_000), 4);
        assert_eq!(ca.at_most(10), 0);
        let m = Cdf::merge(&[ca, cb]);
        assert_eq!(m.total(), 6);
        assert_eq!(m.at_most(2_000), 3);
        assert_eq!(m.at_most(1_000_000), 5);
    }

    #[test]
    fn student_t_half_width() {
        let mut ci = Ci::default();
        // Values 1..=10: mean 5.5, sd 3.0277, t(0.975, 9) = 2.2622.
        let (m, h) = ci.mean_half_width((1..=10).map(|x| Some(f64::from(x))));
        assert!((m.unwrap() - 5.5).abs() < 1e-12);
        let expected = 2.262_157_163 * 3.027_650_354 / 10f64.sqrt();
        assert!((h.unwrap() - expected).abs() < 1e-6, "{h:?} vs {expected}");
        assert_eq!(
            ci.mean_half_width([Some(2.0)].into_iter()),
            (Some(2.0), None)
        );
        assert_eq!(ci.mean_half_width([None, None].into_iter()), (None, None));
    }
}
