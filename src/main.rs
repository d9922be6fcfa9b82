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
    /// Build the site in memory, serve it with live reload, and rebuild what a change affects
    Serve(ServeArgs),
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
        Command::Serve(args) => serve(args),
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

fn serve(args: ServeArgs) -> ExitCode {
    let options = relief::serve::ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
    };
    match relief::serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print(&[d]);
            ExitCode::FAILURE
        }
    }
}
