package drafting

import (
	"slices"
	"testing"
)

func TestExtractJSON(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"bare", `{"a":1}`, `{"a":1}`, true},
		{"fenced", "```json\n{\"a\":1}\n```", `{"a":1}`, true},
		{"fence without language", "```\n{\"a\":1}\n```", `{"a":1}`, true},
		{"prose around", "Here you go: {\"a\":{\"b\":\"}\"}} Hope it helps!", `{"a":{"b":"}"}}`, true},
		{"brace in prose first", "Use {braces} carefully. {\"a\":2}", `{"a":2}`, true},
		{"no object", "I cannot help with that.", "", false},
		{"array only", `[1,2]`, "", false},
		{"truncated", `{"a":`, "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := extractJSON(tt.in)
			if (err == nil) != tt.ok || string(got) != tt.want {
				t.Errorf("extractJSON(%q) = %s, %v", tt.in, got, err)
			}
		})
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"I use Node.js daily. It works.", []string{"I use Node.js daily.", "It works."}},
		{"Tools, e.g. this one. Next.", []string{"Tools, e.g. this one.", "Next."}},
		{"Raised 2.5 million. 40 people joined.", []string{"Raised 2.5 million.", "40 people joined."}},
		{"no full stop", []string{"no full stop"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := splitSentences(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitSentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStemAndTerms(t *testing.T) {
	same := [][]string{
		{"managed", "manager", "management", "manage"},
		{"optimized", "optimization", "optimize"},
		{"services", "service"},
		{"designing", "design", "designed"},
	}
	for _, group := range same {
		for _, w := range group[1:] {
			if stem(w) != stem(group[0]) {
				t.Errorf("stem(%q) = %q, stem(%q) = %q", w, stem(w), group[0], stem(group[0]))
			}
		}
	}
	for _, w := range []string{"css", "aws", "node.js", "c++", "c#", "go"} {
		if stem(w) != w {
			t.Errorf("stem(%q) = %q, want it unchanged", w, stem(w))
		}
	}
	if got := terms("The team uses Node.js and C++, with AWS."); !slices.Equal(got, []string{"use", "node.js", "c++", "aws"}) {
		t.Errorf("terms = %q", got)
	}
}

func TestSimilar(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Acme, Inc.", "acme inc", true},
		{"Analytical Engines", "Analytical Engines Ltd", true},
		{"Sr. Backend Engineer", "Senior Backend Engineer", true},
		{"Senior Backend Engineer", "Senior Backend Engineers", true},
		{"Hooli", "Analytical Engines Ltd", false},
		{"Staff Engineer", "Senior Backend Engineer", false},
		{"Google", "Globex", false},
		{"", "Acme", false},
	}
	for _, tt := range tests {
		if got := similar(tt.a, tt.b) >= matchThreshold; got != tt.same {
			t.Errorf("similar(%q, %q) = %.2f", tt.a, tt.b, similar(tt.a, tt.b))
		}
	}
}

func TestGreetingAndSignOff(t *testing.T) {
	greetings := map[string]bool{
		"Dear Hiring Manager,": true, "Hello": true, "Hi team,": true, "To whom it may concern:": true,
		"Good morning,": true, "Dear Ms Smith, I am writing to apply.": true,
		"Hiring managers read many letters.": false, "Hi-fi audio was my first hobby and I still love it": false,
		"Dearest memories aside": false,
	}
	for s, want := range greetings {
		if got := isGreeting(s); got != want {
			t.Errorf("isGreeting(%q) = %v", s, got)
		}
	}
	signOffs := map[string]bool{
		"Sincerely,": true, "Best regards, Ada Byron": true, "Yours faithfully": true, "Thanks,": true,
		"Thank you, Ada": true, "Kind regards": true, "— Best,": true,
		"Thank you for your time.": false, "Sincerely hoping we can talk next week about the role": false,
		"Best practices matter to me.": false, "Regards to the whole team for the warm welcome last year": false,
	}
	for s, want := range signOffs {
		if got := isSignOff(s); got != want {
			t.Errorf("isSignOff(%q) = %v", s, got)
		}
	}
}

func TestPlain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"**Imaginary developer** with [Quantum](https://x.example) skills", "Imaginary developer with Quantum skills"},
		{"Uses `go test`  and\n\tmore", "Uses go test and more"},
		{"_emphasis_ and __strong__, done", "emphasis and strong, done"},
		{"snake_case and jane_doe@example.org stay", "snake_case and jane_doe@example.org stay"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := plain(tt.in); got != tt.want {
			t.Errorf("plain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
