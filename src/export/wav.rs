//! Mono 16-bit WAV, written as the audio is made: RIFF up to 4 GiB, RF64 beyond, and a
//! "length unknown" header where the output cannot be rewound (a pipe, a device).
//!
//! The header always holds a 28-byte `JUNK` chunk before `fmt `: the room RF64's `ds64`
//! chunk needs, so a file that grows past 4 GiB is upgraded in place (as EBU Tech 3306
//! recommends). Readers skip `JUNK`.

use std::io::{BufWriter, Seek, SeekFrom, Write};

use super::write_behind::WriteBehind;
use super::{ExportError, OutputFile, io_error};

/// Bytes before the samples.
const HEADER_LEN: u64 = 80;
/// What a 32-bit size field says when the size is elsewhere (RF64) or unknown (a stream).
const UNKNOWN: u32 = u32::MAX;

/// A mono 16-bit WAV file being written (into an [`OutputFile`]).
pub struct WavOutput {
    out: BufWriter<WriteBehind>,
    file: OutputFile,
    sample_rate: u32,
    data_len: u64,
}

impl WavOutput {
    /// Starts writing `file`.
    pub fn new(file: OutputFile, sample_rate: u32) -> Result<WavOutput, ExportError> {
        let clone = file
            .file()
            .try_clone()
            .map_err(|e| io_error(file.path(), e))?;
        let mut wav = WavOutput {
            out: BufWriter::with_capacity(64 * 1024, WriteBehind::new(clone)),
            file,
            sample_rate,
            data_len: 0,
        };
        let header = wav.header(None);
        wav.out
            .write_all(&header)
            .map_err(|e| io_error(wav.file.path(), e))?;
        Ok(wav)
    }

    /// Opens `path` (see [`OutputFile::create`]) and starts writing it.
    pub fn create(path: &std::path::Path, sample_rate: u32) -> Result<WavOutput, ExportError> {
        WavOutput::new(OutputFile::create(path)?, sample_rate)
    }

    /// Appends samples.
    pub fn write(&mut self, samples: &[i16]) -> Result<(), ExportError> {
        let mut bytes = [0u8; 2048];
        for chunk in samples.chunks(bytes.len() / 2) {
            for (pair, sample) in bytes.chunks_exact_mut(2).zip(chunk) {
                pair.copy_from_slice(&sample.to_le_bytes());
            }
            self.out
                .write_all(&bytes[..chunk.len() * 2])
                .map_err(|e| io_error(self.file.path(), e))?;
        }
        self.data_len += samples.len() as u64 * 2;
        Ok(())
    }

    /// Completes the header (where the output can be rewound) and hands back the file, still
    /// to be committed (alone, or with others through [`commit_all`](super::commit_all)).
    pub fn finish(mut self) -> Result<OutputFile, ExportError> {
        self.out
            .flush()
            .map_err(|e| io_error(self.file.path(), e))?;
        if self.file.is_seekable() {
            let header = self.header(Some(self.data_len));
            let mut file = self.file.file();
            file.seek(SeekFrom::Start(0))
                .and_then(|_| file.write_all(&header))
                .and_then(|_| file.seek(SeekFrom::End(0)).map(|_| ()))
                .map_err(|e| io_error(self.file.path(), e))?;
        }
        Ok(self.file)
    }

    /// Completes the file and puts it in place.
    pub fn finish_and_commit(self) -> Result<(), ExportError> {
        self.finish()?.commit()
    }

    /// The header for `data_len` bytes of samples (`None`: not known yet).
    fn header(&self, data_len: Option<u64>) -> [u8; HEADER_LEN as usize] {
        let mut h = [0u8; HEADER_LEN as usize];
        let riff_len = data_len.map(|n| n + HEADER_LEN - 8);
        let rf64 = riff_len.is_some_and(|n| n > u64::from(UNKNOWN) - 1);
        let short = |n: Option<u64>| match n {
            Some(n) if !rf64 => n as u32,
            _ => UNKNOWN,
        };
        h[0..4].copy_from_slice(if rf64 { b"RF64" } else { b"RIFF" });
        h[4..8].copy_from_slice(&short(riff_len).to_le_bytes());
        h[8..12].copy_from_slice(b"WAVE");
        h[16..20].copy_from_slice(&28u32.to_le_bytes());
        if let (true, Some(riff_len), Some(data_len)) = (rf64, riff_len, data_len) {
            h[12..16].copy_from_slice(b"ds64");
            h[20..28].copy_from_slice(&riff_len.to_le_bytes());
            h[28..36].copy_from_slice(&data_len.to_le_bytes());
            h[36..44].copy_from_slice(&(data_len / 2).to_le_bytes());
            // 44..48: no table of other chunk sizes.
        } else {
            h[12..16].copy_from_slice(b"JUNK");
        }
        h[48..52].copy_from_slice(b"fmt ");
        h[52..56].copy_from_slice(&16u32.to_le_bytes());
        h[56..58].copy_from_slice(&1u16.to_le_bytes()); // PCM
        h[58..60].copy_from_slice(&1u16.to_le_bytes()); // mono
        h[60..64].copy_from_slice(&self.sample_rate.to_le_bytes());
        h[64..68].copy_from_slice(&(self.sample_rate * 2).to_le_bytes());
        h[68..70].copy_from_slice(&2u16.to_le_bytes()); // bytes per frame
        h[70..72].copy_from_slice(&16u16.to_le_bytes()); // bits per sample
        h[72..76].copy_from_slice(b"data");
        h[76..80].copy_from_slice(&short(data_len).to_le_bytes());
        h
    }

    /// Moves on by `bytes` of samples without writing them (a sparse hole), to test sizes
    /// past 4 GiB without writing them.
    #[cfg(test)]
    fn skip(&mut self, bytes: u64) {
        self.out.flush().unwrap();
        self.out.seek(SeekFrom::Current(bytes as i64)).unwrap();
        self.data_len += bytes;
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
    }

    fn u64_at(b: &[u8], at: usize) -> u64 {
        u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
    }

    #[test]
    fn a_small_file_is_riff_that_readers_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        let mut wav = WavOutput::create(&path, 22050).unwrap();
        wav.write(&[1, -2, 3]).unwrap();
        wav.finish_and_commit().unwrap();
        let mut reader = hound::WavReader::open(&path).unwrap();
        assert_eq!((reader.spec().sample_rate, reader.len()), (22050, 3));
        let samples: Vec<i16> = reader.samples().map(Result::unwrap).collect();
        assert_eq!(samples, [1, -2, 3]);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[0..4], b"RIFF");
        assert_eq!(u32_at(&bytes, 4) as usize, bytes.len() - 8);
        assert_eq!(u32_at(&bytes, 76), 6);
    }

    #[test]
    fn past_four_gibibytes_the_file_becomes_rf64() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.wav");
        let mut wav = WavOutput::create(&path, 22050).unwrap();
        let data = u64::from(u32::MAX) + 1000;
        wav.skip(data - 4);
        wav.write(&[7, 8]).unwrap();
        wav.finish_and_commit().unwrap();
        let mut header = [0u8; 80];
        std::io::Read::read_exact(&mut std::fs::File::open(&path).unwrap(), &mut header).unwrap();
        assert_eq!(&header[0..4], b"RF64");
        assert_eq!(u32_at(&header, 4), u32::MAX);
        assert_eq!(&header[12..16], b"ds64");
        assert_eq!(u64_at(&header, 20), data + 72);
        assert_eq!(u64_at(&header, 28), data);
        assert_eq!(u64_at(&header, 36), data / 2);
        assert_eq!(u32_at(&header, 76), u32::MAX);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), data + 80);
    }

    #[cfg(unix)]
    #[test]
    fn a_stream_says_its_length_is_unknown() {
        let mut wav = WavOutput::create(Path::new("/dev/null"), 16000).unwrap();
        wav.write(&[1; 10]).unwrap();
        let header = wav.header(None);
        assert_eq!(
            (u32_at(&header, 4), u32_at(&header, 76)),
            (u32::MAX, u32::MAX)
        );
        wav.finish_and_commit().unwrap();
    }
}
