//! The integration tests, one binary: each module is one area of `planner`.

mod assess_catalog;
mod assess_crosscheck;
mod assess_known;
mod assess_model;
mod assess_profile;
mod assess_props;
mod assess_render;
mod bad_inputs;
mod check_cli;
mod cli_assess;
mod cli_comfort;
mod cli_simulate;
mod cli_solve;
mod common;
mod compare_cli;
mod crosscheck;
mod generated;
mod no_nonsense;
mod scenarios_known;
mod schemas;
mod sim_behaviour;
mod sim_exact;
mod sim_ps;
mod sim_speed;
mod solve_properties;
mod timeline_cli;
