-- Rooms are an index; what happened in a room lives in its event log.
CREATE TABLE rooms (
    code       TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    anonymity  TEXT NOT NULL,
    lang       TEXT NOT NULL,
    template   TEXT NOT NULL DEFAULT ''
) STRICT;

-- The log is the truth: a room is rebuilt by replaying it in seq order.
CREATE TABLE events (
    room TEXT    NOT NULL REFERENCES rooms(code),
    seq  INTEGER NOT NULL,
    type TEXT    NOT NULL,
    data BLOB    NOT NULL,
    at   TEXT    NOT NULL,
    PRIMARY KEY (room, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX events_room_type ON events(room, type);

-- Server-wide secrets (the key for per-room participant hashes).
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;
