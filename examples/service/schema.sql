-- The reference service's tables. One SQLite file per campaign.

-- Each group's latest state, as a pintuan.codec document, with the version
-- that the compare-and-swap checks.
CREATE TABLE IF NOT EXISTS groups (
    group_id   TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    status     TEXT NOT NULL,          -- forming, succeeded, closed, failed
    deadline   TEXT NOT NULL,          -- UTC, ISO 8601: the expiry sweep's index
    members    INTEGER NOT NULL,       -- seats taken: the redirect's query reads it
    snapshot   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS groups_due ON groups (status, deadline);

-- Every event, append-only. (group_id, version) is unique: two writers can
-- never both append version n of a group.
CREATE TABLE IF NOT EXISTS events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id   TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    UNIQUE (group_id, version)
);

-- One row per order id ever used: the campaign-wide facts come from here.
-- The primary key makes order ids unique across the campaign.
CREATE TABLE IF NOT EXISTS orders (
    order_id   TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    role       TEXT NOT NULL,          -- leader, member, virtual
    quantity   INTEGER NOT NULL,
    holds_stock INTEGER NOT NULL       -- 1 while the order holds stock
);
CREATE INDEX IF NOT EXISTS orders_user ON orders (user_id, role);

-- The effects outbox: what settlement asks for, keyed by its idempotency key.
-- A worker carries each out and marks it done; the UNIQUE key means an effect
-- is written once however often a group is settled.
CREATE TABLE IF NOT EXISTS outbox (
    key        TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL,
    body       TEXT NOT NULL,
    done       INTEGER NOT NULL DEFAULT 0
);
