package tui

// Norwegian is samla in Norwegian Bokmål, written in klarspråk for the
// people in the room: "du", short sentences, everyday words. Nynorsk
// readers get this too, as the closest language samla has.
//
// Words used throughout (keep them when adding strings):
//
//	note          lapp, lappen, lapper
//	dot / vote    prikk, prikker; gi en prikk, ta tilbake en prikk
//	facilitator   møteleder (not "fasilitator")
//	participant   deltaker
//	room, code    rom, romkode
//	key (on the keyboard)  tast
//	save, close   lagre, lukk (esc); cancel: avbryt
//	connect       koble til; disconnected: koblet fra
func Norwegian() Text {
	return Text{
		Code:  "nb",
		KeyUp: "opp", KeyDown: "ned", KeyLeft: "venstre", KeyRight: "høyre",
		KeyNew: "ny lapp", KeyOpen: "les lappen", KeySave: "lagre",
		KeyCancel: "lukk", KeyVote: "gi en prikk", KeyUnvote: "ta tilbake en prikk",
		KeyNextPane: "neste lapp", KeyPrevPane: "forrige lapp",
		KeyHelp: "alle taster", KeyQuit: "gå ut",
		KeyLanguage: "språk (language)",
		KeyPlain:    "enkel visning", KeyFull: "fullskjerm",

		LobbyTitle:          "Velkommen til samla",
		LobbyIntro:          "Skriv inn romkoden du har fått, og trykk på enter.",
		LobbyPrompt:         "Romkode: ",
		LobbyBadCode:        "%q er ikke en romkode. En kode har 6 bokstaver og tall, for eksempel K7QX2M.",
		LobbyNoRoom:         "Det finnes ikke noe rom med koden %s. Sjekk koden, eller spør møtelederen.",
		LobbyJoining:        "Kobler til %s …",
		LobbyUnavailable:    "Rommet kunne ikke åpnes akkurat nå. Prøv igjen.",
		LobbyTooManyGuesses: "For mange feil koder fra nettverket ditt. Vent %d min, eller spør møtelederen om koden.",

		IdleWarning: "Er du der? Trykk på en tast innen %s, så blir du ikke koblet fra.",
		IdleGone:    "samla: du ble koblet fra etter %s uten å trykke på noen tast. Koble til igjen for å fortsette. Alt du har lagret, er tatt vare på.",
		Minutes:     "%d min",
		Seconds:     "%d s",

		NameTitle:       "Hva skal de andre kalle deg?",
		NameIntroNamed:  "Alle i rommet ser navnet ditt ved siden av lappene dine.",
		NameIntroPeers:  "Bare møtelederne ser navnet ditt. De andre deltakerne ser ingen navn.",
		NameDefault:     "Hvis du lar feltet stå tomt, blir du kalt %s.",
		NamePlaceholder: "Navnet ditt",

		AnonTitle:   "Dette rommet er anonymt",
		AnonExplain: "Ingen kan se hvem som skrev hva: verken de andre deltakerne, møtelederen eller filene på serveren. Lappene og prikkene dine lagres uten navnet ditt og uten noe som peker ut datamaskinen din.",
		AnonBadge:   "anonymt",
		PeersBadge:  "skjulte navn",
		PressEnter:  "Trykk på enter for å begynne.",

		Online:        "%d i rommet",
		You:           "du: %s",
		Participant:   "Deltaker %d",
		DotsLeft:      "prikker igjen: %d av %d",
		NoNotes:       "Ingen lapper ennå. Trykk på n for å skrive den første.",
		Mine:          "din",
		YourDots:      "du: %d",
		Votes:         "%d prikker",
		VotesOne:      "1 prikk",
		NoteOf:        "Lapp %d av %d",
		ByAuthor:      "av %s",
		EditorTitle:   "Ny lapp",
		EditorCounter: "%d av %d tegn",
		EditorTooLong: "%d tegn for mange",
		Saving:        "Lagrer …",
		DraftBack:     "Den ulagrede lappen din er tilbake. Lagre med enter.",
		Saved:         "Lagret.",
		HelpTitle:     "Taster",
		HelpClose:     "Lukk med ? eller esc.",
		Close:         "lukk",

		PlainIntro:     "samla, enkel visning: hver endring kommer på en ny linje.",
		PlainCode:      "Romkode: ",
		PlainName:      "Navnet ditt (trykk på enter for å bli kalt %s): ",
		PlainRoom:      "Rom %s, kode %s. %s",
		PlainNamed:     "Alle ser navnene.",
		PlainPeers:     "Bare møtelederne ser navnene.",
		PlainAnonymous: "Rommet er anonymt: ingen kan se hvem som skrev hva.",
		PlainStatus:    "%s. %d lapper. %d i rommet. Du har %d av %d prikker igjen.",
		PlainKeys:      "Taster: n ny lapp. j eller k neste eller forrige lapp. enter les lappen. a les alle lappene. mellomrom gi en prikk, minus ta den tilbake. s status. f fullskjerm. ? taster. ctrl+c gå ut.",
		PlainNote:      "Lapp %d av %d: %s. %s.",
		PlainNoNotes:   "Ingen lapper ennå. Trykk på n for å skrive en.",
		PlainNewNote:   "Ny lapp: %s",
		PlainNewNoteBy: "Ny lapp: %s (av %s)",
		PlainDots:      "Prikker nå: %s.",
		PlainDotsItem:  "%s: %d",
		PlainWrite:     "Ny lapp, enter lagrer, escape lukker: ",
		PlainSaved:     "Lagret: %s",
		PlainClosed:    "Lukket. Teksten er tatt vare på: trykk på n for å åpne den igjen.",
		PlainGave:      "Du ga en prikk. Lappen har %d, du har %d igjen.",
		PlainTook:      "Du tok tilbake en prikk. Lappen har %d, du har %d igjen.",
		PlainAll:       "Alle %d lapper:",
		PlainMissed:    "(%d oppdateringer ble hoppet over fordi forbindelsen var treg)",
		PlainYours:     "du skrev den",
		PlainNoFull:    "Denne terminalen (TERM=dumb) kan ikke vise fullskjerm.",
		Switching:      "Bytter visning …",

		TooSmall:   "Gjør vinduet større: samla trenger %d×%d, dette er %d×%d.",
		RoomClosed: "Serveren har stengt rommet. Koble til igjen.",

		ErrEmptyNote:    "Lappen er tom. Skriv noe først.",
		ErrNoteTooLong:  "En lapp kan ha høyst %d tegn.",
		ErrTooManyNotes: "Du har skrevet %d lapper her, så mange som én person kan skrive. Takk!",
		ErrSlowDown:     "Vent litt: du kan gjøre det igjen om %d s.",
		ErrNameTooLong:  "Et navn kan ha høyst %d tegn.",
		ErrNoSuchNote:   "Lappen finnes ikke lenger.",
		ErrNoDotsLeft:   "Du har ingen prikker igjen. Ta tilbake én med - for å flytte den.",
		ErrItemFull:     "Du kan gi høyst %d prikker til samme lapp.",
		ErrNoDotToTake:  "Du har ingen prikk på denne lappen.",
		ErrNoNote:       "Velg en lapp først.",
		ErrSave:         "Det gikk ikke å lagre. Prøv igjen.",
	}
}
