package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// KeyMap is every key of samla's screens, as CONTRACT.md lists them. Screens
// pick the bindings that apply to them for help.
type KeyMap struct {
	Up, Down, Left, Right key.Binding
	New                   key.Binding
	Open                  key.Binding
	Save                  key.Binding
	Cancel                key.Binding
	Vote, Unvote          key.Binding
	NextPane, PrevPane    key.Binding
	Help                  key.Binding
	Quit                  key.Binding
	// Leave is q outside text fields: it asks, then leaves. Phone SSH
	// apps often have no ctrl key, and some no esc (Cancel has ctrl+g).
	Leave key.Binding
	// Plain switches to plain mode (lines for screen readers); Full back.
	Plain, Full key.Binding
	// Language cycles this person's language (sv, nb, en).
	Language key.Binding
	// Ready says "I am done with this activity" (and back).
	Ready key.Binding
	// Edit and Delete change one's own note while the activity is open.
	Edit, Delete key.Binding
	// Facilitators only.
	NextActivity, PrevActivity key.Binding
	Reveal, Private            key.Binding
	TimerSet, TimerPause       key.Binding
	TimerAdd, Focus, Lock      key.Binding
	Agenda, People             key.Binding
	// Groups are the grouping keys of a cluster (sort) activity.
	Groups GroupKeys
	// Context opens what the activity shows beside its work.
	Context key.Binding
	// Score are the keys of rate, matrix and rank activities.
	Score ScoreKeys
	// The facilitator's panels, the room list and plain mode.
	AgendaPanel AgendaKeys
	PeoplePanel PeopleKeys
	Rooms       RoomsKeys
	PlainView   PlainKeys
	// PollChoose: the digits pick a poll's options (kind_poll.go).
	PollChoose key.Binding
}

// ScoreKeys give marks: digits rate or place the selected item, or put it
// at a place in one's order; + and - move it; x takes the answer back.
type ScoreKeys struct {
	Rate, Place, At, Up, Down, Clear key.Binding
}

func scoreKeys(t *Text) ScoreKeys {
	digits := key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")
	return ScoreKeys{
		Rate:  key.NewBinding(digits, key.WithHelp("1–9/0", t.KeyRate)),
		Place: key.NewBinding(digits, key.WithHelp("1–9 1–9", t.KeyPlace)),
		At:    key.NewBinding(digits, key.WithHelp("1–9/0", t.KeyRankAt)),
		Up:    key.NewBinding(key.WithKeys("+"), key.WithHelp("+", t.KeyRankUp)),
		Down:  key.NewBinding(key.WithKeys("-"), key.WithHelp("-", t.KeyRankDown)),
		Clear: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t.KeyClearAnswer)),
	}
}

// AgendaKeys edit the agenda in its panel.
type AgendaKeys struct {
	Up, Down, Go                                   key.Binding
	AddBrainstorm, AddCluster, AddVote, AddResults key.Binding
	AddRate, AddMatrix, AddRank, AddPoll           key.Binding
	Dots, Columns, Rename, Delete                  key.Binding
	Items, Scale, Axes, Quadrants, Context         key.Binding
	MoveDown, MoveUp, Move, Close                  key.Binding
}

// help lists the agenda keys in the order the panel's help line shows them.
func (a AgendaKeys) help() []key.Binding {
	return []key.Binding{a.Go, a.AddBrainstorm, a.AddCluster, a.AddVote, a.AddRate, a.AddMatrix, a.AddRank, a.AddPoll, a.AddResults,
		a.Dots, a.Columns, a.Items, a.Scale, a.Axes, a.Quadrants, a.Context, a.Rename, a.Delete, a.Move, a.Close}
}

// PeopleKeys manage who is here, in the people panel.
type PeopleKeys struct {
	Up, Down, MakeFacilitator, Remove, CloseRoom, Close key.Binding
}

func (p PeopleKeys) help() []key.Binding {
	return []key.Binding{p.MakeFacilitator, p.Remove, p.CloseRoom, p.Close}
}

// RoomsKeys choose among a facilitator's rooms in the lobby.
type RoomsKeys struct {
	Up, Down, Choose, Join, Agenda, New, Back key.Binding
	// NextRound makes the next round of the chosen room (its agenda).
	NextRound key.Binding
}

func (r RoomsKeys) help() []key.Binding {
	return []key.Binding{r.Choose, r.Join, r.Agenda, r.New, r.NextRound, r.Back}
}

// PlainKeys are plain mode's keys: one key an action, said as a sentence.
type PlainKeys struct {
	New, Next, Prev, Read, ReadAll, Vote, Unvote, Ready key.Binding
	Info, Jump, Edit, Delete                            key.Binding
	Status, Full, Language, Help, Quit, Leave           key.Binding
	Sort                                                PlainSortKeys
}

func (p PlainKeys) help() []key.Binding {
	return []key.Binding{p.New, p.Next, p.Prev, p.Jump, p.Read, p.ReadAll, p.Vote, p.Unvote,
		p.Edit, p.Delete, p.Ready, p.Info, p.Status, p.Full, p.Language, p.Help, p.Quit, p.Leave}
}

// PlainSortKeys sort notes into groups in plain mode, by number.
type PlainSortKeys struct {
	With, Merge, TakeOut, Rename, Duplicate key.Binding
}

func (p PlainSortKeys) all() []key.Binding {
	return []key.Binding{p.With, p.Merge, p.TakeOut, p.Rename, p.Duplicate}
}

// GroupKeys are the keys that sort notes into groups on the board.
type GroupKeys struct {
	Pick, Move, TakeOut, Duplicate, Rename, Drop key.Binding
}

// all lists the grouping keys in the order help shows them.
func (g GroupKeys) all() []key.Binding {
	return []key.Binding{g.Pick, g.Move, g.TakeOut, g.Duplicate, g.Rename, g.Drop}
}

// DefaultKeyMap returns the contract's keys with help in t's language.
func DefaultKeyMap(t *Text) KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", t.KeyUp)),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", t.KeyDown)),
		Left:     key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", t.KeyLeft)),
		Right:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", t.KeyRight)),
		New:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t.KeyNew)),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.KeyOpen)),
		Save:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.KeySave)),
		Cancel:   key.NewBinding(key.WithKeys("esc", "ctrl+g"), key.WithHelp("esc/ctrl+g", t.KeyCancel)),
		Vote:     key.NewBinding(key.WithKeys("space", "+"), key.WithHelp("space/+", t.KeyVote)),
		Unvote:   key.NewBinding(key.WithKeys("-"), key.WithHelp("-", t.KeyUnvote)),
		NextPane: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t.KeyNextPane)),
		PrevPane: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", t.KeyPrevPane)),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", t.KeyHelp)),
		Quit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t.KeyQuit)),
		Leave:    key.NewBinding(key.WithKeys("q"), key.WithHelp("q", t.KeyLeave)),
		Plain:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t.KeyPlain)),
		Full:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", t.KeyFull)),
		Language: key.NewBinding(key.WithKeys("L"), key.WithHelp("L", t.KeyLanguage)),
		Ready:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t.KeyReady)),
		Edit:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", t.KeyEdit)),
		Delete:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", t.KeyDelete)),

		// . and , beside ] and [, which need AltGr on Swedish and Norwegian keyboards.
		NextActivity: key.NewBinding(key.WithKeys(".", "]"), key.WithHelp("./]", t.KeyNextActivity)),
		PrevActivity: key.NewBinding(key.WithKeys(",", "["), key.WithHelp(",/[", t.KeyPrevActivity)),
		Reveal:       key.NewBinding(key.WithKeys("R"), key.WithHelp("R", t.KeyReveal)),
		Private:      key.NewBinding(key.WithKeys("W"), key.WithHelp("W", t.KeyPrivate)),
		TimerSet:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", t.KeyTimerSet)),
		TimerPause:   key.NewBinding(key.WithKeys("T"), key.WithHelp("T", t.KeyTimerPause)),
		TimerAdd:     key.NewBinding(key.WithKeys("M"), key.WithHelp("M", t.KeyTimerAdd)),
		Focus:        key.NewBinding(key.WithKeys("F"), key.WithHelp("F", t.KeyFocus)),
		Lock:         key.NewBinding(key.WithKeys("K"), key.WithHelp("K", t.KeyLock)),
		Agenda:       key.NewBinding(key.WithKeys("A"), key.WithHelp("A", t.KeyAgenda)),
		People:       key.NewBinding(key.WithKeys("P"), key.WithHelp("P", t.KeyPeople)),
		Groups: GroupKeys{
			Pick:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.KeyGroupPick)),
			Move:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", t.KeyGroupMove)),
			TakeOut:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t.KeyGroupOut)),
			Duplicate: key.NewBinding(key.WithKeys("D"), key.WithHelp("D", t.KeyGroupDup)),
			Rename:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t.KeyGroupName)),
			Drop:      key.NewBinding(key.WithKeys("esc", "ctrl+g"), key.WithHelp("esc", t.KeyGroupDrop)),
		},
		AgendaPanel: agendaKeys(t),
		Score:       scoreKeys(t),
		Context:     key.NewBinding(key.WithKeys("v"), key.WithHelp("v", t.KeyContext)),
		PeoplePanel: PeopleKeys{
			Up:              key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", t.KeyUp)),
			Down:            key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", t.KeyDown)),
			MakeFacilitator: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", t.KeyMakeFacilitator)),
			Remove:          key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t.KeyRemovePerson)),
			// A capital, but it only asks: closing for good needs a yes.
			CloseRoom: key.NewBinding(key.WithKeys("C"), key.WithHelp("C", t.KeyCloseRoom)),
			Close:     key.NewBinding(key.WithKeys("esc", "ctrl+g", "P"), key.WithHelp("esc", t.KeyCancel)),
		},
		Rooms: RoomsKeys{
			Up:     key.NewBinding(key.WithKeys("up", "k")),
			Down:   key.NewBinding(key.WithKeys("down", "j")),
			Choose: key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", t.KeyRoomChoose)),
			Join:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.KeyRoomJoin)),
			Agenda: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", t.KeyRoomAgenda)),
			New:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t.KeyNewRoom)),
			Back:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t.KeyBackToCode)),
			// r, not a capital: it only asks for a title, changes no room.
			NextRound: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t.KeyNextRound)),
		},
		PlainView:  plainKeys(t),
		PollChoose: pollKey(t),
	}
}

func agendaKeys(t *Text) AgendaKeys {
	return AgendaKeys{
		Up:            key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", t.KeyUp)),
		Down:          key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", t.KeyDown)),
		Go:            key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.KeyAgendaGo)),
		AddBrainstorm: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", t.KeyAddBrainstorm)),
		AddCluster:    key.NewBinding(key.WithKeys("g"), key.WithHelp("g", t.KeyAddCluster)),
		AddVote:       key.NewBinding(key.WithKeys("v"), key.WithHelp("v", t.KeyAddVote)),
		AddResults:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t.KeyAddResults)),
		AddRate:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t.KeyAddRate)),
		AddMatrix:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", t.KeyAddMatrix)),
		AddRank:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o", t.KeyAddRank)),
		AddPoll:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", t.KeyAddPoll)),
		Dots:          key.NewBinding(key.WithKeys("b"), key.WithHelp("b", t.KeyAgendaDots)),
		Columns:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t.KeyAgendaColumns)),
		Rename:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", t.KeyAgendaRename)),
		Items:         key.NewBinding(key.WithKeys("i"), key.WithHelp("i", t.KeyAgendaItems)),
		Scale:         key.NewBinding(key.WithKeys("l"), key.WithHelp("l", t.KeyAgendaScale)),
		Axes:          key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t.KeyAgendaAxes)),
		Quadrants:     key.NewBinding(key.WithKeys("q"), key.WithHelp("q", t.KeyAgendaQuadrants)),
		Context:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t.KeyAgendaContext)),
		Delete:        key.NewBinding(key.WithKeys("d"), key.WithHelp("d", t.KeyAgendaDelete)),
		MoveDown:      key.NewBinding(key.WithKeys("J")),
		MoveUp:        key.NewBinding(key.WithKeys("K")),
		// Move only labels the pair in help.
		Move:  key.NewBinding(key.WithKeys("J", "K"), key.WithHelp("J/K", t.KeyAgendaMove)),
		Close: key.NewBinding(key.WithKeys("esc", "ctrl+g", "A"), key.WithHelp("esc", t.KeyCancel)),
	}
}

func plainKeys(t *Text) PlainKeys {
	return PlainKeys{
		New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t.KeyNew)),
		Next:    key.NewBinding(key.WithKeys("j", "down", "l", "right", "tab"), key.WithHelp("j", t.KeyNextPane)),
		Prev:    key.NewBinding(key.WithKeys("k", "up", "h", "left", "shift+tab"), key.WithHelp("k", t.KeyPrevPane)),
		Read:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.KeyOpen)),
		ReadAll: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", t.KeyReadAll)),
		Vote:    key.NewBinding(key.WithKeys("space", "+"), key.WithHelp("space/+", t.KeyVote)),
		Unvote:  key.NewBinding(key.WithKeys("-"), key.WithHelp("-", t.KeyUnvote)),
		Ready:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t.KeyReady)),
		Status:  key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t.KeyStatus)),
		Info:    key.NewBinding(key.WithKeys("i"), key.WithHelp("i", t.KeyInfo)),
		// A digit starts the number of the note to go to; # asks for it.
		Jump:     key.NewBinding(key.WithKeys("#", "1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1–9/#", t.KeyJump)),
		Edit:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", t.KeyEdit)),
		Delete:   key.NewBinding(key.WithKeys("d"), key.WithHelp("d", t.KeyDelete)),
		Full:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", t.KeyFull)),
		Language: key.NewBinding(key.WithKeys("L"), key.WithHelp("L", t.KeyLanguage)),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", t.KeyHelp)),
		Quit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t.KeyQuit)),
		Leave:    key.NewBinding(key.WithKeys("q"), key.WithHelp("q", t.KeyLeave)),
		Sort: PlainSortKeys{
			With:      key.NewBinding(key.WithKeys("g"), key.WithHelp("g", t.KeySortWith)),
			Merge:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", t.KeySortMerge)),
			TakeOut:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", t.KeyGroupOut)),
			Rename:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t.KeyGroupName)),
			Duplicate: key.NewBinding(key.WithKeys("D"), key.WithHelp("D", t.KeyGroupDup)),
		},
	}
}

// helpLine is keys as one line of "key what · key what", for a panel.
func helpLine(keys []key.Binding) string {
	parts := make([]string, 0, len(keys))
	for _, b := range keys {
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	return strings.Join(parts, " · ")
}

// sentence is keys as plain mode says them: "n new note. j next note".
func sentence(keys []key.Binding) string {
	parts := make([]string, 0, len(keys))
	for _, b := range keys {
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	return strings.Join(parts, ". ")
}

// helpKeys adapts a screen's bindings to bubbles' help.KeyMap.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// shortHelpLine is bubbles' one-line help, never wider than the screen:
// when the keys shown so far fill the line exactly, help.Model adds the
// next one anyway (its ellipsis does not fit, and it then adds the item),
// and the line wraps and pushes the board up.
func shortHelpLine(h help.Model, keys []key.Binding, width int) string {
	return ansi.Truncate(h.ShortHelpView(keys), width, "…")
}
