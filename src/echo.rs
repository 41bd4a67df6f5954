//! Showing pieces of the input in messages: file names, speaker labels, ids, times and
//! text that an error message quotes back.
//!
//! Input can hold anything: a file name with a newline or a terminal escape sequence, a
//! speaker label of ten kilobytes. A message that quotes it as it is can rewrite the
//! user's terminal, forge lines in a log, or bury the one line that matters. Every
//! message that echoes input passes it through [`echo`] (a quoted piece) or
//! [`echo_message`] (a whole message, as a last net for text a parser quoted):
//!
//! - control characters (`U+0000`–`U+001F`, `U+007F`–`U+009F`), the line and paragraph
//!   separators and the bidirectional formatting characters (which can reorder what a
//!   terminal shows) are written as escapes: `\n`, `\r`, `\t`, `\x1b`, `\u{202e}`;
//! - a piece is cut after [`ECHO_MAX_CHARS`] characters (of the escaped text) and ends
//!   in `…`; a whole message longer than [`MESSAGE_MAX_CHARS`] keeps its start and its
//!   end (where the line and column usually are) with `…` between.
//!
//! This is for people reading messages, not a reversible encoding (a backslash is left as
//! it is). File names in the output documents use [`crate::input::path_name`], which is.

use std::borrow::Cow;
use std::fmt::Write;

/// The most characters of one echoed piece of input (escapes counted as written).
pub const ECHO_MAX_CHARS: usize = 200;

/// The most characters of a whole message that echoes input.
pub const MESSAGE_MAX_CHARS: usize = 600;

/// How much of the end of a long message is kept (the rest of the budget goes to its start).
pub const MESSAGE_TAIL_CHARS: usize = 150;

/// `text` fit to quote in a message: control and bidirectional characters escaped, cut
/// after [`ECHO_MAX_CHARS`] characters with `…`. Borrowed when nothing needed changing.
pub fn echo(text: &str) -> Cow<'_, str> {
    if text.chars().count() <= ECHO_MAX_CHARS && !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut chars = 0;
    for c in text.chars() {
        if chars >= ECHO_MAX_CHARS {
            out.push('…');
            break;
        }
        chars += push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// A whole message that may quote input: control and bidirectional characters escaped
/// as [`echo`] does, and when longer than [`MESSAGE_MAX_CHARS`] characters, its start and
/// its last [`MESSAGE_TAIL_CHARS`] characters with `…` between. Applying it twice changes
/// nothing more.
pub fn echo_message(message: &str) -> Cow<'_, str> {
    let n = message.chars().count();
    if n <= MESSAGE_MAX_CHARS && !message.chars().any(needs_escape) {
        return Cow::Borrowed(message);
    }
    let mut escaped = String::with_capacity(message.len().min(4 * MESSAGE_MAX_CHARS));
    let mut chars = 0;
    for c in message.chars() {
        chars += push_escaped(&mut escaped, c);
    }
    if chars <= MESSAGE_MAX_CHARS {
        return Cow::Owned(escaped);
    }
    let head = MESSAGE_MAX_CHARS - MESSAGE_TAIL_CHARS - 1;
    let mut out: String = escaped.chars().take(head).collect();
    out.push('…');
    out.extend(escaped.chars().skip(chars - MESSAGE_TAIL_CHARS));
    Cow::Owned(out)
}

/// Whether a character is shown as an escape.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'
                ..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Pushes `c`, escaped if it must be; returns the characters written.
fn push_escaped(out: &mut String, c: char) -> usize {
    if !needs_escape(c) {
        out.push(c);
        return 1;
    }
    let before = out.len();
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    // Escapes are ASCII: bytes are characters.
    out.len() - before
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_and_bidirectional_characters() {
        let cases = [
            ("plain name.txt", "plain name.txt"),
            ("a\nb\r\tc", "a\\nb\\r\\tc"),
            ("\u{1b}[31mred\u{7}", "\\x1b[31mred\\x07"),
            ("\u{85}next\u{2028}", "\\u{85}next\\u{2028}"),
            ("abc\u{202e}txt.exe", "abc\\u{202e}txt.exe"),
            (
                "caf\u{e9} \u{1f600} back\\slash",
                "caf\u{e9} \u{1f600} back\\slash",
            ),
        ];
        for (input, shown) in cases {
            assert_eq!(echo(input), shown, "{input:?}");
        }
        assert!(matches!(echo("fine"), Cow::Borrowed(_)));
    }

    #[test]
    fn caps_long_pieces() {
        let long = "é".repeat(10_000);
        let shown = echo(&long);
        assert_eq!(shown.chars().count(), ECHO_MAX_CHARS + 1);
        assert!(shown.ends_with('…'));
        let exact = "x".repeat(ECHO_MAX_CHARS);
        assert_eq!(echo(&exact), exact);
        // Escapes count as what they print.
        let newlines = "\n".repeat(ECHO_MAX_CHARS);
        let shown = echo(&newlines);
        assert!(shown.chars().count() <= ECHO_MAX_CHARS + 2, "{shown}");
        assert!(!shown.contains('\n'));
    }

    #[test]
    fn long_messages_keep_their_start_and_end() {
        let message = format!(
            "invalid type: string \"{}\u{1b}\", expected a number (column 9)",
            "z".repeat(10_000)
        );
        let shown = echo_message(&message);
        assert_eq!(shown.chars().count(), MESSAGE_MAX_CHARS);
        assert!(shown.starts_with("invalid type: string \"zzz"), "{shown}");
        assert!(
            shown.ends_with("\\x1b\", expected a number (column 9)"),
            "{shown}"
        );
        assert_eq!(echo_message(&shown), shown, "idempotent");
        assert_eq!(echo_message("line 3: bad\n"), "line 3: bad\\n");
    }
}
