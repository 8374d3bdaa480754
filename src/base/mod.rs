//! The bottom layer: small pieces every stage shares and none of them owns.
//! Spans and the files they point into ([`span`]), exact numbers
//! ([`exact`]), text made safe to show ([`text`]), bounded reading and atomic
//! writing of files ([`fs`]) and "did you mean" ([`suggest`]). Nothing here
//! knows what a claim or a rule is.

pub mod exact;
pub mod fs;
pub mod span;
pub mod suggest;
pub mod text;
