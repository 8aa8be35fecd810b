-- The demo's "uat" environment: the same application schema. Its users are the same people as
-- QA's under other keys, plus people of its own; its business tables start empty.
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
