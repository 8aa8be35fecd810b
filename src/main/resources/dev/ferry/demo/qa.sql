-- The demo's "qa" environment: six users and a little of everything that references them.
INSERT INTO app_user VALUES
  (1, 'alice@qa.example.com', 'EXT-001', 'Alice Martin', NULL, '2024-01-03 09:00:00'),
  (2, 'Bob.Stone@qa.example.com', 'EXT-002', 'Bob Stone', NULL, '2024-01-03 09:05:00'),
  (3, 'carol@qa.example.com', 'EXT-003', 'Carol Diaz', NULL, '2024-01-04 10:00:00'),
  (4, 'dan@qa.example.com', 'EXT-004', 'Dan Okafor', NULL, '2024-01-05 11:30:00'),
  (5, 'erin@qa.example.com', NULL, 'Erin Walsh', NULL, '2024-01-06 08:15:00'),
  (6, 'frank@contractor.example.org', 'EXT-006', 'Frank Li', NULL, '2024-02-01 14:00:00');
INSERT INTO department VALUES
  (10, 'Sales', 2, 1),
  (11, 'Engineering', 3, 1);
UPDATE app_user SET department_id = 10 WHERE id IN (1, 2, 5);
UPDATE app_user SET department_id = 11 WHERE id IN (3, 4, 6);
INSERT INTO user_preference VALUES (1, 'dark', 'en'), (3, 'light', 'es'), (6, 'dark', 'zh');
INSERT INTO category VALUES
  (1, NULL, 'Hardware'), (2, 1, 'Laptops'), (3, 1, 'Monitors'), (4, NULL, 'Services'),
  (5, 4, 'Support plans');
INSERT INTO product VALUES
  (100, 2, 'LAP-13', 'Laptop 13"', 1299.00, X'89504E470D0A1A0A', 1, NULL),
  (101, 2, 'LAP-15', 'Laptop 15" — pro', 1899.50, NULL, 1, 2),
  (102, 3, 'MON-27', 'Monitor 27'' 4K', 449.99, X'00FF00FF', 3, 3),
  (103, 5, 'SUP-1Y', 'Support, 1 year', 199.00, NULL, 2, NULL);
INSERT INTO customer VALUES
  (200, 'Acme Corp', 'buyer@acme.example', 2, 1),
  (201, 'Globex', NULL, NULL, 5),
  (202, 'Initech; "quoted" name', 'it@initech.example', 5, 2);
INSERT INTO sales_order VALUES
  (300, 200, '2024-03-01 10:00:00', 'shipped', 2, 1),
  (301, 201, '2024-03-02 11:00:00', 'open', 5, NULL),
  (302, 202, '2024-03-05 16:45:00', 'approved', 2, 3);
INSERT INTO order_line VALUES
  (300, 1, 100, 2, 1299.00), (300, 2, 102, 2, 449.99), (301, 1, 103, 1, 199.00),
  (302, 1, 101, 1, 1899.50), (302, 2, 103, 3, 189.00);
INSERT INTO project VALUES (400, 'Website relaunch', 3, 11), (401, 'Q2 campaign', 2, 10);
INSERT INTO task VALUES
  (500, 400, 'Design review', 'open', 4, 3),
  (501, 400, 'Fix login bug', 'done', 6, 4),
  (502, 401, 'Draft mailing', 'open', NULL, 2);
INSERT INTO task_comment VALUES
  (600, 500, 3, 'Looks good — ship it', '2024-03-10 09:00:00'),
  (601, 501, 6, 'Fixed in build 42', '2024-03-11 12:00:00');
INSERT INTO attachment VALUES (700, 501, 6, 'trace.log', X'4C6F67206C696E650A');
INSERT INTO audit_log VALUES
  (800, 1, 'create', 'product', 100, '2024-03-01 08:00:00'),
  (801, 3, 'update', 'product', 102, '2024-03-02 08:00:00'),
  (802, NULL, 'purge', 'session', 0, '2024-03-03 00:00:00');
