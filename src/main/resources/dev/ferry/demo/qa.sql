-- The demo's "qa" environment: a small business application whose rows reference users
-- everywhere (created/updated/owner/assignee, nullable and NOT NULL, one soft reference).
-- Cycles: app_user <-> department (manager), category -> category (tree).
CREATE TABLE app_user (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  external_id   TEXT UNIQUE,
  display_name  TEXT NOT NULL,
  department_id INTEGER REFERENCES department (id),
  created_at    TEXT NOT NULL
);
CREATE TABLE department (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  manager_id INTEGER NOT NULL REFERENCES app_user (id),
  created_by INTEGER NOT NULL REFERENCES app_user (id)
);
CREATE TABLE user_preference (
  user_id INTEGER PRIMARY KEY REFERENCES app_user (id),
  theme   TEXT NOT NULL DEFAULT 'light',
  locale  TEXT NOT NULL DEFAULT 'en'
);
CREATE TABLE category (
  id        INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES category (id),
  name      TEXT NOT NULL
);
CREATE TABLE product (
  id          INTEGER PRIMARY KEY,
  category_id INTEGER NOT NULL REFERENCES category (id),
  sku         TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  price       NUMERIC(12, 2) NOT NULL,
  image       BLOB,
  created_by  INTEGER NOT NULL REFERENCES app_user (id),
  updated_by  INTEGER REFERENCES app_user (id)
);
CREATE TABLE customer (
  id                 INTEGER PRIMARY KEY,
  name               TEXT NOT NULL,
  email              TEXT,
  account_manager_id INTEGER REFERENCES app_user (id),
  created_by         INTEGER NOT NULL REFERENCES app_user (id)
);
CREATE TABLE sales_order (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer (id),
  placed_at   TEXT NOT NULL,
  status      TEXT NOT NULL,
  owner_id    INTEGER NOT NULL REFERENCES app_user (id),
  approved_by INTEGER REFERENCES app_user (id)
);
CREATE TABLE order_line (
  order_id   INTEGER NOT NULL REFERENCES sales_order (id),
  line_no    INTEGER NOT NULL,
  product_id INTEGER NOT NULL REFERENCES product (id),
  quantity   INTEGER NOT NULL,
  unit_price NUMERIC(12, 2) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE TABLE project (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  owner_id      INTEGER NOT NULL REFERENCES app_user (id),
  department_id INTEGER REFERENCES department (id)
);
CREATE TABLE task (
  id          INTEGER PRIMARY KEY,
  project_id  INTEGER NOT NULL REFERENCES project (id),
  title       TEXT NOT NULL,
  status      TEXT NOT NULL,
  assignee_id INTEGER REFERENCES app_user (id),
  reporter_id INTEGER NOT NULL REFERENCES app_user (id)
);
CREATE TABLE task_comment (
  id         INTEGER PRIMARY KEY,
  task_id    INTEGER NOT NULL REFERENCES task (id),
  author_id  INTEGER NOT NULL REFERENCES app_user (id),
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE attachment (
  id          INTEGER PRIMARY KEY,
  task_id     INTEGER NOT NULL REFERENCES task (id),
  uploaded_by INTEGER NOT NULL REFERENCES app_user (id),
  file_name   TEXT NOT NULL,
  content     BLOB NOT NULL
);
-- actor_id holds a user key without a foreign key: a soft reference.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  actor_id  INTEGER,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  at        TEXT NOT NULL
);

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
