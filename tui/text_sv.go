package tui

// Swedish is samla in Swedish, written in klarspråk for the people in the
// room: "du", short sentences, everyday words.
//
// Words used throughout (keep them when adding strings):
//
//	note          lapp, lappen, lappar
//	dot / vote    prick, prickar; ge en prick, ta tillbaka en prick
//	facilitator   samtalsledare (not "facilitator")
//	participant   deltagare
//	room, code    rum, rumskod
//	key (on the keyboard)  tangent
//	save, close   spara, stäng (esc); cancel: avbryt
//	connect       ansluta; disconnected: kopplas bort
func Swedish() Text {
	return Text{
		Code:  "sv",
		KeyUp: "upp", KeyDown: "ner", KeyLeft: "vänster", KeyRight: "höger",
		KeyNew: "ny lapp", KeyOpen: "läs lappen", KeySave: "spara",
		KeyCancel: "stäng", KeyVote: "ge en prick", KeyUnvote: "ta tillbaka en prick",
		KeyNextPane: "nästa lapp", KeyPrevPane: "föregående lapp",
		KeyHelp: "alla tangenter", KeyQuit: "lämna",
		KeyLanguage: "språk (language)",
		KeyPlain:    "enkelt läge", KeyFull: "helskärm",

		LobbyTitle:          "Välkommen till samla",
		LobbyIntro:          "Skriv rumskoden du har fått och tryck på enter.",
		LobbyPrompt:         "Rumskod: ",
		LobbyBadCode:        "%q är ingen rumskod. En kod har 6 bokstäver och siffror, till exempel K7QX2M.",
		LobbyNoRoom:         "Det finns inget rum med koden %s. Kontrollera koden eller fråga samtalsledaren.",
		LobbyJoining:        "Ansluter till %s …",
		LobbyUnavailable:    "Rummet gick inte att öppna just nu. Försök igen.",
		LobbyTooManyGuesses: "För många fel koder från ditt nätverk. Vänta %d min eller fråga samtalsledaren efter koden.",

		IdleWarning: "Är du kvar? Tryck på en tangent inom %s så att du inte kopplas bort.",
		IdleGone:    "samla: du kopplades bort efter %s utan att trycka på någon tangent. Anslut igen för att fortsätta. Det du har sparat finns kvar.",
		Minutes:     "%d min",
		Seconds:     "%d s",

		NameTitle:       "Vad ska de andra kalla dig?",
		NameIntroNamed:  "Alla i rummet ser ditt namn bredvid dina lappar.",
		NameIntroPeers:  "Bara samtalsledarna ser ditt namn. De andra deltagarna ser inga namn.",
		NameDefault:     "Om du lämnar fältet tomt, kallas du %s.",
		NamePlaceholder: "Ditt namn",

		AnonTitle:   "Det här rummet är anonymt",
		AnonExplain: "Ingen kan se vem som skrev vad: varken de andra deltagarna, samtalsledaren eller filerna på servern. Dina lappar och prickar sparas utan ditt namn och utan något som pekar ut din dator.",
		AnonBadge:   "anonymt",
		PeersBadge:  "dolda namn",
		PressEnter:  "Tryck på enter för att börja.",

		Online:        "%d i rummet",
		You:           "du: %s",
		Participant:   "Deltagare %d",
		DotsLeft:      "prickar kvar: %d av %d",
		NoNotes:       "Inga lappar ännu. Tryck på n för att skriva den första.",
		Mine:          "din",
		YourDots:      "du: %d",
		Votes:         "%d prickar",
		VotesOne:      "1 prick",
		NoteOf:        "Lapp %d av %d",
		ByAuthor:      "av %s",
		EditorTitle:   "Ny lapp",
		EditorCounter: "%d av %d tecken",
		EditorTooLong: "%d tecken för många",
		Saving:        "Sparar …",
		DraftBack:     "Din osparade lapp är tillbaka. Spara med enter.",
		Saved:         "Sparat.",
		HelpTitle:     "Tangenter",
		HelpClose:     "Stäng med ? eller esc.",
		Close:         "stäng",

		PlainIntro:     "samla, enkelt läge: varje ändring kommer på en ny rad.",
		PlainCode:      "Rumskod: ",
		PlainName:      "Ditt namn (tryck på enter för att kallas %s): ",
		PlainRoom:      "Rum %s, kod %s. %s",
		PlainNamed:     "Alla ser namnen.",
		PlainPeers:     "Bara samtalsledarna ser namnen.",
		PlainAnonymous: "Rummet är anonymt: ingen kan se vem som skrev vad.",
		PlainStatus:    "%s. %d lappar. %d i rummet. Du har %d av %d prickar kvar.",
		PlainKeys:      "Tangenter: n ny lapp. j eller k nästa eller föregående lapp. enter läs lappen. a läs alla lappar. mellanslag ge en prick, minus ta tillbaka den. s status. f helskärm. ? tangenter. ctrl+c lämna.",
		PlainNote:      "Lapp %d av %d: %s. %s.",
		PlainNoNotes:   "Inga lappar ännu. Tryck på n för att skriva en.",
		PlainNewNote:   "Ny lapp: %s",
		PlainNewNoteBy: "Ny lapp: %s (av %s)",
		PlainDots:      "Prickar nu: %s.",
		PlainDotsItem:  "%s: %d",
		PlainWrite:     "Ny lapp, enter sparar, escape stänger: ",
		PlainSaved:     "Sparat: %s",
		PlainClosed:    "Stängt. Texten finns kvar: tryck på n för att öppna den igen.",
		PlainGave:      "Du gav en prick. Lappen har %d, du har %d kvar.",
		PlainTook:      "Du tog tillbaka en prick. Lappen har %d, du har %d kvar.",
		PlainAll:       "Alla %d lappar:",
		PlainMissed:    "(%d uppdateringar hoppades över eftersom anslutningen var långsam)",
		PlainYours:     "du skrev den",
		PlainNoFull:    "Den här terminalen (TERM=dumb) kan inte visa helskärm.",
		Switching:      "Byter visning …",

		TooSmall:   "Gör fönstret större: samla behöver %d×%d, det här är %d×%d.",
		RoomClosed: "Servern har stängt rummet. Anslut igen.",

		ErrEmptyNote:    "Lappen är tom. Skriv något först.",
		ErrNoteTooLong:  "En lapp får ha högst %d tecken.",
		ErrTooManyNotes: "Du har skrivit %d lappar här, så många som en person får skriva. Tack!",
		ErrSlowDown:     "Vänta lite: du kan göra det igen om %d s.",
		ErrNameTooLong:  "Ett namn får ha högst %d tecken.",
		ErrNoSuchNote:   "Lappen finns inte längre.",
		ErrNoDotsLeft:   "Du har inga prickar kvar. Ta tillbaka en med - för att flytta den.",
		ErrItemFull:     "Du kan ge högst %d prickar till samma lapp.",
		ErrNoDotToTake:  "Du har ingen prick på den här lappen.",
		ErrNoNote:       "Välj en lapp först.",
		ErrSave:         "Det gick inte att spara. Försök igen.",
	}
}
