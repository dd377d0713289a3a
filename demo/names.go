package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// firstNames and lastNames are constant tables of lower-case ASCII names
// from many languages; ASCII keeps every derived e-mail address plain.
var firstNames = [...]string{
	"ana", "joao", "maria", "pedro", "lucia", "carlos", "sofia", "miguel", "ines", "tiago",
	"emma", "liam", "olivia", "noah", "ava", "lucas", "mia", "leo", "chloe", "hugo",
	"yuki", "haruto", "sakura", "ren", "mei", "wei", "li", "jun", "min", "hana",
	"amara", "kofi", "zara", "omar", "fatima", "youssef", "leila", "samir", "nadia", "karim",
	"anna", "jan", "eva", "tomas", "petra", "marek", "ola", "nils", "ingrid", "erik",
	"priya", "arjun", "ananya", "rohan", "diya", "vikram", "kavya", "ravi", "sara", "david",
	"elena", "marco", "giulia", "luca", "chiara", "paulo", "julia", "felix", "clara", "max",
}

var lastNames = [...]string{
	"silva", "santos", "oliveira", "costa", "pereira", "ferreira", "almeida", "garcia", "martinez", "lopez",
	"smith", "jones", "brown", "taylor", "wilson", "evans", "walker", "white", "green", "hall",
	"tanaka", "sato", "suzuki", "wang", "chen", "zhang", "liu", "kim", "park", "nguyen",
	"mensah", "okafor", "haddad", "nasser", "benali", "diallo", "kamau", "osei", "farouk", "amin",
	"novak", "kowalski", "nowak", "horvat", "berg", "larsen", "jensen", "nielsen", "svensson", "dvorak",
	"sharma", "patel", "singh", "gupta", "iyer", "reddy", "rossi", "russo", "bianchi", "romano",
	"muller", "schmidt", "weber", "fischer", "dubois", "moreau", "laurent", "janssen", "devries", "murphy",
}

// emailDomains are reserved example domains, so no demo address can ever
// reach a real mailbox.
var emailDomains = [...]string{"example.com", "example.org", "example.net", "mail.example.com"}

// username composes a handle such as "ana.silva42", "asilva", "silva_ana" or
// "anasilva1994" from r. It may repeat; the caller makes it unique.
func username(r *rand.Rand) string {
	f := firstNames[r.IntN(len(firstNames))]
	l := lastNames[r.IntN(len(lastNames))]
	var b strings.Builder
	switch r.IntN(6) {
	case 0:
		b.WriteString(f + "." + l)
	case 1:
		b.WriteString(f[:1] + l)
	case 2:
		b.WriteString(l + "_" + f)
	case 3:
		b.WriteString(f + l)
	case 4:
		b.WriteString(f + "_" + l[:1])
	default:
		b.WriteString(f + "." + l[:1])
	}
	switch r.IntN(4) {
	case 0: // no suffix
	case 1:
		b.WriteString(strconv.Itoa(1960 + r.IntN(46))) // a birth year
	default:
		b.WriteString(strconv.Itoa(1 + r.IntN(99)))
	}
	return b.String()
}

// uniqueName returns name, or name with the smallest numeric suffix
// ("name-2", "name-3", ...) not yet in seen, and records it.
func uniqueName(seen map[string]struct{}, name, sep string) string {
	out := name
	for n := 2; ; n++ {
		if _, dup := seen[out]; !dup {
			seen[out] = struct{}{}
			return out
		}
		out = name + sep + strconv.Itoa(n)
	}
}
