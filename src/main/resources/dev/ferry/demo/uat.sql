-- The demo's "uat" environment: the same people as QA's under other keys, plus people of its
-- own; its business tables start empty.
INSERT INTO app_user VALUES
  -- Alice: the same e-mail in another letter case
  (1001, 'ALICE@qa.example.com', 'EXT-9001', 'Alice Martin', NULL, '2023-05-01 09:00:00'),
  -- Bob: the same e-mail in another letter case
  (1002, 'bob.stone@qa.example.com', 'EXT-9002', 'Bob Stone', NULL, '2023-05-01 09:00:00'),
  -- Carol: another e-mail, but the same external id
  (1003, 'c.diaz@example.org', 'EXT-003', 'Carol Diaz', NULL, '2023-05-02 10:00:00'),
  -- Dan: only the regex rule (@qa.example.com -> @example.com) finds him
  (1004, 'dan@example.com', 'EXT-9004', 'Dan Okafor', NULL, '2023-05-03 11:00:00'),
  -- Erin: no rule finds her; the operator decides (she is erin.walsh@example.com)
  (1005, 'erin.walsh@example.com', 'EXT-9005', 'Erin Walsh', NULL, '2023-05-04 08:00:00'),
  -- Frank the contractor: the same e-mail
  (1006, 'frank@contractor.example.org', 'EXT-9006', 'Frank Li', NULL, '2023-05-05 14:00:00'),
  -- people of UAT's own
  (1100, 'uat.tester@example.com', 'EXT-9100', 'UAT Tester', NULL, '2023-06-01 12:00:00'),
  (1101, 'release.bot@example.com', NULL, 'Release Bot', NULL, '2023-06-02 12:00:00');
