//! The timeline as an SVG chart (plotters): formats the report, computes nothing.
use crate::error::Error;

use super::report::TimelineReport;

/// Renders `r` as an SVG document.
pub fn render_svg(r: &TimelineReport) -> Result<String, Error> {
    let _ = r;
    Err(Error::Internal("chart not yet drawn".into()))
}
