-- The demo's application schema, the same in "qa" and "uat": a small business application whose
-- rows reference users everywhere (created/updated/owner/assignee, nullable and NOT NULL, one
-- soft reference). Cycles: app_user <-> department (manager), category -> category (tree).
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

