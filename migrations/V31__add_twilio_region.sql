-- Twilio credentials are region-specific (US1, IE1, AU1): the region a credential was found working in, so that
-- rotation and usage pulls call that region's hosts. NULL: not known yet (US1 is asked first, then the others).
ALTER TABLE credential ADD COLUMN twilio_region text;
ALTER TABLE credential ADD CONSTRAINT credential_twilio_region_ck
    CHECK (twilio_region IS NULL OR twilio_region IN ('us1', 'ie1', 'au1'));

-- The region of a registered admin credential, found when it was checked at registration.
ALTER TABLE account_credential ADD COLUMN twilio_region text NOT NULL DEFAULT 'us1';
ALTER TABLE account_credential ADD CONSTRAINT account_credential_twilio_region_ck
    CHECK (twilio_region IN ('us1', 'ie1', 'au1'));

-- The region whose hosts gave a LIVE answer.
ALTER TABLE liveness_check ADD COLUMN twilio_region text;
