//! Naming speakers and giving them roles.
//!
//! Speech services label speakers `SPEAKER_00`, `spk_0` or `Speaker 1`; `--speaker
//! SPEAKER_00=Therapist` renames them, and `--role Therapist=therapist` gives a speaker
//! a role, so that figures per role (therapist against client) come out next to the
//! figures per speaker. A role may name a speaker by its new name or by its label in
//! the file.

use rustc_hash::FxHashMap;

use crate::transcript::Transcript;

/// Renames and roles for speakers, applied to every session read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakerMap {
    renames: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    // Made from the two lists at every change, so that a look-up is one hash look-up
    // however many speakers there are (every turn and speaker of a session looks up).
    /// Label -> new name.
    new_name: FxHashMap<String, String>,
    /// Speaker (by the name the role was given to) -> role.
    role_by_name: FxHashMap<String, String>,
    /// New name -> the role given to the first label (in the order of the roles) renamed
    /// to it.
    role_by_label: FxHashMap<String, String>,
}

/// Splits `NAME=VALUE` at its last `=` (names may contain `=`, values rarely do), both
/// trimmed and non-empty.
pub fn parse_assignment(arg: &str) -> Result<(String, String), String> {
    match arg.rsplit_once('=') {
        Some((name, value)) if !name.trim().is_empty() && !value.trim().is_empty() => {
            Ok((name.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!("expected NAME=VALUE, got `{arg}`")),
    }
}

impl SpeakerMap {
    /// No renames, no roles.
    pub fn new() -> SpeakerMap {
        SpeakerMap::default()
    }

    /// Renames speaker `from` (as labelled in the file) to `to`. A later rename of the
    /// same label wins.
    pub fn rename(&mut self, from: impl Into<String>, to: impl Into<String>) -> &mut Self {
        let from = from.into();
        self.renames.retain(|(f, _)| *f != from);
        self.renames.push((from, to.into()));
        self.index();
        self
    }

    fn index(&mut self) {
        self.new_name = self.renames.iter().cloned().collect();
        self.role_by_name = self.roles.iter().cloned().collect();
        self.role_by_label.clear();
        for (label, role) in &self.roles {
            if let Some(name) = self.new_name.get(label) {
                self.role_by_label
                    .entry(name.clone())
                    .or_insert_with(|| role.clone());
            }
        }
    }

    /// Gives `speaker` (its new name or its label in the file) the role `role`. A later
    /// role for the same speaker wins.
    pub fn role(&mut self, speaker: impl Into<String>, role: impl Into<String>) -> &mut Self {
        let speaker = speaker.into();
        self.roles.retain(|(s, _)| *s != speaker);
        self.roles.push((speaker, role.into()));
        self.index();
        self
    }

    /// Whether there is nothing to rename and no role.
    pub fn is_empty(&self) -> bool {
        self.renames.is_empty() && self.roles.is_empty()
    }

    /// Whether any speaker is renamed.
    pub fn has_renames(&self) -> bool {
        !self.renames.is_empty()
    }

    /// Whether any role was given.
    pub fn has_roles(&self) -> bool {
        !self.roles.is_empty()
    }

    /// The new name of a speaker labelled `label` in the file.
    pub fn name<'a>(&'a self, label: &'a str) -> &'a str {
        self.new_name.get(label).map_or(label, String::as_str)
    }

    /// Renames the speakers of `transcript` in place.
    pub fn apply(&self, transcript: &mut Transcript) {
        if self.renames.is_empty() {
            return;
        }
        for t in &mut transcript.turns {
            let new = self.name(&t.speaker);
            if new != t.speaker {
                t.speaker = new.to_string();
            }
        }
    }

    /// The role of the speaker now called `speaker`, given by that name or by a label
    /// renamed to it.
    pub fn role_of(&self, speaker: &str) -> Option<&str> {
        self.role_by_name
            .get(speaker)
            .or_else(|| self.role_by_label.get(speaker))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Turn;

    #[test]
    fn renames_and_roles() {
        let mut m = SpeakerMap::new();
        m.rename("SPEAKER_00", "Therapist")
            .rename("SPEAKER_01", "Ben")
            .rename("SPEAKER_01", "Client")
            .role("Therapist", "therapist")
            .role("SPEAKER_01", "client");
        let mut t = Transcript::new(
            "s",
            ["SPEAKER_00", "SPEAKER_01", "SPEAKER_02"]
                .iter()
                .map(|s| Turn {
                    speaker: s.to_string(),
                    text: "x".into(),
                    ..Turn::default()
                })
                .collect(),
        );
        m.apply(&mut t);
        let names: Vec<&str> = t.turns.iter().map(|t| t.speaker.as_str()).collect();
        assert_eq!(names, ["Therapist", "Client", "SPEAKER_02"]);
        assert_eq!(m.role_of("Therapist"), Some("therapist"));
        assert_eq!(m.role_of("Client"), Some("client"));
        assert_eq!(m.role_of("SPEAKER_02"), None);
    }

    #[test]
    fn assignments() {
        assert_eq!(
            parse_assignment(" Speaker 1 = Dr. Rivera "),
            Ok(("Speaker 1".into(), "Dr. Rivera".into()))
        );
        assert_eq!(parse_assignment("a=b=c"), Ok(("a=b".into(), "c".into())));
        for bad in ["", "x", "=y", "x=", " = "] {
            assert!(parse_assignment(bad).is_err(), "{bad:?}");
        }
    }
}
