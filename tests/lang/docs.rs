//! Every ```tg block in `docs/language.md` parses; ```tg-expr blocks parse as expressions.

#[test]
fn language_reference_examples_parse() {
    let path = super::super::common::root().join("docs/language.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let mut blocks = 0;
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let kind = match line.trim() {
            "```tg" => "tg",
            "```tg-expr" => "tg-expr",
            _ => continue,
        };
        let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        let body = body.join("\n");
        let src = if kind == "tg" {
            body.clone()
        } else {
            super::clause(&body)
        };
        if let Err(e) = super::parse(&src) {
            panic!("docs/language.md block {}:\n{body}\n{e}", blocks + 1);
        }
        blocks += 1;
    }
    assert!(blocks >= 10, "only {blocks} examples found");
}

/// Every ```tg-error example in the Language section of `docs/diagnostics.md` triggers the
/// code of the heading above it.
#[test]
fn diagnostics_examples_trigger_their_codes() {
    let path = super::super::common::root().join("docs/diagnostics.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let mut code = String::new();
    let mut checked = 0;
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if let Some(c) = line.strip_prefix("### `").and_then(|l| l.strip_suffix('`')) {
            code = c.to_owned();
        }
        if line.trim() != "```tg-error" {
            continue;
        }
        let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        let src = body.join("\n") + "\n";
        assert_eq!(
            super::codes(&src),
            [code.as_str()],
            "example for `{code}`:\n{src}"
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} examples");
}
