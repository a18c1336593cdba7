#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    claimdesk::cli::run(std::env::args_os())
}
