//! The reference documents that are generated from the code stay in step
//! with it: `docs/keys.md` holds the keymap's table between two markers.
//! `UPDATE_DOCS=1 cargo test --test docs` writes it anew.

const START: &str = "<!-- generated from src/app/keymap.rs: start -->\n";
const END: &str = "<!-- generated from src/app/keymap.rs: end -->";

#[test]
fn docs_keys_md_lists_the_keymap_as_it_is() {
    let path = "docs/keys.md";
    let doc = std::fs::read_to_string(path).unwrap();
    let (Some(a), Some(b)) = (doc.find(START), doc.find(END)) else {
        panic!("{path} has lost its markers");
    };
    let table = claimdesk::app::keymap::reference_markdown();
    let current = &doc[a + START.len()..b];
    if current != table {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            let fresh = format!("{}{START}{table}{}", &doc[..a], &doc[b..]);
            std::fs::write(path, fresh).unwrap();
            return;
        }
        panic!("{path} is out of date with the keymap: run `UPDATE_DOCS=1 cargo test --test docs`");
    }
}

#[test]
fn no_document_holds_git_conflict_markers() {
    let mut files = vec![std::path::PathBuf::from("README.md")];
    for e in std::fs::read_dir("docs").unwrap() {
        files.push(e.unwrap().path());
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            assert!(
                !(line.starts_with("<<<<<<< ") || line.starts_with(">>>>>>> ")),
                "{}:{}: a git conflict marker",
                f.display(),
                i + 1
            );
        }
    }
}
