-- Webhooks and settings (issue 6).
-- The dispatcher's claim: a claimed delivery keeps its visible status (pending or retrying) and its next_retry_at moves to
-- the end of the claim's lease, so a silo that dies mid-send loses nothing: the row falls due again. claim_token guards
-- the recording of the outcome; claimed_by says which silo holds it (for operators).
-- next_retry_at gets milliseconds: backoffs and leases shorter than a second (tests) must not round to "due now".
ALTER TABLE `webhook_deliveries`
  MODIFY COLUMN `next_retry_at` timestamp(3) NULL DEFAULT NULL,
  ADD COLUMN `claim_token` char(36) DEFAULT NULL AFTER `next_retry_at`,
  ADD COLUMN `claimed_by` varchar(100) DEFAULT NULL AFTER `claim_token`;

-- The threshold of balance.low_balance (SPEC §9), in minor units.
INSERT IGNORE INTO `settings` (`key`, `value`, `type`, `is_encrypted`, `description`, `created_at`, `updated_at`)
VALUES ('webhooks.low_balance_threshold', '1000', 'integer', 0,
        'balance.low_balance fires when a debit takes a balance from at least this amount (minor units) to below it.',
        CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
