package jobs

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	trailingCommaRe = regexp.MustCompile(`,\s*([}\]])`)
	// jsonCleaner drops the wrappers some sites put around JSON-LD and the raw
	// line breaks that make strings invalid JSON.
	jsonCleaner = strings.NewReplacer("<!--", "", "-->", "", "//<![CDATA[", "", "//]]>", "", "<![CDATA[", "", "]]>", "",
		"\n", " ", "\r", " ", "\t", " ")
)

// parseJSONLD decodes one JSON-LD block and returns every schema.org
// JobPosting in it, wherever it sits (top level, arrays, @graph, an ItemList).
// Slightly broken JSON (trailing commas, raw line breaks in strings, HTML
// comment wrappers) is repaired, because real sites ship it.
func parseJSONLD(block string) ([]map[string]any, error) {
	var v any
	clean := jsonCleaner.Replace(block)
	if err := json.Unmarshal([]byte(clean), &v); err != nil {
		if err2 := json.Unmarshal([]byte(trailingCommaRe.ReplaceAllString(clean, "$1")), &v); err2 != nil {
			return nil, fmt.Errorf("json-ld: %w", err)
		}
	}
	var out []map[string]any
	collectJobPostings(v, 0, &out)
	return out, nil
}

func collectJobPostings(v any, depth int, out *[]map[string]any) {
	if depth > 32 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collectJobPostings(e, depth+1, out)
		}
	case map[string]any:
		if hasType(x, "JobPosting") {
			*out = append(*out, x)
			return
		}
		for _, e := range x {
			collectJobPostings(e, depth+1, out)
		}
	}
}

// hasType reports whether a node's @type (or microdata/RDFa type) names t,
// whatever prefix it carries ("schema:JobPosting", "https://schema.org/JobPosting").
func hasType(m map[string]any, t string) bool {
	for _, s := range stringsOf(m["@type"]) {
		if typeIs(s, t) {
			return true
		}
	}
	return false
}

func typeIs(s, t string) bool {
	for _, f := range strings.Fields(s) {
		f = strings.TrimRight(f, "/")
		if i := strings.LastIndexAny(f, "/:#"); i >= 0 {
			f = f[i+1:]
		}
		if strings.EqualFold(f, t) {
			return true
		}
	}
	return false
}

// stringsOf flattens a JSON-LD value (string, number, array, object with
// name or @value) into strings.
func stringsOf(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if s := strings.TrimSpace(x); s != "" {
			return []string{s}
		}
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}
	case bool:
		return nil
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, stringsOf(e)...)
		}
		return out
	case map[string]any:
		for _, k := range []string{"name", "@value", "value", "description", "text"} {
			if s := stringsOf(x[k]); len(s) > 0 {
				return s
			}
		}
	}
	return nil
}

func firstString(v any) string {
	if s := stringsOf(v); len(s) > 0 {
		return s[0]
	}
	return ""
}

// field returns the first present key among names.
func field(m map[string]any, names ...string) any {
	for _, n := range names {
		if v, ok := m[n]; ok && v != nil {
			return v
		}
	}
	return nil
}

// postingFromSchema maps a schema.org JobPosting (from JSON-LD, microdata
// or RDFa, all turned into the same map shape) onto a Posting, recording src
// for each field it fills.
func postingFromSchema(m map[string]any, src string) Posting {
	var p Posting
	p.Sources = map[string]string{}
	set := func(name string, ok bool) {
		if ok {
			p.Sources[name] = src
		}
	}
	p.Title = cleanInline(firstString(field(m, "title", "name")))
	set("title", p.Title != "")

	org := field(m, "hiringOrganization", "employer")
	if om, ok := asMap(org); ok {
		p.Company = cleanInline(firstString(field(om, "name", "legalName")))
	} else {
		p.Company = cleanInline(firstString(org))
	}
	set("company", p.Company != "")

	p.Locations = schemaLocations(field(m, "jobLocation"))
	remote := false
	for _, t := range stringsOf(m["jobLocationType"]) {
		if strings.EqualFold(strings.TrimSpace(t), "TELECOMMUTE") {
			remote = true
		}
	}
	if len(p.Locations) == 0 {
		for _, r := range schemaPlaces(m["applicantLocationRequirements"]) {
			p.Locations = append(p.Locations, "Remote ("+r+")")
		}
	}
	if len(p.Locations) == 0 && remote {
		p.Locations = []string{"Remote"}
	}
	p.Location = strings.Join(p.Locations, "; ")
	set("location", p.Location != "")
	set("locations", len(p.Locations) > 0)
	if remote {
		p.Workplace = "remote"
	}
	set("workplace", p.Workplace != "")

	var types []string
	for _, t := range stringsOf(m["employmentType"]) {
		for _, part := range strings.Split(t, ",") {
			if n := normalizeEmploymentType(part); n != "" && !contains(types, n) {
				types = append(types, n)
			}
		}
	}
	p.EmploymentType = strings.Join(types, ", ")
	set("employment_type", p.EmploymentType != "")

	p.Salary = schemaSalary(field(m, "baseSalary", "estimatedSalary"), firstString(m["salaryCurrency"]))
	set("salary", !p.Salary.Empty())

	p.DatePosted = normalizeDate(firstString(m["datePosted"]))
	set("date_posted", p.DatePosted != "")
	p.Deadline = normalizeDate(firstString(m["validThrough"]))
	set("application_deadline", p.Deadline != "")

	if d := firstString(m["description"]); d != "" {
		p.Description = htmlToText(d)
	}
	set("description", p.Description != "")

	p.Responsibilities = splitItems(field(m, "responsibilities"))
	set("responsibilities", len(p.Responsibilities) > 0)
	for _, k := range []string{"qualifications", "experienceRequirements", "educationRequirements"} {
		p.Requirements = appendUnique(p.Requirements, splitItems(m[k])...)
	}
	set("requirements", len(p.Requirements) > 0)
	p.Benefits = splitItems(field(m, "jobBenefits", "benefits"))
	p.Benefits = appendUnique(p.Benefits, splitItems(m["incentiveCompensation"])...)
	set("benefits", len(p.Benefits) > 0)

	// schema.org "skills" is often sentences; keep short entries as skills
	// and find known skills inside the long ones.
	for _, s := range splitItems(m["skills"]) {
		if len(strings.Fields(s)) <= 4 {
			p.Skills = appendUnique(p.Skills, s)
		} else {
			p.Skills = appendUnique(p.Skills, matchSkills(s)...)
		}
	}
	set("skills", len(p.Skills) > 0)

	if u := firstString(field(m, "directApplyUrl", "applyUrl")); strings.HasPrefix(u, "http") {
		p.ApplyURL = u
	} else if am, ok := asMap(m["applicationContact"]); ok {
		if u := firstString(am["url"]); strings.HasPrefix(u, "http") {
			p.ApplyURL = u
		}
	}
	set("apply_url", p.ApplyURL != "")
	if u := firstString(m["url"]); strings.HasPrefix(u, "http") {
		p.SourceURL = u
	}
	if l := firstString(m["inLanguage"]); l != "" {
		p.Language = normalizeLanguage(l)
	}
	set("language", p.Language != "")
	p.Seniority = seniorityFromTitle(p.Title)
	if p.Seniority == "" {
		p.Seniority = normalizeSeniority(firstString(field(m, "experienceLevel", "seniority")))
	}
	set("seniority", p.Seniority != "")
	return p
}

func asMap(v any) (map[string]any, bool) {
	switch x := v.(type) {
	case map[string]any:
		return x, true
	case []any:
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				return m, true
			}
		}
	}
	return nil, false
}

func asList(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	default:
		return []any{x}
	}
}

// schemaLocations formats each jobLocation (Place with a PostalAddress, or
// a plain string) as "Locality, Region, Country".
func schemaLocations(v any) []string {
	var out []string
	for _, e := range asList(v) {
		var s string
		switch x := e.(type) {
		case string:
			s = cleanInline(x)
		case map[string]any:
			addr := field(x, "address")
			if am, ok := asMap(addr); ok {
				s = formatAddress(am)
			} else if a := firstString(addr); a != "" {
				s = cleanInline(a)
			}
			if s == "" {
				s = cleanInline(firstString(x["name"]))
			}
		}
		if s != "" && !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func formatAddress(a map[string]any) string {
	var parts []string
	for _, k := range []string{"addressLocality", "addressRegion", "addressCountry"} {
		s := cleanInline(firstString(a[k]))
		if s != "" && !contains(parts, s) {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, cleanInline(firstString(field(a, "streetAddress", "name"))))
	}
	return strings.Join(parts, ", ")
}

// schemaPlaces names the places of applicantLocationRequirements.
func schemaPlaces(v any) []string {
	var out []string
	for _, e := range asList(v) {
		if s := cleanInline(firstString(e)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// schemaSalary reads baseSalary: a number, a string, or a MonetaryAmount
// whose value is a number or a QuantitativeValue with minValue, maxValue,
// value and unitText.
func schemaSalary(v any, currency string) Salary {
	var s Salary
	switch x := v.(type) {
	case nil:
		return s
	case float64:
		s.Min, s.Max = fptr(x), fptr(x)
		s.Raw = strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		s = ParseSalary(x)
	case []any:
		if len(x) > 0 {
			return schemaSalary(x[0], currency)
		}
	case map[string]any:
		if c := firstString(x["currency"]); c != "" {
			currency = c
		}
		val := x["value"]
		unit := firstString(x["unitText"])
		if vm, ok := val.(map[string]any); ok {
			s.Min = numberOf(vm["minValue"])
			s.Max = numberOf(vm["maxValue"])
			if v := numberOf(vm["value"]); v != nil {
				if s.Min == nil {
					s.Min = v
				}
				if s.Max == nil {
					s.Max = v
				}
			}
			if u := firstString(vm["unitText"]); u != "" {
				unit = u
			}
		} else if n := numberOf(val); n != nil {
			s.Min, s.Max = n, fptr(*n)
		} else if str, ok := val.(string); ok {
			s = ParseSalary(str)
		}
		if s.Min == nil && s.Max == nil {
			s.Min, s.Max = numberOf(x["minValue"]), numberOf(x["maxValue"])
		}
		s.Period = normalizePeriod(unit)
	}
	if currency != "" {
		s.Currency = strings.ToUpper(strings.TrimSpace(currency))
	}
	if s.Min != nil && s.Max != nil && *s.Min > *s.Max {
		s.Min, s.Max = s.Max, s.Min
	}
	if s.Raw == "" && (s.Min != nil || s.Max != nil) {
		s.Raw = formatSalary(s)
	}
	return s
}

func fptr(v float64) *float64 { return &v }

// numberOf reads a JSON number or a numeric string ("100000", "1,200.50").
func numberOf(v any) *float64 {
	switch x := v.(type) {
	case float64:
		return fptr(x)
	case string:
		f, _, ok := parseAmount(strings.TrimSpace(x))
		if ok {
			return fptr(f)
		}
	case map[string]any:
		return numberOf(x["@value"])
	}
	return nil
}

func normalizePeriod(u string) string {
	switch strings.ToUpper(strings.TrimSpace(u)) {
	case "HOUR", "HOURLY", "HR":
		return "hour"
	case "DAY", "DAILY":
		return "day"
	case "WEEK", "WEEKLY":
		return "week"
	case "MONTH", "MONTHLY":
		return "month"
	case "YEAR", "YEARLY", "ANNUAL", "ANNUALLY", "ANNUM":
		return "year"
	}
	return ""
}

// formatSalary writes a readable range, used as Raw when the data had none.
func formatSalary(s Salary) string {
	f := func(p *float64) string { return strconv.FormatFloat(*p, 'f', -1, 64) }
	var b strings.Builder
	if s.Currency != "" {
		b.WriteString(s.Currency + " ")
	}
	switch {
	case s.Min != nil && s.Max != nil && *s.Min != *s.Max:
		b.WriteString(f(s.Min) + " – " + f(s.Max))
	case s.Min != nil:
		b.WriteString(f(s.Min))
	case s.Max != nil:
		b.WriteString("up to " + f(s.Max))
	}
	if s.Period != "" {
		b.WriteString(" per " + s.Period)
	}
	return strings.TrimSpace(b.String())
}

// splitItems turns a schema.org text property (string, array, HTML) into
// list items.
func splitItems(v any) []string {
	var out []string
	for _, s := range stringsOf(v) {
		text := s
		if strings.Contains(s, "<") {
			text = htmlToText(s)
		}
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(bulletRe.ReplaceAllString(line, ""))
			if line != "" && !strings.HasPrefix(line, "#") {
				out = appendUnique(out, line)
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

func appendUnique(list []string, items ...string) []string {
	for _, s := range items {
		s = strings.TrimSpace(s)
		if s != "" && !contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}
