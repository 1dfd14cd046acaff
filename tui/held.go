package tui

import tea "charm.land/bubbletea/v2"

// heldKeys are keys pressed while the room had not yet answered a save (a
// note, a name), kept to be taken in order once it has. The room shows
// the change before it answers, so "enter ?" (save, then the help) or
// "Eva enter n" (a name, then a note) must not lose the keys after enter
// to a screen that takes none while it waits.
type heldKeys []tea.KeyPressMsg

// maxHeldKeys bounds them: a save takes milliseconds; more keys than this
// are a key held down, not intent.
const maxHeldKeys = 64

func (h *heldKeys) hold(k tea.KeyPressMsg) {
	if len(*h) < maxHeldKeys {
		*h = append(*h, k)
	}
}

// take empties the keys held, for the caller to press them again.
func (h *heldKeys) take() []tea.KeyPressMsg {
	keys := *h
	*h = nil
	return keys
}
