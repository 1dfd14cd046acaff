// Package session owns samla's domain: rooms, participants, activities,
// notes and votes. Every change is a command validated by the room's single
// owner, turned into events, persisted through store, applied to the room's
// in-memory state and only then published to the room's subscribers. It has
// no terminal and no SQL, so every rule here is tested without either.
package session
