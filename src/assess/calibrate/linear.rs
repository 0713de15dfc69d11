//! The small linear system of a calibration: busy servers are linear in
//! the scale of each work figure, so the scales that reproduce the observed
//! busy servers solve A·s = target − (b0 − A·1).

use super::figure::Figure;

/// Solves `a · s + (b0 − a · 1) = target` for the scales `s` of the
/// figures; a figure whose component does no work that depends on it, or
/// whose other work alone exceeds the observed, is left out (`None`) with a
/// warning, and the rest solved again.
pub(super) fn solve_scales(
    a: &[Vec<f64>],
    b0: &[f64],
    target: &[f64],
    figures: &[Figure],
    warnings: &mut Vec<String>,
) -> Vec<Option<f64>> {
    let n = figures.len();
    let mut active: Vec<bool> = (0..n)
        .map(|j| {
            let ok = a[j][j] > 1e-12 * b0[j].abs().max(1e-300);
            if !ok {
                warnings.push(format!(
                    "{}: not derived: the observed component does no work that depends on it at today's setup (no class of the profile sends it any)",
                    figures[j].key()
                ));
            }
            ok
        })
        .collect();
    loop {
        let idx: Vec<usize> = (0..n).filter(|&j| active[j]).collect();
        if idx.is_empty() {
            return vec![None; n];
        }
        // Rows and columns of the active figures; inactive ones stay at 1.
        let m = idx.len();
        let mut mat = vec![vec![0.0; m + 1]; m];
        for (r, &i) in idx.iter().enumerate() {
            let mut rhs = target[i] - b0[i];
            for &j in &idx {
                rhs += a[i][j];
            }
            for (c, &j) in idx.iter().enumerate() {
                mat[r][c] = a[i][j];
            }
            mat[r][m] = rhs;
        }
        let sol = gauss(mat);
        let bad = idx
            .iter()
            .zip(&sol)
            .find(|(_, s)| !s.is_some_and(|s| s.is_finite() && s > 0.0))
            .map(|(&j, _)| j);
        match bad {
            Some(j) => {
                warnings.push(format!(
                    "{}: not derived: the component's other work, at its typed figures, already exceeds the observed utilization",
                    figures[j].key()
                ));
                active[j] = false;
            }
            None => {
                let mut out = vec![None; n];
                for (&j, s) in idx.iter().zip(sol) {
                    out[j] = s;
                }
                return out;
            }
        }
    }
}

/// Gaussian elimination with partial pivoting of an augmented m × (m+1)
/// matrix; `None` entries where it is singular.
fn gauss(mut m: Vec<Vec<f64>>) -> Vec<Option<f64>> {
    let n = m.len();
    for col in 0..n {
        let piv = (col..n)
            .max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
            .expect("non-empty");
        if m[piv][col].abs() < 1e-300 {
            return vec![None; n];
        }
        m.swap(col, piv);
        let pivot = m[col].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != col {
                let f = row[col] / pivot[col];
                for (x, p) in row.iter_mut().zip(&pivot).skip(col) {
                    *x -= f * p;
                }
            }
        }
    }
    (0..n).map(|i| Some(m[i][n] / m[i][i])).collect()
}
