package tui

import (
	"fmt"
	"time"

	"github.com/samla/samla/session"
)

// The countdown is shown in whole minutes until its last minute, then in
// seconds. A clock that changes every second costs every watching screen a
// packet a second (about 158 KB of TCP an hour per person, the largest cost
// of an idle hour on a weak link); nobody in a workshop needs to know the
// seconds until the end is near.

// shownTime is what a screen shows for left: "5 min" while more than a
// minute is left (rounded up, so it never says less than there is), then
// "1:00", "0:59", … each second.
func shownTime(t *Text, left time.Duration) string {
	if left > time.Minute {
		return fmt.Sprintf(t.Minutes, int((left+time.Minute-1)/time.Minute))
	}
	return clock(left)
}

// nextChange is how long until shownTime(left) changes: at the next whole
// minute while minutes are shown, then at each whole second.
func nextChange(left time.Duration) time.Duration {
	step := time.Second
	if left > time.Minute {
		step = time.Minute
	}
	wait := left % step
	if wait == 0 {
		wait = step
	}
	return wait
}

// timerLine is the countdown for the full screen and the projector:
// "⏱ 5 min", "⏱ 0:42", paused, or time's up.
func timerLine(t *Text, timer session.Timer, now time.Time) string {
	left := timer.Remaining(now)
	switch {
	case timer.Running && left == 0:
		return t.TimesUp
	case timer.Running:
		return fmt.Sprintf(t.TimeLeft, shownTime(t, left))
	case timer.Left > 0:
		return fmt.Sprintf(t.Paused, clock(left))
	}
	return ""
}

// spokenTimer is the countdown for plain mode, in words a screen reader
// says well: "Tid kvar: 4 minuter och 30 sekunder." A symbol such as ⏱ is
// read as its name ("stopwatch"), and "4:30" as "four thirty" or "four
// colon three zero".
func spokenTimer(t *Text, timer session.Timer, now time.Time) string {
	left := timer.Remaining(now)
	switch {
	case timer.Running && left == 0:
		return t.TimesUpSpoken
	case timer.Running:
		return fmt.Sprintf(t.TimeLeftSpoken, spokenDuration(t, left))
	case timer.Left > 0:
		return fmt.Sprintf(t.PausedSpoken, spokenDuration(t, left))
	}
	return ""
}

// spokenDuration says d in minutes and seconds with the right singular or
// plural, leaving out a part that is zero: "1 minut", "2 minuter och 5
// sekunder", "45 sekunder". Seconds are rounded up, as on the screen.
func spokenDuration(t *Text, d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	m, s := secs/60, secs%60
	minutes := plural(m, t.MinuteOne, t.MinutesMany)
	seconds := plural(s, t.SecondOne, t.SecondsMany)
	switch {
	case m == 0:
		return seconds
	case s == 0:
		return minutes
	}
	return fmt.Sprintf(t.And, minutes, seconds)
}
