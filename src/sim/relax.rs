//! How long a network takes to forget its start: the relaxation time of
//! each station, from the model alone, to size the warm-up and the run.
//!
//! Near saturation a queue's autocorrelations decay over its relaxation
//! time, about `1/(μ(1 − √ρ)²)` for an M/M/1 queue (Cohen; Morse). A run a
//! few relaxation times long starts biased (an empty system has short
//! queues) and sees few independent busy periods, so its intervals are too
//! narrow and its tail percentiles too low. This module estimates, per
//! station, `τ = S̄ / (c (1 − √ρ)²) × max(1, (1 + SCV)/2)` (the M/M/1 form,
//! per server, stretched by service variability as in heavy-traffic
//! diffusion limits), with `ρ` from the traffic equations of the model
//! (blocking ignored: an upper bound). A station with a capacity limit `K`
//! relaxes within about `K²` service times whatever its load; a station
//! without one at `ρ ≥ 1` has no steady state and no relaxation time (the
//! saturation rule deals with it). A shared host counts as one station with
//! its cores as servers and the work of all the stations on it.

use super::compiled::{Compiled, UNLIMITED};

/// The slowest station to relax.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Relaxation {
    /// Station index.
    pub station: usize,
    /// Relaxation time, seconds.
    pub seconds: f64,
}

/// Visit rates per station and class (`station × classes + class`),
/// requests per second: the traffic equations λ = γ + Pᵀλ per class,
/// solved by fixed-point sweeps (every class can leave from everywhere, so
/// they converge).
fn visit_rates(m: &Compiled) -> Vec<f64> {
    let n_st = m.stations.len();
    let nc = m.n_classes;
    let mut gamma = vec![0.0; n_st * nc];
    for s in &m.streams {
        gamma[s.station as usize * nc + s.class as usize] += 1.0 / s.mean_gap;
    }
    let mut lambda = gamma.clone();
    for _ in 0..10_000 {
        let mut next = gamma.clone();
        for s in 0..n_st {
            for k in 0..nc {
                let ck = s * nc + k;
                let v = &m.visits[ck];
                let l = lambda[ck];
                if l == 0.0 || v.route_len == 0 {
                    continue;
                }
                let start = v.route_start as usize;
                let mut prev = 0.0;
                for i in start..start + v.route_len as usize {
                    let cum = m.route_cum[i].min(1.0);
                    next[m.route_to[i] as usize * nc + k] += l * (cum - prev).max(0.0);
                    prev = cum;
                }
            }
        }
        let change = next
            .iter()
            .zip(&lambda)
            .map(|(a, b)| (a - b).abs() / a.abs().max(1e-300))
            .fold(0.0, f64::max);
        lambda = next;
        if change < 1e-9 {
            break;
        }
    }
    lambda
}

/// The station with the longest relaxation time, `None` when no station
/// queues (delays only) or every queueing station is saturated.
pub(crate) fn slowest(m: &Compiled) -> Option<Relaxation> {
    let nc = m.n_classes;
    let lambda = visit_rates(m);
    let mut best: Option<Relaxation> = None;
    for (s, spec) in m.stations.iter().enumerate() {
        if spec.servers == UNLIMITED {
            continue;
        }
        let c = f64::from(spec.servers);
        let (mut rate, mut work, mut second) = (0.0, 0.0, 0.0);
        for k in 0..nc {
            let ck = s * nc + k;
            let l = lambda[ck];
            if l <= 0.0 {
                continue;
            }
            let v = &m.visits[ck];
            rate += l;
            work += l * v.mean;
            second += l * v.mean * v.mean * (1.0 + v.scv);
        }
        if rate <= 0.0 || work <= 0.0 {
            continue;
        }
        let mean = work / rate;
        let scv = (second / rate) / (mean * mean) - 1.0;
        let rho = work / c;
        let stretch = ((1.0 + scv) / 2.0).max(1.0);
        let per_server = mean / c * stretch;
        let mut tau = if rho < 1.0 {
            per_server / (1.0 - rho.sqrt()).powi(2)
        } else {
            f64::INFINITY
        };
        if spec.capacity != UNLIMITED {
            let k = f64::from(spec.capacity);
            tau = tau.min(per_server * k * k);
        }
        if !tau.is_finite() {
            continue;
        }
        if best.is_none_or(|b| tau > b.seconds) {
            best = Some(Relaxation {
                station: s,
                seconds: tau,
            });
        }
    }
    for (h, &cores) in m.hosts.iter().enumerate() {
        if let Some(r) = host_relaxation(m, &lambda, h, cores)
            && best.is_none_or(|b| r.seconds > b.seconds)
        {
            best = Some(r);
        }
    }
    best
}

/// A shared host relaxes like one PS station with its cores as servers and
/// the work of all its stations; it is named by its busiest station.
fn host_relaxation(m: &Compiled, lambda: &[f64], h: usize, cores: u32) -> Option<Relaxation> {
    let nc = m.n_classes;
    let (mut rate, mut work, mut second) = (0.0, 0.0, 0.0);
    let mut busiest = (0.0, None);
    for (s, spec) in m.stations.iter().enumerate() {
        if spec.host != h as u32 {
            continue;
        }
        let mut here = 0.0;
        for k in 0..nc {
            let ck = s * nc + k;
            let (l, v) = (lambda[ck], &m.visits[ck]);
            if l <= 0.0 {
                continue;
            }
            rate += l;
            here += l * v.mean;
            second += l * v.mean * v.mean * (1.0 + v.scv);
        }
        work += here;
        if busiest.1.is_none() || here > busiest.0 {
            busiest = (here, Some(s));
        }
    }
    if rate <= 0.0 || work <= 0.0 {
        return None;
    }
    let c = f64::from(cores);
    let mean = work / rate;
    let scv = (second / rate) / (mean * mean) - 1.0;
    let rho = work / c;
    if rho >= 1.0 {
        return None;
    }
    let stretch = ((1.0 + scv) / 2.0).max(1.0);
    Some(Relaxation {
        station: busiest.1?,
        seconds: mean / c * stretch / (1.0 - rho.sqrt()).powi(2),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::network_from_str;

    fn slowest_of(yaml: &str) -> Option<Relaxation> {
        slowest(&Compiled::new(
            &network_from_str("t.yaml", yaml).expect("valid"),
        ))
    }

    #[test]
    fn mm1_relaxation_time() {
        // 1/(μ(1 − √ρ)²), μ = 1000/s, ρ = 0.99: 39.8 s.
        let r = slowest_of(
            "arrivals: [{ rate: 990.0, to: q }]\n\
             stations:\n  q: { servers: 1, service: { distribution: exponential, mean_ms: 1 } }\n",
        )
        .expect("a queue");
        let exact = 1.0 / (1000.0 * (1.0 - 0.99f64.sqrt()).powi(2));
        assert!((r.seconds / exact - 1.0).abs() < 1e-9, "{r:?}");
    }

    #[test]
    fn the_busier_station_of_a_loop_is_the_slowest() {
        // a → b, b → a with probability 0.5: a sees 2λ = 400/s at 2 ms
        // (ρ 0.8), b sees 400/s at 1 ms (ρ 0.4).
        let r = slowest_of(
            "arrivals: [{ rate: 200.0, to: a }]\n\
             stations:\n\
             \x20 a: { servers: 1, service: { distribution: exponential, mean_ms: 2 }, routes: { b: 1.0 } }\n\
             \x20 b: { servers: 1, service: { distribution: exponential, mean_ms: 1 }, routes: { a: 0.5 } }\n",
        )
        .expect("queues");
        assert_eq!(r.station, 0);
        let exact = 0.002 / (1.0 - 0.8f64.sqrt()).powi(2);
        assert!((r.seconds / exact - 1.0).abs() < 1e-6, "{r:?}");
    }

    #[test]
    fn capacity_bounds_and_saturation_and_delays() {
        // Offered ρ = 2 with capacity 10: at most K² = 100 service times.
        let r = slowest_of(
            "arrivals: [{ rate: 2000.0, to: q }]\n\
             stations:\n  q: { servers: 1, capacity: 10, service: { distribution: exponential, mean_ms: 1 } }\n",
        )
        .expect("a bounded queue");
        assert!((r.seconds - 0.1).abs() < 1e-12, "{r:?}");
        // Saturated without a limit, or only delays: none.
        assert_eq!(
            slowest_of(
                "arrivals: [{ rate: 2000.0, to: q }]\n\
                 stations:\n  q: { servers: 1, service: { distribution: exponential, mean_ms: 1 } }\n"
            ),
            None
        );
        assert_eq!(
            slowest_of(
                "arrivals: [{ rate: 2000.0, to: d }]\n\
                 stations:\n  d: { servers: infinite, service: { distribution: exponential, mean_ms: 1 } }\n"
            ),
            None
        );
    }
}
