// Package tui owns what a person sees and presses: one Bubble Tea program
// per SSH session, made of a small model per screen (lobby, name, board,
// note editor, help) under a root that only routes. It reads room state as
// session snapshots and changes it only through session commands; it never
// touches the database, and it holds no package-level terminal state, since
// every session has its own size, colours and language.
package tui
