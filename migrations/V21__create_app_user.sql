-- People who sign in to the dashboard. Passwords are kept only as a salted, slow hash (PBKDF2-HMAC-SHA256).
CREATE TABLE app_user (
    id              uuid        NOT NULL,
    username        text        NOT NULL,
    password_hash   text        NOT NULL,
    role            text        NOT NULL,
    created_at      timestamptz NOT NULL,
    created_by      text        NOT NULL,
    last_login_at   timestamptz,
    failed_logins   integer     NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    disabled_at     timestamptz,
    CONSTRAINT app_user_pk PRIMARY KEY (id),
    CONSTRAINT app_user_role_ck CHECK (role IN ('viewer', 'responder', 'admin')),
    CONSTRAINT app_user_username_ck CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$')
);
CREATE UNIQUE INDEX app_user_username_uq ON app_user (username);
