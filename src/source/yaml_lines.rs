//! The lines of a block-style YAML text as indentation sees them: each
//! significant line's indentation, key and whether it opens a group. Read
//! by `yaml_lists` and `yaml_indent`; not a YAML parser. And a path into
//! the text (`awards[0].month`) in the words staff count with.

/// One significant line: not blank, not a comment, not inside a block text.
pub struct Line<'a> {
    /// Index in the text.
    pub i: usize,
    /// Spaces before the first character.
    pub indent: usize,
    /// Spaces before the key, past a `- ` item mark.
    pub key_indent: usize,
    /// `key:` with no value after it: a group opens.
    pub opens: bool,
    /// `key:` (or `- key:`) with a name a writer types: a line that must line up.
    pub is_key: bool,
    /// The key's name, empty on a line with none.
    pub key: &'a str,
    pub text: &'a str,
}

pub fn significant(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut block_text: Option<usize> = None;
    for (i, text) in text.lines().enumerate() {
        let body = text.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = text.len() - body.len();
        if let Some(at) = block_text {
            if indent > at {
                continue;
            }
            block_text = None;
        }
        let item = body.strip_prefix("- ").map(str::trim_start);
        let key_indent = item.map_or(indent, |rest| text.len() - rest.len());
        let after_mark = item.unwrap_or(body);
        let key = after_mark.split_once(':').filter(|(k, v)| {
            !k.is_empty()
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && (v.is_empty() || v.starts_with(' '))
        });
        let value = key.map_or("", |(_, v)| v.trim());
        // A comment after the key is no value: `consent:   # …` opens a group.
        let value = if value.starts_with('#') {
            ""
        } else {
            value.split(" #").next().unwrap_or("").trim()
        };
        if value.starts_with(['|', '>']) {
            block_text = Some(indent);
        }
        out.push(Line {
            i,
            indent,
            key_indent,
            opens: key.is_some() && value.is_empty(),
            is_key: key.is_some() || item.is_some(),
            key: key.map_or("", |(k, _)| k),
            text,
        });
    }
    out
}

/// `awards[0].month` in words: "khóa `month` của khen thưởng thứ 1".
pub fn field_path_words(field_path: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for part in field_path.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        let key = pieces.next().unwrap_or("");
        let indices: Vec<usize> = pieces
            .filter_map(|p| p.trim_end_matches(']').parse().ok())
            .collect();
        match indices.first() {
            Some(i) => words.push(format!("{} thứ {} của `{key}`", item_noun(key), i + 1)),
            None => words.push(format!("`{key}`")),
        }
    }
    words.reverse();
    words.join(" trong ")
}

/// What one item of a list is called, so numbering reads as staff count.
pub fn item_noun(key: &str) -> &'static str {
    match key {
        "awards" => "khen thưởng",
        "units" => "đơn vị",
        "levels" => "cấp",
        "channels" => "nơi đăng",
        "dossier" => "giấy tờ",
        _ => "mục",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_numbers_count_from_one_in_words() {
        assert_eq!(
            field_path_words("awards[0].month"),
            "`month` trong khen thưởng thứ 1 của `awards`"
        );
        assert_eq!(field_path_words("units[18]"), "đơn vị thứ 19 của `units`");
        assert_eq!(field_path_words("person.name"), "`name` trong `person`");
    }
}
