-- The `transfers` read model (SPEC §6): one row per transfer, written in the same transaction as the source
-- account's TransferInitiated / TransferCompleted / TransferFailed events. The recovery sweeper finds transfers left
-- pending through (status, updated_at).
CREATE TABLE `transfers` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `uuid` char(36) NOT NULL,
  `from_account_uuid` char(36) NOT NULL,
  `to_account_uuid` char(36) NOT NULL,
  `asset_code` varchar(10) NOT NULL,
  `amount` bigint NOT NULL,
  `to_asset_code` varchar(10) NOT NULL,
  `to_amount` bigint NOT NULL,
  `rate` varchar(64) DEFAULT NULL,
  `reference` varchar(255) DEFAULT NULL,
  `description` varchar(255) DEFAULT NULL,
  `status` varchar(20) NOT NULL DEFAULT 'pending',
  `failure_reason` varchar(255) DEFAULT NULL,
  `initiated_by` char(36) NOT NULL,
  `created_at` timestamp(6) NULL DEFAULT NULL,
  `completed_at` timestamp(6) NULL DEFAULT NULL,
  `updated_at` timestamp(6) NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `transfers_uuid_unique` (`uuid`),
  KEY `transfers_from_account_index` (`from_account_uuid`, `id`),
  KEY `transfers_to_account_index` (`to_account_uuid`, `id`),
  KEY `transfers_status_updated_at_index` (`status`, `updated_at`),
  CONSTRAINT `transfers_amount_positive` CHECK (`amount` > 0 AND `to_amount` > 0),
  CONSTRAINT `transfers_status_valid` CHECK (`status` IN ('pending','completed','failed'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
