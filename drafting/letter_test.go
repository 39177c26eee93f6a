package drafting

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"tailor/apperr"
	"tailor/billing"
	"tailor/jobs"
	"tailor/orchestrator"
	"tailor/orchestrator/provider"
	"tailor/profile"
)

// tenWords is a sentence of exactly ten words.
const tenWords = "This sentence has exactly ten words in it for testing."

// para returns a paragraph of n sentences of ten words.
func para(n int) string {
	return strings.TrimSpace(strings.Repeat(tenWords+" ", n))
}

func validLetter() Letter {
	return Letter{Subject: "Application for Senior Go Engineer at Globex", Greeting: "Dear Hiring Manager,",
		Paragraphs: []string{para(8), para(8), para(8)}, Closing: "Sincerely,", Signature: "Ada Byron",
		Tone: ToneProfessional}
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"   \n\t ", 0},
		{"one", 1},
		{"two words", 2},
		{"  leading and trailing  ", 3},
		{"tabs\tand\nnewlines\r\nand  double  spaces", 6},
		{"no\u00a0break space", 3},
		{"e-mail don't C++", 3},
		{"a — dash • bullet - alone", 4},
		{"Hello,world", 1},
		{"3+ years, 40% faster", 4},
		{"… ... !!", 0},
		{"naïve café Zürich 東京", 4},
		{tenWords, 10},
	}
	for _, tt := range tests {
		if got := CountWords(tt.in); got != tt.want {
			t.Errorf("CountWords(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestCheckLetter(t *testing.T) {
	tests := []struct {
		name   string
		change func(l *Letter)
		want   []string // substrings, one per expected problem; nil means valid
	}{
		{"valid", func(*Letter) {}, nil},
		{"valid at the minimum", func(l *Letter) { l.Paragraphs = []string{para(7), para(7), para(8)} }, nil},
		{"valid at the maximum", func(l *Letter) { l.Paragraphs = []string{para(11), para(11), para(10)} }, nil},
		{"sincerely inside a sentence is fine", func(l *Letter) {
			l.Paragraphs[2] = para(7) + " I sincerely hope we can talk soon about this role."
		}, nil},
		{"thank you sentence is fine", func(l *Letter) {
			l.Paragraphs[2] = para(7) + "\nThank you for your time and your kind consideration today."
		}, nil},
		{"hiring word at a line start is fine", func(l *Letter) {
			l.Paragraphs[0] = "Hiring teams like yours build things I care about a lot. " + para(7)
		}, nil},
		{"missing subject", func(l *Letter) { l.Subject = " " }, []string{"subject line is missing"}},
		{"missing greeting", func(l *Letter) { l.Greeting = "" }, []string{"greeting is missing"}},
		{"not a greeting", func(l *Letter) { l.Greeting = "I am writing to apply for this job at your company today." }, []string{"is not a greeting"}},
		{"two greetings", func(l *Letter) { l.Greeting = "Dear Hiring Manager, Dear Globex team," }, []string{"more than one greeting"}},
		{"two paragraphs", func(l *Letter) { l.Paragraphs = []string{para(12), para(12)} }, []string{"has 2 body paragraphs"}},
		{"four paragraphs", func(l *Letter) { l.Paragraphs = []string{para(6), para(6), para(6), para(6)} }, []string{"has 4 body paragraphs"}},
		{"empty paragraph", func(l *Letter) { l.Paragraphs = []string{para(12), " ", para(12)} }, []string{"Paragraph 2 is empty"}},
		{"too short", func(l *Letter) { l.Paragraphs = []string{para(3), para(3), para(3)} }, []string{"have 90 words"}},
		{"one word short", func(l *Letter) {
			l.Paragraphs = []string{para(7), para(7), para(7) + " Here are exactly nine words in this final sentence."}
		}, []string{"have 219 words"}},
		{"too long", func(l *Letter) { l.Paragraphs = []string{para(11), para(11), para(11)} }, []string{"have 330 words"}},
		{"greeting repeated in body", func(l *Letter) { l.Paragraphs[0] = "Dear Hiring Manager,\n" + para(8) }, []string{"Paragraph 1 repeats a greeting"}},
		{"greeting on the same line", func(l *Letter) { l.Paragraphs[0] = "Hi team, " + para(8) }, []string{"Paragraph 1 repeats a greeting"}},
		{"to whom it may concern", func(l *Letter) { l.Paragraphs[1] = "To whom it may concern: " + para(8) }, []string{`Paragraph 2 contains "To whom it may concern"`}},
		{"sign-off line with name", func(l *Letter) { l.Paragraphs[2] = para(8) + "\nSincerely,\nAda Byron" }, []string{"Paragraph 3 contains a sign-off", "Paragraph 3 repeats the signature"}},
		{"sign-off at the end of a line", func(l *Letter) { l.Paragraphs[2] = para(8) + " Best regards, Ada Byron" }, []string{"Paragraph 3 contains a sign-off"}},
		{"yours faithfully", func(l *Letter) { l.Paragraphs[1] = para(8) + "\nYours faithfully" }, []string{"Paragraph 2 contains a sign-off"}},
		{"signature alone", func(l *Letter) { l.Paragraphs[2] = para(8) + "\nAda Byron" }, []string{"Paragraph 3 repeats the signature"}},
		{"bracket placeholder", func(l *Letter) { l.Paragraphs[0] = "I want to join [Company] soon. " + para(8) }, []string{`Paragraph 1 contains the placeholder "[Company]"`}},
		{"brace placeholder in signature", func(l *Letter) { l.Signature = "{name}" }, []string{`The signature contains the placeholder "{name}"`}},
		{"angle placeholder in subject", func(l *Letter) { l.Subject = "Application for <Job Title>" }, []string{`The subject contains the placeholder "<Job Title>"`}},
		{"missing closing", func(l *Letter) { l.Closing = "" }, []string{"closing is missing"}},
		{"closing is prose", func(l *Letter) { l.Closing = "I hope to hear from you very soon about this." }, []string{"is not a sign-off"}},
		{"missing signature", func(l *Letter) { l.Signature = "" }, []string{"signature is missing"}},
		{"unknown tone", func(l *Letter) { l.Tone = "sarcastic" }, []string{`tone "sarcastic"`}},
		{"many problems at once", func(l *Letter) {
			l.Subject = ""
			l.Greeting = "Hello, Dear team"
			l.Paragraphs = []string{"Dear team,", "", para(2), para(1), "Regards,"}
		}, []string{"subject line is missing", "more than one greeting", "has 5 body paragraphs", "Paragraph 2 is empty",
			"Paragraph 1 repeats a greeting", "Paragraph 5 contains a sign-off", "have 33 words"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := validLetter()
			tt.change(&l)
			got := CheckLetter(l)
			if len(got) != len(tt.want) {
				t.Fatalf("CheckLetter = %q, want %d problems like %q", got, len(tt.want), tt.want)
			}
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					found = found || strings.Contains(g, w)
				}
				if !found {
					t.Errorf("no problem mentions %q in %q", w, got)
				}
			}
		})
	}
}

// assertValid fails unless l may be shown: no broken rule, three non-empty
// paragraphs, a word count in range that matches the body.
func assertValid(t *testing.T, l Letter) {
	t.Helper()
	if problems := CheckLetter(l); len(problems) > 0 {
		t.Fatalf("letter breaks rules %q:\n%s", problems, l.Text())
	}
	if len(l.Paragraphs) != 3 {
		t.Fatalf("paragraphs = %d", len(l.Paragraphs))
	}
	if wc := BodyWords(l.Paragraphs); l.WordCount != wc || wc < MinLetterWords || wc > MaxLetterWords {
		t.Fatalf("WordCount = %d, body has %d", l.WordCount, wc)
	}
}

// brokenLetterJSON is a model answer with two greetings, five paragraphs
// and 90 words: repair can fix the frame but not the length.
func brokenLetterJSON() string {
	return `{"subject":"Application","greeting":"Dear Hiring Manager, Dear Globex team,","paragraphs":[
		"Dear Hiring Manager,", "` + para(3) + `", "` + para(3) + `", "` + para(3) + `", "Sincerely,\nAda Byron"],
		"closing":"Best regards,","signature":"Ada Byron","word_count":260}`
}

// modelLetter is a well-formed answer a model could give.
func modelLetter(marker string) Letter {
	return Letter{Subject: "Application for Senior Go Engineer at Globex", Greeting: "Dear Globex team,",
		Paragraphs: []string{marker + " " + para(8), para(8), para(8)}, Closing: "Kind regards,", Signature: "Ada Byron",
		WordCount: 999}
}

func TestWriteLetterFromProviderAnswers(t *testing.T) {
	valid := mustJSON(t, modelLetter("Second."))
	fixable := modelLetter("Fixable.")
	fixable.Paragraphs = []string{"Dear Globex team,\n\n" + fixable.Paragraphs[0], para(4), para(4), para(8) + "\nBest regards,\nAda Byron"}
	invented := modelLetter("Lorem. I grew revenue by 35% in 2019.")
	long := modelLetter("Long.")
	long.Paragraphs = []string{para(12), para(12), para(12)}

	tests := []struct {
		name      string
		gen       *fakeGen
		wantCalls int
		builtin   bool   // the offline letter is expected
		contains  string // text the letter must contain otherwise
	}{
		// Two answers from each of three providers, then the offline letter.
		{"broken every time falls back to builtin", answers(brokenLetterJSON()), 6, true, ""},
		{"garbage falls back to builtin", answers("I cannot help with that. <html>oops</html>"), 3, true, ""},
		{"empty answers fall back to builtin", answers(""), 3, true, ""},
		{"broken then valid uses the second", answers(brokenLetterJSON(), valid), 2, false, "Second."},
		{"garbage then valid uses the second", answers("not json {", valid), 2, false, "Second."},
		{"fenced with prose", answers("Here is the letter:\n```json\n" + valid + "\n```\nGood luck!"), 1, false, "Second."},
		{"repairable frame needs one call", answers(mustJSON(t, fixable)), 1, false, "Fixable."},
		{"too long is trimmed by sentences", answers(mustJSON(t, long)), 1, false, tenWords},
		{"invented number dropped by repair", answers(mustJSON(t, invented), valid), 1, false, "Lorem"},
		{"numbers from the profile and job are fine", answers(mustJSON(t, modelLetter("I cut API latency by 40% and want 5+ years more."))), 1, false, "40%"},
		{"offline provider", builtinGen(), 1, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := quiet(tt.gen)
			l, err := d.WriteLetter(context.Background(), 7, ada(), backendJob(), ToneConcise, false)
			if err != nil {
				t.Fatal(err)
			}
			assertValid(t, l)
			if got := len(tt.gen.requests); got != tt.wantCalls {
				t.Errorf("calls = %d, want %d", got, tt.wantCalls)
			}
			want := builtinLetter(LetterInput{Profile: ada(), Job: backendJob(), Tone: ToneConcise})
			want.Source = Source{Kind: SourceOffline}
			if strings.Contains(l.Text(), "35%") {
				t.Errorf("an invented number reached the letter:\n%s", l.Text())
			}
			if isBuiltin := reflect.DeepEqual(l, want); isBuiltin != tt.builtin {
				t.Errorf("builtin letter used = %v, want %v:\n%s", isBuiltin, tt.builtin, l.Text())
			}
			if tt.contains != "" && !strings.Contains(strings.Join(l.Paragraphs, "\n"), tt.contains) {
				t.Errorf("letter lacks %q:\n%s", tt.contains, l.Text())
			}
			if l.Tone != ToneConcise || l.Signature != "Ada Byron" {
				t.Errorf("tone %q signature %q", l.Tone, l.Signature)
			}
			for i, req := range tt.gen.requests {
				if req.Task != billing.TaskCoverLetter || req.UserID != 7 || req.Schema == nil || req.System == "" {
					t.Errorf("call %d: bad request %+v", i+1, req)
				}
				in, ok := req.Input.(LetterInput)
				if !ok || in.Tone != ToneConcise || in.Profile.Basics.Name != "Ada Byron" {
					t.Fatalf("call %d: Input = %#v", i+1, req.Input)
				}
				// Retries bypass caches; a redraft carries the broken rules.
				if i > 0 && (!req.Force || len(in.Feedback) > 0 && !strings.Contains(req.Prompt, in.Feedback[0])) {
					t.Errorf("call %d: Force=%v Feedback=%q", i+1, req.Force, in.Feedback)
				}
				if i == 0 && (req.Force || len(in.Feedback) > 0) {
					t.Errorf("first call: Force=%v Feedback=%q", req.Force, in.Feedback)
				}
			}
		})
	}
}

func TestWriteLetterBrokenFeedbackNamesTheRules(t *testing.T) {
	gen := answers(brokenLetterJSON())
	if _, err := quiet(gen).WriteLetter(context.Background(), 1, ada(), backendJob(), "", false); err != nil {
		t.Fatal(err)
	}
	fb := gen.requests[1].Input.(LetterInput).Feedback
	if len(fb) != 1 || !strings.Contains(fb[0], "90 words") {
		t.Errorf("feedback after repair = %q, want only the word count", fb)
	}
	if gen.requests[0].Input.(LetterInput).Tone != ToneProfessional {
		t.Errorf("empty tone should mean professional")
	}
}

func TestWriteLetterErrors(t *testing.T) {
	quota := apperr.New(apperr.EQUOTA, "You have used this month's letters.")
	tests := []struct {
		name      string
		tone      string
		gen       *fakeGen
		wantCode  string
		wantCalls int
	}{
		{"invalid tone", "sarcastic", answers("{}"), apperr.EINVALID, 0},
		{"quota on the first call", ToneProfessional, &fakeGen{GenerateFunc: func(int, orchestrator.Request) (orchestrator.Response, error) {
			return orchestrator.Response{}, quota
		}}, apperr.EQUOTA, 1},
		{"plain error on the first call", ToneProfessional, &fakeGen{GenerateFunc: func(int, orchestrator.Request) (orchestrator.Response, error) {
			return orchestrator.Response{}, errors.New("connection reset")
		}}, apperr.EUNAVAILABLE, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := quiet(tt.gen).WriteLetter(context.Background(), 1, ada(), backendJob(), tt.tone, false)
			if apperr.Code(err) != tt.wantCode {
				t.Fatalf("err = %v, want code %s", err, tt.wantCode)
			}
			if apperr.Message(err) == "" || len(tt.gen.requests) != tt.wantCalls {
				t.Errorf("message %q, calls %d", apperr.Message(err), len(tt.gen.requests))
			}
		})
	}
	t.Run("empty profile", func(t *testing.T) {
		gen := answers("{}")
		_, err := quiet(gen).WriteLetter(context.Background(), 1, emptyProfile(), backendJob(), ToneConcise, false)
		if apperr.Code(err) != apperr.EINVALID || len(gen.requests) != 0 {
			t.Fatalf("err = %v, calls %d", err, len(gen.requests))
		}
	})
	t.Run("failed retry still gives a letter", func(t *testing.T) {
		gen := &fakeGen{GenerateFunc: func(n int, _ orchestrator.Request) (orchestrator.Response, error) {
			if n == 1 {
				return orchestrator.Response{Text: brokenLetterJSON()}, nil
			}
			return orchestrator.Response{}, quota
		}}
		l, err := quiet(gen).WriteLetter(context.Background(), 1, ada(), backendJob(), ToneEnthusiastic, true)
		if err != nil {
			t.Fatal(err)
		}
		assertValid(t, l)
		if len(gen.requests) != 2 || !gen.requests[0].Force {
			t.Errorf("calls %d, first Force %v", len(gen.requests), gen.requests[0].Force)
		}
	})
}

func TestRepairLetter(t *testing.T) {
	in := LetterInput{Profile: ada(), Job: backendJob(), Tone: ToneProfessional}
	tests := []struct {
		name  string
		l     Letter
		check func(t *testing.T, l Letter)
	}{
		{"greeting moved out of the body", Letter{Paragraphs: []string{"Dear Ms Smith,\n" + para(8), para(8), para(8)}},
			func(t *testing.T, l Letter) {
				if l.Greeting != "Dear Ms Smith," || strings.Contains(l.Paragraphs[0], "Dear") {
					t.Errorf("greeting %q, p1 %q", l.Greeting, l.Paragraphs[0][:20])
				}
			}},
		{"greeting on the first line with text", Letter{Greeting: "Dear Hiring Manager,", Paragraphs: []string{"Dear Ms Smith, I am writing to you. " + para(8), para(8), para(8)}},
			func(t *testing.T, l Letter) {
				if !strings.HasPrefix(l.Paragraphs[0], "I am writing to you.") || l.Greeting != "Dear Hiring Manager," {
					t.Errorf("p1 %q greeting %q", l.Paragraphs[0][:30], l.Greeting)
				}
			}},
		{"sign-off and name dropped", Letter{Paragraphs: []string{para(8), para(8), para(8) + " Kind regards, Ada Byron\nSincerely,\nAda Byron\nBackend Engineer"}},
			func(t *testing.T, l Letter) {
				if l.Paragraphs[2] != para(8) {
					t.Errorf("p3 %q", l.Paragraphs[2])
				}
			}},
		{"blank lines split and merged back to three", Letter{Paragraphs: []string{para(4) + "\n\n" + para(4), para(4) + "\n\n\n" + para(4), para(4), para(4)}},
			func(t *testing.T, l Letter) {
				if len(l.Paragraphs) != 3 || l.WordCount != 240 {
					t.Errorf("%d paragraphs, %d words", len(l.Paragraphs), l.WordCount)
				}
			}},
		{"one paragraph split into three", Letter{Paragraphs: []string{para(24)}},
			func(t *testing.T, l Letter) {
				for _, p := range l.Paragraphs {
					if CountWords(p) < 60 {
						t.Errorf("uneven split: %d words", CountWords(p))
					}
				}
			}},
		{"placeholders filled", Letter{Subject: "Application for [Job Title]", Paragraphs: []string{"I want to join [Company Name] as {position}. " + para(8), para(8), para(8)}, Signature: "[Your Name]"},
			func(t *testing.T, l Letter) {
				if l.Subject != "Application for Senior Go Engineer" || !strings.HasPrefix(l.Paragraphs[0], "I want to join Globex as Senior Go Engineer.") || l.Signature != "Ada Byron" {
					t.Errorf("subject %q p1 %q signature %q", l.Subject, l.Paragraphs[0][:40], l.Signature)
				}
			}},
		{"frame written when missing", Letter{Paragraphs: []string{para(8), para(8), para(8)}, Closing: "Sincerely, Ada Byron"},
			func(t *testing.T, l Letter) {
				if l.Subject == "" || l.Greeting != "Dear Hiring Manager," || l.Closing != "Sincerely," || l.Signature != "Ada Byron" || l.Tone != ToneProfessional {
					t.Errorf("%+v", l)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := repairLetter(tt.l, in)
			assertValid(t, l)
			tt.check(t, l)
		})
	}
	t.Run("unknown placeholder is left for the check", func(t *testing.T) {
		l := repairLetter(Letter{Paragraphs: []string{"As you said in [Reference], " + para(8), para(8), para(8)}}, in)
		if p := CheckLetter(l); len(p) != 1 || !strings.Contains(p[0], "[Reference]") {
			t.Errorf("problems %q", p)
		}
	})
	t.Run("too short is left for the check", func(t *testing.T) {
		l := repairLetter(Letter{Paragraphs: []string{para(2), para(2), para(2)}}, in)
		if p := CheckLetter(l); len(p) != 1 || !strings.Contains(p[0], "60 words") {
			t.Errorf("problems %q", p)
		}
	})
}

func TestBuiltinLetterAlwaysValid(t *testing.T) {
	profiles, jobsByName := allProfiles(t), allJobs(t)
	for pn, p := range profiles {
		for jn, j := range jobsByName {
			var byTone [3]map[string]bool
			for i := range byTone {
				byTone[i] = map[string]bool{}
			}
			for _, tone := range Tones {
				t.Run(fmt.Sprintf("%s/%s/%s", pn, jn, tone), func(t *testing.T) {
					p.Clean()
					in := LetterInput{Profile: p, Job: j, Tone: tone}
					l := builtinLetter(in)
					assertValid(t, l)
					if bad := inventedNumbers(l, in); len(bad) > 0 {
						t.Errorf("builtin letter states numbers it was not given: %q", bad)
					}
					if l.Tone != tone {
						t.Errorf("tone %q", l.Tone)
					}
					for i, p := range l.Paragraphs {
						byTone[i][p] = true
					}
				})
			}
			for i, seen := range byTone {
				if len(seen) != len(Tones) {
					t.Errorf("%s/%s: paragraph %d is the same in two tones", pn, jn, i+1)
				}
			}
		}
	}
}

func TestBuiltinLetterUsesStrongestExperience(t *testing.T) {
	for _, tone := range Tones {
		l := builtinLetter(LetterInput{Profile: ada(), Job: backendJob(), Tone: tone})
		body := strings.Join(l.Paragraphs, " ")
		for _, want := range []string{"Senior Go Engineer", "Globex", "Senior Backend Engineer at Analytical Engines Ltd",
			"designed a Go service that ingests 2 million events a day into PostgreSQL"} {
			if !strings.Contains(body+l.Subject+l.Greeting, want) {
				t.Errorf("%s: letter lacks %q:\n%s", tone, want, l.Text())
			}
		}
		// A weak bullet and a job skill the person lacks stay out.
		for _, bad := range []string{"office party", "Kubernetes"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: letter mentions %q", tone, bad)
			}
		}
	}
}

func TestBuiltinLetterCleansJobText(t *testing.T) {
	j := jobs.Posting{Title: "Engineer [Remote]", Company: "{Acme}", Responsibilities: []string{"<b>Ship</b> features weekly"}}
	l := builtinLetter(LetterInput{Profile: noWork(), Job: j, Tone: ToneEnthusiastic})
	text := l.Text()
	for _, want := range []string{"Engineer (Remote)", "Dear Hiring Manager,", "ship features weekly"} {
		if !strings.Contains(text, want) {
			t.Errorf("letter lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"<", ">", "{", "}", "[", "]"} {
		if strings.Contains(text, bad) {
			t.Errorf("letter keeps %q", bad)
		}
	}
}

func TestBuiltinLetterFunc(t *testing.T) {
	in := LetterInput{Profile: ada(), Job: backendJob(), Tone: ToneEnthusiastic}
	for _, input := range []any{in, &in} {
		text, err := BuiltinLetter(context.Background(), provider.Call{Task: billing.TaskCoverLetter, Input: input})
		if err != nil {
			t.Fatal(err)
		}
		l, err := parseLetter(text)
		if err != nil {
			t.Fatal(err)
		}
		l.Tone, l.WordCount = ToneEnthusiastic, BodyWords(l.Paragraphs)
		assertValid(t, l)
	}
	if _, err := BuiltinLetter(context.Background(), provider.Call{Input: CVInput{}}); err == nil {
		t.Error("wrong input type accepted")
	}
}

func TestLetterText(t *testing.T) {
	l := validLetter()
	l.Paragraphs = []string{"First paragraph.", "Second paragraph.", "Third paragraph."}
	want := "Subject: Application for Senior Go Engineer at Globex\n\nDear Hiring Manager,\n\n" +
		"First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n\nSincerely,\nAda Byron\n"
	if got := l.Text(); got != want {
		t.Errorf("Text() =\n%q\nwant\n%q", got, want)
	}
}

func TestValidTone(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{{"professional", true}, {"enthusiastic", true}, {"concise", true}, {" Concise ", true}, {"", false}, {"casual", false}} {
		if got := ValidTone(tt.in); got != tt.want {
			t.Errorf("ValidTone(%q) = %v", tt.in, got)
		}
	}
}

// FuzzBuiltinLetter feeds the offline letter arbitrary profile and job text:
// whatever it is given, the letter keeps every rule.
func FuzzBuiltinLetter(f *testing.F) {
	f.Add("Ada Byron", "Backend Engineer", "Acme", "Engineer", "Designed a Go service", "Go", "Ship features", uint8(0))
	f.Add("", "", "", "", "", "", "", uint8(1))
	f.Add("Dear Sir", "Sincerely,", "[Company]", "{title}", "Best regards,\nAda", "To whom it may concern", "<b>x</b>", uint8(2))
	f.Add("A", strings.Repeat("word ", 300), strings.Repeat("Co ", 50), strings.Repeat("T ", 40), strings.Repeat("did it. ", 80), "x", "y", uint8(0))
	f.Fuzz(func(t *testing.T, name, label, company, title, bullet, skill, resp string, tone uint8) {
		p := profile.Resume{Basics: profile.Basics{Name: name, Label: label},
			Work:   []profile.Work{{Name: company, Position: title, Highlights: []string{bullet, bullet + " " + skill}}},
			Skills: []profile.Skill{{Name: skill}}}
		p.Clean()
		j := jobs.Posting{Title: title, Company: company, Skills: []string{skill}, Responsibilities: []string{resp}}
		in := LetterInput{Profile: p, Job: j, Tone: Tones[int(tone)%len(Tones)]}
		l := builtinLetter(in)
		if problems := CheckLetter(l); len(problems) > 0 {
			t.Fatalf("problems %q:\n%s", problems, l.Text())
		}
		if bad := inventedNumbers(l, in); len(bad) > 0 {
			t.Fatalf("invented numbers %q", bad)
		}
	})
}

// TestFirstPersonVerbs: a summary's subjectless sentences become first
// person with the verb agreeing ("I consistently exceed", not "exceeds").
func TestFirstPersonVerbs(t *testing.T) {
	cases := map[string]string{
		"Consistently exceeds productivity targets while maintaining 99.5% accuracy rate.": "I consistently exceed productivity targets while maintaining 99.5% accuracy rate",
		"Manages a team of 8 nurses.":              "I manage a team of 8 nurses",
		"Applies lean methods to warehouse flow.":  "I apply lean methods to warehouse flow",
		"Consistently delivered projects on time.": "I consistently delivered projects on time",
	}
	for in, want := range cases {
		if got := firstPersonSentence(in); got != want {
			t.Errorf("firstPersonSentence(%q) = %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{"Consistently delivered projects on time.", "Manages a team of 8 nurses."} {
		if got := firstPersonIntro(in); got != "" {
			t.Errorf("firstPersonIntro(%q) = %q; a sentence that starts with a verb is not an introduction", in, got)
		}
	}
	if got := firstPersonIntro("Highly skilled forklift operator with 6 years in distribution."); got != "I am a highly skilled forklift operator with 6 years in distribution" {
		t.Errorf("adjective phrase: %q", got)
	}
}

// TestSanitizeKeepsInitialisms: trailing punctuation goes, but a degree
// written "B.S." keeps its last full stop ("a B.S. in Accounting").
func TestSanitizeKeepsInitialisms(t *testing.T) {
	for in, want := range map[string]string{
		"B.S.": "B.S.", "Ph.D.": "Ph.D.", "Accounting.": "Accounting", "Acme Inc.": "Acme Inc", "Leeds;": "Leeds", "M.Sc.": "M.Sc.",
	} {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}
