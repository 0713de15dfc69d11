//! `planner init`: its arguments and its run (the starter profile).

use std::path::PathBuf;

use clap::Args;

use crate::error::Error;
use crate::exit;
use crate::output::Outcome;

/// `planner init`.
#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// Where to write the profile (`-` for stdout).
    #[arg(default_value = "app.yaml")]
    pub path: PathBuf,
    /// Monthly active users today (e.g. 40k).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub users: Option<String>,
    /// Monthly growth rate (e.g. 15%).
    #[arg(long, value_name = "RATE", allow_hyphen_values = true)]
    pub growth: Option<String>,
    /// API requests per daily active user per day.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub requests_per_user: Option<String>,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// Runs `planner init`: the starter profile, never over an existing file
/// without `--force`.
pub fn init(args: &InitArgs) -> Result<Outcome, Error> {
    use crate::profile::starter::{StarterAnswers, starter_profile};
    let mut answers = StarterAnswers::default();
    use crate::profile::defaults::{MAX_GROWTH, MAX_USERS};
    use crate::units::{Kind, parse_flag, parse_flag_worded};
    // Ranges worded as the profile keys' are.
    if let Some(v) = &args.users {
        answers.monthly_active = parse_flag_worded(
            v,
            "users",
            Kind::Count,
            1.0,
            MAX_USERS,
            &format!("between 1 and {MAX_USERS:e} users"),
        )?;
    }
    if let Some(v) = &args.growth {
        answers.growth = parse_flag_worded(
            v,
            "growth",
            Kind::Fraction,
            -0.5,
            MAX_GROWTH,
            "a monthly rate between -50% and 300%",
        )?;
    }
    if let Some(v) = &args.requests_per_user {
        answers.api_requests_per_user_day =
            parse_flag(v, "requests-per-user", Kind::Count, 0.0, 1e6)?;
    }
    let text = starter_profile(&answers);
    // The answers must make a valid profile; say which flag is off if not.
    crate::profile::profile_from_str("--users/--growth/--requests-per-user", &text)?;
    let to_stdout = args.path.as_os_str() == "-";
    if !to_stdout && args.path.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} exists; pass --force to overwrite it",
            args.path.display()
        )));
    }
    Ok(Outcome {
        text,
        output: (!to_stdout).then(|| args.path.clone()),
        inputs: Vec::new(),
        exit_code: exit::SUCCESS,
        colorable: false,
    })
}
