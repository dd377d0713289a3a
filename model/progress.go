package model

// Training phases reported to Config.Progress.
const (
	PhasePrepare  = "prepare"  // reading the events, popularity
	PhaseValidate = "validate" // measuring (and tuning) on a validation split
	PhaseContent  = "content"  // content similarity and bought-together
)

// phaseOf names the progress phase of a personal component.
func phaseOf(component string) string {
	switch component {
	case CF:
		return "svd"
	case MF:
		return "als"
	}
	return component
}

// progress maps the progress of one part of training, from 0 to 1, onto
// the share [lo, hi] of the whole run that it stands for, so that
// Config.Progress sees one non-decreasing fraction from 0 to 1.
type progress struct {
	fn     func(phase string, fraction float64)
	lo, hi float64
	// phase, when set, overrides the phase names reported (validation
	// reports every inner step as "validate").
	phase string
}

// report tells fn that phase is done up to fraction f of this part.
func (p progress) report(phase string, f float64) {
	if p.fn == nil {
		return
	}
	if p.phase != "" {
		phase = p.phase
	}
	p.fn(phase, p.lo+(p.hi-p.lo)*min(max(f, 0), 1))
}

// part returns the progress of the share [lo, hi] of this part.
func (p progress) part(lo, hi float64) progress {
	w := p.hi - p.lo
	return progress{fn: p.fn, lo: p.lo + w*lo, hi: p.lo + w*hi, phase: p.phase}
}

// componentCost is a rough relative training cost per component, to split
// the progress bar.
func componentCost(name string) float64 {
	switch name {
	case MF:
		return 5
	case EASE, BPR:
		return 2
	}
	return 1
}
