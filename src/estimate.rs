//! Estimates from independent replications: a mean with a two-sided confidence interval.
//!
//! For `k` independent, identically distributed replications `x_1..x_k` with mean `m` and
//! sample standard deviation `s`, the interval is `m -/+ t_{k-1, (1+c)/2} s / sqrt(k)`, with
//! Student's t quantile (exact for normal replications, asymptotically right for any finite
//! variance by the central limit theorem). With one replication there is no interval.
//!
//! # References
//! Student (1908), "The probable error of a mean", Biometrika 6(1); Law (2015), *Simulation
//! Modeling and Analysis*, 5th ed., section 9.4.1 (replication/deletion).
//!
//! ```
//! use comity::estimate::Estimate;
//! let e = Estimate::from_samples(&[1.0, 2.0, 3.0], 0.95).unwrap();
//! assert_eq!(e.mean, 2.0);
//! // s = 1, t_{2, 0.975} = 4.3027: half-width 4.3027 / sqrt(3).
//! assert!((e.half_width - 4.302_652_7 / 3f64.sqrt()).abs() < 1e-6);
//! ```

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A mean over replications and the half-width of its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Mean over the replications.
    pub mean: f64,
    /// Half-width of the two-sided interval (`NaN` with a single replication).
    pub half_width: f64,
    /// Confidence level of the interval, e.g. 0.95.
    pub confidence: f64,
    /// Number of replications.
    pub replications: usize,
}

impl Estimate {
    /// The mean and Student-t interval of `samples` at level `confidence` in (0, 1); `None`
    /// when there are no samples or the level is out of range.
    pub fn from_samples(samples: &[f64], confidence: f64) -> Option<Estimate> {
        let k = samples.len();
        if k == 0 || !(confidence > 0.0 && confidence < 1.0) {
            return None;
        }
        let mean = samples.iter().sum::<f64>() / k as f64;
        let half_width = if k == 1 {
            f64::NAN
        } else {
            let var = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1) as f64;
            let t = StudentsT::new(0.0, 1.0, (k - 1) as f64).ok()?.inverse_cdf((1.0 + confidence) / 2.0);
            t * (var / k as f64).sqrt()
        };
        Some(Estimate { mean, half_width, confidence, replications: k })
    }

    /// Lower end of the interval.
    pub fn low(&self) -> f64 {
        self.mean - self.half_width
    }

    /// Upper end of the interval.
    pub fn high(&self) -> f64 {
        self.mean + self.half_width
    }

    /// Whether `x` lies in the interval.
    pub fn contains(&self, x: f64) -> bool {
        self.low() <= x && x <= self.high()
    }
}
