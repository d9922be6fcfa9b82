//! The command line: parse arguments, call the library, print diagnostics, set the exit code.

use clap::{Args, Parser, Subcommand};
use relief::Diagnostic;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "relief",
    version,
    about = "A fast static site generator for evidence-based informational websites"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default)
    Build(BuildArgs),
    /// Build the site in memory, serve it with live reload, and rebuild what a change affects
    Serve(ServeArgs),
    /// Check the site without writing it: links, anchors, assets, alt text, descriptions,
    /// duplicate titles, orphan pages, overdue reviews, malformed (with --external: dead)
    /// external links
    Check(CheckArgs),
    /// Write a new draft page with complete front matter (never overwrites)
    New(NewArgs),
    /// Create a new site in DIR that builds at once
    Init(InitArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// The site's folder (holding config.toml, content/, templates/, static/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The address to listen on; 127.0.0.1 keeps the preview on this machine
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The port to listen on; the next free one is used if it is taken
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the site in the default browser
    #[arg(long)]
    open: bool,
    /// Include pages marked draft = true
    #[arg(long)]
    drafts: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// The site's folder (holding config.toml, content/, templates/, static/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Override config.toml's base_url, as `relief build --base-url` would
    #[arg(long)]
    base_url: Option<String>,
    /// Check pages marked draft = true too
    #[arg(long)]
    drafts: bool,
    /// Exit with status 1 when there are warnings, not only errors
    #[arg(long)]
    deny_warnings: bool,
    /// Also fetch every external link once and report the ones that are gone (needs the
    /// network; [link_checker] skip_prefixes in config.toml lists URLs never fetched)
    #[arg(long)]
    external: bool,
    /// How to print diagnostics: `human` (like rustc) or `json` (for editors and CI)
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Args)]
struct NewArgs {
    /// The page's file under content/, e.g. topics/my-topic.md
    path: PathBuf,
    /// The page's title
    #[arg(long)]
    title: String,
    /// The site's folder
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Args)]
struct InitArgs {
    /// The new site's folder (must not exist, or be empty)
    dir: PathBuf,
}

#[derive(Args)]
struct BuildArgs {
    /// The site's folder (holding config.toml, content/, templates/, static/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site, relative to the root (default: the configuration's
    /// output_dir, or public/)
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Override config.toml's base_url, e.g. for a preview deployment
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked draft = true
    #[arg(long)]
    drafts: bool,
    /// Write every internal URL relative to its page (works from file:// and any folder)
    #[arg(long)]
    relative: bool,
    /// Print how long each step of the build took and the memory held after it
    #[arg(long)]
    timings: bool,
    /// Fail on warnings too (broken links, missing images…), leaving the output unchanged
    #[arg(long)]
    deny_warnings: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Serve(args) => serve(args),
        Command::Check(args) => check(args),
        Command::New(args) => new(args),
        Command::Init(args) => init(args),
    }
}

/// The steps `--timings` recorded, one line each, to stderr.
fn print_timings() {
    for step in relief::take_timings() {
        let mib = |b: Option<u64>| b.map_or("?".into(), |b| (b / (1024 * 1024)).to_string());
        let memory = match step.resident {
            Some(_) => format!(
                "  {:>6} MiB held, {:>6} MiB peak so far",
                mib(step.resident),
                mib(step.peak)
            ),
            None => String::new(),
        };
        eprintln!(
            "{:>22} {:>8.1} ms{memory}",
            step.name,
            step.elapsed.as_secs_f64() * 1000.0
        );
    }
}

fn print(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

fn build(args: BuildArgs) -> ExitCode {
    if args.timings {
        relief::enable_timings();
    }
    let output = args
        .output
        .unwrap_or_else(|| relief::output_dir(&args.root));
    let options = relief::BuildOptions {
        root: args.root,
        output,
        base_url: args.base_url,
        drafts: args.drafts,
        urls: match args.relative {
            true => relief::UrlStyle::Relative,
            false => relief::UrlStyle::AsConfigured,
        },
    };
    let policy = match args.deny_warnings {
        true => relief::Warnings::Deny,
        false => relief::Warnings::Allow,
    };
    match relief::build_with(&options, policy) {
        Ok(built) => {
            print(&built.warnings);
            let c = built.counts;
            // Said only when there are some, so a build without images reads as before.
            let images = match c.processed_images {
                0 => String::new(),
                n => format!(", {n} processed images ({} encoded)", c.images_encoded),
            };
            println!(
                "Built {} pages, {} sections, {} tags, {} static files{images} in {} ms",
                c.pages,
                c.sections,
                c.terms,
                c.static_files,
                built.elapsed.as_millis()
            );
            print_timings();
            ExitCode::SUCCESS
        }
        Err(failed) => {
            print(&failed.diagnostics);
            let errors = failed.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = failed.diagnostics.len() - errors;
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            if errors == 0 {
                eprintln!(
                    "error: build failed: {warnings} warning{}, and --deny-warnings treats warnings as errors; the previous output is unchanged",
                    plural(warnings)
                );
            } else {
                eprintln!(
                    "error: build failed with {errors} error{}; the previous output is unchanged",
                    plural(errors)
                );
            }
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let options = relief::ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
    };
    match relief::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print(&[d]);
            ExitCode::FAILURE
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let options = relief::BuildOptions {
        root: args.root,
        base_url: args.base_url,
        drafts: args.drafts,
        ..Default::default()
    };
    let external = if args.external {
        eprintln!("relief check: fetching every external link once (this needs the network)…");
        relief::External::Fetch
    } else {
        relief::External::Skip
    };
    let diagnostics = relief::check(&options, external);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        Format::Json => {
            let report = serde_json::json!({
                "diagnostics": diagnostics,
                "errors": errors,
                "warnings": warnings,
            });
            println!("{report:#}");
        }
        Format::Human => {
            print(&diagnostics);
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            eprintln!(
                "relief check: {errors} error{}, {warnings} warning{}",
                plural(errors),
                plural(warnings)
            );
        }
    }
    if errors > 0 {
        return ExitCode::FAILURE;
    }
    if args.deny_warnings && warnings > 0 {
        // Say why the exit status is 1 when nothing else is an error.
        let (noun, them) = match warnings {
            1 => ("warning", "it as an error"),
            _ => ("warnings", "them as errors"),
        };
        eprintln!("error: {warnings} {noun}, and --deny-warnings treats {them}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn new(args: NewArgs) -> ExitCode {
    let today = jiff::Zoned::now().date();
    match relief::new_page(&args.root, &args.path, &args.title, today) {
        Ok(file) => {
            println!(
                "Created {} (a draft: build with --drafts to see it)",
                file.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print(&[d]);
            ExitCode::FAILURE
        }
    }
}

fn init(args: InitArgs) -> ExitCode {
    let today = jiff::Zoned::now().date();
    match relief::init(&args.dir, today) {
        Ok(files) => {
            println!(
                "Created a new site in {} ({} files). Next: cd {} && relief build",
                args.dir.display(),
                files.len(),
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print(&[d]);
            ExitCode::FAILURE
        }
    }
}
