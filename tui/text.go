package tui

import (
	"fmt"
	"time"
)

// Text is every string a person reads, in one language. Strings with verbs
// are format strings; each language must keep the same verbs in the same
// order.
type Text struct {
	DotsHidden           string
	ConfirmRevealAnswers string
	KeyAddPoll           string
	// A rate's target in words, and the round before in a series.
	TargetLine, TargetMet, TargetNotMet, RateBefore string
	ContextLoose                                    string
	// What an activity shows beside its work.
	ContextFrom, ContextMore, KeyContext, ContextTitle, KeyAgendaContext, AgendaContext                                                     string
	KeyPollChoose, PollHint, YourChoice                                                                                                     string
	PollNoOption                                                                                                                            string // %d: options
	PollOption                                                                                                                              string // %d, %d of, %s option
	PollOptions, PollMultiple                                                                                                               string // %s: the options
	PollSecret, PollWithheld, PollResults                                                                                                   string // %d answered / smallest group; %d, %s
	PollCount                                                                                                                               string // %d count, %d per cent
	PollAnswered                                                                                                                            string // %d people
	PollBefore                                                                                                                              string // %s: the share then
	PollCompared                                                                                                                            string // %s code, %s: options then → now
	PollPercent                                                                                                                             string // %d per cent
	PollSecretHint                                                                                                                          string
	KeyNextRound                                                                                                                            string
	NextRoundTitle                                                                                                                          string // %s: the earlier room's code	// The agenda's settings of rate, matrix and rank activities.
	KeyAgendaItems, KeyAgendaScale, KeyAgendaAxes, KeyAgendaQuadrants, AgendaItems, AgendaScale, AgendaAxes, AgendaQuadrants, ErrScoringBad string
	AnswersHidden                                                                                                                           string
	// Rate, matrix and rank: keys, hints, one's own answer, the outcome.
	KeyAddRate, KeyAddMatrix, KeyAddRank, KeyRate, KeyPlace, KeyRankAt, KeyRankUp, KeyRankDown, KeyClearAnswer, RateHint, MatrixHint, RankHint, MatrixNext, YourRating, NotRated, NotPlaced, YourPlace, NotRanked, Withheld, MeanWord, NoAnswers, ScaleIs, RankFigures, AnsweredOf, ErrOutOfScale, ErrClosedActivity, ErrRankTooLong, PlainAnswered string
	KeyCloseRoom                                                                                                                                                                                                                                                                                                                                    string
	AgendaDeleteAsk                                                                                                                                                                                                                                                                                                                                 string // %s: the activity
	// Plain mode telling an activity, one's own notes, the agenda and people.
	PlainActivity    string // %d of %d: the title
	PlainVoteRules   string // %d dots, at most %d on one
	PlainResults     string // %s: the ranking
	PlainNoResults   string
	PlainGaveSecret  string // %d: dots left
	PlainTookSecret  string // %d: dots left
	PlainShownNow    string // %d: notes
	KeyInfo, KeyJump string
	PlainJump        string // %d: the last number
	PlainReady       string
	PlainNotReady    string
	PlainEdit        string
	PlainChanged     string // %s: the note
	PlainDeleted     string // %s: the note
	PlainInPhase     string // %s: the phase
	PlainSavedIn     string // %s: the phase, %s: the note
	LanguageIs       string
	PlainAgenda      string // %s: the activities
	PlainAgendaNow   string
	PlainAgendaGo    string // %d: the last number
	PlainPeople      string // %s: who
	PlainGroupRename string // %s: the group's title now
	PlainBadActivity string // %d: the last number
	// Questions before a key that changes the room for everyone for good.
	ConfirmReveal, ConfirmLock string
	// Keys of the plain view, the agenda, people and rooms panels; the
	// help lines are drawn from the KeyMap with these.
	KeyReadAll, KeyStatus, KeySortWith, KeySortMerge                     string
	KeyAgendaGo, KeyAddBrainstorm, KeyAddCluster, KeyAddVote             string
	KeyAddResults, KeyAgendaDots, KeyAgendaColumns, KeyAgendaRename      string
	KeyAgendaDelete, KeyAgendaMove, KeyMakeFacilitator, KeyRemovePerson  string
	KeyRoomChoose, KeyRoomJoin, KeyRoomAgenda, KeyNewRoom, KeyBackToCode string
	// Code is the language's code (sv, nb, en); it is not shown.
	Code string

	KeyUp, KeyDown, KeyLeft, KeyRight string
	KeyNew, KeyOpen, KeySave          string
	KeyCancel, KeyVote, KeyUnvote     string
	KeyNextPane, KeyPrevPane          string
	KeyHelp, KeyQuit                  string
	KeyLeave, LeaveAsk                string // q leaves after a yes: phone apps may lack ctrl
	KeyPlain, KeyFull                 string
	KeyLanguage                       string
	LanguageName                      string // this language, in itself
	KeyReady                          string
	KeyEdit, KeyDelete                string
	EditTitle                         string
	DeleteAsk                         string
	KeyNextActivity, KeyPrevActivity  string
	KeyReveal, KeyPrivate             string
	KeyTimerSet, KeyTimerPause        string
	KeyTimerAdd, KeyFocus, KeyLock    string
	KeyAgenda, KeyPeople              string
	// Grouping keys in a cluster (sort) activity.
	KeyGroupPick, KeyGroupMove, KeyGroupOut string
	KeyGroupDup, KeyGroupName, KeyGroupDrop string
	PeopleTitle                             string
	RemoveAsk                               string // %s: who
	// MakeFacAsk and UnmakeFacAsk ask before f gives or takes away a
	// co-facilitator's rights; %s: who.
	MakeFacAsk, UnmakeFacAsk string
	ErrStaysFac              string
	Done                     string

	Facilitator string
	ReadyOf     string // %d ready of %d
	ReadyMe     string
	Locked      string
	TimeLeft    string // %s: m:ss
	TimesUp     string
	Paused      string // %s: m:ss
	// The timer in plain mode, in words (no symbol, no m:ss), and the
	// words for a duration: "1 minute", "%d minutes", "%s and %s".
	TimeLeftSpoken, TimesUpSpoken, PausedSpoken string
	MinuteOne, MinutesMany, SecondOne           string
	SecondsMany, And                            string
	PrivateLine                                 string // %d notes by others
	Revealed                                    string
	FocusAsked                                  string
	Removed                                     string
	ActivityOf                                  string // %d of %d
	TimerPrompt                                 string
	TimerBad                                    string
	AgendaTitle                                 string
	AgendaNew                                   string // %s: the kind
	AgendaDots                                  string
	AgendaColumns                               string
	EditorIn                                    string // %s: the column
	Rank                                        string // %d
	VotedOf                                     string // %d have voted
	SecretVote                                  string
	VotesRevealed                               string // %s: the ranking
	ErrNoNotes                                  string
	Picked                                      string // %s: the note
	PickedGroup                                 string
	GroupName                                   string
	DuplicateMark                               string
	ClusterHelp                                 string
	ErrNoGroup                                  string
	ErrNotYours                                 string
	ErrClosed                                   string
	ErrFacSort                                  string
	ErrBudget                                   string
	ErrNoVoting                                 string
	AgendaRename                                string
	AgendaPrompt                                string
	StillWorking                                string // %s: names
	ErrNotFac                                   string
	ErrLocked                                   string
	ErrRemoved                                  string
	ErrLast                                     string

	LobbyTitle          string
	LobbyIntro          string
	LobbyPrompt         string
	LobbyBadCode        string // %s: what they typed
	LobbyNoRoom         string // %s: the code
	LobbyJoining        string // %s: the code
	LobbyUnavailable    string
	LobbyTooManyGuesses string // %d minutes
	YourRooms           string
	NoRooms             string
	RoomsTab            string
	NewRoomTitle        string
	NewRoomNames        string
	NewRoomLang         string // %s: the name of the language enter keeps
	NewRoomTemplate     string // %s: the templates
	ErrTemplate         string // %s: the templates
	ErrTitle            string

	IdleWarning string // %s: a duration
	IdleGone    string // %s: a duration
	Minutes     string // %d
	Seconds     string // %d

	NameTitle       string
	NameIntroNamed  string
	NameIntroPeers  string
	NameDefault     string // %s: the default name
	NamePlaceholder string

	AnonTitle   string
	AnonExplain string
	AnonBadge   string
	PeersBadge  string
	PressEnter  string

	Online        string // %d people online
	You           string // %s: your name
	Participant   string // %d: participant number
	DotsLeft      string // %d of %d
	NoNotes       string
	MoreBelow     string // %d cards not shown below the last row
	Mine          string
	YourDots      string // %d
	Votes         string // %d
	VotesOne      string
	NoteOf        string // %d of %d
	ByAuthor      string // %s
	EditorTitle   string
	EditorCounter string // %d of %d
	EditorTooLong string // %d characters too many
	// EditorTooLongOne is EditorTooLong for one character.
	EditorTooLongOne string
	Saving           string
	DraftBack        string
	Saved            string
	HelpTitle        string
	HelpClose        string
	Close            string

	PlainIntro     string
	PlainCode      string
	PlainName      string // %s: the default name
	PlainRoom      string // %s title, %s code, %s who sees names
	PlainNamed     string
	PlainPeers     string
	PlainAnonymous string
	PlainStatus    string // %s activity (a sentence), %s notes (NoteOne or NotesMany), %d online, %d dots left, %d budget
	// A count of notes said aloud: "1 lapp", "%d lappar". Every count that
	// is said gets its singular: never "1 lappar".
	NoteOne, NotesMany string
	PlainKeys          string // %s: the keys, "n new note. …"
	PlainNote          string // %d, %d of, %s text (a whole sentence), %s details
	// GroupNext stands between the notes of a group read aloud, where the
	// screen shows "·", which screen readers read as "dot" or not at all.
	GroupNext      string
	PlainNoNotes   string
	PlainNewNote   string // %s text
	PlainNewNoteBy string // %s text, %s author
	PlainDots      string // %s: list of notes and their dots
	PlainDotsItem  string // %s text, %d dots
	PlainWrite     string
	PlainSaved     string // %s text
	PlainClosed    string
	PlainGave      string // %d dots now, %d left
	PlainTook      string // %d dots now, %d left
	PlainAll       string // %s notes
	PlainAllOne    string
	PlainMissed    string // %d lines
	PlainMissedOne string
	PlainYours     string
	PlainGroups    string // %s: the groups
	PlainNoFull    string
	Switching      string

	TooSmall   string // %d, %d wanted; %d, %d now
	RoomClosed string

	WallJoin       string // %s: the ssh command
	WallLocked     string // instead of WallJoin while the room is locked
	WallPrivate    string // %d notes
	WallSecret     string
	WallOnly       string
	WallAsPart     string
	WallOtherCode  string
	WallNoNotes    string
	WallHint       string // %s: the ssh command
	PlainFacKeys   string // %s: the keys
	PlainGroupWith string // %d notes
	PlainMergeWith string // %d notes
	PlainBadNumber string // %d notes
	PlainBadColumn string // %d columns
	PlainColumn    string // %s: the numbered columns
	PlainCancelled string
	// TooLong says that typed or pasted text passed the cap and was cut.
	TooLong       string
	PasteCut      string // %d: the note limit; a paste into the editor was cut to it
	PlainSortKeys string // %s: the sorting keys
	PlainInGroup  string // %s: the group
	PlainDup      string // %s: the note
	PlainMovedOn  string
	PlainNotDup   string // %s: the note
	KeyScrollUp   string
	KeyScrollDown string

	ErrEmptyNote    string
	ErrNoteTooLong  string // %d
	ErrTooManyNotes string // %d
	// ErrTooManyNotesOne and ErrItemFullOne are the two for a limit of 1.
	ErrTooManyNotesOne, ErrItemFullOne string
	ErrSlowDown                        string // %d seconds
	ErrNameTooLong                     string // %d
	ErrNoSuchNote                      string
	ErrNoDotsLeft                      string
	ErrItemFull                        string // %d
	ErrNoDotToTake                     string
	ErrNoNote                          string
	ErrSave                            string
	WallPrivateFew                     string
	WallPrivateAbout                   string // %d: about how many notes
	// PrivateLineFew and PrivateLineAbout: the same for a participant's
	// line about the others' notes.
	PrivateLineFew   string
	PrivateLineAbout string // %d: about how many notes

	// PeopleCount (%d here, %d of them done, %d facilitators) and
	// PeopleAnon: the people panel of an anonymous room, which lists
	// nobody. CloseAsk asks before closing; ErrRoomClosed: after.
	PeopleCount, PeopleAnon string
	CloseAsk, ErrRoomClosed string

	// People without a key from one address share limits and dots
	// (session.ErrSourceDotsSpent, SlowDown.Source); some rooms let in
	// only people with a key (session.ErrKeyRequired).
	ErrSourceSlowDown  string // %d seconds
	ErrSourceDotsSpent string
	ErrSourceNotes     string // %d: notes per person
	ErrKeyRequired     string
	ErrDiskFull        string
}

// English is samla's source language. A function, not a variable, so no
// session can change another's strings.
func English() Text {
	return Text{
		DotsHidden:           "dots hidden",
		ConfirmRevealAnswers: "Show everyone's answers to the whole room now? (y/n) ",
		KeyAddPoll:           "poll",
		TargetLine:           "%d of %d (%s) gave %d or more; target %s: %s",
		TargetMet:            "met",
		TargetNotMet:         "not met",
		RateBefore:           "round before: mean %s, n %d",
		ContextLoose:         "In no group",
		ContextFrom:          "From %s:",
		ContextMore:          "v shows all of it",
		KeyContext:           "see what is beside",
		ContextTitle:         "Beside this activity",
		KeyAgendaContext:     "show beside it",
		AgendaContext:        "Show beside it: the number of an earlier activity, or a text (empty: nothing): ",
		KeyPollChoose:        "choose an option",
		PollHint:             "Choose an option with its number; press it again to take it back.",
		YourChoice:           "your choice",
		PollNoOption:         "There is no such option: this poll has %d.",
		PollOption:           "Option %d of %d: %s",
		PollOptions:          "Options: %s.",
		PollMultiple:         "You may choose more than one.",
		PollSecret:           "%d have answered; the answers show when the facilitator reveals them.",
		PollWithheld:         "Fewer than %d answered, so this anonymous room shows no counts.",
		PollResults:          "%d answered: %s.",
		PollCount:            "%d (%d%%)",
		PollAnswered:         "%d answered.",
		PollBefore:           "before %s",
		PollCompared:         "The round before (%s), then now: %s.",
		PollPercent:          "%d%%",
		PollSecretHint:       "Secret: you see only your own choice until the facilitator reveals the answers.",
		KeyNextRound:         "next round",
		NextRoundTitle:       "Title of the next round of %s (same agenda): ",
		KeyAgendaItems:       "statements",
		KeyAgendaScale:       "scale and ends",
		KeyAgendaAxes:        "axes",
		KeyAgendaQuadrants:   "quadrants",
		AgendaItems:          "Statements to rate, with | between them: ",
		AgendaScale:          "Scale and its two ends, e.g. 1-6 not at all | completely: ",
		AgendaAxes:           "Two axes, e.g. Impact 1-5 | Effort 1-5: ",
		AgendaQuadrants:      "Four quadrants, with | between them: ",
		ErrScoringBad:        "That setting could not be used: %s",
		AnswersHidden:        "Answers stay hidden until the facilitator reveals them.",
		KeyAddRate:           "scale 1–6",
		KeyAddMatrix:         "matrix",
		KeyAddRank:           "ranking",
		KeyRate:              "rate",
		KeyPlace:             "place on both axes",
		KeyRankAt:            "put at that place",
		KeyRankUp:            "move up",
		KeyRankDown:          "move down",
		KeyClearAnswer:       "take answer back",
		RateHint:             "Give each item a number from %d to %d with the digit keys; x takes it back.",
		MatrixHint:           "Place each item: type %s (%d–%d), then %s (%d–%d); x takes it back.",
		RankHint:             "Put up to %d items in your order: + and - move the selected one, a digit puts it at that place, x takes it out.",
		MatrixNext:           "%s: %d. Now %s (%d–%d).",
		YourRating:           "your answer: %d",
		NotRated:             "not rated yet",
		NotPlaced:            "not placed yet",
		YourPlace:            "your place: %d",
		NotRanked:            "not in your order",
		Withheld:             "fewer than 3 answers: not shown, so nobody can be singled out",
		MeanWord:             "mean",
		NoAnswers:            "no answers",
		ScaleIs:              "Scale %d–%d",
		RankFigures:          "Borda %d · mean place %s · places %d–%d · n %d",
		AnsweredOf:           "%d have answered",
		ErrOutOfScale:        "Choose a number from %d to %d.",
		ErrClosedActivity:    "The room has moved on, so that answer was not saved.",
		ErrRankTooLong:       "Your order holds at most %d items; take one out with x first.",
		PlainAnswered:        "Saved: %s.",
		KeyCloseRoom:         "close room for good",
		AgendaDeleteAsk:      "Delete the activity %s and what was written in it? (y/n) ",
		PlainActivity:        "Activity %d of %d: %s",
		PlainVoteRules:       "You have %d dots, at most %d on one note.",
		PlainResults:         "Results: %s.",
		PlainNoResults:       "Results: no dots were given.",
		PlainGaveSecret:      "Dot given. You have %d left.",
		PlainTookSecret:      "Dot taken back. You have %d left.",
		PlainShownNow:        "%d notes are shown now; a reads them all.",
		KeyInfo:              "question and rules",
		KeyJump:              "go to note number",
		PlainJump:            "Go to note number (1 to %d): ",
		PlainReady:           "You are marked as done.",
		PlainNotReady:        "You are no longer marked as done.",
		PlainEdit:            "Change your note, enter saves, escape closes: ",
		PlainChanged:         "Changed: %s",
		PlainDeleted:         "Deleted: %s",
		PlainInPhase:         "in phase %s",
		PlainSavedIn:         "Saved in %s: %s",
		LanguageIs:           "Language: English.",
		PlainAgenda:          "Agenda: %s.",
		PlainAgendaNow:       "now",
		PlainAgendaGo:        "Go to activity number (1 to %d), or enter to stay: ",
		PlainPeople:          "Here now: %s.",
		PlainGroupRename:     "New name for the group %s: ",
		PlainBadActivity:     "Write an activity number from 1 to %d.",
		ConfirmReveal:        "Show everyone's notes and dots to the whole room now? (y/n) ",
		ConfirmLock:          "Lock the room, so nobody new gets in? (y/n) ",
		KeyReadAll:           "read all notes",
		KeyStatus:            "status",
		KeySortWith:          "put with another note",
		KeySortMerge:         "merge with a group",
		KeyAgendaGo:          "go",
		KeyAddBrainstorm:     "brainstorm",
		KeyAddCluster:        "groups",
		KeyAddVote:           "vote",
		KeyAddResults:        "results",
		KeyAgendaDots:        "dots",
		KeyAgendaColumns:     "columns",
		KeyAgendaRename:      "rename",
		KeyAgendaDelete:      "delete",
		KeyAgendaMove:        "move",
		KeyMakeFacilitator:   "co-facilitator on/off",
		KeyRemovePerson:      "remove from the room",
		KeyRoomChoose:        "choose",
		KeyRoomJoin:          "join",
		KeyRoomAgenda:        "agenda",
		KeyNewRoom:           "new room",
		KeyBackToCode:        "back to the code",
		PlainKeys:            "Keys: %s.",
		PlainSortKeys:        "Keys for this activity: %s.",
		Code:                 "en",
		KeyUp:                "up", KeyDown: "down", KeyLeft: "left", KeyRight: "right",
		KeyNew: "new note", KeyOpen: "read note", KeySave: "save",
		KeyCancel: "close", KeyVote: "give a dot", KeyUnvote: "take a dot back",
		KeyNextPane: "next note", KeyPrevPane: "previous note",
		KeyHelp: "all keys", KeyQuit: "leave",
		KeyLeave: "leave (asks first)", LeaveAsk: "Leave the room? (y/n) ",
		KeyPlain: "plain mode", KeyFull: "full screen",
		KeyLanguage:     "language (språk)",
		LanguageName:    "English",
		KeyReady:        "I am done",
		KeyEdit:         "change my note",
		KeyDelete:       "delete my note",
		EditTitle:       "Change your note",
		DeleteAsk:       "Delete this note and its dots? (y/n) ",
		KeyNextActivity: "next activity", KeyPrevActivity: "previous activity",
		KeyReveal: "reveal notes", KeyPrivate: "private writing",
		KeyTimerSet: "set timer", KeyTimerPause: "pause timer",
		KeyTimerAdd: "add a minute", KeyFocus: "all look here", KeyLock: "lock room",
		KeyAgenda:    "agenda",
		KeyPeople:    "people",
		KeyGroupPick: "pick / drop note", KeyGroupMove: "merge groups", KeyGroupOut: "take out of group",
		KeyGroupDup: "mark duplicate", KeyGroupName: "name the group", KeyGroupDrop: "put back",
		PeopleTitle:  "People here",
		RemoveAsk:    "Remove %s from the room for good? (y/n) ",
		MakeFacAsk:   "Make %s co-facilitator? They can then do all you can. (y/n) ",
		UnmakeFacAsk: "Make %s a participant again, no longer co-facilitator? (y/n) ",
		ErrStaysFac:  "That facilitator stays one: the room's creator, you yourself, or a key in the server's facilitators file.",
		Done:         "done",

		Facilitator:    "facilitator",
		ReadyOf:        "%d of %d done",
		ReadyMe:        "you are done",
		Locked:         "locked",
		TimeLeft:       "⏱ %s",
		TimesUp:        "⏱ time's up",
		Paused:         "⏱ %s paused",
		TimeLeftSpoken: "Time left: %s.", TimesUpSpoken: "Time is up.", PausedSpoken: "The clock is paused: %s left.",
		MinuteOne: "1 minute", MinutesMany: "%d minutes", SecondOne: "1 second", SecondsMany: "%d seconds", And: "%s and %s",
		PrivateLine:   "Private writing: only you see your notes. Others have written %d.",
		Revealed:      "All notes are shown now.",
		FocusAsked:    "The facilitator asks everyone to look at this note.",
		Removed:       "The facilitator has removed you from this room.",
		ActivityOf:    "%d of %d",
		TimerPrompt:   "Minutes (5, or 2:30): ",
		TimerBad:      "Write minutes, like 5 or 2:30.",
		AgendaTitle:   "Agenda",
		AgendaNew:     "New activity (%s), title: ",
		AgendaDots:    "Dots per person, and most on one note: ",
		AgendaColumns: "Columns, separated by commas (empty: none): ",
		EditorIn:      "New note in %s (tab: next column)",
		Rank:          "#%d",
		VotedOf:       "%d have voted",
		SecretVote:    "Secret vote: you see only your own dots until the facilitator reveals them.",
		VotesRevealed: "Votes revealed: %s",
		ErrNoNotes:    "Notes are written in a brainstorm, not here.",
		Picked:        "Picked up %s: move to a note and press enter to put it there (esc: no).",
		PickedGroup:   "Picked up the group: move to a note of another group and press enter to merge.",
		GroupName:     "Group name: ",
		DuplicateMark: "duplicate",
		ClusterHelp:   "Sort the notes into groups: enter pick up and put down · m merge groups · x take out · c name the group · D duplicate",
		ErrNoGroup:    "This note is in no group yet.",
		ErrNotYours:   "You can only change your own notes.",
		ErrClosed:     "That activity is closed; its notes stay as they are.",
		ErrFacSort:    "Here only the facilitators sort the notes.",
		ErrBudget:     "Write two numbers, like 5 3: dots per person, and most on one note.",
		ErrNoVoting:   "No dots here: this shows the results.",
		AgendaRename:  "Title: ",
		AgendaPrompt:  "Question for everyone (optional): ",
		StillWorking:  "Still working: %s",
		ErrNotFac:     "Only facilitators can do that.",
		ErrLocked:     "This room is locked. Ask the facilitator to let you in.",
		ErrRemoved:    "You were removed from this room.",
		ErrLast:       "A room needs at least one activity.",

		LobbyTitle:          "Welcome to samla",
		LobbyIntro:          "Type the room code you were given (6 letters and digits, like K7QX2M) and press enter.",
		LobbyPrompt:         "Room code: ",
		LobbyBadCode:        "%q is not a room code. Codes have 6 letters and digits, like K7QX2M.",
		LobbyNoRoom:         "There is no room with the code %s. Check the code, or ask the facilitator.",
		LobbyJoining:        "Joining %s …",
		LobbyUnavailable:    "The room could not be opened just now. Please try again.",
		LobbyTooManyGuesses: "Too many wrong codes from your network, or from everyone at once. Please wait %d min, or ask the facilitator for the code.",
		YourRooms:           "Your rooms",
		NoRooms:             "No rooms yet. Press tab, then n to make one.",
		RoomsTab:            "tab: your rooms",
		NewRoomTitle:        "Title of the new room: ",
		NewRoomNames:        "Who sees names? n everyone, p only facilitators, a nobody (anonymous): ",
		NewRoomLang:         "Language of the room? s svenska, n norsk, e English (enter: %s): ",
		NewRoomTemplate:     "Start with (enter: one brainstorm; or %s): ",
		ErrTemplate:         "There is no such template. Choose one of %s, or press enter.",
		ErrTitle:            "A room needs a title of 1 to 80 characters.",

		IdleWarning: "Still there? Press any key within %s to stay connected.",
		IdleGone:    "samla: you were disconnected after %s without a key press. Connect again to continue; nothing you saved is lost.",
		Minutes:     "%d min",
		Seconds:     "%d s",

		NameTitle:       "What should others call you?",
		NameIntroNamed:  "Everyone in the room sees your name next to your notes.",
		NameIntroPeers:  "Only the facilitators see your name. Other participants see no names.",
		NameDefault:     "Leave it empty to be called %s.",
		NamePlaceholder: "Your name",

		AnonTitle:   "This room is anonymous",
		AnonExplain: "Nobody can see who wrote what: not the other participants, not the facilitator, and not the files on the server. Your notes and dots are saved without your name or anything that identifies your computer.",
		AnonBadge:   "anonymous",
		PeersBadge:  "names hidden",
		PressEnter:  "Press enter to start.",

		Online:           "%d online",
		You:              "you: %s",
		Participant:      "Participant %d",
		DotsLeft:         "dots left: %d of %d",
		NoNotes:          "No notes yet. Press n to write the first one.",
		MoreBelow:        "↓ %d more below",
		Mine:             "yours",
		YourDots:         "you: %d",
		Votes:            "%d dots",
		VotesOne:         "1 dot",
		NoteOf:           "Note %d of %d",
		ByAuthor:         "by %s",
		EditorTitle:      "New note",
		EditorCounter:    "%d of %d characters",
		EditorTooLong:    "%d characters too many",
		EditorTooLongOne: "1 character too many",
		Saving:           "Saving …",
		DraftBack:        "Your unsent note is back. Press enter to save it.",
		Saved:            "Saved.",
		HelpTitle:        "Keys",
		HelpClose:        "Press ? or esc to close.",
		Close:            "close",

		PlainIntro:     "samla, plain mode: every change is a new line.",
		PlainCode:      "Room code: ",
		PlainName:      "Your name (press enter to be called %s): ",
		PlainRoom:      "Room %s, code %s. %s",
		PlainNamed:     "Everyone sees names.",
		PlainPeers:     "Only the facilitators see names.",
		PlainAnonymous: "This room is anonymous: nobody can see who wrote what.",
		PlainStatus:    "%s %s. %d online. You have %d of %d dots left.",
		NoteOne:        "1 note", NotesMany: "%d notes",
		PlainNote:      "Note %d of %d: %s %s.",
		GroupNext:      "Next note:",
		PlainNoNotes:   "No notes yet. Press n to write one.",
		PlainNewNote:   "New note: %s",
		PlainNewNoteBy: "New note: %s (by %s)",
		PlainDots:      "Dots now: %s.",
		PlainDotsItem:  "%s: %d",
		PlainWrite:     "New note, enter saves, escape closes: ",
		PlainSaved:     "Saved: %s",
		PlainClosed:    "Closed. Your text is kept; n opens it again.",
		PlainGave:      "Dot given. The note has %d, you have %d left.",
		PlainTook:      "Dot taken back. The note has %d, you have %d left.",
		PlainAll:       "All %s:",
		PlainAllOne:    "The only note:",
		PlainMissed:    "(%d updates were skipped because the connection was slow)",
		PlainMissedOne: "(1 update was skipped because the connection was slow)",
		PlainYours:     "you wrote it",
		PlainGroups:    "Groups: %s.",
		PlainNoFull:    "This terminal (TERM=dumb) cannot show the full screen.",
		Switching:      "Switching …",

		TooSmall:   "Please make the window larger: samla needs %d×%d, this one is %d×%d.",
		RoomClosed: "The room was closed by the server. Please connect again.",

		WallJoin:       "Join with: %s",
		WallLocked:     "The room is locked: nobody new can join now.",
		WallPrivate:    "Private writing: %d notes so far. Everyone sees them when the facilitator reveals them.",
		WallSecret:     "Secret vote: the dots are shown when the facilitator reveals them.",
		WallOnly:       "The projector view is only for the facilitators of this room.",
		WallAsPart:     "Press enter to join as a participant, or ctrl+c to leave.",
		WallOtherCode:  "Press enter to type another code, or ctrl+c to leave.",
		WallNoNotes:    "No notes yet.",
		WallHint:       "For the projector: %s",
		PlainFacKeys:   "Facilitator keys: %s.",
		PlainGroupWith: "Put it with note number (1 to %d): ",
		PlainMergeWith: "Merge its group with the group of note number (1 to %d): ",
		PlainBadNumber: "Write a note number from 1 to %d.",
		PlainBadColumn: "Write a column number from 1 to %d.",
		PlainColumn:    "Which column? %s. Number, or enter for 1: ",
		PlainCancelled: "Cancelled.",
		TooLong:        "That text was too long, so the rest was cut off.",
		PasteCut:       "The paste was cut to fit: a note has at most %d characters.",
		PlainInGroup:   "in group %s",
		PlainDup:       "Marked as a duplicate: %s",
		PlainMovedOn:   "The room has moved on to another activity, so that answer was not used.",
		PlainNotDup:    "No longer a duplicate: %s",
		KeyScrollUp:    "scroll up",
		KeyScrollDown:  "scroll down",

		ErrEmptyNote:       "The note is empty; write something first.",
		ErrNoteTooLong:     "A note can have at most %d characters.",
		ErrTooManyNotes:    "You have written %d notes here, the most one person can. Thank you!",
		ErrTooManyNotesOne: "You have written 1 note here, the most one person can. Thank you!",
		ErrSlowDown:        "Slow down a little: you can do that again in %d s.",
		ErrNameTooLong:     "A name can have at most %d characters.",
		ErrNoSuchNote:      "That note is gone.",
		ErrNoDotsLeft:      "You have no dots left. Take one back with - to move it.",
		ErrItemFull:        "You can give one note at most %d dots.",
		ErrItemFullOne:     "You can give one note at most 1 dot.",
		ErrNoDotToTake:     "You have no dot on this note.",
		ErrNoNote:          "Select a note first.",
		ErrSave:            "That could not be saved. Please try again.",
		WallPrivateFew:     "Private writing: a few notes so far. Everyone sees them when the facilitator reveals them.",
		WallPrivateAbout:   "Private writing: about %d notes so far. Everyone sees them when the facilitator reveals them.",
		PrivateLineFew:     "Private writing: only you see your notes. Others have written a few.",
		PrivateLineAbout:   "Private writing: only you see your notes. Others have written about %d.",

		// The people panel of an anonymous room, and closing a room (issue 11).
		PeopleCount:   "Here: %d participants (%d done) and %d facilitators.",
		PeopleAnon:    "The room is anonymous: people are counted, not listed, so nobody can be told apart by when they came or were done. Closing the room (C) also forgets for good who wrote which note.",
		CloseAsk:      "Close the room for good? Nothing more can be written. (y/n) ",
		ErrRoomClosed: "This room is closed: it can be read and exported, but nothing more can be written in it.",

		ErrSourceSlowDown: "Many notes and dots are coming from your network at once: you can do that again in %d s.",
		ErrSourceDotsSpent: "Everyone on your network who came without an SSH key shares dots, and they are all given. " +
			"To have dots of your own, make a key once with ssh-keygen -t ed25519 and connect again with the same ssh command.",
		ErrSourceNotes: "Everyone on your network who came without an SSH key shares the notes of this activity (%d each), and they are all written. " +
			"To write notes of your own, make a key once with ssh-keygen -t ed25519 and connect again with the same ssh command.",
		ErrKeyRequired: "This room lets in only people who connect with an SSH key, so that each person counts once. " +
			"Make a key once with: ssh-keygen -t ed25519 (press enter at each question), then connect again with the same ssh command.",
		ErrDiskFull: "The disk is full; your note was not saved. Your words are kept here: try again in a moment.",
	}
}

// duration says d in whole minutes, or in seconds when under two minutes.
func (t *Text) duration(d time.Duration) string {
	if d < 2*time.Minute {
		return fmt.Sprintf(t.Seconds, int(d.Round(time.Second).Seconds()))
	}
	return fmt.Sprintf(t.Minutes, int(d.Round(time.Minute).Minutes()))
}

func (t *Text) missedLines(n int) string { return plural(n, t.PlainMissedOne, t.PlainMissed) + "\n" }
