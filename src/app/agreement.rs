//! Intercoder agreement at the character level: every character of the
//! documents compared is one unit, coded or not coded with a code by each
//! of two coders. Pure arithmetic, no project: percent agreement and
//! Cohen's kappa from the 2×2 table of characters.

use serde::Serialize;

/// The 2×2 table of characters and what follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Agreement {
    /// Characters coded by both coders.
    pub both: usize,
    pub only_a: usize,
    pub only_b: usize,
    /// Characters neither coded.
    pub neither: usize,
    /// (both + neither) / all, as a percentage.
    pub percent: f64,
    /// Cohen's kappa; None when chance agreement is already total (both
    /// coders coded everything, or nothing), where kappa is undefined.
    pub kappa: Option<f64>,
}

impl Agreement {
    pub fn from_counts(both: usize, only_a: usize, only_b: usize, neither: usize) -> Agreement {
        let n = (both + only_a + only_b + neither) as f64;
        let (percent, kappa) = if n == 0.0 {
            (100.0, None)
        } else {
            let observed = (both + neither) as f64 / n;
            let a = (both + only_a) as f64 / n;
            let b = (both + only_b) as f64 / n;
            let chance = a * b + (1.0 - a) * (1.0 - b);
            let kappa = if (1.0 - chance).abs() < 1e-12 {
                None
            } else {
                Some((observed - chance) / (1.0 - chance))
            };
            (observed * 100.0, kappa)
        };
        Agreement {
            both,
            only_a,
            only_b,
            neither,
            percent,
            kappa,
        }
    }

    /// Add another document's table.
    pub fn plus(self, other: Agreement) -> Agreement {
        Agreement::from_counts(
            self.both + other.both,
            self.only_a + other.only_a,
            self.only_b + other.only_b,
            self.neither + other.neither,
        )
    }
}

/// The table for one document of `chars` characters, from the spans
/// (start, end exclusive) each coder coded; overlapping spans of one coder
/// count each character once.
pub fn in_document(chars: usize, a: &[(usize, usize)], b: &[(usize, usize)]) -> Agreement {
    let (ua, ub) = (union(a, chars), union(b, chars));
    let both = intersection(&ua, &ub);
    let (la, lb) = (length(&ua), length(&ub));
    let only_a = la - both;
    let only_b = lb - both;
    Agreement::from_counts(both, only_a, only_b, chars - both - only_a - only_b)
}

/// Sorted, disjoint intervals covering the same characters (clipped to the text).
pub fn union(spans: &[(usize, usize)], chars: usize) -> Vec<(usize, usize)> {
    let mut s: Vec<(usize, usize)> = spans
        .iter()
        .map(|&(a, b)| (a.min(chars), b.min(chars)))
        .filter(|(a, b)| a < b)
        .collect();
    s.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(s.len());
    for (a, b) in s {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

fn length(u: &[(usize, usize)]) -> usize {
    u.iter().map(|(a, b)| b - a).sum()
}

/// Characters in both of two unions.
fn intersection(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let lo = a[i].0.max(b[j].0);
        let hi = a[i].1.min(b[j].1);
        if lo < hi {
            n += hi - lo;
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn kappa_of_a_hand_computed_table() {
        // 100 characters: 20 both, 10 only A, 5 only B, 65 neither.
        // po = 0.85; pA = 0.30, pB = 0.25; pe = 0.3*0.25 + 0.7*0.75 = 0.6;
        // kappa = (0.85 - 0.6) / 0.4 = 0.625.
        let t = Agreement::from_counts(20, 10, 5, 65);
        assert!(close(t.percent, 85.0));
        assert!(close(t.kappa.unwrap(), 0.625));
    }

    #[test]
    fn perfect_and_chance_level_agreement() {
        let t = Agreement::from_counts(30, 0, 0, 70);
        assert!(close(t.percent, 100.0) && close(t.kappa.unwrap(), 1.0));
        // Independent coders: pA = pB = 0.5, both = 25 → kappa 0.
        let t = Agreement::from_counts(25, 25, 25, 25);
        assert!(close(t.percent, 50.0) && close(t.kappa.unwrap(), 0.0));
        // Nobody coded anything: agreement is total, kappa undefined.
        let t = Agreement::from_counts(0, 0, 0, 10);
        assert!(close(t.percent, 100.0) && t.kappa.is_none());
    }

    #[test]
    fn spans_become_characters() {
        // Text of 20 chars. A codes 0..10 and 5..12 (union 0..12, 12 chars);
        // B codes 8..16 (8 chars). Both: 8..12 = 4; only A 8; only B 4;
        // neither 4. po = 8/20 = 0.4; pA = 0.6, pB = 0.4;
        // pe = 0.24 + 0.24 = 0.48; kappa = (0.4 - 0.48) / 0.52.
        let t = in_document(20, &[(0, 10), (5, 12)], &[(8, 16)]);
        assert_eq!((t.both, t.only_a, t.only_b, t.neither), (4, 8, 4, 4));
        assert!(close(t.percent, 40.0));
        assert!(close(t.kappa.unwrap(), -0.08 / 0.52));
    }

    #[test]
    fn tables_add_up() {
        let t = in_document(10, &[(0, 5)], &[(0, 5)]).plus(in_document(10, &[], &[(0, 10)]));
        assert_eq!((t.both, t.only_a, t.only_b, t.neither), (5, 0, 10, 5));
    }
}
