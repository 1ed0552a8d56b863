-- Keyed fingerprint of the secondary token a rotation created, so promotion can check it promoted that one.
ALTER TABLE rotation ADD COLUMN secondary_fingerprint text;
