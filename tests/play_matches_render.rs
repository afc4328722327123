//! What reaches the sound card is what `docbao render` writes for the same text.

mod common;

use common::sound::{
    RATE, SoundServer, correlation, envelope, first_sound, last_sound, locate, resample,
};
use common::{Sandbox, decode, stderr, stdout};

const TEXT: &str = "Xin chào các bạn.\n\nHôm nay trời rất đẹp, chúng ta cùng đi dạo quanh hồ nhé.";

#[test]
fn the_device_receives_what_render_writes() {
    let Some(server) = SoundServer::start() else {
        return;
    };
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.path("short.txt"), TEXT).unwrap();
    let rendered = sandbox.run(&["render", "short.txt", "-o", "ref.wav", "--quiet"]);
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    let (rate, reference) = decode(&sandbox.path("ref.wav"));
    let reference = resample(&reference, rate, RATE);

    let mut read = sandbox.docbao();
    server.connect(&mut read);
    let played = read
        .args(["read", "short.txt", "--plain"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(played.status.success(), "{}", stderr(&played));
    assert!(
        stdout(&played).ends_with("finished\n"),
        "{}",
        stdout(&played)
    );
    std::thread::sleep(std::time::Duration::from_millis(300)); // the sink's last buffer
    let captured: Vec<f64> = server.samples().iter().map(|&s| f64::from(s)).collect();

    // Where the reference's first and last 200 ms of speech are in what was played, by
    // loudness contour: the same distance apart means nothing was lost or added in between.
    let loud = 1000.0;
    let (r0, r1) = (
        first_sound(&reference, loud).unwrap(),
        last_sound(&reference, loud).unwrap(),
    );
    let c0 = first_sound(&captured, loud).expect("sound was played");
    let (contour, played_contour) = (envelope(&reference), envelope(&captured));
    let (window, radius) = (RATE as usize / 5, RATE as usize / 10);
    let (start, start_corr) = locate(&played_contour, &contour[r0..r0 + window], c0, radius);
    let guess_end = start + (r1 - window - r0);
    let (end, end_corr) = locate(
        &played_contour,
        &contour[r1 - window..r1],
        guess_end,
        radius,
    );
    assert!(
        start_corr > 0.97 && end_corr > 0.97,
        "start/end found with {start_corr:.3}/{end_corr:.3}"
    );
    let drift_ms = (end as f64 - guess_end as f64) * 1000.0 / f64::from(RATE);
    assert!(
        drift_ms.abs() < 1.0,
        "played audio is {drift_ms:.1} ms longer than rendered"
    );
    // And everything in between is the same signal, sample for sample.
    let whole = (start.saturating_sub(4)..=start + 4)
        .map(|at| correlation(&captured[at..at + (r1 - r0)], &reference[r0..r1]))
        .fold(f64::MIN, f64::max);
    assert!(
        whole > 0.97,
        "played audio correlates {whole:.3} with the rendered audio"
    );
}
