//! A small HTML tokenizer for tests: enough to read the report as written and as
//! Chromium serializes its DOM (`--dump-dom`), to find elements, their attributes and
//! their text. Not a general HTML parser: it knows void elements and raw-text elements,
//! which is all the report and a serialized DOM need.

/// One element: name, attributes (entities decoded), its text (all descendant text,
/// entities decoded), and its parent's index.
#[derive(Debug, Clone)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub parent: Option<usize>,
}

impl El {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
const RAW: &[&str] = &["script", "style", "textarea", "title"];

/// Decodes the entities the report and Chromium's serializer use.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|&j| j <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ if name.starts_with("#x") || name.starts_with("#X") => {
                u32::from_str_radix(&name[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every element of `html`, in document order.
pub fn parse(html: &str) -> Vec<El> {
    let mut els: Vec<El> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    let push_text = |els: &mut Vec<El>, stack: &[usize], text: &str| {
        if text.is_empty() {
            return;
        }
        let t = unescape(text);
        for &k in stack {
            els[k].text.push_str(&t);
        }
    };
    while i < b.len() {
        let Some(off) = html[i..].find('<') else {
            push_text(&mut els, &stack, &html[i..]);
            break;
        };
        push_text(&mut els, &stack, &html[i..i + off]);
        i += off;
        if html[i..].starts_with("<!--") {
            i += html[i..].find("-->").map(|j| j + 3).unwrap_or(b.len() - i);
            continue;
        }
        if html[i..].starts_with("<!") || html[i..].starts_with("<?") {
            i += html[i..].find('>').map(|j| j + 1).unwrap_or(b.len() - i);
            continue;
        }
        if html[i..].starts_with("</") {
            let end = html[i..].find('>').expect("end tag closes") + i;
            let name = html[i + 2..end].trim().to_ascii_lowercase();
            if let Some(pos) = stack.iter().rposition(|&k| els[k].name == name) {
                stack.truncate(pos);
            }
            i = end + 1;
            continue;
        }
        // A start tag: name, then attributes, quoted values may hold `>`.
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= b.len() {
                break;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            if b[j] == b'/' {
                self_closing = true;
                j += 1;
                continue;
            }
            let k0 = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let key = html[k0..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if b[j] == b'"' || b[j] == b'\'' {
                    let q = b[j];
                    let v0 = j + 1;
                    j = v0;
                    while b[j] != q {
                        j += 1;
                    }
                    value = unescape(&html[v0..j]);
                    j += 1;
                } else {
                    let v0 = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = unescape(&html[v0..j]);
                }
            }
            attrs.push((key, value));
        }
        els.push(El {
            name: name.clone(),
            attrs,
            text: String::new(),
            parent: stack.last().copied(),
        });
        let idx = els.len() - 1;
        i = j;
        if RAW.contains(&name.as_str()) {
            let close = format!("</{name}");
            let end = html[i..].find(&close).map(|e| e + i).unwrap_or(b.len());
            let raw = &html[i..end];
            els[idx].text = if name == "title" || name == "textarea" {
                unescape(raw)
            } else {
                raw.to_string()
            };
            i = html[end..]
                .find('>')
                .map(|e| e + end + 1)
                .unwrap_or(b.len());
            continue;
        }
        if !self_closing && !VOID.contains(&name.as_str()) {
            stack.push(idx);
        }
    }
    els
}

/// Whether element `i` lies inside an element that satisfies `pred`.
pub fn inside(els: &[El], mut i: usize, pred: impl Fn(&El) -> bool) -> bool {
    while let Some(p) = els[i].parent {
        if pred(&els[p]) {
            return true;
        }
        i = p;
    }
    false
}

#[test]
fn the_tokenizer_reads_nesting_attributes_and_entities() {
    let els = parse(
        "<!DOCTYPE html><p class=\"a b\" title='x > y &amp; z'>one <mark id=m>two <b>3</b></mark>&lt;4&gt;<br>5</p><svg><rect x=\"1\"/><a href=\"#t\"><title>T</title></a></svg>",
    );
    let names: Vec<&str> = els.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["p", "mark", "b", "br", "svg", "rect", "a", "title"]);
    assert_eq!(els[0].attr("title"), Some("x > y & z"));
    assert!(els[0].has_class("b"));
    assert_eq!(els[0].text, "one two 3<4>5");
    assert_eq!(els[1].text, "two 3");
    assert!(inside(&els, 7, |e| e.name == "svg"));
    assert_eq!(els[6].parent, Some(4));
}
