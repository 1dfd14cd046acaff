package session

// Arrivals: someone who opens a room is not yet a participant. A person
// becomes one (participant.joined, in the log and in every count) with
// their first act: a name, a note, a dot, any command. Until then they are
// only present, in memory, with a number kept for them, so a connection
// abandoned at the name question (issue 14: 556 of 1,000) leaves nothing
// behind in the log, the room list's count or the export.

// arrival is a person present who has not acted yet. Only the room's owner
// goroutine reads or writes arrivals.
type arrival struct {
	// number is kept for them while they are here, so the name question can
	// offer "Participant N" and they become that N when they act.
	number int
	staff  bool
	// plain is a view they chose before acting, written when they join.
	plain *bool
}

// arrive keeps pid's place while they are present without having acted.
func (r *Room) arrive(s *state, pid string, facilitator bool) {
	if _, known := s.people[pid]; known {
		return
	}
	if _, waiting := r.arrivals[pid]; waiting {
		return
	}
	r.arrivals[pid] = &arrival{number: r.nextNumber(s), staff: facilitator}
}

// nextNumber is one past every number given or kept, so that a number kept
// for someone who then left never makes two people share one.
func (r *Room) nextNumber(s *state) int {
	high := 0
	for _, p := range s.people {
		high = max(high, p.number)
	}
	for _, a := range r.arrivals {
		high = max(high, a.number)
	}
	return high + 1
}

// joinBodies are the events that make a waiting pid a participant: none
// if they already are one.
func (r *Room) joinBodies(s *state, pid string) []any {
	if _, known := s.people[pid]; known {
		return nil
	}
	a := r.arrivals[pid]
	if a == nil { // a member always arrives first; a fresh number keeps the log sound anyway
		a = &arrival{number: r.nextNumber(s)}
	}
	bodies := []any{joined{PID: pid, Number: a.number, Staff: a.staff}}
	if a.plain != nil && *a.plain {
		bodies = append(bodies, viewChosen{PID: pid, Plain: true})
	}
	return bodies
}

// unjoin takes back the n events joinBodies gave pid, just applied, when
// the command they came with is refused. It undoes exactly what applying
// joined (and the viewChosen on the same person) did to the state.
func (r *Room) unjoin(s *state, pid string, n int) {
	delete(s.people, pid)
	if last := len(s.joinOrder) - 1; last >= 0 && s.joinOrder[last] == pid {
		s.joinOrder = s.joinOrder[:last]
	}
	s.seq -= int64(n)
}

// settled forgets the arrivals that are now participants or gone.
func (r *Room) settled(s *state) {
	for pid := range r.arrivals {
		if _, known := s.people[pid]; known || s.online[pid] == 0 {
			delete(r.arrivals, pid)
		}
	}
}

// withArrivals shows the people waiting to act in a snapshot, under their
// kept number, so screens can name them; Joined still counts only the log.
func (r *Room) withArrivals(snap *Snapshot) *Snapshot {
	for pid, a := range r.arrivals {
		if _, known := snap.people[pid]; !known {
			snap.people[pid] = Person{Number: a.number, Plain: a.plain != nil && *a.plain}
		}
	}
	return snap
}
