//! End-to-end sojourn distributions, composed from per-visit laws.
//!
//! Each station gives, per visit, a response-time law: a wait (an atom of
//! no wait plus the waiting-time law of its formula) followed by the class's
//! own service, or under processor sharing the own service times a random
//! stretch, the slowdown seen at arrival relaxed toward its mean for long
//! requests ([`crate::queue::ps::PsStretch`]). Along a class's route, with per-visit response `R_j`,
//! blocking `B_j` (a refused request leaves at once) and routing `P_ji`, the
//! Laplace–Stieltjes transform `X_j` of the time from admission at `j` to
//! leaving solves
//!
//! `X_j(z) = R̃_j(z)·(exit_j + Σ_i P_ji·(B_i + (1 − B_i)·X_i(z)))`,
//!
//! a linear system per `z` along the routing graph (feedback loops included),
//! with successive visits taken as independent. Entry streams and then
//! classes are mixed by rate; [`crate::queue::invert`] inverts the transform
//! and finds quantiles by Newton steps on the distribution function.
//!
//! The composition is exact for a single station visited once whose law is
//! exact, and for lines of exponential stations in a Jackson network
//! (sojourn times at successive ·/M/1 stations of a tandem are independent:
//! Reich 1957); everywhere else it is an approximation, and the report says
//! so. A visit to a station on a shared host is its own CPU work plus a
//! wait for the host's cores ([`super::station::HostShare`]), an
//! approximation.

use super::linear::LinearPlan;
use super::sojourn::ClassSojourn;
use super::station::StationSolution;
use super::traffic::Flows;
use crate::network::Network;
use crate::queue::dist::{Distribution, ServiceTime};
use crate::queue::gamma::{GammaComponent, gamma_mixture_guess};
use crate::queue::invert::{Euler, quantile};
use crate::queue::transform::{C64, lst_cost, service_lst, stretched_cost, stretched_lst};

/// The law of the wait of an admitted arrival at one station.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitLaw {
    /// Never waits (delay stations, processor sharing, idle stations).
    None,
    /// Waits with probability `p`, then an exponential time of rate `rate`
    /// (1/s): exact for M/M/c (Erlang C, `rate = cμ − λ`), the usual
    /// approximation elsewhere.
    AtomExp {
        /// Probability of waiting.
        p: f64,
        /// Rate of the conditional wait, 1/s.
        rate: f64,
    },
    /// M/M/c/K: an Erlang(j, `rate`) wait with probability `probs[j − 1]`.
    ErlangMix {
        /// Service completion rate of the busy servers `cμ`, 1/s.
        rate: f64,
        /// Probability of each Erlang stage count.
        probs: Vec<f64>,
    },
    /// M/G/1 FCFS: the Pollaczek–Khinchine transform
    /// `W̃(z) = (1 − ρ)z / (z − λ(1 − S̃(z)))`, with `S̃` the class mix.
    Pk {
        /// Arrival rate, 1/s.
        lambda: f64,
        /// Utilization λE[S].
        rho: f64,
        /// The class mix of service times (weights sum to 1).
        mix: Vec<(f64, ServiceTime)>,
        /// Immediate feedback eliminated (QNA): each request's service is a
        /// geometric sum of services, `S̃_eq = (1 − p)S̃/(1 − pS̃)`.
        feedback: f64,
    },
    /// A wait incurred on a share `keep` of visits only (a station whose
    /// self-loop was eliminated: one wait per request, spread over its visits).
    Thinned {
        /// Share of visits that wait.
        keep: f64,
        /// The wait of those visits.
        inner: Box<WaitLaw>,
    },
}

/// A service time whose law has an atom (a jump in the distribution).
fn has_atom(s: &ServiceTime) -> bool {
    s.distribution == Distribution::Deterministic || s.scv() <= 0.0
}

impl WaitLaw {
    /// `E[e^{−zW}]`.
    pub fn lst(&self, z: C64) -> C64 {
        match self {
            WaitLaw::None => C64::ONE,
            WaitLaw::AtomExp { p, rate } => {
                C64::real(1.0 - p) + C64::real(p * rate) / (C64::real(*rate) + z)
            }
            WaitLaw::ErlangMix { rate, probs } => {
                let e = C64::real(*rate) / (C64::real(*rate) + z);
                let mut acc = C64::ZERO;
                for p in probs.iter().rev() {
                    acc = (acc + C64::real(*p)) * e;
                }
                C64::real(1.0 - probs.iter().sum::<f64>()) + acc
            }
            WaitLaw::Pk {
                lambda,
                rho,
                mix,
                feedback,
            } => {
                let mut s = mix
                    .iter()
                    .fold(C64::ZERO, |acc, (w, st)| acc + service_lst(st, z) * *w);
                if *feedback > 0.0 {
                    s = s * (1.0 - feedback) / (C64::ONE - s * *feedback);
                }
                (z * (1.0 - rho)) / (z - (C64::ONE - s) * *lambda)
            }
            WaitLaw::Thinned { keep, inner } => C64::real(1.0 - keep) + inner.lst(z) * *keep,
        }
    }

    fn rough(&self) -> bool {
        match self {
            WaitLaw::Pk { mix, .. } => mix.iter().any(|(_, s)| has_atom(s)),
            WaitLaw::Thinned { inner, .. } => inner.rough(),
            _ => false,
        }
    }

    fn cost(&self) -> usize {
        match self {
            WaitLaw::Pk { mix, .. } => mix.iter().map(|(_, s)| lst_cost(s)).sum(),
            WaitLaw::ErlangMix { probs, .. } => 1 + probs.len() / 8,
            WaitLaw::Thinned { inner, .. } => inner.cost(),
            _ => 1,
        }
    }
}

/// One visited station, in a class's local numbering.
#[derive(Debug, Clone)]
struct LocalVisit {
    station: usize,
    service: ServiceTime,
    /// The law of the stretch of the own service, (probability, factor):
    /// `[(1, 1)]` under FCFS.
    stretch: Vec<(f64, f64)>,
    /// exit_j + Σ P_ji B_i: leaving after this visit, normally or refused.
    base: f64,
    /// (local i, P_ji·(1 − B_i)).
    next: Vec<(usize, f64)>,
    /// A deterministic service every request of the class receives exactly
    /// once: factored out of the transform as a pure shift.
    fixed: bool,
    /// On a shared host: the wait for the cores, (probability, rate 1/s) of
    /// its exponential part (`service` is then the own, unstretched work).
    host: Option<(f64, f64)>,
}

/// The sojourn law of one class.
#[derive(Debug, Clone)]
struct ClassLaw {
    /// Blocks of local indices, each after the blocks it routes to.
    blocks: Vec<Vec<usize>>,
    visits: Vec<LocalVisit>,
    /// (local entry, share of admitted requests entering there).
    entries: Vec<(usize, f64)>,
    admitted: f64,
    mean: f64,
    variance: f64,
    /// Deterministic service every request receives (the `fixed` visits), s.
    fixed: f64,
    /// Shortest possible remaining sojourn of the transform without the
    /// fixed part (quickest way out through other deterministic pieces), s.
    shift: f64,
    rough: bool,
    cost: usize,
}

/// Inversion settings.
#[derive(Debug, Clone, Copy)]
struct Accuracy {
    smooth: Euler,
    rough: Euler,
    rel_tol: f64,
}

impl Accuracy {
    /// What `solve` reports: near double precision.
    const FULL: Accuracy = Accuracy {
        smooth: Euler::SMOOTH,
        rough: Euler::ROUGH,
        rel_tol: 1e-12,
    };
    /// What a plan needs: five digits.
    const PLANNING: Accuracy = Accuracy {
        smooth: Euler::SMOOTH_FAST,
        rough: Euler::ROUGH_FAST,
        rel_tol: 1e-6,
    };
}

/// The sojourn laws of every class of a solved network.
#[derive(Debug, Clone)]
pub struct Sojourns {
    waits: Vec<WaitLaw>,
    classes: Vec<ClassLaw>,
    exact: bool,
}

impl Sojourns {
    /// Collects the per-visit laws of `solutions` along the routes of `net`.
    pub fn new(
        net: &Network,
        plan: &LinearPlan,
        flows: &Flows,
        solutions: &[StationSolution],
        per_class: &[ClassSojourn],
        jackson: bool,
    ) -> Self {
        let n = net.stations.len();
        let keep: Vec<f64> = flows.blocking.iter().map(|b| 1.0 - b).collect();
        let mut exact = true;
        let mut classes = Vec::with_capacity(net.classes.len());
        for (k, class) in net.classes.iter().enumerate() {
            let mut local = vec![usize::MAX; n];
            let mut stations = Vec::new();
            for (i, st) in net.stations.iter().enumerate() {
                if st.visits[k].is_some() {
                    local[i] = stations.len();
                    stations.push(i);
                }
            }
            let visits: Vec<LocalVisit> = stations
                .iter()
                .map(|&j| {
                    let v = net.stations[j].visits[k].as_ref().expect("visited");
                    let mut base = v.exit_probability();
                    let mut next = Vec::with_capacity(v.routes.len());
                    for r in &v.routes {
                        base += r.probability * flows.blocking[r.to];
                        if local[r.to] != usize::MAX {
                            next.push((local[r.to], r.probability * keep[r.to]));
                        }
                    }
                    let stretch = match &solutions[j].ps {
                        Some(ps) => ps.stretches(v.service.mean),
                        None => vec![(1.0, solutions[j].slowdown)],
                    };
                    let (service, host) = match solutions[j].host {
                        Some(h) => {
                            let own = ServiceTime {
                                mean: v.service.mean / h.slowdown,
                                ..v.service
                            };
                            let wait = h.mean_wait(own.mean);
                            let share = (h.p_share > 0.0 && wait > 0.0)
                                .then(|| (h.p_share, h.p_share / wait));
                            (own, share)
                        }
                        None => (v.service, None),
                    };
                    LocalVisit {
                        station: j,
                        service,
                        stretch,
                        base,
                        next,
                        fixed: false,
                        host,
                    }
                })
                .collect();
            let mut visits = visits;
            let blocks: Vec<Vec<usize>> = plan
                .components()
                .iter()
                .map(|comp| {
                    comp.iter()
                        .filter(|&&i| local[i] != usize::MAX)
                        .map(|&i| local[i])
                        .collect::<Vec<usize>>()
                })
                .filter(|b| !b.is_empty())
                .collect();
            let cs = &per_class[k];
            let entries: Vec<(usize, f64)> = if cs.admitted_rate > 0.0 {
                class
                    .arrivals
                    .iter()
                    .filter(|a| local[a.station] != usize::MAX)
                    .map(|a| {
                        (
                            local[a.station],
                            a.rate * keep[a.station] / cs.admitted_rate,
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let fixed = mark_fixed(&mut visits, &blocks, &entries);
            let rough = visits.iter().any(|v| {
                (has_atom(&v.service) && !v.fixed) || solutions[v.station].wait_law.rough()
            });
            let cost = visits
                .iter()
                .map(|v| {
                    stretched_cost(&v.service, v.stretch.len())
                        + solutions[v.station].wait_law.cost()
                })
                .sum();
            // Exactness: exact station laws, and a single visit or a Jackson line.
            let laws_exact = visits.iter().all(|v| solutions[v.station].exact_law);
            let single = visits.len() == 1 && visits[0].next.is_empty();
            let line = jackson
                && blocks.iter().all(|b| b.len() == 1)
                && visits
                    .iter()
                    .enumerate()
                    .all(|(j, v)| v.next.len() <= 1 && v.next.iter().all(|n| n.0 != j));
            if cs.admitted_rate > 0.0 && !(laws_exact && (single || line)) {
                exact = false;
            }
            let shift = shortest(&visits, &entries, flows);
            classes.push(ClassLaw {
                blocks,
                visits,
                entries,
                admitted: cs.admitted_rate,
                mean: cs.mean,
                variance: cs.variance(),
                fixed,
                shift,
                rough,
                cost,
            });
        }
        Sojourns {
            waits: solutions.iter().map(|s| s.wait_law.clone()).collect(),
            classes,
            exact,
        }
    }

    /// Whether the composed laws are exact (see the module documentation).
    pub fn exact(&self) -> bool {
        self.exact
    }

    /// Work of one transform evaluation of every class, in units of a
    /// closed-form service transform.
    pub fn cost(&self) -> usize {
        self.classes.iter().map(|c| c.cost).sum()
    }

    /// `E[e^{−zT}]` of class `k` (per admitted request).
    fn class_lst(&self, k: usize, z: C64, waits: &mut [Option<C64>]) -> C64 {
        let c = &self.classes[k];
        let mut x = vec![C64::ZERO; c.visits.len()];
        let mut response = |v: &LocalVisit| -> C64 {
            let mut w = *waits[v.station].get_or_insert_with(|| self.waits[v.station].lst(z));
            if let Some((p, rate)) = v.host {
                w = w * (C64::real(1.0 - p) + C64::real(p * rate) / (C64::real(rate) + z));
            }
            if v.fixed {
                w
            } else {
                stretched_lst(&v.service, z, &v.stretch) * w
            }
        };
        for block in &c.blocks {
            if let [j] = block[..] {
                let v = &c.visits[j];
                let r = response(v);
                let mut rhs = C64::real(v.base);
                let mut diag = C64::ONE;
                for &(i, p) in &v.next {
                    if i == j {
                        diag = diag - r * p;
                    } else {
                        rhs = rhs + x[i] * p;
                    }
                }
                x[j] = r * rhs / diag;
                continue;
            }
            // A feedback loop: dense elimination over the block.
            let b = block.len();
            let pos = |g: usize| block.iter().position(|&l| l == g);
            let mut m = vec![vec![C64::ZERO; b + 1]; b];
            for (row, &j) in block.iter().enumerate() {
                let v = &c.visits[j];
                let r = response(v);
                m[row][row] = C64::ONE;
                let mut rhs = C64::real(v.base);
                for &(i, p) in &v.next {
                    match pos(i) {
                        Some(col) => m[row][col] = m[row][col] - r * p,
                        None => rhs = rhs + x[i] * p,
                    }
                }
                m[row][b] = r * rhs;
            }
            for (row, value) in solve_dense(m).into_iter().enumerate() {
                x[block[row]] = value;
            }
        }
        c.entries
            .iter()
            .fold(C64::ZERO, |acc, &(e, w)| acc + x[e] * w)
    }

    /// The `q`-quantile (seconds) of the mixture of classes `weights`
    /// (class index, weight ≥ 0: the admitted rate to mix by rate); `None`
    /// as for [`Sojourns::quantiles`].
    pub fn mixture_quantile(&self, weights: &[(usize, f64)], q: f64) -> Option<f64> {
        self.quantiles(weights, &[q])[0]
    }

    /// Rate of requests of class `k` admitted at their first station, 1/s.
    pub fn admitted(&self, k: usize) -> f64 {
        self.classes[k].admitted
    }

    /// Mean sojourn of class `k` per admitted request, seconds.
    pub fn mean(&self, k: usize) -> f64 {
        self.classes[k].mean
    }

    /// The `q`-quantile (seconds) of the mixture, to about 1e-5 relative
    /// (1e-3 where the quantile falls on a jump of the distribution): for
    /// planning, at a quarter of the work of [`Sojourns::mixture_quantile`].
    pub fn planning_quantile(&self, weights: &[(usize, f64)], q: f64) -> Option<f64> {
        self.quantiles_at(weights, &[q], Accuracy::PLANNING)[0]
    }

    /// The `q`-quantiles (seconds) of the mixture of classes `weights`
    /// (class index, weight ≥ 0), each `None` when no class in it has
    /// admitted traffic or the inversion fails.
    pub fn quantiles(&self, weights: &[(usize, f64)], qs: &[f64]) -> Vec<Option<f64>> {
        self.quantiles_at(weights, qs, Accuracy::FULL)
    }

    fn quantiles_at(
        &self,
        weights: &[(usize, f64)],
        qs: &[f64],
        accuracy: Accuracy,
    ) -> Vec<Option<f64>> {
        let parts: Vec<(usize, f64)> = weights
            .iter()
            .filter(|&&(k, w)| w > 0.0 && self.classes[k].admitted > 0.0)
            .copied()
            .collect();
        let total: f64 = parts.iter().map(|p| p.1).sum();
        if parts.is_empty() || total <= 0.0 {
            return vec![None; qs.len()];
        }
        let parts: Vec<(usize, f64)> = parts.into_iter().map(|(k, w)| (k, w / total)).collect();
        // The transform of class k is e^{−z·fixed_k}·T'_k(z), T'_k ≥ shift_k.
        // Classes whose shortest sojourns differ (a far region's round trip)
        // put a jump inside the mixture, where a Fourier series converges
        // slowly; each group of classes with one shortest sojourn is
        // inverted on its own, from its own origin, and the distribution
        // functions are summed.
        let lowest = |k: usize| self.classes[k].fixed + self.classes[k].shift;
        let mut order = parts.clone();
        order.sort_by(|a, b| lowest(a.0).total_cmp(&lowest(b.0)));
        let mut groups: Vec<Group> = Vec::new();
        for (k, w) in order {
            let l = lowest(k);
            match groups.last_mut() {
                Some(g) if (l - g.lowest).abs() <= 1e-12 * g.lowest.max(1e-300) => {
                    g.weight += w;
                    g.parts.push((k, w));
                }
                _ => groups.push(Group {
                    lowest: l,
                    weight: w,
                    parts: vec![(k, w)],
                    euler: accuracy.smooth,
                    atom: 0.0,
                }),
            }
        }
        let shift = groups[0].lowest;
        let n = self.waits.len();
        // The group's transform from its own origin: e^{z·lowest}·Σ w_k T_k(z)
        // over its classes, the weights within the group.
        let group_lst = |g: &Group, z: C64| -> C64 {
            let mut waits = vec![None; n];
            g.parts.iter().fold(C64::ZERO, |acc, &(k, w)| {
                let offset = g.lowest - self.classes[k].fixed;
                let factor = if offset == 0.0 {
                    C64::ONE
                } else {
                    (z * offset).exp()
                };
                acc + self.class_lst(k, z, &mut waits) * factor * (w / g.weight)
            })
        };
        for g in &mut groups {
            if g.parts.iter().any(|&(k, _)| self.classes[k].rough) {
                g.euler = accuracy.rough;
            }
            // Mass at the group's shortest sojourn, from the transform far out.
            let mean: f64 = g
                .parts
                .iter()
                .map(|&(k, w)| w / g.weight * self.classes[k].mean)
                .sum::<f64>()
                .max(1e-300);
            let far = if g.lowest > 0.0 {
                (1e8 / mean).min(700.0 / g.lowest)
            } else {
                1e8 / mean
            };
            g.atom = group_lst(g, C64::real(far)).re.clamp(0.0, 1.0);
        }
        let atom = groups[0].weight * groups[0].atom;
        let mean: f64 = parts.iter().map(|&(k, w)| w * self.classes[k].mean).sum();
        let components: Vec<GammaComponent> = parts
            .iter()
            .map(|&(k, w)| GammaComponent {
                weight: w,
                mean: self.classes[k].mean,
                variance: self.classes[k].variance,
            })
            .collect();
        // P(T > shift + t) and the density there, summed over the groups.
        let eval = |t: f64| -> (f64, f64) {
            let (mut ccdf, mut density) = (0.0, 0.0);
            for g in &groups {
                let tau = t + shift - g.lowest;
                if tau <= 1e-12 * g.lowest {
                    // Before the group's shortest sojourn.
                    ccdf += g.weight;
                    continue;
                }
                let points = g.euler.points(tau);
                if g.lowest > 0.0 && points[0].re * g.lowest > 600.0 {
                    // Too close to the shortest sojourn to resolve: the
                    // distribution there is its mass at the shift.
                    ccdf += g.weight * (1.0 - g.atom);
                    continue;
                }
                let values: Vec<C64> = points.into_iter().map(|z| group_lst(g, z)).collect();
                let (c, d) = g.euler.ccdf_density(tau, &values);
                ccdf += g.weight * c;
                density += g.weight * d;
            }
            (ccdf, density)
        };
        qs.iter()
            .map(|&q| {
                let guess = gamma_mixture_guess(&components, q).unwrap_or(mean);
                let guess = if guess - shift > 1e-9 * guess {
                    guess - shift
                } else {
                    (mean - shift).max(1e-6 * mean.max(1e-300))
                };
                quantile(q, atom, guess, accuracy.rel_tol, eval).map(|t| shift + t)
            })
            .collect()
    }
}

/// Classes of a mixture that share one shortest sojourn, inverted together.
struct Group {
    /// The shortest sojourn of each class in it, s.
    lowest: f64,
    /// Share of the mixture.
    weight: f64,
    /// Class index and share of the mixture.
    parts: Vec<(usize, f64)>,
    euler: Euler,
    /// Probability of exactly the shortest sojourn, within the group.
    atom: f64,
}

/// Marks the visits with a deterministic service that every request of the
/// class makes exactly once (reached with probability 1, outside any loop)
/// and returns their total, seconds. Only for loop-free routes.
fn mark_fixed(visits: &mut [LocalVisit], blocks: &[Vec<usize>], entries: &[(usize, f64)]) -> f64 {
    let looped = blocks.iter().any(|b| b.len() > 1)
        || visits
            .iter()
            .enumerate()
            .any(|(j, v)| v.next.iter().any(|n| n.0 == j));
    if looped || entries.is_empty() {
        return 0.0;
    }
    // Probability of reaching each visit (at most once without loops), in
    // forward order: blocks come successors first.
    let mut reach = vec![0.0; visits.len()];
    for &(e, w) in entries {
        reach[e] += w;
    }
    for block in blocks.iter().rev() {
        let j = block[0];
        for &(i, p) in &visits[j].next {
            reach[i] += reach[j] * p;
        }
    }
    let mut fixed = 0.0;
    for (j, v) in visits.iter_mut().enumerate() {
        if let ([(_, a)], true) = (&v.stretch[..], has_atom(&v.service))
            && reach[j] >= 1.0 - 1e-12
        {
            v.fixed = true;
            fixed += a * v.service.mean;
        }
    }
    fixed
}

/// The shortest sojourn every request of a class spends (sum of the
/// deterministic service on the quickest way out; a refusal ends a path at
/// once), seconds, by Bellman–Ford relaxation.
fn shortest(visits: &[LocalVisit], entries: &[(usize, f64)], flows: &Flows) -> f64 {
    let lower: Vec<f64> = visits
        .iter()
        .map(|v| {
            if has_atom(&v.service) && !v.fixed {
                let least = v.stretch.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
                least * v.service.mean
            } else {
                0.0
            }
        })
        .collect();
    let mut best = vec![f64::INFINITY; visits.len()];
    for _ in 0..=visits.len() {
        let mut changed = false;
        for (j, v) in visits.iter().enumerate() {
            let mut after = if v.base > 0.0 { 0.0 } else { f64::INFINITY };
            for &(i, _) in &v.next {
                let refused = flows.blocking[visits[i].station] > 0.0;
                after = after.min(if refused { 0.0 } else { best[i] });
            }
            let value = lower[j] + after;
            if value < best[j] {
                best[j] = value;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let s = entries
        .iter()
        .map(|&(e, _)| best[e])
        .fold(f64::INFINITY, f64::min);
    if s.is_finite() { s } else { 0.0 }
}

/// Solves the augmented complex system `m` (rows `[A | b]`) by Gaussian
/// elimination with partial pivoting.
fn solve_dense(mut m: Vec<Vec<C64>>) -> Vec<C64> {
    let b = m.len();
    for col in 0..b {
        let pivot = (col..b)
            .max_by(|&x, &y| m[x][col].abs().total_cmp(&m[y][col].abs()))
            .unwrap_or(col);
        m.swap(col, pivot);
        let p = m[col][col];
        let (top, rest) = m.split_at_mut(col + 1);
        let pivot_row = &top[col];
        for row in rest.iter_mut() {
            let f = row[col] / p;
            if f == C64::ZERO {
                continue;
            }
            for (x, &y) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *x = *x - y * f;
            }
        }
    }
    let mut x = vec![C64::ZERO; b];
    for row in (0..b).rev() {
        let mut acc = m[row][b];
        for k in row + 1..b {
            acc = acc - m[row][k] * x[k];
        }
        x[row] = acc / m[row][row];
    }
    x
}
