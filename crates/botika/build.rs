//! Empty on purpose: it makes cargo honour the `syn` feature pin in `[build-dependencies]`.
fn main() {}
