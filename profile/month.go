package profile

import (
	"regexp"
	"strconv"
	"strings"
)

var monthNames = map[string]int{
	"jan": 1, "january": 1, "januar": 1, "janvier": 1, "enero": 1,
	"feb": 2, "february": 2, "februar": 2, "février": 2, "febrero": 2,
	"mar": 3, "march": 3, "märz": 3, "mars": 3, "marzo": 3,
	"apr": 4, "april": 4, "avril": 4, "abril": 4,
	"may": 5, "mai": 5, "mayo": 5,
	"jun": 6, "june": 6, "juni": 6, "juin": 6, "junio": 6,
	"jul": 7, "july": 7, "juli": 7, "juillet": 7, "julio": 7,
	"aug": 8, "august": 8, "août": 8, "agosto": 8,
	"sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9,
	"oct": 10, "october": 10, "oktober": 10, "octobre": 10, "octubre": 10,
	"nov": 11, "november": 11, "novembre": 11, "noviembre": 11,
	"dec": 12, "december": 12, "dezember": 12, "décembre": 12, "diciembre": 12,
}

var (
	isoMonth   = regexp.MustCompile(`^(\d{4})-(\d{1,2})(?:-\d{1,2})?$`)
	slashMonth = regexp.MustCompile(`^(\d{1,2})[/.](\d{4})$`)
	yearSlash  = regexp.MustCompile(`^(\d{4})[/.](\d{1,2})$`)
	nameMonth  = regexp.MustCompile(`^([\p{L}]+)\.?,?\s+(\d{4})$`)
)

// Month reads a date as people write it in a profile ("2021-03",
// "2021-03-15", "March 2021", "Mar. 2021", "03/2021") and returns it as
// YYYY-MM, the form the profile stores. ok is false for text that names no
// single month ("2021", "present", "summer 2019"), which is then kept as
// written.
func Month(s string) (string, bool) {
	s = strings.TrimSpace(s)
	var y, m int
	switch {
	case isoMonth.MatchString(s):
		p := isoMonth.FindStringSubmatch(s)
		y, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
	case slashMonth.MatchString(s):
		p := slashMonth.FindStringSubmatch(s)
		m, _ = strconv.Atoi(p[1])
		y, _ = strconv.Atoi(p[2])
	case yearSlash.MatchString(s):
		p := yearSlash.FindStringSubmatch(s)
		y, _ = strconv.Atoi(p[1])
		m, _ = strconv.Atoi(p[2])
	case nameMonth.MatchString(s):
		p := nameMonth.FindStringSubmatch(s)
		m = monthNames[strings.ToLower(p[1])]
		y, _ = strconv.Atoi(p[2])
	default:
		return "", false
	}
	if m < 1 || m > 12 || y < 1900 || y > 2200 {
		return "", false
	}
	return strconv.Itoa(y) + "-" + twoDigits(m), true
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
