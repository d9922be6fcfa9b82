//! Image benchmark: a site of 50 pages, each with a 4000 × 3000 JPEG made here, built cold
//! (empty image cache: every copy decoded, resized and encoded) and warm (the cache kept:
//! nothing encoded), with wall time, CPU time and peak memory of the `relief` process.
//!
//! ```text
//! cargo bench --bench images                      # 50 photos
//! cargo bench --bench images -- --photos 10       # fewer, for a quick look
//! ```
//!
//! The photos are noise over gradients, so that they compress like photographs rather than
//! like flat colour. The release binary is used (`cargo bench` builds it).

use image::{Rgb, RgbImage};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let mut photos = 50;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--photos" {
            photos = args.next().and_then(|n| n.parse().ok()).unwrap_or(photos);
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    let made = Instant::now();
    site(root, photos);
    eprintln!(
        "made {photos} photos of 4000 × 3000 in {:.1} s",
        made.elapsed().as_secs_f64()
    );
    let binary = Path::new(env!("CARGO_BIN_EXE_relief"));
    let cold = measure(binary, root);
    let warm = measure(binary, root);
    println!("{photos} photos of 4000 × 3000, responsive Markdown images (default [images])");
    println!(
        "{:<6} {:>10} {:>10} {:>12}  summary",
        "build", "wall", "cpu", "peak RSS"
    );
    let ratio = |warm: Duration, cold: Duration| warm.as_secs_f64() / cold.as_secs_f64();
    let (wall, cpu) = (
        ratio(warm.0.wall, cold.0.wall),
        ratio(warm.0.cpu, cold.0.cpu),
    );
    for (name, (sample, summary)) in [("cold", cold), ("warm", warm)] {
        println!(
            "{name:<6} {:>9.2}s {:>9.2}s {:>9} MB  {summary}",
            sample.wall.as_secs_f64(),
            sample.cpu.as_secs_f64(),
            sample.rss / 1_000_000
        );
    }
    println!("warm / cold: wall {wall:.3}, cpu {cpu:.3}");
}

/// A site of `photos` pages, each showing its own photo.
fn site(root: &Path, photos: usize) {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "config.toml",
        "title = \"Photos\"\nbase_url = \"https://example.org/\"\ntaxonomies = []\n",
    );
    let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ page.title }}</title></head><body>{{ page.content | safe }}</body></html>";
    let list = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ section.title }}</title></head><body>{% for p in section.pages %}<a href=\"{{ p.url }}\">{{ p.title }}</a>{% endfor %}</body></html>";
    write("templates/page.html", page);
    write("templates/section.html", list);
    write("templates/index.html", list);
    write("content/_index.md", "+++\ntitle = \"Photos\"\n+++\n");
    for n in 0..photos {
        write(
            &format!("content/photo-{n}/index.md"),
            &format!("+++\ntitle = \"Photo {n}\"\n+++\nA photo.\n\n![Photo {n}](photo.jpg)\n"),
        );
        let mut seed = n as u32 * 2_654_435_761 + 1;
        let image = RgbImage::from_fn(4000, 3000, |x, y| {
            // xorshift noise over a gradient that differs per photo.
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let noise = (seed % 32) as u8;
            Rgb([
                ((x / 16) as u8).wrapping_add(noise),
                ((y / 12) as u8).wrapping_add(n as u8 * 5),
                (((x + y) / 28) as u8) ^ noise,
            ])
        });
        image
            .save(root.join(format!("content/photo-{n}/photo.jpg")))
            .unwrap();
    }
}

struct Sample {
    wall: Duration,
    cpu: Duration,
    rss: u64,
}

/// Build the site at `root` with `binary`, measured with `wait4`; returns the measures and
/// the build's summary line.
// The child is reaped by `wait4` itself, which `Child::wait` would not report usage for.
#[allow(clippy::zombie_processes)]
fn measure(binary: &Path, root: &Path) -> (Sample, String) {
    let log = root.join("build.log");
    let mut cmd = Command::new(binary);
    cmd.args(["build", "--root"])
        .arg(root)
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(Stdio::inherit());
    let started = Instant::now();
    let child = cmd.spawn().expect("start relief");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for; both out-pointers are valid.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert_eq!(rc, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "relief build failed"
    );
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let summary = std::fs::read_to_string(&log).unwrap_or_default();
    let summary = summary
        .lines()
        .find(|l| l.starts_with("Built"))
        .unwrap_or("")
        .to_string();
    (
        Sample {
            wall,
            cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
            rss: usage.ru_maxrss as u64 * 1024,
        },
        summary,
    )
}
