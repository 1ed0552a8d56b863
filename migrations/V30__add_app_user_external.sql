-- People who sign in through an OpenID Connect provider: they have no password here and are known by the
-- provider's issuer and subject, which (unlike a username or an email) never change and are never reused.
ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE app_user ADD COLUMN external_issuer text;
ALTER TABLE app_user ADD COLUMN external_subject text;
-- Exactly one way to sign in: a local password, or the provider.
ALTER TABLE app_user ADD CONSTRAINT app_user_credential_ck
    CHECK ((password_hash IS NULL) <> (external_subject IS NULL));
ALTER TABLE app_user ADD CONSTRAINT app_user_external_ck
    CHECK ((external_issuer IS NULL) = (external_subject IS NULL));
CREATE UNIQUE INDEX app_user_external_uq ON app_user (external_issuer, external_subject)
    WHERE external_subject IS NOT NULL;
