-- Accounts at other sites that sign a person in here: an OpenID provider's
-- subject (or a host site's reader id), by the provider's name in the
-- configuration. One identity belongs to one account; an account may have
-- several. `email` is the address the provider gave when it was linked.
CREATE TABLE account_identities (
    provider TEXT COLLATE "C" NOT NULL,
    subject TEXT COLLATE "C" NOT NULL,
    account_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (provider, subject)
);

CREATE INDEX account_identities_by_account ON account_identities (account_id);

-- A sign-in sent to a provider and not yet back: found by the hash of the
-- token in the browser's cookie, used once. What comes back must match.
CREATE TABLE provider_sign_ins (
    token_hash TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    provider TEXT COLLATE "C" NOT NULL,
    state TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- An identity waiting to be linked to the account that already has its
-- verified address: the link e-mailed to that address carries the token.
CREATE TABLE identity_link_requests (
    token_hash TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    provider TEXT COLLATE "C" NOT NULL,
    subject TEXT COLLATE "C" NOT NULL,
    account_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX identity_link_requests_by_account ON identity_link_requests (account_id);
