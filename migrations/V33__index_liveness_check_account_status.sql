-- A refusal is read against the account's last seen status (suspended or closed accounts refuse every credential):
-- that lookup is by account, newest first, among checks that saw a status.
CREATE INDEX liveness_check_account_status_ix ON liveness_check (account_sid, checked_at DESC)
    WHERE account_status IS NOT NULL;
