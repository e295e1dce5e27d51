-- Governance (SPEC §8).
-- Voting power is whole major units of a holding, which can pass 2^31 (asset_weighted on a large balance).
ALTER TABLE `votes` MODIFY `voting_power` bigint NOT NULL DEFAULT 1;

-- The recorded outcome of a poll's execution workflow: {status, winning_option, detail, at}.
ALTER TABLE `polls` ADD COLUMN `execution_result` json DEFAULT NULL;

-- The vote-signing key when neither FINAEGIS_VOTE_SIGNING_KEY nor FINAEGIS_ENCRYPTION_KEY is configured: generated
-- once by the first silo that needs it, then shared by all (development only; see Grains/Governance/VoteSigner.cs).
CREATE TABLE `governance_keys` (
  `name` varchar(50) NOT NULL,
  `key_material` varchar(255) NOT NULL,
  `created_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
