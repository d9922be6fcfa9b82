//! The command line: parse arguments, call the library, print diagnostics, set the exit code.

use clap::{Args, Parser, Subcommand};
use relief::diagnostics::Diagnostic;
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
}

#[derive(Args)]
struct BuildArgs {
    /// The site's folder (holding config.toml, content/, templates/, static/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site, relative to the root
    #[arg(long, short, default_value = "public")]
    output: PathBuf,
    /// Override config.toml's base_url, e.g. for a preview deployment
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked draft = true
    #[arg(long)]
    drafts: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
    }
}

fn print(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let options = relief::BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
    };
    match relief::build(&options) {
        Ok(built) => {
            print(&built.warnings);
            let c = built.counts;
            println!(
                "Built {} pages, {} sections, {} tags, {} static files in {} ms",
                c.pages,
                c.sections,
                c.terms,
                c.static_files,
                built.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(failed) => {
            print(&failed.diagnostics);
            let errors = failed.diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: build failed with {errors} error{}; the previous output is unchanged",
                if errors == 1 { "" } else { "s" }
            );
            ExitCode::FAILURE
        }
    }
}
