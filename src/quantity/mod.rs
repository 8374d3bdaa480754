//! What a figure means: intervals with exact, open or closed ends and sound
//! arithmetic on them ([`interval`]), and units with their dimensions and
//! factors to base units ([`units`]). Every later stage computes with these;
//! nothing here reads text.

pub mod interval;
pub mod units;
