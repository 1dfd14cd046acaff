package session

import (
	"context"
	"sort"
	"strconv"
	"time"
)

// Report is a room's outcome in the shape of CONTRACT.md's JSON export. The
// formats (JSON, Markdown, CSV) all render this one value, and each
// activity carries its kind's typed Results, so no format can leave an
// activity's outcome out.
type Report struct {
	Room       ReportRoom       `json:"room"`
	Activities []ReportActivity `json:"activities"`
	Notes      []ReportNote     `json:"notes"`
	Clusters   []ReportCluster  `json:"clusters"`
	// Participants is how many people joined to take part: not
	// facilitators, not the projector, not people who were removed.
	Participants int `json:"participants"`
}

// ReportRoom is the room part of a Report.
type ReportRoom struct {
	Code      string `json:"code"`
	Title     string `json:"title"`
	CreatedAt string `json:"created_at"`
	// Date is the day the room was made, in the exporting machine's time
	// zone: what the facilitator writes on the report.
	Date      string `json:"date"`
	Anonymity string `json:"anonymity"`
	Lang      string `json:"lang"`
	// After is the room this one is the next round of (series.go).
	After string `json:"after,omitempty"`
	// NamesLeftOut: the export was asked to leave authors out (--no-names)
	// in a room that may name them.
	NamesLeftOut bool `json:"names_left_out,omitempty"`
}

// ReportActivity is one agenda step of a Report, with its outcome.
type ReportActivity struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Title   string   `json:"title"`
	Prompt  string   `json:"prompt,omitempty"`
	Columns []string `json:"columns,omitempty"`
	// Source is the activity this one works on (the notes a cluster sorts,
	// the items a vote dots, the vote a results activity shows).
	Source   string `json:"source,omitempty"`
	Private  bool   `json:"private,omitempty"`
	Secret   bool   `json:"secret,omitempty"`
	Revealed bool   `json:"revealed,omitempty"`
	// Scale and Labels of a rate; Axes and Quadrants of a matrix (the
	// defaults in the room's language where none were set).
	Scale     []int    `json:"scale,omitempty"`
	Labels    []string `json:"labels,omitempty"`
	Axes      []Axis   `json:"axes,omitempty"`
	Quadrants []string `json:"quadrants,omitempty"`
	// Target of a rate; Multiple and Answered (people who chose anything)
	// of a poll.
	Target   *Target `json:"target,omitempty"`
	Multiple bool    `json:"multiple,omitempty"`
	Answered *int    `json:"answered,omitempty"`
	Results  Results `json:"results"`
}

// ReportNote is one note with its outcome. Author is nil whenever the room
// is anonymous, so no export can name anyone there.
type ReportNote struct {
	ID         string  `json:"id"`
	ActivityID string  `json:"activity_id"`
	Text       string  `json:"text"`
	Column     string  `json:"column,omitempty"`
	Author     *string `json:"author"`
	// Cluster is the title of the group the note was sorted into (the
	// latest sorting of its brainstorm), nil when it is in none.
	Cluster *string `json:"cluster"`
	// Votes are the dots the note got in votes, not on the brainstorm's
	// board (those are in the brainstorm's results).
	Votes      int      `json:"votes"`
	RatingMean *float64 `json:"rating_mean"`
	// CreatedAt is empty in anonymous rooms: when a note was written can
	// say who wrote it to anyone who watched the room.
	CreatedAt string `json:"created_at,omitempty"`
}

// ReportCluster is a theme of notes, with the dots it got in votes.
type ReportCluster struct {
	ID         string   `json:"id"`
	ActivityID string   `json:"activity_id"`
	Title      string   `json:"title"`
	NoteIDs    []string `json:"note_ids"`
	Votes      int      `json:"votes"`
}

// ReportOptions choose what a report leaves out.
type ReportOptions struct {
	// NoNames leaves authors out even where the room may name them.
	NoNames bool
	// Location is the time zone of the report's date (nil: local time).
	Location *time.Location
	// MinGroup is the fewest answers to an item an anonymous room's report
	// shows counts for (0: DefaultMinGroup).
	MinGroup int
}

// defaultNames are "Participant 3" in each room language: the report is
// read by the people who were in the room.
var defaultNames = map[string]string{"sv": "Deltagare", "nb": "Deltaker", "en": "Participant"}

// DefaultName is how a participant without a chosen name is called in an
// export of a room in lang.
func DefaultName(p Person, lang string) string {
	if p.Name != "" {
		return p.Name
	}
	word, ok := defaultNames[lang]
	if !ok {
		word = defaultNames["en"]
	}
	return word + " " + strconv.Itoa(p.Number)
}

// Report builds the export of the room with code from its log.
func (h *Hub) Report(ctx context.Context, code string, opt ReportOptions) (Report, error) {
	s, err := h.stored(ctx, code)
	if err != nil {
		return Report{}, err
	}
	return s.report(opt), nil
}

func (s *state) report(opt ReportOptions) Report {
	loc := opt.Location
	if loc == nil {
		loc = time.Local
	}
	rep := Report{
		Room: ReportRoom{
			Code:      s.info.Code,
			Title:     s.info.Title,
			CreatedAt: s.info.CreatedAt.UTC().Format(time.RFC3339),
			Date:      s.info.CreatedAt.In(loc).Format(time.DateOnly),
			Anonymity: string(s.info.Anonymity),
			Lang:      s.info.Lang,
			After:     s.after,
			// Only where names would otherwise be in it.
			NamesLeftOut: opt.NoNames && s.info.Anonymity != Anonymous,
		},
		Activities:   make([]ReportActivity, 0, len(s.activities)),
		Participants: s.participants(),
	}
	// The report is built on a state of its own (Hub.stored), so the
	// floor can be set for it alone.
	s.minGroup = opt.MinGroup
	for _, a := range s.activities {
		res := s.result(a)
		ra := ReportActivity{
			ID: a.ID, Kind: a.Kind, Title: a.Title, Prompt: a.Prompt, Columns: a.Columns, Source: a.Source,
			Private: a.Private, Secret: a.Secret, Revealed: a.Revealed, Results: res,
		}
		rep.Activities = append(rep.Activities, withSettings(ra, res))
	}
	rep.Clusters = s.reportClusters(rep.Activities)
	rep.Notes = s.reportNotes(rep.Clusters, opt)
	ratingMeans(rep.Notes, rep.Activities)
	return rep
}

// withSettings adds a rate's scale and labels, a matrix's axes and
// quadrants, as the results were computed with them.
func withSettings(ra ReportActivity, res Results) ReportActivity {
	switch r := res.(type) {
	case RateResults:
		ra.Scale = []int{r.Scale.Min, r.Scale.Max}
		if r.Labels != [2]string{} {
			ra.Labels = r.Labels[:]
		}
		ra.Target = r.Target
	case MatrixResults:
		ra.Axes, ra.Quadrants = r.Axes, r.Quadrants
	case PollResults:
		ra.Multiple, ra.Answered = r.Multiple, r.Answered
	}
	return ra
}

// ratingMeans sets each note's rating_mean from the latest rate activity
// that rated it (scales differ between rates, so they are not pooled).
func ratingMeans(notes []ReportNote, acts []ReportActivity) {
	means := map[string]*float64{}
	for _, a := range acts {
		if res, ok := a.Results.(RateResults); ok {
			for _, it := range res.Items {
				if it.ItemKind == ItemNote && it.Mean != nil {
					means[it.ItemID] = it.Mean
				}
			}
		}
	}
	for i := range notes {
		notes[i].RatingMean = means[notes[i].ID]
	}
}

// participants counts who took part: people who joined, less facilitators
// (by the log or the facilitators file) and people removed.
func (s *state) participants() int {
	n := 0
	for pid, p := range s.people {
		if !p.staff && !s.isFacilitator(pid) && !s.fac.removed[pid] {
			n++
		}
	}
	return n
}

// voteTotals adds up every vote activity's dots per item (note or group);
// a brainstorm's own dots are not votes.
func voteTotals(acts []ReportActivity) map[string]int {
	totals := map[string]int{}
	for _, a := range acts {
		if items, ok := a.Results.(VoteResults); ok {
			for _, it := range items {
				totals[it.ItemID] += it.Votes
			}
		}
	}
	return totals
}

func (s *state) reportClusters(acts []ReportActivity) []ReportCluster {
	votes := voteTotals(acts)
	out := []ReportCluster{}
	for _, a := range acts {
		groups, ok := a.Results.(ClusterResults)
		if !ok {
			continue
		}
		for _, g := range groups {
			out = append(out, ReportCluster{ID: g.GroupID, ActivityID: a.ID, Title: g.Title, NoteIDs: g.NoteIDs, Votes: votes[g.GroupID]})
		}
	}
	return out
}

func (s *state) reportNotes(clusters []ReportCluster, opt ReportOptions) []ReportNote {
	votes := voteTotals(nil)
	for _, a := range s.activities {
		if a.Kind == KindVote {
			for id, v := range s.ballotOf(a.ID).totals {
				votes[id] += v
			}
		}
	}
	// The latest sorting wins: clusters are in agenda order.
	groupOf := map[string]*string{}
	for i := range clusters {
		for _, id := range clusters[i].NoteIDs {
			groupOf[id] = &clusters[i].Title
		}
	}
	anonymous := s.info.Anonymity == Anonymous
	out := make([]ReportNote, 0, len(s.notes))
	for _, n := range s.notes {
		rn := ReportNote{ID: n.ID, ActivityID: n.ActivityID, Text: n.Text, Column: n.Column, Cluster: groupOf[n.ID], Votes: votes[n.ID]}
		if !anonymous {
			rn.CreatedAt = n.At.UTC().Format(time.RFC3339)
		}
		// Facilitators export; in "peers" rooms they may see names, in
		// anonymous rooms nobody may.
		if !anonymous && !opt.NoNames {
			if p, ok := s.people[n.author]; ok {
				name := DefaultName(Person{Number: p.number, Name: p.name}, s.info.Lang)
				rn.Author = &name
			}
		}
		out = append(out, rn)
	}
	if anonymous {
		// Nor the order they were written in: by activity, then dots, then text.
		sort.SliceStable(out, func(i, j int) bool {
			a, b := out[i], out[j]
			if a.ActivityID != b.ActivityID {
				return a.ActivityID < b.ActivityID
			}
			if a.Votes != b.Votes {
				return a.Votes > b.Votes
			}
			return a.Text < b.Text
		})
	}
	return out
}
