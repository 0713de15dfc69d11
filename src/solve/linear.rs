//! Sparse fixed-point systems x = b + M·x, solved component by component.
//!
//! Traffic equations, QNA variability equations and sojourn-moment equations
//! all have this form, with M following the routing graph. Strongly connected
//! components (Tarjan) are solved in dependency order: a feed-forward network
//! costs one pass, and only feedback loops need a dense solve (small loops) or
//! Gauss–Seidel sweeps (large loops).

/// Components up to this size are solved by dense Gaussian elimination.
const DENSE_LIMIT: usize = 256;
/// Gauss–Seidel sweeps before falling back to a dense solve.
const MAX_SWEEPS: usize = 20_000;
/// Relative tolerance of Gauss–Seidel convergence.
const SWEEP_TOLERANCE: f64 = 1e-14;

/// The order in which to solve the unknowns of a fixed sparsity pattern.
#[derive(Debug, Clone)]
pub struct LinearPlan {
    /// Components in dependency order (each after all it depends on).
    components: Vec<Vec<usize>>,
    /// Component of each unknown.
    component_of: Vec<usize>,
}

/// Why a system could not be solved.
#[derive(Debug, Clone, PartialEq)]
pub struct Singular {
    /// An unknown in the offending component.
    pub unknown: usize,
}

impl LinearPlan {
    /// Plans for unknowns `0..n` where `deps[i]` lists the unknowns `x_i`
    /// depends on.
    pub fn new(deps: &[Vec<usize>]) -> Self {
        let components = tarjan(deps);
        let mut component_of = vec![0; deps.len()];
        for (c, comp) in components.iter().enumerate() {
            for &i in comp {
                component_of[i] = c;
            }
        }
        LinearPlan {
            components,
            component_of,
        }
    }

    /// The components, each after every component it depends on.
    pub fn components(&self) -> &[Vec<usize>] {
        &self.components
    }

    /// All unknowns, each after every unknown it depends on outside its own
    /// component.
    pub fn order(&self) -> impl Iterator<Item = usize> + '_ {
        self.components.iter().flatten().copied()
    }

    /// Solves x = b + M·x where row `i` of M is `rows[i]` as (column, value)
    /// pairs whose columns are among the planned dependencies of `i`.
    pub fn solve(&self, rows: &[Vec<(usize, f64)>], b: &[f64]) -> Result<Vec<f64>, Singular> {
        let n = b.len();
        let mut x = vec![0.0; n];
        for (c, comp) in self.components.iter().enumerate() {
            if comp.len() == 1 {
                let i = comp[0];
                let mut rhs = b[i];
                let mut diag = 1.0;
                for &(j, m) in &rows[i] {
                    if j == i {
                        diag -= m;
                    } else {
                        rhs += m * x[j];
                    }
                }
                if !usable_pivot(diag) {
                    return Err(Singular { unknown: i });
                }
                x[i] = rhs / diag;
                continue;
            }
            // External contributions to this component.
            let rhs: Vec<f64> = comp
                .iter()
                .map(|&i| {
                    b[i] + rows[i]
                        .iter()
                        .filter(|(j, _)| self.component_of[*j] != c)
                        .map(|&(j, m)| m * x[j])
                        .sum::<f64>()
                })
                .collect();
            let solved = if comp.len() <= DENSE_LIMIT {
                self.dense(comp, c, rows, &rhs)?
            } else {
                match self.gauss_seidel(comp, c, rows, &rhs) {
                    Some(v) => v,
                    None => self.dense(comp, c, rows, &rhs)?,
                }
            };
            for (&i, v) in comp.iter().zip(solved) {
                x[i] = v;
            }
        }
        if x.iter().all(|v| v.is_finite()) {
            Ok(x)
        } else {
            let unknown = x.iter().position(|v| !v.is_finite()).unwrap_or(0);
            Err(Singular { unknown })
        }
    }

    fn local_index(&self, comp: &[usize]) -> impl Fn(usize) -> usize {
        let mut pairs: Vec<(usize, usize)> =
            comp.iter().enumerate().map(|(l, &g)| (g, l)).collect();
        pairs.sort_unstable();
        move |g| pairs[pairs.binary_search_by_key(&g, |p| p.0).unwrap_or(0)].1
    }

    fn dense(
        &self,
        comp: &[usize],
        c: usize,
        rows: &[Vec<(usize, f64)>],
        rhs: &[f64],
    ) -> Result<Vec<f64>, Singular> {
        let m = comp.len();
        let local = self.local_index(comp);
        // Row-major (I − M_cc) augmented with rhs.
        let mut a = vec![0.0; m * (m + 1)];
        for (r, &i) in comp.iter().enumerate() {
            a[r * (m + 1) + r] = 1.0;
            for &(j, v) in &rows[i] {
                if self.component_of[j] == c {
                    a[r * (m + 1) + local(j)] -= v;
                }
            }
            a[r * (m + 1) + m] = rhs[r];
        }
        gaussian_elimination(&mut a, m).ok_or(Singular { unknown: comp[0] })
    }

    fn gauss_seidel(
        &self,
        comp: &[usize],
        c: usize,
        rows: &[Vec<(usize, f64)>],
        rhs: &[f64],
    ) -> Option<Vec<f64>> {
        let local = self.local_index(comp);
        let inner: Vec<(f64, Vec<(usize, f64)>)> = comp
            .iter()
            .map(|&i| {
                let mut diag = 1.0;
                let mut off = Vec::new();
                for &(j, v) in &rows[i] {
                    if j == i {
                        diag -= v;
                    } else if self.component_of[j] == c {
                        off.push((local(j), v));
                    }
                }
                (diag, off)
            })
            .collect();
        if inner.iter().any(|(d, _)| !usable_pivot(*d)) {
            return None;
        }
        let mut x = rhs.to_vec();
        for _ in 0..MAX_SWEEPS {
            let mut change: f64 = 0.0;
            let mut scale: f64 = 0.0;
            for (r, (diag, off)) in inner.iter().enumerate() {
                let v = (rhs[r] + off.iter().map(|&(l, m)| m * x[l]).sum::<f64>()) / diag;
                change = change.max((v - x[r]).abs());
                scale = scale.max(v.abs());
                x[r] = v;
            }
            if !change.is_finite() {
                return None;
            }
            if change <= SWEEP_TOLERANCE * scale.max(1e-300) {
                return Some(x);
            }
        }
        None
    }
}

/// A pivot we can divide by: finite and not (numerically) zero; NaN is not.
fn usable_pivot(x: f64) -> bool {
    x.is_finite() && x.abs() > 1e-300
}

/// Solves the m×(m+1) augmented row-major system in place by Gaussian
/// elimination with partial pivoting.
fn gaussian_elimination(a: &mut [f64], m: usize) -> Option<Vec<f64>> {
    let w = m + 1;
    for col in 0..m {
        let pivot =
            (col..m).max_by(|&r, &s| a[r * w + col].abs().total_cmp(&a[s * w + col].abs()))?;
        if !usable_pivot(a[pivot * w + col]) {
            return None;
        }
        if pivot != col {
            for k in 0..w {
                a.swap(pivot * w + k, col * w + k);
            }
        }
        let p = a[col * w + col];
        for r in col + 1..m {
            let f = a[r * w + col] / p;
            if f != 0.0 {
                for k in col..w {
                    a[r * w + k] -= f * a[col * w + k];
                }
            }
        }
    }
    let mut x = vec![0.0; m];
    for r in (0..m).rev() {
        let s: f64 = (r + 1..m).map(|k| a[r * w + k] * x[k]).sum();
        x[r] = (a[r * w + m] - s) / a[r * w + r];
    }
    Some(x)
}

/// Tarjan's strongly connected components, iteratively (no recursion, so
/// 100,000 stations in a chain do not overflow the stack). Components come out
/// with every component after all the components it depends on.
fn tarjan(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = deps.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    let mut call: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        call.push((root, 0));
        while let Some(&mut (v, ref mut edge)) = call.last_mut() {
            if *edge == 0 && index[v] == UNSEEN {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = deps[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                comp.sort_unstable();
                out.push(comp);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_and_solve(rows: &[Vec<(usize, f64)>], b: &[f64]) -> Vec<f64> {
        let deps: Vec<Vec<usize>> = rows
            .iter()
            .map(|r| r.iter().map(|e| e.0).collect())
            .collect();
        LinearPlan::new(&deps).solve(rows, b).expect("solvable")
    }

    #[test]
    fn feed_forward_chain_in_one_pass() {
        // x0 = 1; x1 = 0.5 x0; x2 = 2 + x1
        let rows = vec![vec![], vec![(0, 0.5)], vec![(1, 1.0)]];
        let x = plan_and_solve(&rows, &[1.0, 0.0, 2.0]);
        assert_eq!(x, vec![1.0, 0.5, 2.5]);
    }

    #[test]
    fn self_loop_is_geometric() {
        // x = 1 + 0.9 x  →  x = 10
        let x = plan_and_solve(&[vec![(0, 0.9)]], &[1.0]);
        assert!((x[0] - 10.0).abs() < 1e-12);
    }

    #[test]
    fn two_cycle_matches_hand_solution() {
        // x0 = 1 + 0.5 x1, x1 = 0.5 x0  →  x0 = 4/3, x1 = 2/3
        let x = plan_and_solve(&[vec![(1, 0.5)], vec![(0, 0.5)]], &[1.0, 0.0]);
        assert!((x[0] - 4.0 / 3.0).abs() < 1e-14);
        assert!((x[1] - 2.0 / 3.0).abs() < 1e-14);
    }

    #[test]
    fn large_ring_uses_sweeps_and_agrees_with_closed_form() {
        // A ring of 1,000 unknowns: x_i = [i == 0] + 0.999 x_{i-1}. Then
        // x_0 = 1 / (1 − 0.999^1000) and x_i = 0.999^i x_0.
        let n = 1000;
        let rows: Vec<Vec<(usize, f64)>> = (0..n).map(|i| vec![((i + n - 1) % n, 0.999)]).collect();
        let mut b = vec![0.0; n];
        b[0] = 1.0;
        let x = plan_and_solve(&rows, &b);
        let x0 = 1.0 / (1.0 - 0.999f64.powi(n as i32));
        for (i, v) in x.iter().enumerate() {
            let want = 0.999f64.powi(i as i32) * x0;
            assert!(
                (v - want).abs() <= 1e-10 * want,
                "x[{i}] = {v}, want {want}"
            );
        }
    }

    #[test]
    fn closed_loop_without_exit_is_singular() {
        let rows = vec![vec![(1, 1.0)], vec![(0, 1.0)]];
        let deps = vec![vec![1], vec![0]];
        assert!(LinearPlan::new(&deps).solve(&rows, &[1.0, 0.0]).is_err());
    }

    #[test]
    fn deep_chain_does_not_overflow_the_stack() {
        let n = 100_000;
        let rows: Vec<Vec<(usize, f64)>> = (0..n)
            .map(|i| if i == 0 { vec![] } else { vec![(i - 1, 1.0)] })
            .collect();
        let mut b = vec![0.0; n];
        b[0] = 3.0;
        let x = plan_and_solve(&rows, &b);
        assert!(x.iter().all(|&v| (v - 3.0).abs() < 1e-12));
    }
}
