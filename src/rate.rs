//! Speaking rate: a factor of the voice's normal speed, or words per minute.

use std::fmt;
use std::str::FromStr;

use crate::voice::RATE_RANGE_WPM;

/// How fast to speak.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rate {
    /// A multiple of the voice's normal rate: `1.0` normal, `1.5` half again as fast.
    Factor(f64),
    /// Words per minute, whatever the voice's normal rate.
    Wpm(u32),
}

impl Default for Rate {
    fn default() -> Self {
        Rate::Factor(1.0)
    }
}

/// A rate that cannot be.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a speaking rate: give a factor such as 1.5 or 1.5x, or words per minute such as 300 or 300wpm (80–900)"
)]
pub struct RateError(pub String);

impl Rate {
    /// Words per minute for a voice whose normal rate is `normal_wpm`, kept within what
    /// docbao supports (80–900).
    pub fn wpm(self, normal_wpm: u32) -> u32 {
        let wpm = match self {
            Rate::Factor(factor) => (f64::from(normal_wpm) * factor).round() as u32,
            Rate::Wpm(wpm) => wpm,
        };
        wpm.clamp(*RATE_RANGE_WPM.start(), *RATE_RANGE_WPM.end())
    }

    /// How many times the voice's normal rate this is.
    pub fn speedup(self, normal_wpm: u32) -> f64 {
        f64::from(self.wpm(normal_wpm)) / f64::from(normal_wpm.max(1))
    }
}

impl FromStr for Rate {
    type Err = RateError;

    /// Reads `1.5`, `1.5x`, `1.5×`, `150%` (factors) and `300`, `300wpm` (words per minute).
    /// A bare number below 10 is a factor, from 80 up it is words per minute. A decimal comma
    /// (`1,5`, as Vietnamese writes it) is a decimal point.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || RateError(s.to_string());
        let t = s.trim().to_lowercase().replace(',', ".");
        let number = |text: &str| {
            text.trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n > 0.0)
        };
        let factor = |f: f64| (0.25..=6.0).contains(&f).then_some(Rate::Factor(f));
        let wpm = |w: f64| {
            (w.fract() == 0.0 && RATE_RANGE_WPM.contains(&(w as u32)) && w <= 900.0)
                .then_some(Rate::Wpm(w as u32))
        };
        let rate = if let Some(n) = t.strip_suffix("wpm") {
            number(n).and_then(wpm)
        } else if let Some(n) = t.strip_suffix(['x', '×']) {
            number(n).and_then(factor)
        } else if let Some(n) = t.strip_suffix('%') {
            number(n).and_then(|p| factor(p / 100.0))
        } else {
            match number(&t) {
                Some(n) if n < 10.0 => factor(n),
                Some(n) if n >= 80.0 => wpm(n),
                _ => None,
            }
        };
        rate.ok_or_else(err)
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rate::Factor(factor) => write!(f, "{factor}×"),
            Rate::Wpm(wpm) => write!(f, "{wpm} wpm"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_factors_and_words_per_minute() {
        assert_eq!("1.5".parse(), Ok(Rate::Factor(1.5)));
        assert_eq!("2x".parse(), Ok(Rate::Factor(2.0)));
        assert_eq!(" 0.8× ".parse(), Ok(Rate::Factor(0.8)));
        assert_eq!("150%".parse(), Ok(Rate::Factor(1.5)));
        assert_eq!("300".parse(), Ok(Rate::Wpm(300)));
        assert_eq!("450WPM".parse(), Ok(Rate::Wpm(450)));
        assert_eq!("1,5".parse(), Ok(Rate::Factor(1.5)));
        assert_eq!("1,5x".parse(), Ok(Rate::Factor(1.5)));
        for bad in [
            "", "fast", "0", "-1", "40", "1000", "300.5", "9x", "NaN", "inf", "0.1",
        ] {
            assert!(bad.parse::<Rate>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn words_per_minute_stay_in_range() {
        assert_eq!(Rate::Factor(1.0).wpm(175), 175);
        assert_eq!(Rate::Factor(2.0).wpm(175), 350);
        assert_eq!(Rate::Factor(6.0).wpm(175), 900);
        assert_eq!(Rate::Factor(0.25).wpm(175), 80);
        assert_eq!(Rate::Wpm(500).wpm(175), 500);
        assert!((Rate::Wpm(350).speedup(175) - 2.0).abs() < 1e-9);
    }
}
