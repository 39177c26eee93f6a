package jobs

import (
	"net/url"
	"regexp"
	"strings"
)

// dollarCountries are the currencies a bare "$" means on a country's
// domains: seek.com.au, au.indeed.com, ca.linkedin.com, ...
var dollarCountries = map[string]string{"au": "AUD", "nz": "NZD", "ca": "CAD", "sg": "SGD", "hk": "HKD", "mx": "MXN",
	"ar": "ARS", "cl": "CLP", "co": "COP", "tw": "TWD", "jm": "JMD", "na": "NAD", "lr": "LRD"}

// pageCountry is the country a page's host names: its country-code
// top-level domain, or a country subdomain (au.indeed.com).
func pageCountry(pageURL string) string {
	u, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	labels := strings.Split(strings.ToLower(u.Hostname()), ".")
	if n := len(labels); n >= 2 && len(labels[n-1]) == 2 {
		return labels[n-1]
	}
	if len(labels) >= 3 && len(labels[0]) == 2 {
		return labels[0]
	}
	return ""
}

var (
	usDollarRe   = regexp.MustCompile(`(?i)US\$|USD|US dollars?`)
	periodHintRe = []struct {
		re     *regexp.Regexp
		period string
	}{
		{regexp.MustCompile(`(?i)(\bp\.?h\b\.?|per hour|an hour|/\s*(hr|hour|h|std|uur|heure)\b|pro stunde|per uur|de l'heure|par heure|por hora|all'ora|kwa saa)`), "hour"},
		{regexp.MustCompile(`(?i)(per day|a day|/\s*day\b|pro tag|per dag|par jour|por día|al giorno|kwa siku)`), "day"},
		{regexp.MustCompile(`(?i)(per week|a week|/\s*(wk|week)\b|pro woche|per week|par semaine|por semana|a settimana|kwa wiki)`), "week"},
		{regexp.MustCompile(`(?i)(per month|a month|/\s*(mo|month|monat|maand|mois|mes|mês|mese)\b|pro monat|monatlich|per maand|par mois|al mes|por mes|por mês|al mese|kwa mwezi|bruttomonatsgehalt)`), "month"},
		{regexp.MustCompile(`(?i)(per year|a year|per annum|\bp\.?a\.?\b|annual|/\s*(yr|year|jahr|jaar|an|año|ano|anno)\b|pro jahr|jährlich|per jaar|par an\b|al año|por año|por ano|all'anno|kwa mwaka|jahresgehalt)`), "year"},
	}
)

// settleSalary completes a salary the page states by its own words: the
// period written in the page's language ("per maand", "/ Jahr", "p.h."),
// and the dollar a bare "$" means on a country's site.
func settleSalary(s *Salary, pageURL string) {
	if s.Raw == "" {
		return
	}
	if s.Period == "" {
		for _, h := range periodHintRe {
			if h.re.MatchString(s.Raw) {
				s.Period = h.period
				break
			}
		}
	}
	if s.Currency == "USD" && strings.Contains(s.Raw, "$") && !usDollarRe.MatchString(s.Raw) {
		if c := dollarCountries[pageCountry(pageURL)]; c != "" {
			s.Currency = c
		}
	}
}
