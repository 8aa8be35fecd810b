# bench/lib/dataset.sh — the deterministic synthetic data set of bench/run.sh (sourced).
#
# dataset_sql ENGINE SCALE prints INSERT ... SELECT statements that fill the tables of schema.sql
# with about 10,000 rows per scale unit, for ENGINE `pg` (generate_series) or `mariadb` (the
# Sequence engine's seq_1_to_N). Every value is arithmetic on the row number `seq` (modulo,
# md5 of a fixed text, fixed offsets from 2020-01-01): no random(), no clock, so both engines
# hold the same values, and every run at a scale the same data.
#
# Rows per scale unit: app_user 200, team 10, category 20, customer 400, product 100,
# orders 1,500, order_line 5,000, ticket 400, comment 900, audit_log 800, invoice 800 (10,130).

dataset_counts() {  # dataset_counts SCALE: "table rows" lines, in load order
  local n=$1
  printf '%s %d\n' app_user $((200 * n)) team $((10 * n)) category $((20 * n)) \
    customer $((400 * n)) product $((100 * n)) orders $((1500 * n)) order_line $((5000 * n)) \
    ticket $((400 * n)) comment $((900 * n)) audit_log $((800 * n)) invoice $((800 * n))
}

dataset_sql() {
  local engine=$1 n=$2
  local U=$((200 * n)) TEAMS=$((10 * n)) CAT=$((20 * n)) C=$((400 * n)) P=$((100 * n))
  local O=$((1500 * n)) L=$((5000 * n)) T=$((400 * n)) CM=$((900 * n)) A=$((800 * n)) I=$((800 * n))

  # rows N: the row source, one bigint column `seq` from 1 to N.
  rows() {
    if [[ $engine == pg ]]; then echo "generate_series(1::bigint, $1) AS s(seq)"
    else echo "(SELECT CAST(seq AS SIGNED) AS seq FROM seq_1_to_$1) s"; fi
  }
  # ts EXPR: 2020-01-01 00:00:00 plus EXPR seconds, as a timestamp without time zone.
  ts() {
    if [[ $engine == pg ]]; then echo "(timestamp '2020-01-01 00:00:00' + ($1) * interval '1 second')"
    else echo "(TIMESTAMP '2020-01-01 00:00:00' + INTERVAL ($1) SECOND)"; fi
  }
  # bin HEXEXPR: the bytes of a hex string.
  bin() {
    if [[ $engine == pg ]]; then echo "decode($1, 'hex')"; else echo "unhex($1)"; fi
  }
  # rep TEXT COUNT: TEXT repeated COUNT times (PostgreSQL's repeat wants an int count).
  rep() {
    if [[ $engine == pg ]]; then echo "repeat($1, ($2)::int)"; else echo "repeat($1, $2)"; fi
  }
  # uuid TEXT: a UUID-like string (8-4-4-4-12 hex digits) from the md5 of TEXT.
  uuid() {
    local h="md5($1)"
    echo "concat(substr($h, 1, 8), '-', substr($h, 9, 4), '-', substr($h, 13, 4), '-', substr($h, 17, 4), '-', substr($h, 21, 12))"
  }
  # user K: a user key spread over all users; nuser M K: the same, NULL when seq % M = 0.
  user() { echo "(1 + (seq * $1) % $U)"; }
  nuser() { echo "CASE WHEN seq % $1 = 0 THEN NULL ELSE 1 + (seq * $2) % $U END"; }

  cat <<SQL
INSERT INTO app_user (id, email, external_id, name, team_id, active, created_at)
SELECT seq, concat('user', seq, '@example.com'),
       CASE WHEN seq % 5 = 0 THEN NULL ELSE concat('EXT-', lpad(concat('', seq), 8, '0')) END,
       concat('User ', seq, CASE WHEN seq % 3 = 0 THEN ' Müller' ELSE ' Smith' END),
       CASE WHEN seq % 4 = 0 THEN NULL ELSE 1 + seq % $TEAMS END,
       seq % 7 <> 0, $(ts "seq * 3600")
FROM $(rows $U);
INSERT INTO team (id, name, lead_user_id)
SELECT seq, concat('Team ', seq), $(user 17) FROM $(rows $TEAMS);
INSERT INTO category (id, parent_id, name, owner_id)
SELECT seq, CASE WHEN seq % 10 = 1 THEN NULL ELSE seq - (seq - 1) % 10 END,
       concat('Category ', seq), $(nuser 2 11)
FROM $(rows $CAT);
INSERT INTO customer (id, name, email, note, created_by, updated_by, account_manager, created_at)
SELECT seq, concat('Kunde ', seq, ' GmbH & Co. KG'),
       CASE WHEN seq % 9 = 0 THEN NULL ELSE concat('customer', seq, '@example.org') END,
       CASE WHEN seq % 3 = 0 THEN NULL ELSE $(rep "md5(concat('note', seq))" "1 + seq % 3") END,
       $(user 7), $(nuser 3 13), $(nuser 2 19), $(ts "seq * 600")
FROM $(rows $C);
INSERT INTO product (id, category_id, sku_uuid, name, price, thumbnail, created_by, updated_by)
SELECT seq, 1 + seq % $CAT, $(uuid "concat('sku', seq)"), concat('Product ', seq),
       (seq * 37 % 100000) * 0.01 + 0.99,
       CASE WHEN seq % 10 = 0 THEN NULL
            ELSE $(bin "concat(md5(concat('a', seq)), md5(concat('b', seq)), md5(concat('c', seq)), md5(concat('d', seq)))") END,
       $(user 23), $(nuser 4 29)
FROM $(rows $P);
INSERT INTO orders (id, customer_id, order_uuid, status, total, ordered_at, shipped_at,
                    created_by, approved_by, shipped_by)
SELECT seq, 1 + (seq * 7) % $C, $(uuid "concat('order', seq)"),
       CASE seq % 4 WHEN 0 THEN 'new' WHEN 1 THEN 'approved' WHEN 2 THEN 'shipped' ELSE 'cancelled' END,
       (seq * 7919 % 10000000) * 0.01, $(ts "seq * 60"),
       CASE WHEN seq % 4 = 2 THEN $(ts "seq * 60 + 86400") ELSE NULL END,
       $(user 31), $(nuser 2 37), CASE WHEN seq % 4 = 2 THEN $(user 41) ELSE NULL END
FROM $(rows $O);
INSERT INTO order_line (id, order_id, line_no, product_id, qty, unit_price, created_by)
SELECT seq, 1 + (seq - 1) % $O, 1 + ((seq - 1) - (seq - 1) % $O) / $O,
       1 + (seq * 31) % $P, 1 + seq % 12, (seq * 131 % 50000) * 0.01 + 0.5, $(user 43)
FROM $(rows $L);
INSERT INTO ticket (id, customer_id, title, body, reporter, assignee, closed_by, opened_at, closed_at)
SELECT seq, 1 + (seq * 3) % $C, concat('Ticket ', seq, ': something is off'),
       CASE WHEN seq % 11 = 0 THEN NULL ELSE $(rep "concat(md5(concat('t', seq)), ' ')" "1 + seq % 5") END,
       $(user 47), $(nuser 3 53), CASE WHEN seq % 2 = 0 THEN $(user 59) ELSE NULL END,
       $(ts "seq * 900"), CASE WHEN seq % 2 = 0 THEN $(ts "seq * 900 + 7200") ELSE NULL END
FROM $(rows $T);
INSERT INTO comment (id, ticket_id, body, author, edited_by, created_at)
SELECT seq, 1 + seq % $T, concat('Comment ', seq, ' ', $(rep "md5(concat('c', seq))" "1 + seq % 3")),
       $(user 61), $(nuser 5 67), $(ts "seq * 300")
FROM $(rows $CM);
INSERT INTO audit_log (id, action, payload, actor_id, approver_id, logged_at)
SELECT seq, CASE seq % 3 WHEN 0 THEN 'create' WHEN 1 THEN 'update' ELSE 'delete' END,
       concat('{"row": ', seq, ', "hash": "', md5(concat('p', seq)), '"}'),
       $(user 71), $(nuser 6 73), $(ts "seq * 30")
FROM $(rows $A);
INSERT INTO invoice (id, order_id, invoice_uuid, amount, issued_by, voided_by, issued_at)
SELECT seq, 1 + (seq * 3) % $O, $(uuid "concat('invoice', seq)"),
       (seq * 7907 % 10000000) * 0.01, $(user 79), $(nuser 10 83), $(ts "seq * 120")
FROM $(rows $I);
SQL
}
