//! Where each value of a JSON document is written.
//!
//! serde_json reads a `.json` claims file into typed structs but keeps no
//! positions. [`JsonSpans`] walks the same text once more and records where
//! every value is written, so that a diagnostic can point at a claim's id,
//! value or quote as written (escapes included), whatever order the keys of
//! an object come in. The walk is one pass over the bytes with an explicit
//! stack, so it takes linear time and no nesting can overflow the call stack.
//!
//! The walker does not validate: it is meant for text that serde_json has
//! accepted. On other text it still returns (unhelpful) spans on character
//! boundaries, never a panic.

use std::ops::Range;

/// What a recorded node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NodeKind {
    Object,
    Array,
    String,
    /// An object's key: the member's value is the next node.
    Key,
    /// A number, `true`, `false` or `null`.
    Scalar,
}

/// One value or object key, in document order.
#[derive(Clone, Copy, Debug)]
struct Node {
    kind: NodeKind,
    /// A string's or key's contents between its quotes, a container from its
    /// opening to its closing bracket, a scalar's token.
    start: u32,
    end: u32,
    /// The index of the first node after this one's subtree: the next
    /// sibling, if there is one.
    after: u32,
}

/// A value in a [`JsonSpans`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonNode(u32);

/// The values of one JSON document and where each is written.
///
/// Nodes are kept in document order, 16 bytes each, and every container knows
/// where its subtree ends: finding an object's member is a scan over that
/// object's members, and walking an array visits each element once.
#[derive(Clone, Debug)]
pub struct JsonSpans<'a> {
    text: &'a str,
    nodes: Vec<Node>,
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<'a> JsonSpans<'a> {
    /// Walks `text`, a JSON document (which serde_json has accepted).
    pub fn new(text: &'a str) -> JsonSpans<'a> {
        let bytes = text.as_bytes();
        let mut nodes: Vec<Node> = Vec::new();
        // Indices of the containers not closed yet.
        let mut open: Vec<usize> = Vec::new();
        let at = |i: usize| i as u32;
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            match bytes[i] {
                // Separators carry no information once the text is valid:
                // keys are told apart by the `:` that follows them.
                b if is_blank(b) || b == b',' || b == b':' => i += 1,
                b'{' | b'[' => {
                    let kind = if bytes[i] == b'{' {
                        NodeKind::Object
                    } else {
                        NodeKind::Array
                    };
                    open.push(nodes.len());
                    nodes.push(Node {
                        kind,
                        start: at(start),
                        end: at(start),
                        after: 0,
                    });
                    i += 1;
                }
                b'}' | b']' => {
                    i += 1;
                    if let Some(index) = open.pop() {
                        nodes[index].end = at(i);
                        nodes[index].after = at(nodes.len());
                    }
                }
                b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        // An escape's second byte is ASCII in valid JSON, so
                        // skipping it keeps `i` on a character boundary.
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    let end = i.min(bytes.len());
                    i = end + 1;
                    let mut next = i;
                    while next < bytes.len() && is_blank(bytes[next]) {
                        next += 1;
                    }
                    let kind = if bytes.get(next) == Some(&b':') {
                        NodeKind::Key
                    } else {
                        NodeKind::String
                    };
                    nodes.push(Node {
                        kind,
                        start: at(start + 1),
                        end: at(end),
                        after: at(nodes.len() + 1),
                    });
                }
                _ => {
                    while i < bytes.len()
                        && !is_blank(bytes[i])
                        && !matches!(bytes[i], b',' | b':' | b']' | b'}')
                    {
                        i += 1;
                    }
                    nodes.push(Node {
                        kind: NodeKind::Scalar,
                        start: at(start),
                        end: at(i),
                        after: at(nodes.len() + 1),
                    });
                }
            }
        }
        // Containers left open (only in text serde_json refused) run to the end.
        for index in open {
            nodes[index].end = at(bytes.len());
            nodes[index].after = at(nodes.len());
        }
        JsonSpans { text, nodes }
    }

    fn node(&self, node: JsonNode) -> &Node {
        &self.nodes[node.0 as usize]
    }

    /// The top-level value, if the text has one.
    pub fn root(&self) -> Option<JsonNode> {
        (!self.nodes.is_empty()).then_some(JsonNode(0))
    }

    /// The bytes `node` is written at: a string's contents between its quotes
    /// (escapes as written), a container with its brackets, a scalar's token.
    pub fn span(&self, node: JsonNode) -> Range<usize> {
        let n = self.node(node);
        n.start as usize..n.end as usize
    }

    /// The contents of `node` between its quotes, as written, if it is a string.
    pub fn string(&self, node: JsonNode) -> Option<Range<usize>> {
        (self.node(node).kind == NodeKind::String).then(|| self.span(node))
    }

    /// The value of the member `key` of `object`, if `object` is an object
    /// and has one. Of duplicate keys the last counts, as in serde_json's
    /// `Map` (typed structs refuse duplicates before this is asked).
    pub fn member(&self, object: JsonNode, key: &str) -> Option<JsonNode> {
        let container = *self.node(object);
        if container.kind != NodeKind::Object {
            return None;
        }
        let mut found = None;
        let mut i = object.0 as usize + 1;
        while i < container.after as usize {
            let n = self.nodes[i];
            let value = i + 1;
            if n.kind != NodeKind::Key || value >= container.after as usize {
                i = n.after as usize;
                continue;
            }
            if self.key_is(&n, key) {
                found = Some(JsonNode(value as u32));
            }
            i = self.nodes[value].after as usize;
        }
        found
    }

    /// Whether `node`, a key, says `key` once its escapes are decoded.
    fn key_is(&self, node: &Node, key: &str) -> bool {
        let (start, end) = (node.start as usize, node.end as usize);
        let written = &self.text[start..end];
        if !written.contains('\\') {
            return written == key;
        }
        // `start - 1..end + 1` is the key with its quotes.
        self.text
            .get(start.saturating_sub(1)..end + 1)
            .and_then(|quoted| serde_json::from_str::<String>(quoted).ok())
            .is_some_and(|decoded| decoded == key)
    }

    /// The elements of `array` in order (none if it is not an array).
    pub fn elements(&self, array: JsonNode) -> impl Iterator<Item = JsonNode> + '_ {
        let container = *self.node(array);
        let end = if container.kind == NodeKind::Array {
            container.after as usize
        } else {
            0
        };
        let mut i = array.0 as usize + 1;
        std::iter::from_fn(move || {
            (i < end).then(|| {
                let element = JsonNode(i as u32);
                i = self.nodes[i].after as usize;
                element
            })
        })
    }

    /// The value at an RFC 6901 JSON pointer (`/claims/3/citations/0/quote`).
    /// An array index is found by walking the array, so looking up every
    /// element this way is quadratic; iterate with [`JsonSpans::elements`].
    pub fn pointer(&self, pointer: &str) -> Option<JsonNode> {
        let mut node = self.root()?;
        if pointer.is_empty() {
            return Some(node);
        }
        for token in pointer.strip_prefix('/')?.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            node = match self.node(node).kind {
                NodeKind::Object => self.member(node, &token)?,
                NodeKind::Array => self.elements(node).nth(token.parse().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

#[cfg(test)]
mod tests {
    use super::JsonSpans;

    /// The text at `pointer` as written: a string without its quotes.
    fn written<'a>(spans: &JsonSpans<'_>, text: &'a str, pointer: &str) -> Option<&'a str> {
        let node = spans.pointer(pointer)?;
        Some(&text[spans.span(node)])
    }

    #[test]
    fn every_value_is_found_where_it_is_written() {
        let text = concat!(
            " {\"a\" : [1, -2.5e3 ,[true,false], {\"b\":null, \"c\": \"x\"}],\n",
            "\t\"d\":{\"e\":{\"f\":[[\"deep\"]]}} , \"é\\u00e9\": \"caf\\u00e9 \\\"q\\\" \\/ \\\\\",\r\n",
            "  \"s~/t\": \"مرحبا 😀\", \"\": \"empty key\", \"last\": \"\"}\n"
        );
        serde_json::from_str::<serde_json::Value>(text).expect("the text is JSON");
        let spans = JsonSpans::new(text);
        let at = |pointer| written(&spans, text, pointer);
        assert_eq!(at("/a/0"), Some("1"));
        assert_eq!(at("/a/1"), Some("-2.5e3"));
        assert_eq!(at("/a/2"), Some("[true,false]"));
        assert_eq!(at("/a/2/1"), Some("false"));
        assert_eq!(at("/a/3/b"), Some("null"));
        assert_eq!(at("/a/3/c"), Some("x"));
        assert_eq!(at("/a/4"), None);
        assert_eq!(at("/d/e/f/0/0"), Some("deep"));
        // A key written with escapes is found by its decoded text, and a
        // string's span is its contents as written.
        assert_eq!(at("/éé"), Some("caf\\u00e9 \\\"q\\\" \\/ \\\\"));
        assert_eq!(at("/s~0~1t"), Some("مرحبا 😀"));
        assert_eq!(at("/"), Some("empty key"));
        assert_eq!(at("/last"), Some(""));
        assert_eq!(at("/missing"), None);
        assert_eq!(at("/a/x"), None);
        let root = spans.root().expect("a root");
        assert_eq!(&text[spans.span(root)], text.trim());
        assert_eq!(spans.string(root), None);
        let c = spans.pointer("/a/3/c").expect("/a/3/c");
        assert_eq!(spans.string(c).map(|r| &text[r]), Some("x"));
    }

    #[test]
    fn elements_visit_each_item_once_whatever_it_holds() {
        let text = r#"[{"k": [1, 2]}, [], "s", 3, {}, [[{}]]]"#;
        let spans = JsonSpans::new(text);
        let root = spans.root().expect("a root");
        let items: Vec<&str> = spans.elements(root).map(|n| &text[spans.span(n)]).collect();
        assert_eq!(items, [r#"{"k": [1, 2]}"#, "[]", "s", "3", "{}", "[[{}]]"]);
        let object = spans.pointer("/0").expect("/0");
        assert_eq!(spans.elements(object).count(), 0);
        assert_eq!(spans.member(root, "k"), None);
    }

    #[test]
    fn the_last_of_duplicate_keys_counts() {
        let text = r#"{"k": "first", "k": "second"}"#;
        let spans = JsonSpans::new(text);
        assert_eq!(written(&spans, text, "/k"), Some("second"));
    }

    #[test]
    fn text_that_is_not_json_gives_spans_not_panics() {
        for text in [
            "",
            "{",
            "[\"open",
            "\"a\\",
            "}}]]",
            "{\"a\":",
            "{\"é\\",
            "[1,,2",
            "\u{feff}x",
        ] {
            let spans = JsonSpans::new(text);
            let _ = spans.pointer("/a/0");
            if let Some(root) = spans.root() {
                let _ = &text[spans.span(root)];
                let _ = spans.elements(root).count();
            }
        }
    }
}
