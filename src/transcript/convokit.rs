//! ConvoKit corpora: `utterances.jsonl`, one utterance object per line, many
//! conversations per file (also the older `utterances.json`, one array).
//!
//! Utterances are deserialized straight into a small borrowed struct: files
//! run to tens of thousands of lines and sit on the hot path, so the `meta`
//! payload is skipped unparsed into values and strings are copied once, into
//! the turn. Field types are checked while reading, so errors name the field
//! and serde_json can place them on the right line.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::error::Category;

use super::{numbered_lines, strip_bom, ParseError, Transcript, Turn};
use super::{time_in_range, time_out_of_range};

/// The speaker of an utterance that names none.
const UNKNOWN_SPEAKER: &str = "Unknown";
/// The session of utterances that give no conversation, root or reply chain.
const DEFAULT_CONVERSATION: &str = "conversation";

/// Reads a ConvoKit utterance file into one transcript per conversation, in
/// order of each conversation's first utterance, turns in file order.
///
/// The conversation is `conversation_id`, else `root`, else the first
/// utterance of the `reply_to` chain, else `"conversation"`. Each turn keeps
/// the utterance id; `timestamp` becomes `start`; `meta` is not kept.
pub fn parse_convokit(text: &str) -> Result<Vec<Transcript>, ParseError> {
    let text = strip_bom(text);
    let mut sessions = Sessions::default();
    if text.trim_start().starts_with('[') {
        read_array(text, &mut sessions)?;
    } else {
        // Lines are parsed, and their turns' strings copied, in parallel; utterances are
        // then placed in their sessions in file order, and the first bad line (in file
        // order, whatever the thread count) stops the file as before.
        let lines: Vec<(usize, &str)> = numbered_lines(text)
            .filter(|(_, line)| !line.trim().is_empty())
            .collect();
        let read: Vec<Result<(Placement<'_>, Turn), (usize, serde_json::Error)>> = lines
            .par_iter()
            .with_min_len(256)
            .map(|&(line_no, line)| {
                read_line(line)
                    .map(Utterance::split)
                    .map_err(|e| (line_no, e))
            })
            .collect();
        for r in read {
            let (placement, turn) = r.map_err(|(line_no, e)| json_error(line_no, &e))?;
            sessions.add_turn(placement, turn);
        }
    }
    Ok(sessions.transcripts)
}

fn read_line(line: &str) -> Result<Utterance<'_>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(line);
    let ObjectOnly(utterance) = ObjectOnly::deserialize(&mut de)?;
    de.end()?;
    Ok(utterance)
}

/// Reads a whole-file JSON array, adding each utterance as it is read rather
/// than collecting them all first.
fn read_array(text: &str, sessions: &mut Sessions) -> Result<(), ParseError> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.deserialize_seq(ArrayVisitor { sessions })
        .and_then(|()| de.end())
        .map_err(|e| json_error(e.line(), &e))
}

struct ArrayVisitor<'s> {
    sessions: &'s mut Sessions,
}

impl<'de> Visitor<'de> for ArrayVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of utterance objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(ObjectOnly(utterance)) = seq.next_element()? {
            self.sessions.add(utterance);
        }
        Ok(())
    }
}

/// Turns a serde_json error into a `ParseError` at `line`, without the
/// position serde_json appends (the line is ours; for JSONL its own line is 1).
fn json_error(line: usize, e: &serde_json::Error) -> ParseError {
    let full = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let what = full.strip_suffix(&position).unwrap_or(&full);
    let message = match e.classify() {
        // Our own field messages, or serde's `missing field `text``.
        Category::Data => what.to_string(),
        Category::Syntax | Category::Eof | Category::Io => {
            format!("invalid JSON: {what} at column {}", e.column())
        }
    };
    ParseError::new(line, message)
}

/// One utterance as read. `meta`, `vectors` and other fields are skipped.
#[derive(Debug, Deserialize)]
struct Utterance<'a> {
    #[serde(borrow, deserialize_with = "de_id")]
    id: Cow<'a, str>,
    #[serde(default, borrow, deserialize_with = "de_conversation_id")]
    conversation_id: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "de_root")]
    root: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "de_speaker")]
    speaker: Option<Cow<'a, str>>,
    /// Absent (`None`) is told apart from `null` (`Some(None)`): a null
    /// `reply_to` marks a conversation's first utterance.
    #[serde(default, borrow, deserialize_with = "de_reply_to")]
    reply_to: Option<Option<Cow<'a, str>>>,
    #[serde(default, deserialize_with = "de_timestamp")]
    timestamp: Option<f64>,
    #[serde(borrow, deserialize_with = "de_text")]
    text: Cow<'a, str>,
}

/// An [`Utterance`] that must be written as a JSON object. Derived structs
/// also accept arrays (fields by position), which no ConvoKit file uses and
/// which would give confusing errors.
struct ObjectOnly<'a>(Utterance<'a>);

impl<'de> Deserialize<'de> for ObjectOnly<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ObjectOnlyVisitor)
    }
}

struct ObjectOnlyVisitor;

impl ObjectOnlyVisitor {
    fn found<T, E: de::Error>(kind: &str) -> Result<T, E> {
        Err(E::custom(format!(
            "expected a JSON object (one utterance), found {kind}"
        )))
    }
}

impl<'de> Visitor<'de> for ObjectOnlyVisitor {
    type Value = ObjectOnly<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object (one utterance)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Utterance::deserialize(de::value::MapAccessDeserializer::new(map)).map(ObjectOnly)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Self::found("array")
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Self::found("string")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Self::found("boolean")
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Self::found("number")
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Self::found("number")
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Self::found("number")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Self::found("null")
    }
}

/// A field's JSON value, reduced to what the checks and conversions need.
#[derive(Debug)]
enum Value<'a> {
    Null,
    Bool,
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(Cow<'a, str>),
    Array,
    /// Only an object's `id` member is kept (for `speaker: {"id": ...}`).
    Object(Option<Box<Value<'a>>>),
}

impl<'a> Value<'a> {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool => "boolean",
            Value::Int(_) | Value::UInt(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Array => "array",
            Value::Object(_) => "object",
        }
    }

    /// What was found, for error messages.
    fn describe(&self) -> String {
        match self {
            Value::Object(None) => "object without `id`".to_string(),
            Value::Object(Some(id)) => format!("object whose `id` is {}", id.kind()),
            other => other.kind().to_string(),
        }
    }

    fn is_key(&self) -> bool {
        matches!(
            self,
            Value::Str(_) | Value::Int(_) | Value::UInt(_) | Value::Float(_)
        )
    }

    /// A string or number as an identifier string; anything else given back.
    fn into_key(self) -> Result<Cow<'a, str>, Self> {
        match self {
            Value::Str(s) => Ok(s),
            Value::Int(n) => Ok(Cow::Owned(n.to_string())),
            Value::UInt(n) => Ok(Cow::Owned(n.to_string())),
            Value::Float(n) => Ok(Cow::Owned(n.to_string())),
            other => Err(other),
        }
    }

    fn as_seconds(&self) -> Option<f64> {
        let secs = match self {
            Value::Int(n) => *n as f64,
            Value::UInt(n) => *n as f64,
            Value::Float(n) => *n,
            Value::Str(s) => s.trim().parse().ok()?,
            _ => return None,
        };
        // Infinite only when written beyond f64 (`1e999`): out of range, not a wrong type.
        (!secs.is_nan()).then_some(secs)
    }
}

/// What one field accepts, checked while the value is read.
struct Spec {
    name: &'static str,
    expected: &'static str,
    allows: fn(&Value<'_>) -> bool,
}

const ID: Spec = Spec {
    name: "id",
    expected: "a string or number",
    allows: |v| v.is_key(),
};
const CONVERSATION_ID: Spec = Spec {
    name: "conversation_id",
    expected: "a string, number or null",
    allows: key_or_null,
};
const ROOT: Spec = Spec {
    name: "root",
    expected: "a string, number or null",
    allows: key_or_null,
};
const REPLY_TO: Spec = Spec {
    name: "reply_to",
    expected: "a string, number or null",
    allows: key_or_null,
};
const SPEAKER: Spec = Spec {
    name: "speaker",
    expected: "a string, an object with an `id`, or null",
    allows: speaker_allowed,
};
const TIMESTAMP: Spec = Spec {
    name: "timestamp",
    expected: "a number, a numeric string or null",
    allows: timestamp_allowed,
};
const TEXT: Spec = Spec {
    name: "text",
    expected: "a string or null",
    allows: text_allowed,
};
/// The `id` inside a speaker object: anything, checked by [`SPEAKER`].
const ANY: Spec = Spec {
    name: "value",
    expected: "any value",
    allows: |_| true,
};

fn key_or_null(v: &Value<'_>) -> bool {
    v.is_key() || matches!(v, Value::Null)
}

fn speaker_allowed(v: &Value<'_>) -> bool {
    match v {
        Value::Object(Some(id)) => id.is_key(),
        other => key_or_null(other),
    }
}

fn timestamp_allowed(v: &Value<'_>) -> bool {
    // An empty string is how some exports write a missing time.
    matches!(v, Value::Null)
        || matches!(v, Value::Str(s) if s.trim().is_empty())
        || v.as_seconds().is_some()
}

fn text_allowed(v: &Value<'_>) -> bool {
    matches!(v, Value::Str(_) | Value::Null)
}

impl Spec {
    fn error<E: de::Error>(&self, found: &Value<'_>) -> E {
        E::custom(format!(
            "`{}` must be {}, found {}",
            self.name,
            self.expected,
            found.describe()
        ))
    }

    /// Reads this field's value, failing with the field's message when the
    /// value has the wrong type.
    fn read<'de, D: Deserializer<'de>>(&'static self, d: D) -> Result<Value<'de>, D::Error> {
        d.deserialize_any(FieldVisitor(self))
    }
}

impl<'de> DeserializeSeed<'de> for &'static Spec {
    type Value = Value<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        self.read(d)
    }
}

/// Reads any JSON value into a [`Value`] and checks it against a [`Spec`].
/// Checking here rather than after the struct is built lets serde_json
/// attach the field's own position to the error.
struct FieldVisitor(&'static Spec);

impl FieldVisitor {
    fn check<'de, E: de::Error>(&self, v: Value<'de>) -> Result<Value<'de>, E> {
        if (self.0.allows)(&v) {
            Ok(v)
        } else {
            Err(self.0.error(&v))
        }
    }
}

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` as {}", self.0.name, self.0.expected)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.check(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.check(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        self.check(Value::Bool)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.check(Value::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.check(Value::UInt(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.check(Value::Float(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        self.check(Value::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.check(Value::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.check(Value::Str(Cow::Owned(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.check(Value::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut id = None;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Id => id = Some(Box::new(map.next_value_seed(&ANY)?)),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        self.check(Value::Object(id))
    }
}

/// An object key, told apart without allocating.
enum Key {
    Id,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(if v == "id" { Key::Id } else { Key::Other })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

// Conversions after the check. Their error arms cannot be reached once the
// check has passed, but returning the field's error keeps them total.

fn de_id<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    ID.read(d)?.into_key().map_err(|v| ID.error(&v))
}

fn optional_key<'de, D: Deserializer<'de>>(
    spec: &'static Spec,
    d: D,
) -> Result<Option<Cow<'de, str>>, D::Error> {
    match spec.read(d)? {
        Value::Null => Ok(None),
        v => v.into_key().map(Some).map_err(|v| spec.error(&v)),
    }
}

fn de_conversation_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    optional_key(&CONVERSATION_ID, d)
}

fn de_root<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    optional_key(&ROOT, d)
}

fn de_reply_to<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Cow<'de, str>>>, D::Error> {
    optional_key(&REPLY_TO, d).map(Some)
}

fn de_speaker<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    match SPEAKER.read(d)? {
        Value::Null => Ok(None),
        Value::Object(Some(id)) => id.into_key().map(Some).map_err(|v| SPEAKER.error(&v)),
        v => v.into_key().map(Some).map_err(|v| SPEAKER.error(&v)),
    }
}

fn de_timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    match TIMESTAMP.read(d)? {
        Value::Null => Ok(None),
        Value::Str(s) if s.trim().is_empty() => Ok(None),
        v => match v.as_seconds() {
            Some(t) if !time_in_range(t) => Err(de::Error::custom(time_out_of_range(t))),
            Some(t) => Ok(Some(t)),
            None => Err(TIMESTAMP.error(&v)),
        },
    }
}

fn de_text<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    match TEXT.read(d)? {
        Value::Str(s) => Ok(s),
        Value::Null => Ok(Cow::Borrowed("")),
        v => Err(TEXT.error(&v)),
    }
}

/// Transcripts being built, with the indexes that place each utterance.
#[derive(Default)]
struct Sessions {
    transcripts: Vec<Transcript>,
    /// Conversation id → index in `transcripts`.
    by_conversation: HashMap<String, usize>,
    /// Utterance id → index in `transcripts`. Only needed to follow reply
    /// chains, which files that name their conversations never do, so it is
    /// built the first time it is needed and kept up to date from then on.
    by_utterance: Option<HashMap<String, usize>>,
}

/// What places an utterance in its session: the fields [`Sessions::add_turn`] reads.
struct Placement<'a> {
    id: Cow<'a, str>,
    conversation_id: Option<Cow<'a, str>>,
    root: Option<Cow<'a, str>>,
    reply_to: Option<Option<Cow<'a, str>>>,
}

impl<'a> Utterance<'a> {
    /// The utterance's placement, and its turn (strings copied once, into the turn).
    fn split(self) -> (Placement<'a>, Turn) {
        let turn = Turn {
            speaker: self
                .speaker
                .map_or_else(|| UNKNOWN_SPEAKER.to_string(), Cow::into_owned),
            text: self.text.into_owned(),
            start: self.timestamp,
            end: None,
            id: Some(self.id.to_string()),
        };
        let placement = Placement {
            id: self.id,
            conversation_id: self.conversation_id,
            root: self.root,
            reply_to: self.reply_to,
        };
        (placement, turn)
    }
}

impl Sessions {
    fn add(&mut self, u: Utterance<'_>) {
        let (placement, turn) = u.split();
        self.add_turn(placement, turn);
    }

    fn add_turn(&mut self, u: Placement<'_>, turn: Turn) {
        let index = match u.conversation_id.as_deref().or(u.root.as_deref()) {
            Some(conversation) => self.session(conversation),
            None => match u.reply_to.as_ref() {
                None => self.session(DEFAULT_CONVERSATION),
                // A chain's first utterance names its conversation.
                Some(None) => self.session(&u.id),
                Some(Some(parent)) => match self.utterance_index().get(parent.as_ref()) {
                    Some(&index) => index,
                    // The parent is not in the file (or not yet): it is the
                    // chain root as far as this file shows.
                    None => self.session(parent),
                },
            },
        };
        if let Some(by_utterance) = &mut self.by_utterance {
            by_utterance.insert(u.id.to_string(), index);
        }
        if let Some(transcript) = self.transcripts.get_mut(index) {
            transcript.turns.push(turn);
        }
    }

    /// The index of the session for `conversation`, created on first sight.
    fn session(&mut self, conversation: &str) -> usize {
        if let Some(&index) = self.by_conversation.get(conversation) {
            return index;
        }
        let index = self.transcripts.len();
        self.transcripts
            .push(Transcript::new(conversation, Vec::new()));
        self.by_conversation.insert(conversation.to_string(), index);
        index
    }

    fn utterance_index(&mut self) -> &HashMap<String, usize> {
        let transcripts = &self.transcripts;
        self.by_utterance.get_or_insert_with(|| {
            let mut map = HashMap::new();
            for (index, transcript) in transcripts.iter().enumerate() {
                for id in transcript.turns.iter().filter_map(|t| t.id.as_ref()) {
                    map.insert(id.clone(), index);
                }
            }
            map
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(speaker: &str, text: &str, start: Option<f64>, id: &str) -> Turn {
        Turn {
            speaker: speaker.to_string(),
            text: text.to_string(),
            start,
            end: None,
            id: Some(id.to_string()),
        }
    }

    fn parse(text: &str) -> Vec<Transcript> {
        match parse_convokit(text) {
            Ok(t) => t,
            Err(e) => panic!("unexpected error for {text:?}: {e}"),
        }
    }

    /// (conversation id, turn ids) of each transcript.
    fn layout(sessions: &[Transcript]) -> Vec<(String, Vec<String>)> {
        sessions
            .iter()
            .map(|s| {
                let ids = s.turns.iter().filter_map(|t| t.id.clone()).collect();
                (s.id.clone(), ids)
            })
            .collect()
    }

    /// Expected (conversation id, turn ids) of each transcript.
    type Layout<'a> = &'a [(&'a str, &'a [&'a str])];

    fn owned(layout: Layout) -> Vec<(String, Vec<String>)> {
        layout
            .iter()
            .map(|(c, ids)| (c.to_string(), ids.iter().map(|i| i.to_string()).collect()))
            .collect()
    }

    #[test]
    fn reads_fields_and_groups_in_order_of_first_appearance() {
        let text = concat!(
            r#"{"id": "u1", "conversation_id": "c1", "speaker": "therapist", "reply_to": null, "timestamp": 1600000000, "text": "How are you?", "meta": {"x": [1, {"y": null}]}, "vectors": []}"#,
            "\n",
            r#"{"id": "u2", "conversation_id": "c2", "speaker": {"id": "client", "meta": {}}, "reply_to": null, "timestamp": "12.5", "text": null, "meta": {}}"#,
            "\n\n   \n",
            r#"{"id": 3, "conversation_id": "c1", "speaker": "client", "reply_to": "u1", "timestamp": null, "text": "Tired.\nVery.", "meta": {}}"#,
            "\n",
            r#"{"text": "esc\u00e9\"q\"", "id": "u4", "conversation_id": 2, "speaker": 7, "timestamp": 3.25}"#,
            "\n",
        );
        let sessions = parse(text);
        assert_eq!(
            sessions,
            vec![
                Transcript::new(
                    "c1",
                    vec![
                        turn("therapist", "How are you?", Some(1_600_000_000.0), "u1"),
                        turn("client", "Tired.\nVery.", None, "3"),
                    ]
                ),
                Transcript::new("c2", vec![turn("client", "", Some(12.5), "u2")]),
                Transcript::new("2", vec![turn("7", "esc\u{e9}\"q\"", Some(3.25), "u4")]),
            ]
        );
    }

    #[test]
    fn turns_keep_file_order_within_a_conversation() {
        let text = r#"{"id": "b", "conversation_id": "c", "timestamp": 9, "text": "later time first"}
{"id": "a", "conversation_id": "c", "timestamp": 1, "text": "earlier time second"}"#;
        assert_eq!(layout(&parse(text)), owned(&[("c", &["b", "a"])]));
    }

    #[test]
    fn missing_speaker_is_unknown() {
        let sessions =
            parse(r#"{"id": "u", "conversation_id": "c", "text": "hi", "speaker": null}"#);
        assert_eq!(sessions[0].turns, vec![turn("Unknown", "hi", None, "u")]);
    }

    #[test]
    fn conversation_fallbacks() {
        let cases: &[(&str, Layout)] = &[
            // `root` stands in for `conversation_id`, which wins when both are given.
            (
                r#"{"id": "a", "root": "r1", "text": "x"}
{"id": "b", "root": "r1", "conversation_id": "c9", "text": "x"}
{"id": "c", "root": "r1", "conversation_id": null, "text": "x"}"#,
                &[("r1", &["a", "c"]), ("c9", &["b"])],
            ),
            // Reply chains: a null reply_to starts a conversation named after it.
            (
                r#"{"id": "p1", "reply_to": null, "text": "x"}
{"id": "p2", "reply_to": null, "text": "x"}
{"id": "q1", "reply_to": "p1", "text": "x"}
{"id": "q2", "reply_to": "q1", "text": "x"}
{"id": "q3", "reply_to": "p2", "text": "x"}"#,
                &[("p1", &["p1", "q1", "q2"]), ("p2", &["p2", "q3"])],
            ),
            // A reply into a named conversation joins it.
            (
                r#"{"id": "a", "conversation_id": "c", "text": "x"}
{"id": "b", "reply_to": "a", "text": "x"}"#,
                &[("c", &["a", "b"])],
            ),
            // A parent missing from the file is taken as the root.
            (
                r#"{"id": "a", "reply_to": "elsewhere", "text": "x"}
{"id": "b", "reply_to": "a", "text": "x"}"#,
                &[("elsewhere", &["a", "b"])],
            ),
            // Nothing to go on: one conversation.
            (
                r#"{"id": "a", "text": "x"}
{"id": "b", "text": "y"}"#,
                &[("conversation", &["a", "b"])],
            ),
        ];
        for &(text, want) in cases {
            assert_eq!(layout(&parse(text)), owned(want), "input {text}");
        }
    }

    #[test]
    fn json_array_file() {
        let text = "[\n  {\"id\": \"u1\", \"conversation_id\": \"c\", \"speaker\": \"A\", \"text\": \"hi\"},\n  {\"id\": \"u2\", \"conversation_id\": \"c\", \"speaker\": \"B\", \"text\": \"yo\"}\n]\n";
        assert_eq!(
            parse(text),
            vec![Transcript::new(
                "c",
                vec![turn("A", "hi", None, "u1"), turn("B", "yo", None, "u2")]
            )]
        );
        assert_eq!(parse("[]"), vec![]);
    }

    #[test]
    fn crlf_bom_and_blank_input() {
        let text = "\u{feff}{\"id\": \"u1\", \"conversation_id\": \"c\", \"text\": \"a\"}\r\n\r\n{\"id\": \"u2\", \"conversation_id\": \"c\", \"text\": \"b\"}\r\n";
        assert_eq!(layout(&parse(text)), owned(&[("c", &["u1", "u2"])]));
        assert_eq!(parse(""), vec![]);
        assert_eq!(parse("\n \r\n"), vec![]);
    }

    #[test]
    fn errors() {
        let ok = r#"{"id": "u1", "conversation_id": "c", "text": "fine"}"#;
        let cases: &[(&str, &str)] = &[
            (
                r#"{"id": "u2", "conversation_id": "c", "text": "cut off"#,
                "line 2: invalid JSON: EOF while parsing a string at column 53",
            ),
            (
                r#"{"id": "u2", "text": "x",}"#,
                "line 2: invalid JSON: trailing comma at column 26",
            ),
            (
                r#"{"id": "u2", "text": "x"} {"id": "u3"}"#,
                "line 2: invalid JSON: trailing characters at column 27",
            ),
            (
                r#"{"id": "u2", "conversation_id": "c", "text": 5}"#,
                "line 2: `text` must be a string or null, found number",
            ),
            (
                r#"{"id": "u2", "text": ["a"]}"#,
                "line 2: `text` must be a string or null, found array",
            ),
            (
                r#"{"id": true, "text": "x"}"#,
                "line 2: `id` must be a string or number, found boolean",
            ),
            (
                r#"{"id": null, "text": "x"}"#,
                "line 2: `id` must be a string or number, found null",
            ),
            (
                r#"{"id": "u2", "speaker": {"name": "A"}, "text": "x"}"#,
                "line 2: `speaker` must be a string, an object with an `id`, or null, found object without `id`",
            ),
            (
                r#"{"id": "u2", "speaker": {"id": [1]}, "text": "x"}"#,
                "line 2: `speaker` must be a string, an object with an `id`, or null, found object whose `id` is array",
            ),
            (
                r#"{"id": "u2", "speaker": false, "text": "x"}"#,
                "line 2: `speaker` must be a string, an object with an `id`, or null, found boolean",
            ),
            (
                r#"{"id": "u2", "timestamp": "yesterday", "text": "x"}"#,
                "line 2: `timestamp` must be a number, a numeric string or null, found string",
            ),
            (
                r#"{"id": "u2", "timestamp": "NaN", "text": "x"}"#,
                "line 2: `timestamp` must be a number, a numeric string or null, found string",
            ),
            (
                r#"{"id": "u2", "conversation_id": {}, "text": "x"}"#,
                "line 2: `conversation_id` must be a string, number or null, found object without `id`",
            ),
            (
                r#"{"id": "u2", "reply_to": [], "text": "x"}"#,
                "line 2: `reply_to` must be a string, number or null, found array",
            ),
            (
                r#"{"conversation_id": "c", "text": "x"}"#,
                "line 2: missing field `id`",
            ),
            (r#"{"id": "u2"}"#, "line 2: missing field `text`"),
            (
                r#"{"id": "u2", "text": "x", "text": "y"}"#,
                "line 2: duplicate field `text`",
            ),
            (
                r#"["u2", "c", "x"]"#,
                "line 2: expected a JSON object (one utterance), found array",
            ),
            (
                r#""just a string""#,
                "line 2: expected a JSON object (one utterance), found string",
            ),
            ("42", "line 2: expected a JSON object (one utterance), found number"),
            ("null", "line 2: expected a JSON object (one utterance), found null"),
            ("Alice: hello", "line 2: invalid JSON: expected value at column 1"),
        ];
        for &(bad, want) in cases {
            let text = format!("{ok}\n{bad}\n{ok}");
            match parse_convokit(&text) {
                Ok(t) => panic!("expected an error for {bad}, got {t:?}"),
                Err(e) => assert_eq!(e.to_string(), want, "line {bad}"),
            }
        }
    }

    #[test]
    fn array_file_errors_name_the_line() {
        let cases: &[(&str, &str)] = &[
            (
                "[\n {\"id\": \"a\", \"text\": \"x\"},\n {\"id\": \"b\",\n  \"text\": 12}\n]",
                "line 4: `text` must be a string or null, found number",
            ),
            (
                "[\n {\"id\": \"a\", \"text\": \"x\"},\n [1]\n]",
                "line 3: expected a JSON object (one utterance), found array",
            ),
            (
                "[\n {\"id\": \"a\", \"text\": \"x\"}\n",
                "line 3: invalid JSON: EOF while parsing a list at column 0",
            ),
            (
                "[{\"id\": \"a\", \"text\": \"x\"}]\n{}",
                "line 2: invalid JSON: trailing characters at column 1",
            ),
        ];
        for &(text, want) in cases {
            match parse_convokit(text) {
                Ok(t) => panic!("expected an error for {text:?}, got {t:?}"),
                Err(e) => assert_eq!(e.to_string(), want, "input {text:?}"),
            }
        }
    }
}
