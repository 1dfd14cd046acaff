package session

import (
	"context"
	"sort"
	"strconv"
	"time"
)

// Report is a room's outcome in the shape of CONTRACT.md's JSON export. The
// formats (JSON, Markdown, CSV) all render this one value.
type Report struct {
	Room         ReportRoom       `json:"room"`
	Activities   []ReportActivity `json:"activities"`
	Notes        []ReportNote     `json:"notes"`
	Clusters     []ReportCluster  `json:"clusters"`
	Participants int              `json:"participants"`
}

// ReportRoom is the room part of a Report.
type ReportRoom struct {
	Code      string `json:"code"`
	Title     string `json:"title"`
	CreatedAt string `json:"created_at"`
	Anonymity string `json:"anonymity"`
	Lang      string `json:"lang"`
}

// ReportActivity is one agenda step of a Report.
type ReportActivity struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Title  string `json:"title"`
	Prompt string `json:"prompt,omitempty"`
}

// ReportNote is one note with its outcome. Author is nil whenever the room
// is anonymous, so no export can name anyone there.
type ReportNote struct {
	ID         string   `json:"id"`
	ActivityID string   `json:"activity_id"`
	Text       string   `json:"text"`
	Column     string   `json:"column,omitempty"`
	Author     *string  `json:"author"`
	Cluster    *string  `json:"cluster"`
	Votes      int      `json:"votes"`
	RatingMean *float64 `json:"rating_mean"`
	// CreatedAt is empty in anonymous rooms: when a note was written can
	// say who wrote it to anyone who watched the room.
	CreatedAt string `json:"created_at,omitempty"`
}

// ReportCluster is a theme of notes.
type ReportCluster struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	NoteIDs []string `json:"note_ids"`
	Votes   int      `json:"votes"`
}

// DefaultName is how a participant without a chosen name is called in
// exports; screens use their own language.
func DefaultName(p Person) string {
	if p.Name != "" {
		return p.Name
	}
	return "Participant " + strconv.Itoa(p.Number)
}

// Report builds the export of the room with code from its log.
func (h *Hub) Report(ctx context.Context, code string) (Report, error) {
	snap, notes, err := h.Snapshot(ctx, code)
	if err != nil {
		return Report{}, err
	}
	rep := Report{
		Room: ReportRoom{
			Code:      snap.Room.Code,
			Title:     snap.Room.Title,
			CreatedAt: snap.Room.CreatedAt.UTC().Format(time.RFC3339),
			Anonymity: string(snap.Room.Anonymity),
			Lang:      snap.Room.Lang,
		},
		Activities:   make([]ReportActivity, 0, len(snap.Activities)),
		Notes:        make([]ReportNote, 0, len(notes)),
		Clusters:     []ReportCluster{},
		Participants: snap.Joined,
	}
	for _, a := range snap.Activities {
		rep.Activities = append(rep.Activities, ReportActivity{ID: a.ID, Kind: a.Kind, Title: a.Title, Prompt: a.Prompt})
	}
	anonymous := snap.Room.Anonymity == Anonymous
	for _, n := range notes {
		rn := ReportNote{ID: n.ID, ActivityID: n.ActivityID, Text: n.Text, Column: n.Column, Votes: n.Votes}
		if !anonymous {
			rn.CreatedAt = n.At.UTC().Format(time.RFC3339)
		}
		// Facilitators export; in "peers" rooms they may see names, in
		// anonymous rooms nobody may.
		if snap.Room.Anonymity != Anonymous {
			if p, ok := snap.Person(n.author); ok {
				name := DefaultName(p)
				rn.Author = &name
			}
		}
		rep.Notes = append(rep.Notes, rn)
	}
	if anonymous {
		// Nor the order they were written in: by activity, then dots, then text.
		sort.SliceStable(rep.Notes, func(i, j int) bool {
			a, b := rep.Notes[i], rep.Notes[j]
			if a.ActivityID != b.ActivityID {
				return a.ActivityID < b.ActivityID
			}
			if a.Votes != b.Votes {
				return a.Votes > b.Votes
			}
			return a.Text < b.Text
		})
	}
	return rep, nil
}
