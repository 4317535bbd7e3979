//! Likely duplicates, shown before a new client is saved: the same V-number, or the same date of birth and a
//! name that matches allowing for spelling variants (transliteration of Arabic, Tigrinya, Dari and other names
//! gives Mohammed, Muhammad, Mohamed; Abdulrahman, Abdel Rahman).

/// A name reduced to a key that spelling variants share: lower case, accents and punctuation dropped, vowels
/// dropped after the first letter, doubled letters single, common transliteration pairs merged.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut last = ' ';
    for (i, c) in name
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphabetic())
        .enumerate()
    {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'k' | 'q' => 'c',
            'j' => 'y',
            'z' => 's',
            'w' => 'v',
            'p' => 'b',
            other => other,
        };
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h');
        if (i > 0 && vowel) || c == last {
            if !vowel {
                last = c;
            }
            continue;
        }
        out.push(c);
        last = c;
    }
    out
}

/// Whether two names are likely the same person's: their keys are equal, or one name's words are a
/// re-ordering of the other's.
pub fn names_match(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        let mut words: Vec<String> = s
            .split_whitespace()
            .map(name_key)
            .filter(|w| !w.is_empty())
            .collect();
        words.sort();
        words.concat()
    };
    let (ka, kb) = (key(a), key(b));
    !ka.is_empty() && (ka == kb || name_key(a) == name_key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_match() {
        for (a, b) in [
            ("Mohammed Ali", "Muhammad Ali"),
            ("Mohamed Ali", "Ali Mohammed"),
            ("Abdulrahman Yusuf", "Abdel Rahman Yousef"),
            ("Tesfaye Gebremariam", "Tesfay Gebre Mariam"),
            ("Zahra Ahmadi", "Sahra Ahmady"),
        ] {
            assert!(names_match(a, b), "{a} ~ {b}");
        }
        for (a, b) in [("Mohammed Ali", "Fatima Ali"), ("Tesfaye", "Tadesse"), ("", "")] {
            assert!(!names_match(a, b), "{a} !~ {b}");
        }
    }
}
