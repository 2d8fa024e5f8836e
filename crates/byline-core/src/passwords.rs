//! Password hashing with Argon2id.
//!
//! Parameters: 19 MiB of memory, 2 passes, 1 lane (the OWASP baseline for
//! Argon2id). On the 2-core machines Byline is built on, one hash takes
//! about 50–100 ms: slow enough to make guessing expensive, fast enough for
//! a sign-in. These are CPU-bound calls: run them off the async runtime.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::accounts::Password;

const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) with a fresh salt.
pub fn hash_password(password: &Password) -> Result<String, HashError> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| HashError(e.to_string()))?;
    hasher()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `attempt` matches the stored hash. A malformed hash matches
/// nothing.
pub fn verify_password(attempt: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    hasher().verify_password(attempt.as_bytes(), &parsed).is_ok()
}

/// Spends the same time as a real verification, for unknown accounts, so
/// that timing does not tell whether an account exists.
pub fn verify_nothing(attempt: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| {
        Password::parse("an unguessable placeholder 7f3c", &[])
            .ok()
            .and_then(|p| hash_password(&p).ok())
            .unwrap_or_default()
    });
    let _ = verify_password(attempt, stored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let password = Password::parse("lantern orchard copper 47", &[]).unwrap();
        let first = hash_password(&password).unwrap();
        let second = hash_password(&password).unwrap();
        assert!(first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{first}");
        assert_ne!(first, second);
        assert!(verify_password("lantern orchard copper 47", &first));
        assert!(!verify_password("lantern orchard copper 48", &first));
        assert!(!verify_password("anything", "not a hash"));
    }
}
