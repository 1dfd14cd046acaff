package export

// labels are the words of the Markdown report, in the room's language: the
// report is read by the people who were in the room.
type labels struct {
	room, created, participants, noNotes string
	rank, note, dots, author             string
	modes                                map[string]string
}

func labelsFor(lang string) labels {
	switch lang {
	case "sv":
		return labels{
			room: "Rum", created: "skapat", participants: "deltagare", noNotes: "Inga lappar.",
			rank: "Plats", note: "Lapp", dots: "Prickar", author: "Skrev",
			modes: map[string]string{"named": "med namn", "anonymous": "anonymt", "peers": "namn bara för samtalsledare"},
		}
	case "nb":
		return labels{
			room: "Rom", created: "opprettet", participants: "deltakere", noNotes: "Ingen lapper.",
			rank: "Plass", note: "Lapp", dots: "Prikker", author: "Skrev",
			modes: map[string]string{"named": "med navn", "anonymous": "anonymt", "peers": "navn bare for møteleder"},
		}
	}
	return labels{
		room: "Room", created: "created", participants: "participants", noNotes: "No notes.",
		rank: "Rank", note: "Note", dots: "Dots", author: "Author",
		modes: map[string]string{"named": "named", "anonymous": "anonymous", "peers": "names for facilitators only"},
	}
}
