package tui

import "charm.land/bubbles/v2/key"

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
func DefaultKeyMap(t Text) KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", t.KeyUp)),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", t.KeyDown)),
		Left:     key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", t.KeyLeft)),
		Right:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", t.KeyRight)),
		New:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t.KeyNew)),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.KeyOpen)),
		Save:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.KeySave)),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t.KeyCancel)),
		Vote:     key.NewBinding(key.WithKeys("space", "+"), key.WithHelp("space/+", t.KeyVote)),
		Unvote:   key.NewBinding(key.WithKeys("-"), key.WithHelp("-", t.KeyUnvote)),
		NextPane: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t.KeyNextPane)),
		PrevPane: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", t.KeyPrevPane)),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", t.KeyHelp)),
		Quit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", t.KeyQuit)),
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
			Drop:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t.KeyGroupDrop)),
		},
	}
}

// helpKeys adapts a screen's bindings to bubbles' help.KeyMap.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
