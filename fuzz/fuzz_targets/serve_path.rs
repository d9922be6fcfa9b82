#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| relief::fuzzing::serve_path(data));
