-- Suspect keys also come from the IAM API (restricted keys, made only there) and the signing-key list.
ALTER TABLE suspect_resource DROP CONSTRAINT suspect_resource_kind_ck;
ALTER TABLE suspect_resource ADD CONSTRAINT suspect_resource_kind_ck
    CHECK (kind IN ('API_KEY', 'RESTRICTED_KEY', 'SIGNING_KEY', 'SUBACCOUNT'));
