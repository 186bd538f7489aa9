//! `tenderguard library`: listing the bundled sets and showing one.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly"
)]

use assert_cmd::Command;
use predicates::prelude::*;

fn library() -> Command {
    let mut c = Command::cargo_bin("tenderguard").unwrap();
    c.arg("library");
    c
}

#[test]
fn list_names_every_set_with_counts_and_descriptions() {
    library()
        .arg("list")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("etsi-en-303-645"))
        .stdout(predicate::str::contains("68 clauses"))
        .stdout(predicate::str::contains("launching-customer"))
        .stdout(predicate::str::contains("6 clauses"))
        .stdout(predicate::str::contains("consumer IoT"));
}

#[test]
fn show_prints_clauses_with_params_filled_in() {
    library()
        .args(["show", "etsi-en-303-645"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "5.1-1  knockout  No universal default passwords",
        ))
        .stdout(predicate::str::contains(
            "refs: ETSI EN 303 645 V2.1.1 5.1-1",
        ))
        .stdout(predicate::str::contains("within 30 days"))
        .stdout(predicate::str::contains("{critical_patch_days}").not());
}

#[test]
fn show_in_dutch() {
    library()
        .args(["show", "launching-customer", "--lang", "nl"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("LC-1  knockout"))
        .stdout(predicate::str::contains(
            "Het product heeft geen wachtwoord",
        ))
        .stdout(predicate::str::contains("minstens 5 jaar na publicatie"))
        .stdout(predicate::str::contains("5 years").not());
}

#[test]
fn unknown_set_exits_two_and_lists_the_sets() {
    library()
        .args(["show", "no-such-set"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no bundled set `no-such-set`"))
        .stderr(predicate::str::contains("launching-customer"));
}

#[test]
fn help_has_examples() {
    library()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "tenderguard library show etsi-en-303-645",
        ));
}
