//! Small helpers for shared state.

use std::sync::{Mutex, MutexGuard};

/// Lock `m`, taking the value even if a thread panicked while holding it: relief's shared
/// state is plain data (maps and lists being filled), never left half-changed by a panic
/// in a way that matters more than losing the rest of the build or check.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
