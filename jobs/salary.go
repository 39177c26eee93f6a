package jobs

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// currencySymbols maps the ways postings write a currency to its ISO 4217
// code. Longer markers come first so "A$" wins over "$".
var currencySymbols = []struct{ marker, code string }{
	{"US$", "USD"}, {"USD$", "USD"}, {"AU$", "AUD"}, {"A$", "AUD"}, {"CA$", "CAD"}, {"C$", "CAD"},
	{"NZ$", "NZD"}, {"HK$", "HKD"}, {"S$", "SGD"}, {"R$", "BRL"}, {"MX$", "MXN"},
	{"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"¥", "JPY"}, {"₹", "INR"}, {"₦", "NGN"},
	{"₩", "KRW"}, {"₱", "PHP"}, {"₺", "TRY"}, {"₪", "ILS"}, {"₵", "GHS"}, {"zł", "PLN"},
}

// currencyWords maps currency names and local abbreviations (matched as whole
// words, case-insensitive) to ISO 4217 codes.
var currencyWords = map[string]string{
	"usd": "USD", "eur": "EUR", "gbp": "GBP", "kes": "KES", "ksh": "KES", "kshs": "KES", "ngn": "NGN",
	"zar": "ZAR", "inr": "INR", "cad": "CAD", "aud": "AUD", "nzd": "NZD", "chf": "CHF", "sek": "SEK",
	"nok": "NOK", "dkk": "DKK", "pln": "PLN", "czk": "CZK", "huf": "HUF", "jpy": "JPY", "cny": "CNY",
	"rmb": "CNY", "sgd": "SGD", "hkd": "HKD", "brl": "BRL", "mxn": "MXN", "ugx": "UGX", "tzs": "TZS",
	"ghs": "GHS", "egp": "EGP", "aed": "AED", "sar": "SAR", "try": "TRY", "ils": "ILS", "krw": "KRW",
	"php": "PHP", "idr": "IDR", "myr": "MYR", "thb": "THB", "vnd": "VND", "rwf": "RWF", "etb": "ETB",
	"ron": "RON", "uah": "UAH", "pkr": "PKR", "bdt": "BDT", "lkr": "LKR", "ars": "ARS", "clp": "CLP",
	"cop": "COP", "pen": "PEN", "dollars": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
	"shillings": "KES", "rupees": "INR", "naira": "NGN", "rand": "ZAR",
}

var (
	// salaryNumberRe finds a number with optional thousands separators, a
	// decimal part and a multiplier suffix (45k, 1.2M, 3 million).
	salaryNumberRe = regexp.MustCompile(`(?i)\d(?:[\d,.]|\s\d{3}\b)*(?:\s?(?:k|m|mn|bn|million|thousand)\b)?`)
	salaryWordRe   = regexp.MustCompile(`[\p{L}]+`)
	upToRe         = regexp.MustCompile(`\b(up to|max(imum)?|until)\b`)
	fromRe         = regexp.MustCompile(`\b(from|min(imum)?|starting|at least)\b`)
	rangeGapRe     = regexp.MustCompile(`(?i)^[\s\p{Sc}]*(?:-|–|—|to|and|bis|à|a)?[\s\p{Sc}]*(?:[a-z]{3}\s*)?$`)
)

// periodPatterns recognise how often the amount is paid.
var periodPatterns = []struct {
	re     *regexp.Regexp
	period string
}{
	{regexp.MustCompile(`(?i)(/\s*(hr|hour|h)\b|per\s+hour|an\s+hour|a\s+hour|hourly|\bph\b|p/h)`), "hour"},
	{regexp.MustCompile(`(?i)(/\s*day\b|per\s+day|a\s+day|daily|day\s+rate)`), "day"},
	{regexp.MustCompile(`(?i)(/\s*(wk|week)\b|per\s+week|a\s+week|weekly)`), "week"},
	{regexp.MustCompile(`(?i)(/\s*(mo|month|mth)\b|per\s+month|a\s+month|monthly|p\.\s?m\.(\s|$)|\bpcm\b)`), "month"},
	{regexp.MustCompile(`(?i)(/\s*(yr|year|annum|a)\b|per\s+(year|annum)|a\s+year|annual|annually|yearly|p\.\s?a\.?|\bpa\b)`), "year"},
}

type salaryNum struct {
	start, end int
	value      float64
	suffix     bool // carried its own k/M multiplier
	marked     bool // a currency sits right next to it
	currency   string
}

// ParseSalary reads a pay range as postings write it ("$170,000.00/yr -
// $720,000.00/yr", "KES 80,000 – 120,000 per month", "€45k–55k") into
// numbers, an ISO 4217 currency and a period. Text without numbers
// ("Competitive") keeps only Raw, so nothing is invented.
func ParseSalary(s string) Salary {
	raw := strings.Join(strings.Fields(s), " ")
	out := Salary{Raw: raw}
	if raw == "" {
		return out
	}
	cur, curPositions := findCurrencies(raw)
	nums := findSalaryNumbers(raw)
	if len(nums) == 0 {
		out.Currency = cur
		return out
	}
	// A number is marked when a currency touches it.
	for i := range nums {
		for _, cp := range curPositions {
			before := cp.end <= nums[i].start && nums[i].start-cp.end <= 2
			// "45.000 €" marks 45000, but in "Step 10 $172,500" the "$" belongs to what follows.
			after := cp.start >= nums[i].end && cp.start-nums[i].end <= 2 &&
				!startsWithDigit(strings.TrimSpace(raw[cp.end:]))
			if before || after {
				nums[i].marked = true
				nums[i].currency = cp.code
			}
		}
	}
	// Ranges share their marks: "KES 80,000 – 120,000".
	for changed := true; changed; {
		changed = false
		for i := 0; i+1 < len(nums); i++ {
			a, b := &nums[i], &nums[i+1]
			if a.marked == b.marked || !rangeGapRe.MatchString(raw[a.end:b.start]) || !comparable(*a, *b) {
				continue
			}
			a.marked, b.marked = true, true
			if a.currency == "" {
				a.currency = b.currency
			}
			if b.currency == "" {
				b.currency = a.currency
			}
			changed = true
		}
	}
	var picked []salaryNum
	anyMarked := false
	for _, n := range nums {
		if n.marked {
			anyMarked = true
			break
		}
	}
	for _, n := range nums {
		switch {
		case anyMarked && n.marked:
			picked = append(picked, n)
		case !anyMarked && n.value >= 100 && !isNoiseNumber(raw, n):
			picked = append(picked, n)
		}
	}
	if len(picked) == 0 {
		out.Currency = cur
		return out
	}
	// "$45-55k": a multiplier on the upper bound applies to the lower one.
	if len(picked) >= 2 {
		last := picked[len(picked)-1]
		if last.suffix {
			for i := range picked[:len(picked)-1] {
				if !picked[i].suffix && picked[i].value < 1000 && picked[i].value > 0 {
					picked[i].value *= multiplierOf(raw[last.start:last.end])
				}
			}
		}
	}
	values := make([]float64, 0, len(picked))
	for _, p := range picked {
		if p.currency != "" && out.Currency == "" {
			out.Currency = p.currency
		}
		if !math.IsInf(p.value, 0) && !math.IsNaN(p.value) && p.value < 1e13 {
			values = append(values, p.value)
		}
	}
	if out.Currency == "" {
		out.Currency = cur
	}
	if len(values) == 0 {
		return out
	}
	sort.Float64s(values)
	lo, hi := values[0], values[len(values)-1]
	lower := strings.ToLower(raw)
	switch {
	case len(values) == 1 && upToRe.MatchString(lower):
		out.Max = &hi
	case len(values) == 1 && fromRe.MatchString(lower):
		out.Min = &lo
	default:
		out.Min, out.Max = &lo, &hi
	}
	out.Period = salaryPeriod(raw)
	return out
}

// comparable reports whether two numbers can be the ends of one range, so
// "Step 1 - $128,078" does not become a range from 1.
func comparable(a, b salaryNum) bool {
	if a.suffix || b.suffix {
		return true
	}
	lo, hi := math.Min(a.value, b.value), math.Max(a.value, b.value)
	return lo > 0 && hi/lo <= 20
}

// salaryPeriod returns hour, day, week, month or year when the text says so.
func salaryPeriod(s string) string {
	for _, p := range periodPatterns {
		if p.re.MatchString(s) {
			return p.period
		}
	}
	return ""
}

type currencyPos struct {
	start, end int
	code       string
}

// findCurrencies returns the first currency named in s and where each
// currency marker sits.
func findCurrencies(s string) (string, []currencyPos) {
	var pos []currencyPos
	taken := make([]bool, len(s)+1)
	for _, cs := range currencySymbols {
		for off := 0; ; {
			i := strings.Index(s[off:], cs.marker)
			if i < 0 {
				break
			}
			start := off + i
			end := start + len(cs.marker)
			off = end
			if taken[start] {
				continue
			}
			// "R$" and "S$" must not be the tail of a word ("US$" is listed).
			if len(cs.marker) > 1 && start > 0 && isLetterByte(s[start-1]) {
				continue
			}
			for k := start; k < end; k++ {
				taken[k] = true
			}
			pos = append(pos, currencyPos{start, end, cs.code})
		}
	}
	for _, loc := range salaryWordRe.FindAllStringIndex(s, -1) {
		w := strings.ToLower(s[loc[0]:loc[1]])
		code, ok := currencyWords[w]
		if !ok {
			// "KES80,000" or "USD100k" glue the code to the number.
			continue
		}
		// Short codes must be written in capitals or a known mixed form
		// ("Ksh"), so the words "try" and "cop" do not become currencies.
		orig := s[loc[0]:loc[1]]
		if len(w) == 3 && orig != strings.ToUpper(orig) && w != "ksh" {
			continue
		}
		pos = append(pos, currencyPos{loc[0], loc[1], code})
	}
	sort.Slice(pos, func(i, j int) bool { return pos[i].start < pos[j].start })
	if len(pos) == 0 {
		return "", nil
	}
	return pos[0].code, pos
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func isLetterByte(b byte) bool {
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}

// findSalaryNumbers finds every amount in s with its value.
func findSalaryNumbers(s string) []salaryNum {
	var out []salaryNum
	for _, loc := range salaryNumberRe.FindAllStringIndex(s, -1) {
		tok := s[loc[0]:loc[1]]
		// Do not swallow the sentence's trailing punctuation.
		trimmed := strings.TrimRight(tok, ",. ")
		end := loc[0] + len(trimmed)
		v, suffix, ok := parseAmount(trimmed)
		if !ok {
			continue
		}
		out = append(out, salaryNum{start: loc[0], end: end, value: v, suffix: suffix})
	}
	return out
}

// parseAmount reads "170,000.00", "1.2M", "45k", "45.000", "80 000".
func parseAmount(tok string) (float64, bool, bool) {
	i := strings.IndexFunc(tok, func(r rune) bool { return unicode.IsLetter(r) })
	num, suf := tok, ""
	if i >= 0 {
		num, suf = strings.TrimSpace(tok[:i]), strings.ToLower(strings.TrimSpace(tok[i:]))
	}
	num = strings.ReplaceAll(num, " ", "")
	if num == "" {
		return 0, false, false
	}
	lastComma, lastDot := strings.LastIndex(num, ","), strings.LastIndex(num, ".")
	switch {
	case lastComma >= 0 && lastDot >= 0:
		if lastComma > lastDot { // 1.234,56
			num = strings.ReplaceAll(num, ".", "")
			num = strings.Replace(num, ",", ".", 1)
		} else { // 1,234.56
			num = strings.ReplaceAll(num, ",", "")
		}
	case lastComma >= 0:
		switch {
		case groupsOfThree(num, ','):
			num = strings.ReplaceAll(num, ",", "")
		case strings.Count(num, ",") == 1: // a decimal comma: "1,5k"
			num = strings.Replace(num, ",", ".", 1)
		default:
			num = strings.ReplaceAll(num, ",", "")
		}
	case lastDot >= 0:
		if strings.Count(num, ".") > 1 || (groupsOfThree(num, '.') && suf == "") {
			num = strings.ReplaceAll(num, ".", "")
		}
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, false
	}
	m := multiplierOf(suf)
	return v * m, m != 1, true
}

// groupsOfThree reports whether every group after sep has exactly three digits.
func groupsOfThree(num string, sep byte) bool {
	parts := strings.Split(num, string(sep))
	if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

func multiplierOf(tok string) float64 {
	t := strings.ToLower(tok)
	i := strings.IndexFunc(t, unicode.IsLetter)
	if i < 0 {
		return 1
	}
	switch strings.TrimSpace(t[i:]) {
	case "k", "thousand":
		return 1e3
	case "m", "mn", "million":
		return 1e6
	case "bn":
		return 1e9
	}
	return 1
}

// isNoiseNumber drops numbers that are plainly not pay: hours, years of
// experience, percentages, grades ("GS-15").
func isNoiseNumber(s string, n salaryNum) bool {
	after := strings.ToLower(strings.TrimSpace(s[n.end:]))
	for _, w := range []string{"hour", "hrs", "year", "yrs", "%", "day", "week", "month", "employees", "people"} {
		if strings.HasPrefix(after, w) && !strings.HasPrefix(after, "year)") {
			// "100000 a year" reads as pay; "40 hours" does not.
			if n.value >= 1000 {
				return false
			}
			return true
		}
	}
	if v := n.value; v >= 1900 && v <= 2100 && !strings.ContainsAny(s[n.start:n.end], ",.") {
		return true // a year, not an amount
	}
	return false
}
