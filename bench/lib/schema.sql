-- bench/lib/schema.sql — the benchmark schema's tables, for PostgreSQL as written; bench/run.sh
-- turns it into MariaDB by replacing two type names (bytea -> blob, timestamp -> datetime).
-- Keys and foreign keys are in constraints.sql, so a source is filled before they exist and a
-- target has them before it is loaded. 20 columns of the ten business tables reference
-- app_user(id) (9 NOT NULL, 11 nullable): the user map's reference columns. app_user.team_id ->
-- team and team.lead_user_id -> app_user form a cycle; category.parent_id is a self-reference.
CREATE TABLE app_user (
  id          bigint       NOT NULL PRIMARY KEY,
  email       varchar(120) NOT NULL,
  external_id varchar(20),
  name        varchar(100) NOT NULL,
  team_id     bigint,
  active      boolean      NOT NULL,
  created_at  timestamp    NOT NULL
);
CREATE TABLE team (
  id           bigint      NOT NULL PRIMARY KEY,
  name         varchar(80) NOT NULL,
  lead_user_id bigint      NOT NULL
);
CREATE TABLE category (
  id        bigint      NOT NULL PRIMARY KEY,
  parent_id bigint,
  name      varchar(80) NOT NULL,
  owner_id  bigint
);
CREATE TABLE customer (
  id              bigint       NOT NULL PRIMARY KEY,
  name            varchar(120) NOT NULL,
  email           varchar(120),
  note            text,
  created_by      bigint       NOT NULL,
  updated_by      bigint,
  account_manager bigint,
  created_at      timestamp    NOT NULL
);
CREATE TABLE product (
  id          bigint        NOT NULL PRIMARY KEY,
  category_id bigint        NOT NULL,
  sku_uuid    char(36)      NOT NULL,
  name        varchar(120)  NOT NULL,
  price       numeric(12,2) NOT NULL,
  thumbnail   bytea,
  created_by  bigint        NOT NULL,
  updated_by  bigint
);
CREATE TABLE orders (
  id          bigint        NOT NULL PRIMARY KEY,
  customer_id bigint        NOT NULL,
  order_uuid  char(36)      NOT NULL,
  status      varchar(16)   NOT NULL,
  total       numeric(12,2) NOT NULL,
  ordered_at  timestamp     NOT NULL,
  shipped_at  timestamp,
  created_by  bigint        NOT NULL,
  approved_by bigint,
  shipped_by  bigint
);
CREATE TABLE order_line (
  id         bigint        NOT NULL PRIMARY KEY,
  order_id   bigint        NOT NULL,
  line_no    integer       NOT NULL,
  product_id bigint        NOT NULL,
  qty        integer       NOT NULL,
  unit_price numeric(12,2) NOT NULL,
  created_by bigint        NOT NULL
);
CREATE TABLE ticket (
  id          bigint       NOT NULL PRIMARY KEY,
  customer_id bigint       NOT NULL,
  title       varchar(200) NOT NULL,
  body        text,
  reporter    bigint       NOT NULL,
  assignee    bigint,
  closed_by   bigint,
  opened_at   timestamp    NOT NULL,
  closed_at   timestamp
);
CREATE TABLE comment (
  id         bigint    NOT NULL PRIMARY KEY,
  ticket_id  bigint    NOT NULL,
  body       text      NOT NULL,
  author     bigint    NOT NULL,
  edited_by  bigint,
  created_at timestamp NOT NULL
);
CREATE TABLE audit_log (
  id          bigint      NOT NULL PRIMARY KEY,
  action      varchar(32) NOT NULL,
  payload     text,
  actor_id    bigint      NOT NULL,
  approver_id bigint,
  logged_at   timestamp   NOT NULL
);
CREATE TABLE invoice (
  id           bigint        NOT NULL PRIMARY KEY,
  order_id     bigint        NOT NULL,
  invoice_uuid char(36)      NOT NULL,
  amount       numeric(12,2) NOT NULL,
  issued_by    bigint        NOT NULL,
  voided_by    bigint,
  issued_at    timestamp     NOT NULL
);
