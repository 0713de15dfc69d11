//! The numerical tools of the fit: ordinary least squares with standard
//! errors, and Levenberg–Marquardt for small nonlinear least-squares
//! problems (the USL and the latency model). Pure functions, no I/O.

/// A straight line `y = a + b·x` fitted by ordinary least squares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// Intercept `a`, in y's unit.
    pub intercept: f64,
    /// Slope `b`, in y's unit per x's unit.
    pub slope: f64,
    /// Covariance of (a, b) from the residual variance; `None` with fewer
    /// than three points (no degree of freedom left).
    pub covariance: Option<[[f64; 2]; 2]>,
    /// Number of points.
    pub n: usize,
}

/// Ordinary least-squares line through `(x, y)` points. `None` with fewer
/// than two points or when every x is the same.
///
/// Reference: any regression text, e.g. Draper & Smith, *Applied Regression
/// Analysis* (1998), ch. 1 (estimates and their variances).
#[must_use]
pub fn ols(points: &[(f64, f64)]) -> Option<Line> {
    let n = points.len();
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / nf;
    let my = points.iter().map(|p| p.1).sum::<f64>() / nf;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 0.0 || !sxx.is_finite() {
        return None;
    }
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let covariance = (n >= 3).then(|| {
        let sse: f64 = points
            .iter()
            .map(|p| (p.1 - intercept - slope * p.0).powi(2))
            .sum();
        let s2 = sse / (nf - 2.0);
        let var_b = s2 / sxx;
        let var_a = s2 * (1.0 / nf + mx * mx / sxx);
        let cov_ab = -mx * s2 / sxx;
        [[var_a, cov_ab], [cov_ab, var_b]]
    });
    Some(Line {
        intercept,
        slope,
        covariance,
        n,
    })
}

/// Solves the small dense system `A·x = b` by Gaussian elimination with
/// partial pivoting. `None` when `A` is singular.
#[must_use]
#[allow(
    clippy::needless_range_loop,
    reason = "elimination reads rows by index"
)]
pub fn solve_dense(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = a[row][col] / a[col][col];
            for k in col..n {
                a[row][k] -= f * a[col][k];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// Result of a Levenberg–Marquardt run.
#[derive(Debug, Clone, PartialEq)]
pub struct LmFit {
    /// Parameters at the minimum found.
    pub params: Vec<f64>,
    /// Sum of squared residuals there.
    pub sse: f64,
    /// Iterations used.
    pub iterations: usize,
}

/// Minimises `Σ r_i(θ)²` by Levenberg–Marquardt with a central-difference
/// Jacobian, starting from `start`. `clamp` projects a trial point into the
/// feasible set (bounds). Residual functions return `None` where the model
/// has no value; such trial points are rejected like worse ones.
///
/// Reference: Marquardt, "An algorithm for least-squares estimation of
/// nonlinear parameters", J. SIAM 11 (1963); Nocedal & Wright, *Numerical
/// Optimization* (2006), §10.3.
#[allow(
    clippy::needless_range_loop,
    reason = "Jacobian products read by index"
)]
pub fn levenberg_marquardt(
    residuals: impl Fn(&[f64]) -> Option<Vec<f64>>,
    start: &[f64],
    clamp: impl Fn(&mut [f64]),
) -> Option<LmFit> {
    let sse = |r: &[f64]| r.iter().map(|v| v * v).sum::<f64>();
    let mut theta = start.to_vec();
    clamp(&mut theta);
    let mut r = residuals(&theta)?;
    let mut cost = sse(&r);
    let p = theta.len();
    let mut mu = 1e-3;
    let mut iterations = 0;
    for it in 0..500 {
        iterations = it + 1;
        // Jacobian by central differences.
        let mut jac = vec![vec![0.0; p]; r.len()];
        for k in 0..p {
            let h = 1e-6 * theta[k].abs().max(1e-8);
            let mut up = theta.clone();
            let mut dn = theta.clone();
            up[k] += h;
            dn[k] -= h;
            let (ru, rd) = (residuals(&up)?, residuals(&dn)?);
            for i in 0..r.len() {
                jac[i][k] = (ru[i] - rd[i]) / (2.0 * h);
            }
        }
        let mut jtj = vec![vec![0.0; p]; p];
        let mut jtr = vec![0.0; p];
        for i in 0..r.len() {
            for a in 0..p {
                jtr[a] += jac[i][a] * r[i];
                for b in 0..p {
                    jtj[a][b] += jac[i][a] * jac[i][b];
                }
            }
        }
        let mut improved = false;
        for _ in 0..40 {
            let mut m = jtj.clone();
            for (a, row) in m.iter_mut().enumerate() {
                row[a] += mu * jtj[a][a].max(1e-12);
            }
            let Some(step) = solve_dense(m, jtr.iter().map(|v| -v).collect()) else {
                mu *= 10.0;
                continue;
            };
            let mut trial: Vec<f64> = theta.iter().zip(&step).map(|(t, s)| t + s).collect();
            clamp(&mut trial);
            match residuals(&trial) {
                Some(rt) if sse(&rt) < cost => {
                    let gain = cost - sse(&rt);
                    let moved = trial
                        .iter()
                        .zip(&theta)
                        .map(|(a, b)| ((a - b) / b.abs().max(1e-12)).abs())
                        .fold(0.0, f64::max);
                    theta = trial;
                    r = rt;
                    cost = sse(&r);
                    mu = (mu / 3.0).max(1e-12);
                    improved = true;
                    if gain <= 1e-15 * cost.max(1e-300) || moved < 1e-12 {
                        return Some(LmFit {
                            params: theta,
                            sse: cost,
                            iterations,
                        });
                    }
                    break;
                }
                _ => mu *= 4.0,
            }
        }
        if !improved {
            break;
        }
    }
    Some(LmFit {
        params: theta,
        sse: cost,
        iterations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn ols_textbook_line() {
        // Hand-computed: x̄ = 1.5, ȳ = 4, Sxy = 9.8, Sxx = 5.
        let pts = [(0.0, 1.1), (1.0, 2.9), (2.0, 5.1), (3.0, 6.9)];
        let l = ols(&pts).unwrap();
        assert_relative_eq!(l.slope, 1.96, max_relative = 1e-12);
        assert_relative_eq!(l.intercept, 1.06, max_relative = 1e-12);
        // Residuals 0.04, −0.12, 0.12, −0.04: SSE = 0.032, s² = 0.016, Sxx = 5: var(b) = 0.0032.
        let cov = l.covariance.unwrap();
        assert_relative_eq!(cov[1][1], 0.0032, max_relative = 1e-9);
        assert!(ols(&[(1.0, 1.0), (1.0, 2.0)]).is_none());
        assert!(ols(&[(1.0, 1.0), (2.0, 2.0)]).unwrap().covariance.is_none());
    }

    #[test]
    fn lm_recovers_an_exponential_decay() {
        let data: Vec<(f64, f64)> = (0..20)
            .map(|i| {
                let t = f64::from(i) * 0.25;
                (t, 3.0 * (-0.7 * t).exp() + 0.5)
            })
            .collect();
        let fit = levenberg_marquardt(
            |p| {
                Some(
                    data.iter()
                        .map(|(t, y)| p[0] * (-p[1] * t).exp() + p[2] - y)
                        .collect(),
                )
            },
            &[1.0, 0.1, 0.0],
            |_| {},
        )
        .unwrap();
        assert_relative_eq!(fit.params[0], 3.0, max_relative = 1e-6);
        assert_relative_eq!(fit.params[1], 0.7, max_relative = 1e-6);
        assert_relative_eq!(fit.params[2], 0.5, max_relative = 1e-6);
    }
}
