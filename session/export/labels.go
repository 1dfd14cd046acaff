package export

import "fmt"

// labels are the words of the Markdown and CSV reports, in the room's
// language: the report is read by the people who were in the room. Each
// thing has one word, the one the screens use (a dot is "prick"/"prikk",
// never also "röst"/"stemme"); a note's author is "skrivet av"/"skrevet
// av", not a bare name a reader may take for part of the note.
type labels struct {
	room, date, participants, participant, agenda string
	namesLeftOut                                  string
	noNotes, noGroups, noItems                    string
	notGrouped, noPhase, shows                    string
	rank, item, dots, author, notes               string
	group, note, secretNotShown                   string
	// rate, matrix and rank
	scale, answers, answersWord, mean   string
	median, distribution, withheld      string
	low, high, spread, notPlaced        string
	meanPlace, borda, places, noAnswers string
	decimal, answersNotShown            string
	// poll and targets (poll.go, target.go)
	option, count, share, multiple     string
	answeredFmt, targetFmt, targetItem string
	met, notMet, percent               string
	modes                              map[string]string
	kinds                              map[string]string
}

func labelsFor(lang string) labels {
	switch lang {
	case "sv":
		return labels{
			room: "Rum", date: "datum", participants: "deltagare", participant: "deltagare", namesLeftOut: "utan namn i den här rapporten", agenda: "Agenda",
			noNotes: "Inga lappar skrevs.", noGroups: "Inga grupper bildades.", noItems: "Inget att sätta prickar på.",
			notGrouped: "Inte i någon grupp", noPhase: "Utan fas", shows: "Visar resultatet av",
			rank: "Plats", item: "Förslag", dots: "Prickar", author: "skrivet av", notes: "lappar",
			group: "grupp", note: "lapp", secretNotShown: "Prickarna visades aldrig för rummet.",
			modes: map[string]string{"named": "med namn", "anonymous": "anonymt", "peers": "namn bara för samtalsledare"},
			kinds: map[string]string{"brainstorm": "idéer", "cluster": "gruppering", "vote": "prickar", "results": "resultat",
				"rate": "betyg", "matrix": "matris", "rank": "rangordning", "poll": "flervalsfråga"},
			scale: "Skala", answers: "Svar", answersWord: "svar", mean: "Medel", median: "Median",
			distribution: "Fördelning", withheld: "för få svar för att visas i ett anonymt rum",
			low: "låg", high: "hög", spread: "spridning", notPlaced: "ingen placerade den",
			meanPlace: "Medelplats", borda: "Borda", places: "Platser", noAnswers: "Inget att svara på.", decimal: ",",
			answersNotShown: "Svaren visades aldrig för rummet.",
			option:          "Svar", count: "Antal", share: "Andel", multiple: "Flera svar var möjliga.",
			answeredFmt: "%d svarade.", targetFmt: "Mål: minst %s svarar %d eller högre.",
			targetItem: "%s: %d svar, %s svarade %d eller högre — %s.", met: "målet nått", notMet: "målet inte nått", percent: "%d %%",
		}
	case "nb":
		return labels{
			room: "Rom", date: "dato", participants: "deltakere", participant: "deltaker", namesLeftOut: "uten navn i denne rapporten", agenda: "Agenda",
			noNotes: "Ingen lapper ble skrevet.", noGroups: "Ingen grupper ble laget.", noItems: "Ingenting å sette prikker på.",
			notGrouped: "Ikke i noen gruppe", noPhase: "Uten fase", shows: "Viser resultatet av",
			rank: "Plass", item: "Forslag", dots: "Prikker", author: "skrevet av", notes: "lapper",
			group: "gruppe", note: "lapp", secretNotShown: "Prikkene ble aldri vist for rommet.",
			modes: map[string]string{"named": "med navn", "anonymous": "anonymt", "peers": "navn bare for møteleder"},
			kinds: map[string]string{"brainstorm": "idémyldring", "cluster": "gruppering", "vote": "prikker", "results": "resultat",
				"rate": "karakterer", "matrix": "matrise", "rank": "rangering", "poll": "spørsmål"},
			scale: "Skala", answers: "Svar", answersWord: "svar", mean: "Snitt", median: "Median",
			distribution: "Fordeling", withheld: "for få svar til å vises i et anonymt rom",
			low: "lav", high: "høy", spread: "spredning", notPlaced: "ingen plasserte den",
			meanPlace: "Snittplass", borda: "Borda", places: "Plasser", noAnswers: "Ingenting å svare på.", decimal: ",",
			answersNotShown: "Svarene ble aldri vist for rommet.",
			option:          "Svar", count: "Antall", share: "Andel", multiple: "Flere svar var mulig.",
			answeredFmt: "%d svarte.", targetFmt: "Mål: minst %s svarer %d eller høyere.",
			targetItem: "%s: %d svar, %s svarte %d eller høyere — %s.", met: "målet nådd", notMet: "målet ikke nådd", percent: "%d %%",
		}
	}
	return labels{
		room: "Room", date: "date", participants: "participants", participant: "participant", namesLeftOut: "names left out of this report", agenda: "Agenda",
		noNotes: "No notes were written.", noGroups: "No groups were made.", noItems: "Nothing to vote on.",
		notGrouped: "In no group", noPhase: "No phase", shows: "Shows the outcome of",
		rank: "Rank", item: "Item", dots: "Dots", author: "written by", notes: "notes",
		group: "group", note: "note", secretNotShown: "The votes were never shown to the room.",
		modes: map[string]string{"named": "named", "anonymous": "anonymous", "peers": "names for facilitators only"},
		kinds: map[string]string{"brainstorm": "brainstorm", "cluster": "groups", "vote": "vote", "results": "results",
			"rate": "rating", "matrix": "matrix", "rank": "ranking", "poll": "poll"},
		scale: "Scale", answers: "Answers", answersWord: "answers", mean: "Mean", median: "Median",
		distribution: "Distribution", withheld: "too few answers to show in an anonymous room",
		low: "low", high: "high", spread: "spread", notPlaced: "nobody placed it",
		meanPlace: "Mean place", borda: "Borda", places: "Places", noAnswers: "Nothing to answer.", decimal: ".",
		answersNotShown: "The answers were never shown to the room.",
		option:          "Option", count: "Count", share: "Share", multiple: "More than one option could be chosen.",
		answeredFmt: "%d answered.", targetFmt: "Target: at least %s answer %d or more.",
		targetItem: "%s: %d answers, %s answered %d or more — %s.", met: "target met", notMet: "target not met", percent: "%d%%",
	}
}

// count says n of a thing in the right number: "1 lapp", "3 lappar".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
