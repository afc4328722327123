//! Nothing docbao prints can drive the terminal: terminal controls in text that came from
//! outside (file names, voice names, what a server said, an article) are shown as `\u{1b}`.
//! The article's own text has them removed at input already (`docbao::article::controls`).

use std::io::{self, Write};

pub use docbao::article::controls::visible;

/// `eprintln!` with every control shown, not obeyed.
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::safe::visible(&format!($($arg)*)))
    };
}
pub(crate) use say;

/// A writer that shows controls instead of passing them on. Each write must be whole UTF-8
/// text, as `write!` and `writeln!` make them.
pub struct SafeOut<W: Write>(pub W);

impl<W: Write> Write for SafeOut<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(visible(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}
