//go:build race

package model

// raceEnabled reports whether the race detector is on: slow tests shrink.
const raceEnabled = true
