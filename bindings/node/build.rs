//! Sets up the linker for a Node addon (napi's symbols are resolved by Node at load time).

fn main() {
    napi_build::setup();
}
