//! Times as people read them: `5:07`, `1:02:03`.

use std::time::Duration;

/// `m:ss`, or `h:mm:ss` from an hour on.
pub fn clock(time: Duration) -> String {
    let seconds = time.as_secs();
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(clock(Duration::from_millis(999)), "0:00");
        assert_eq!(clock(Duration::from_secs(307)), "5:07");
        assert_eq!(clock(Duration::from_secs(3723)), "1:02:03");
    }
}
