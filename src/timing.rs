//! What the clock says about a conversation: the silence before each turn, the overlap
//! with the turn before (an interruption), and per speaker how long they talked, their
//! share of the talking, how long their turns ran and the longest silence before they
//! replied.
//!
//! Only times the transcript gives are used: a pause needs the previous turn's end and
//! this turn's start; talk time needs a turn's start and end. Formats with start times
//! only (plain text, Otter, ConvoKit) get none of these figures.
//!
//! The readers accept times up to [`MAX_SECONDS`] and no further, so every figure here is
//! a finite number. A transcript built by other means with a time beyond that (or not a
//! number) has it treated as missing here, rather than giving infinite figures.

use crate::transcript::{Turn, MAX_SECONDS};

/// A turn that starts at least this many seconds before the previous turn (of another
/// speaker) ends interrupts it. Shorter overlaps are alignment noise.
pub const INTERRUPTION_SECONDS: f64 = 0.2;
/// A reply that starts within this many seconds of the previous turn's end, without
/// overlapping it, follows rapidly (latched).
pub const RAPID_SECONDS: f64 = 0.25;
/// A silence at least this long before a reply to a hostile turn is stonewalling.
pub const LONG_SILENCE_SECONDS: f64 = 3.0;

/// Timing of one turn relative to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TurnTiming {
    /// Seconds from the previous turn's end to this turn's start (0 when they overlap);
    /// `None` for the first turn and where times are missing.
    pub pause: Option<f64>,
    /// Seconds this turn starts before the previous one ends (0 when it does not).
    pub overlap: Option<f64>,
    /// The previous turn is by another speaker.
    pub reply: bool,
}

impl TurnTiming {
    /// Whether this turn cuts in on another speaker's turn.
    pub fn interrupts(&self) -> bool {
        self.reply && self.overlap.is_some_and(|o| o >= INTERRUPTION_SECONDS)
    }

    /// Whether this turn answers another speaker with no gap to speak of.
    pub fn rapid(&self) -> bool {
        self.reply && self.pause.is_some_and(|p| p < RAPID_SECONDS)
    }
}

/// Timing figures for one speaker; only turns with both times count.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SpeakerTiming {
    /// Seconds of talk: the sum of the speaker's turn durations.
    pub talk_time: f64,
    /// Share of the session's talk time, 0 to 1.
    pub talk_share: f64,
    /// Mean turn duration in seconds.
    pub mean_turn_seconds: f64,
    /// The longest silence before one of the speaker's replies, in seconds.
    pub longest_silence: Option<f64>,
    /// Turns in which the speaker cut in on someone else.
    pub interruptions: usize,
    /// Turns of the speaker that someone else cut in on.
    pub interrupted: usize,
    /// Turns with both a start and an end (what the talk time is summed over).
    pub timed_turns: usize,
}

/// A time, where it is one the readers would accept.
fn usable(time: Option<f64>) -> Option<f64> {
    time.filter(|t| t.is_finite() && t.abs() <= MAX_SECONDS)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The timing of each turn relative to the turn before.
pub fn turn_timing(turns: &[Turn]) -> Vec<TurnTiming> {
    let mut out = Vec::with_capacity(turns.len());
    for (k, t) in turns.iter().enumerate() {
        let mut timing = TurnTiming::default();
        if k > 0 {
            let prev = &turns[k - 1];
            timing.reply = prev.speaker != t.speaker;
            if let (Some(end), Some(start)) = (usable(prev.end), usable(t.start)) {
                let gap = round3(start - end);
                timing.pause = Some(gap.max(0.0));
                timing.overlap = Some((-gap).max(0.0));
            }
        }
        out.push(timing);
    }
    out
}

/// Per-speaker timing (indexed as `speakers_of` numbers them), or `None` for every
/// speaker when no turn of the session has both a start and an end.
pub fn speaker_timing(
    turns: &[Turn],
    timing: &[TurnTiming],
    speakers_of: &[usize],
    n_speakers: usize,
) -> Vec<Option<SpeakerTiming>> {
    let duration = |t: &Turn| match (usable(t.start), usable(t.end)) {
        (Some(s), Some(e)) => Some((e - s).max(0.0)),
        _ => None,
    };
    if !turns.iter().any(|t| duration(t).is_some()) {
        return vec![None; n_speakers];
    }
    let mut out = vec![SpeakerTiming::default(); n_speakers];
    let mut timed = vec![0usize; n_speakers];
    for (k, t) in turns.iter().enumerate() {
        let s = speakers_of[k];
        if let Some(d) = duration(t) {
            out[s].talk_time += d;
            timed[s] += 1;
        }
        let tt = timing[k];
        if tt.reply {
            if let Some(p) = tt.pause {
                let longest = out[s].longest_silence.get_or_insert(p);
                *longest = longest.max(p);
            }
        }
        if tt.interrupts() {
            out[s].interruptions += 1;
            out[speakers_of[k - 1]].interrupted += 1;
        }
    }
    let total: f64 = out.iter().map(|s| s.talk_time).sum();
    for (s, n) in out.iter_mut().zip(timed) {
        s.talk_share = if total > 0.0 {
            round3(s.talk_time / total)
        } else {
            0.0
        };
        s.mean_turn_seconds = if n > 0 {
            round3(s.talk_time / n as f64)
        } else {
            0.0
        };
        s.talk_time = round3(s.talk_time);
        s.timed_turns = n;
    }
    out.into_iter().map(Some).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(speaker: &str, start: Option<f64>, end: Option<f64>) -> Turn {
        Turn {
            speaker: speaker.into(),
            text: "x".into(),
            start,
            end,
            id: None,
        }
    }

    #[test]
    fn pauses_overlaps_and_speaker_figures() {
        let turns = vec![
            turn("A", Some(0.0), Some(4.0)),
            turn("B", Some(5.5), Some(7.0)),
            turn("A", Some(6.5), Some(8.0)),
            turn("A", Some(8.1), Some(9.0)),
            turn("B", Some(12.0), Some(13.0)),
        ];
        let tt = turn_timing(&turns);
        let pauses: Vec<Option<f64>> = tt.iter().map(|t| t.pause).collect();
        assert_eq!(pauses, [None, Some(1.5), Some(0.0), Some(0.1), Some(3.0)]);
        let overlaps: Vec<Option<f64>> = tt.iter().map(|t| t.overlap).collect();
        assert_eq!(overlaps, [None, Some(0.0), Some(0.5), Some(0.0), Some(0.0)]);
        assert!(tt[2].interrupts() && !tt[3].interrupts() && !tt[3].rapid());
        let st = speaker_timing(&turns, &tt, &[0, 1, 0, 0, 1], 2);
        let a = st[0].unwrap();
        let b = st[1].unwrap();
        assert_eq!(a.talk_time, 6.4);
        assert_eq!(b.talk_time, 2.5);
        assert_eq!(a.talk_share, 0.719);
        assert_eq!(a.mean_turn_seconds, 2.133);
        // Before A's reply at 6.5 there was no silence; A's own follow-up is not a reply.
        assert_eq!(a.longest_silence, Some(0.0));
        assert_eq!(b.longest_silence, Some(3.0));
        assert_eq!((a.interruptions, b.interrupted), (1, 1));
    }

    #[test]
    fn times_beyond_the_range_count_as_missing() {
        let turns = vec![
            turn("A", Some(0.0), Some(1e308)),
            turn("B", Some(1e308), Some(f64::INFINITY)),
            turn("A", Some(2.0), Some(3.0)),
            turn("B", Some(3.5), Some(4.0)),
        ];
        let tt = turn_timing(&turns);
        let st = speaker_timing(&turns, &tt, &[0, 1, 0, 1], 2);
        for s in st.iter().map(|s| s.unwrap()) {
            for x in [s.talk_time, s.talk_share, s.mean_turn_seconds] {
                assert!(x.is_finite(), "{s:?}");
            }
        }
        assert_eq!(st[0].unwrap().talk_time, 1.0);
        assert_eq!(tt[1].pause, None);
        assert_eq!(tt[3].pause, Some(0.5));
    }

    #[test]
    fn no_times_no_figures() {
        let turns = vec![turn("A", Some(1.0), None), turn("B", Some(2.0), None)];
        let tt = turn_timing(&turns);
        assert!(tt.iter().all(|t| t.pause.is_none() && t.overlap.is_none()));
        assert_eq!(speaker_timing(&turns, &tt, &[0, 1], 2), vec![None, None]);
    }
}
