package domain

// Posting is a job as Tailor understands it.
type Posting struct {
	Title            string   `json:"title"`
	Company          string   `json:"company"`
	Recruiter        bool     `json:"recruiter,omitempty"` // Company is the agency that posted the ad, not the employer
	Location         string   `json:"location"`
	Locations        []string `json:"locations,omitempty"`
	Workplace        string   `json:"workplace,omitempty"` // onsite, hybrid or remote
	EmploymentType   string   `json:"employment_type"`
	Seniority        string   `json:"seniority,omitempty"`
	Salary           Salary   `json:"salary"`
	DatePosted       string   `json:"date_posted,omitempty"`          // ISO 8601 date
	Deadline         string   `json:"application_deadline,omitempty"` // ISO 8601 date
	Description      string   `json:"description"`
	Responsibilities []string `json:"responsibilities"`
	Requirements     []string `json:"requirements"`
	NiceToHave       []string `json:"nice_to_have,omitempty"`
	Skills           []string `json:"skills"`
	Benefits         []string `json:"benefits,omitempty"`
	HowToApply       string   `json:"how_to_apply,omitempty"`
	ApplyURL         string   `json:"apply_url,omitempty"`
	SourceURL        string   `json:"source_url,omitempty"`
	// Language is the posting's language, ISO 639-1 ("en", "de").
	Language string `json:"language,omitempty"`
	// Expired is set when the page says the posting is closed or its
	// validThrough is past; extraction still works and the page warns.
	Expired bool `json:"expired"`
	// ApplicationNotes are application instructions and legal boilerplate
	// (citizenship, direct deposit, ...): kept, but never requirements.
	ApplicationNotes []string `json:"application_notes,omitempty"`
	// Sources says where each field came from: jsonld, microdata, a board
	// adapter ("board:linkedin"), page, text, ocr, ai or user.
	Sources map[string]string `json:"sources,omitempty"`
	// Confidence is "high" or "low" per field; a low field is a guess the
	// person should confirm (a model's value the page text does not show).
	Confidence map[string]string `json:"confidence,omitempty"`
	// OfflineReason is set when every AI provider failed and the offline
	// rules read the posting instead: why, in words for the person.
	OfflineReason string `json:"offline_reason,omitempty"`
}

// Salary is a pay range as the posting states it.
type Salary struct {
	Min      *float64 `json:"min,omitempty"`
	Max      *float64 `json:"max,omitempty"`
	Currency string   `json:"currency,omitempty"` // ISO 4217
	Period   string   `json:"period,omitempty"`   // hour, day, week, month or year
	Raw      string   `json:"raw,omitempty"`      // the text as written, e.g. "Competitive"
}

// Empty reports whether the posting states no pay at all.
func (s Salary) Empty() bool {
	return s.Min == nil && s.Max == nil && s.Currency == "" && s.Period == "" && s.Raw == ""
}
