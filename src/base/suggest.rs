//! "Did you mean" suggestions for unknown names.

/// The candidate closest to `name`, if it is close enough to be a likely typo:
/// at most one edit (insertion, deletion, substitution or transposition) per
/// four characters, and at least one allowed.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let allowed = (name.chars().count() / 4).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let distance = strsim::damerau_levenshtein(name, candidate);
        // An edit per character is a different name, not a typo (`x` for `a`).
        if distance <= allowed
            && distance < name.chars().count().min(candidate.chars().count())
            && best.is_none_or(|(d, c)| distance < d || (distance == d && candidate < c))
        {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["openai.revenue", "openai.loss", "sora.daily_spend"];
        assert_eq!(did_you_mean("openai.revenu", names), Some("openai.revenue"));
        assert_eq!(did_you_mean("anthropic.revenue", names), None);
        assert_eq!(did_you_mean("xyz", names), None);
        assert_eq!(did_you_mean("UDS", ["USD", "CNY"]), Some("USD"));
        assert_eq!(did_you_mean("dy", ["day", "d"]), Some("day"));
        assert_eq!(did_you_mean("x", ["a", "b"]), None);
    }
}
