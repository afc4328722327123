//! The body of a compressed file (Opus pages, MP3 frames) while it is made: spooled aside when
//! the header goes in front of it once the audio is complete (a regular file: the tags know
//! the chapters only then), or written straight out as it is made (a pipe, a device, standard
//! output: the header went first, without chapters).

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};

use super::write_behind::WriteBehind;
use super::{ExportError, OutputFile, io_error};

/// Buffered bytes before they are written out.
const BUFFER: usize = 64 * 1024;

/// Where the encoded audio goes.
pub(super) struct Body {
    out: BufWriter<File>,
    /// Whether `out` is a spool (an unnamed temporary file beside the output) rather than the
    /// output itself.
    spooled: bool,
    /// While set, bytes written are dropped (the placeholder header pages of an Ogg stream,
    /// which keep its page numbers right; the real ones are written at the end).
    discard: bool,
}

impl Body {
    /// A body for `file`: spooled when `file` is a regular file, straight out otherwise.
    pub fn new(file: &OutputFile) -> Result<Body, ExportError> {
        let (out, spooled) = if file.is_seekable() {
            let dir = match file.target().parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir,
                _ => std::path::Path::new("."),
            };
            (tempfile::tempfile_in(dir), true)
        } else {
            (file.file().try_clone(), false)
        };
        let out = out.map_err(|e| io_error(file.path(), e))?;
        Ok(Body {
            out: BufWriter::with_capacity(BUFFER, out),
            spooled,
            discard: false,
        })
    }

    /// Whether the header is written at the end, in front of the body (else it went first).
    pub fn header_last(&self) -> bool {
        self.spooled
    }

    /// Drops what is written from now on (`true`), or writes it again (`false`).
    pub fn discard(&mut self, discard: bool) {
        self.discard = discard;
    }

    /// Sends what is buffered on, so a listener at the other end of a pipe hears it now (a
    /// spool keeps it).
    pub fn send(&mut self) -> io::Result<()> {
        if self.spooled {
            Ok(())
        } else {
            self.out.flush()
        }
    }

    /// Overwrites the first bytes of the body (LAME's Info frame), where it is spooled.
    pub fn rewrite_start(&mut self, bytes: &[u8]) -> io::Result<()> {
        if !self.spooled {
            return Ok(());
        }
        self.out.flush()?;
        let file = self.out.get_mut();
        file.seek(SeekFrom::Start(0))?;
        file.write_all(bytes)?;
        file.seek(SeekFrom::End(0)).map(|_| ())
    }

    /// Completes `file`: `header` then the spooled body (or, straight out, the rest).
    pub fn finish(self, file: &OutputFile, header: &[u8]) -> Result<(), ExportError> {
        let error = |e| io_error(file.path(), e);
        let mut body = self.out.into_inner().map_err(|e| error(e.into_error()))?;
        if self.spooled {
            let target = file.file().try_clone().map_err(error)?;
            let mut out = BufWriter::with_capacity(BUFFER, WriteBehind::new(target));
            out.write_all(header).map_err(error)?;
            body.seek(SeekFrom::Start(0)).map_err(error)?;
            io::copy(&mut body, &mut out).map_err(error)?;
            out.flush().map_err(error)?;
        } else {
            body.flush().map_err(error)?;
        }
        Ok(())
    }
}

impl Write for Body {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.discard {
            Ok(bytes.len())
        } else {
            self.out.write(bytes)
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
