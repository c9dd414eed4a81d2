//! The folding definition shared with the browser script: every vector of
//! `tests/folding_vectors.txt` must fold to its expected text in Rust
//! (`bangvang::vietnamese::fold`) exactly as in `search.js`
//! (`tests/browser/folding.test.mjs` reads the same file).

use std::collections::BTreeSet;
use std::path::Path;

use bangvang::{fold, nfc};

/// (line number, input, expected) for every vector line of the file.
fn vectors() -> Vec<(usize, String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/folding_vectors.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(i, line)| {
            let (input, expected) = line.split_once('\t').unwrap_or_else(|| {
                panic!(
                    "tests/folding_vectors.txt:{}: no TAB between input and expected: {line:?}",
                    i + 1
                )
            });
            assert!(
                !expected.contains('\t'),
                "tests/folding_vectors.txt:{}: more than one TAB: {line:?}",
                i + 1
            );
            (i + 1, input.to_string(), expected.to_string())
        })
        .collect()
}

#[test]
fn every_vector_folds_to_its_expected_text() {
    let vectors = vectors();
    let failures: Vec<String> = vectors
        .iter()
        .filter_map(|(line, input, expected)| {
            let got = fold(input);
            (got != *expected).then(|| {
                format!(
                    "tests/folding_vectors.txt:{line}: fold({input:?} = {:?}) = {got:?}, expected {expected:?}",
                    input.chars().map(|c| format!("U+{:04X}", c as u32)).collect::<Vec<_>>()
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} folding vectors fail:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

#[test]
fn the_vector_file_is_complete() {
    let vectors = vectors();
    assert!(
        vectors.len() >= 134 * 2 + 20,
        "tests/folding_vectors.txt has {} vectors, expected at least {} (134 letters in NFC and NFD, and 20 names)",
        vectors.len(),
        134 * 2 + 20
    );

    // All 134 precomposed Vietnamese letters, one character each in NFC.
    let letters: BTreeSet<&str> = vectors
        .iter()
        .map(|(_, input, _)| input.as_str())
        .filter(|input| input.chars().count() == 1 && !input.is_ascii())
        .collect();
    assert_eq!(
        letters.len(),
        134,
        "expected exactly the 134 precomposed Vietnamese letters as one-character inputs, found {}: {letters:?}",
        letters.len()
    );
    for c in "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ".chars()
    {
        let upper: String = c.to_uppercase().collect();
        assert!(
            letters.contains(c.to_string().as_str()),
            "letter {c} missing"
        );
        assert!(letters.contains(upper.as_str()), "letter {upper} missing");
    }

    // Their NFD forms are stored decomposed: a file re-saved as NFC would
    // silently stop testing decomposed input.
    let decomposed: BTreeSet<String> = vectors
        .iter()
        .filter(|(_, input, _)| nfc(input) != *input && nfc(input).chars().count() == 1)
        .map(|(_, input, _)| nfc(input))
        .collect();
    let composable: BTreeSet<String> = letters
        .iter()
        .filter(|l| !matches!(**l, "đ" | "Đ"))
        .map(|l| l.to_string())
        .collect();
    assert_eq!(
        decomposed, composable,
        "every precomposed letter except đ/Đ must also appear as an NFD (decomposed) input"
    );
    let nfd_names = vectors
        .iter()
        .filter(|(_, input, _)| nfc(input) != *input && input.contains(' '))
        .count();
    assert!(
        nfd_names >= 10,
        "expected at least 10 multi-word names stored in NFD, found {nfd_names}"
    );
}
