package drafting

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tailor/jobs"
	"tailor/profile"
)

func TestIndefiniteArticle(t *testing.T) {
	for _, tt := range []struct{ word, want string }{
		{"18F", "an"}, {"8-week", "an"}, {"11", "an"}, {"5-person", "a"}, {"100", "a"}, {"1800", "an"},
		{"U.S.", "a"}, {"FBI", "an"}, {"MBA", "an"}, {"RN", "an"}, {"UX", "a"}, {"AWS", "an"},
		{"apple", "an"}, {"university", "a"}, {"hour", "an"}, {"honest", "an"}, {"one-year", "a"},
		{"European", "a"}, {"engineer", "an"}, {"nurse", "a"}, {"Emergency", "an"},
	} {
		if got := indefinite(tt.word); got != tt.want {
			t.Errorf("indefinite(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	for in, want := range map[string]string{
		"I am a 18F fan.":                      "I am an 18F fan.",
		"It is an U.S. agency.":                "It is a U.S. agency.",
		"A engineer and an nurse.":             "An engineer and a nurse.",
		"I led migration of the sales ledger.": "I led the migration of the sales ledger.",
		"We ran Plan A and Plan B.":            "We ran Plan A and Plan B.",
	} {
		if got := fixArticles(fixBareNouns(in)); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

func TestShortTitleAndGreeting(t *testing.T) {
	for _, tt := range []struct{ title, company, want string }{
		{"18F - Cloud Platform Lead", "18F", "Cloud Platform Lead"},
		{"Cloud Platform Lead | 18F", "18F", "Cloud Platform Lead"},
		{"Login.gov - DevOps Engineer (IT Specialist)", "Login.gov", "DevOps Engineer"},
		{"Software Engineer (m/w/d)", "Acme", "Software Engineer"},
		{"English Teacher - Key Stage 3", "Northfield Academy", "English Teacher - Key Stage 3"},
	} {
		if got := shortTitle(tt.title, tt.company, true); got != tt.want {
			t.Errorf("shortTitle(%q, %q) = %q, want %q", tt.title, tt.company, got, tt.want)
		}
	}
	for _, tt := range []struct{ text, want string }{
		{"We build maps. Contact: Julia Becker", "Dear Julia Becker,"},
		{"Contact: Ms Julia Becker, Head of HR", "Dear Ms Becker,"},
		{"Ansprechpartnerin: Frau Julia Becker", "Dear Ms Becker,"},
		{"Hiring manager: Dr. Helen Marsh", "Dear Dr Marsh,"},
		{"Contact: HR team", "Dear Hiring Manager,"},
		{"Contact: Julia", "Dear Hiring Manager,"},
		{"No contact given.", "Dear Hiring Manager,"},
	} {
		job := jobs.Posting{Title: "Engineer", Company: "The Technology Transformation Services", Description: tt.text}
		for _, tone := range Tones {
			l := builtinLetter(LetterInput{Profile: ada(), Job: job, Tone: tone})
			if l.Greeting != tt.want {
				t.Errorf("%s, %q: greeting %q, want %q", tone, tt.text, l.Greeting, tt.want)
			}
		}
	}
}

// TestBuiltinLetterReadsLikeAPerson checks the letter's specific rules on
// the 18F case from the issue.
func TestBuiltinLetterReadsLikeAPerson(t *testing.T) {
	job := jobs.Posting{Title: "18F - Cloud Platform Lead", Company: "18F",
		Description:      "18F helps federal agencies build and buy technology that serves the public. This page contains information about the role.",
		Responsibilities: []string{"Lead migration of agency systems to the cloud", "Coach partner teams on DevOps practices"},
		Requirements: []string{"You must be a U.S. Citizen", "Experience running production systems on AWS",
			"Experience with PostgreSQL and Redis at scale"},
		Skills: []string{"AWS", "PostgreSQL", "Redis", "Go"}}
	p := ada()
	p.Work[0].Highlights = append(p.Work[0].Highlights, "Led migration of 40 services to AWS")
	for _, tone := range Tones {
		l := builtinLetter(LetterInput{Profile: p, Job: job, Tone: tone})
		body := strings.Join(l.Paragraphs, " ")
		if n := strings.Count(body, "Cloud Platform Lead"); n != 1 {
			t.Errorf("%s: the title appears %d times in the body, want once:\n%s", tone, n, l.Text())
		}
		for _, bad := range []string{"18F - Cloud", "a 18F", "an U.S.", "Dear the", "led migration of", "office party", "Citizen"} {
			if strings.Contains(l.Text(), bad) {
				t.Errorf("%s: letter says %q:\n%s", tone, bad, l.Text())
			}
		}
		// The opening gives the posting's reason; an achievement is tied to
		// the requirement it answers.
		if !strings.Contains(l.Paragraphs[0], "serves the public") {
			t.Errorf("%s: the opening gives no reason from the posting:\n%s", tone, l.Paragraphs[0])
		}
		if !strings.Contains(l.Paragraphs[1], "PostgreSQL and Redis") || !strings.Contains(l.Paragraphs[1], "AWS") {
			t.Errorf("%s: the middle paragraph does not name the requirements it answers:\n%s", tone, l.Paragraphs[1])
		}
		var tied bool
		for _, c := range l.Claims {
			hasJob, hasProfile := false, false
			for _, s := range c.Sources {
				hasJob = hasJob || strings.HasPrefix(s, "job:/requirements/")
				hasProfile = hasProfile || strings.Contains(s, "/highlights/")
			}
			tied = tied || hasJob && hasProfile
		}
		if !tied {
			t.Errorf("%s: no claim ties an achievement to a requirement: %+v", tone, l.Claims)
		}
		if problems := CheckLetter(l); len(problems) > 0 {
			t.Errorf("%s: %q", tone, problems)
		}
	}
}

// resolve follows a claim source into the profile or the job.
func resolve(t *testing.T, p profile.Resume, job jobs.Posting, src string) (string, bool) {
	t.Helper()
	var doc any
	var b []byte
	var err error
	ptr := src
	if strings.HasPrefix(src, "job:") {
		b, err = json.Marshal(job)
		ptr = strings.TrimPrefix(src, "job:")
	} else {
		b, err = json.Marshal(p)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		switch v := doc.(type) {
		case map[string]any:
			doc = v[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(v) {
				return "", false
			}
			doc = v[i]
		default:
			return "", false
		}
	}
	s, ok := doc.(string)
	return s, ok && s != ""
}

// TestClaimsResolve: every claim of the offline letter and CV is a
// substring of the draft and every source resolves in the profile or job,
// for every profile and job fixture, shared samples included.
func TestClaimsResolve(t *testing.T) {
	jobsByName := allJobs(t)
	for k, v := range ownPostings(t) {
		jobsByName[k] = v
	}
	for pn, p := range allProfiles(t) {
		p.Clean()
		for jn, j := range jobsByName {
			cv := builtinCV(CVInput{Profile: p, Job: j})
			check := func(kind string, claims []Claim, texts []string) {
				for _, c := range claims {
					if !claimsHold([]Claim{c}, texts...) {
						t.Errorf("%s/%s %s: claim %q is not in the draft", pn, jn, kind, c.Text)
					}
					for _, s := range c.Sources {
						if _, ok := resolve(t, p, j, s); !ok {
							t.Errorf("%s/%s %s: source %q of %q does not resolve", pn, jn, kind, s, c.Text)
						}
					}
				}
			}
			check("cv", cv.Claims, cvTexts(cv))
			for _, tone := range Tones {
				l := builtinLetter(LetterInput{Profile: p, Job: j, Tone: tone})
				check("letter/"+tone, l.Claims, l.Paragraphs)
				if len(profileItems(p)) > 0 && len(l.Claims) == 0 {
					t.Errorf("%s/%s %s: letter has no claims", pn, jn, tone)
				}
			}
		}
	}
}

// TestClaimsSurviveTheProvider: the builtin provider answers with JSON
// through the orchestrator; the drafter keeps the claims.
func TestClaimsSurviveTheProvider(t *testing.T) {
	d := quiet(builtinGen())
	l, err := d.WriteLetter(context.Background(), 1, ada(), backendJob(), ToneProfessional, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Claims) == 0 || !claimsHold(l.Claims, l.Paragraphs...) {
		t.Errorf("letter claims lost or broken: %+v", l.Claims)
	}
	cv, err := d.DraftCV(context.Background(), 1, ada(), backendJob(), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(cv.Claims) == 0 || !claimsHold(cv.Claims, cvTexts(cv)...) {
		t.Errorf("CV claims lost or broken: %+v", cv.Claims)
	}
}

func TestFormatDate(t *testing.T) {
	for in, want := range map[string]string{
		"2021-03": "Mar 2021", "2021-03-15": "Mar 2021", "March 2021": "Mar 2021", "Sept. 2019": "Sep 2019",
		"03/2021": "Mar 2021", "2021": "2021", "present": "present", "Current": "present", "": "", "spring 2020": "spring 2020",
	} {
		if got := FormatDate(in); got != want {
			t.Errorf("FormatDate(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tt := range []struct{ start, end, want string }{
		{"2021-03", "", "Mar 2021 – present"}, {"March 2021", "present", "Mar 2021 – present"},
		{"2017-09", "2019", "Sep 2017 – 2019"}, {"", "2016-06", "Jun 2016"},
	} {
		if got := DateRange(tt.start, tt.end); got != tt.want {
			t.Errorf("DateRange(%q, %q) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
}

// cloudProfile has group labels, placeholders, trivia and more skills than
// the cap, with the cloud skills the job asks for listed last.
func cloudProfile() profile.Resume {
	var filler []string
	for i := range 30 {
		filler = append(filler, "Tool"+strconv.Itoa(i))
	}
	return profile.Resume{
		Basics: profile.Basics{Name: "Jo Park", Label: "Engineer",
			Summary: "Engineer with 6 years of experience running web platforms. A native of Ohio, Jo enjoys hiking and the company of Rufus, her beagle. Jo hails from Tulsa. Her non-work interests range widely. Seeking a management role."},
		Work: []profile.Work{
			{Name: "Initech", Position: "Platform Engineer", StartDate: "March 2021", Highlights: []string{
				"Accomplishment 2", "Wrote the team newsletter", "Moved 40 services to AWS EC2 and S3", "Etc.", "Lorem ipsum dolor", "TBD",
				"Ran the team's football sweepstake"}},
			{Name: "Hooli", Position: "Developer", StartDate: "2017-09", EndDate: "2021-02", Highlights: []string{"Built billing pages"}},
		},
		Skills: []profile.Skill{
			{Name: "Data", Keywords: []string{"SQL"}},
			{Name: "Practices", Keywords: filler},
			{Name: "Infrastructure", Keywords: []string{"AWS", "EC2", "S3"}},
			{Name: "Go"},
		},
	}
}

func TestBuiltinCVTailored(t *testing.T) {
	job := jobs.Posting{Title: "Cloud Engineer", Company: "Acme", Skills: []string{"AWS", "EC2", "S3", "Kubernetes"},
		Requirements: []string{"Experience moving services to AWS"}}
	cv := builtinCV(CVInput{Profile: cloudProfile(), Job: job})
	if len(cv.Skills) < 3 || cv.Skills[0] != "AWS" || cv.Skills[1] != "EC2" || cv.Skills[2] != "S3" {
		t.Errorf("asked skills not first: %q", cv.Skills)
	}
	if len(cv.Skills) > maxSkills {
		t.Errorf("%d skills, cap %d", len(cv.Skills), maxSkills)
	}
	for _, label := range []string{"Data", "Practices", "Infrastructure"} {
		for _, s := range cv.Skills {
			if s == label {
				t.Errorf("group label %q listed as a skill", label)
			}
		}
	}
	text := Markdown(cv)
	for _, bad := range []string{"Accomplishment", "Etc", "Lorem", "TBD", "hiking", "beagle", "Rufus", "native of", "Tulsa", "interests", "Seeking", "2017-09", "sweepstake"} {
		if strings.Contains(text, bad) {
			t.Errorf("CV prints %q:\n%s", bad, text)
		}
	}
	if hs := cv.Experience[0].Highlights; len(hs) != 2 || hs[0] != "Moved 40 services to AWS EC2 and S3" {
		t.Errorf("highlights not ranked or placeholders kept: %q", hs)
	}
	for _, want := range []string{"Mar 2021 – present", "Sep 2017 – Feb 2021", "Engineer with 6 years of experience running web platforms.", "AWS, EC2 and S3"} {
		if !strings.Contains(text, want) {
			t.Errorf("CV lacks %q:\n%s", want, text)
		}
	}
	// Many asked skills beyond the cap are all kept.
	job.Skills = append(job.Skills, cloudProfile().Skills[1].Keywords...)
	cv = builtinCV(CVInput{Profile: cloudProfile(), Job: job})
	if len(cv.Skills) < 33 {
		t.Errorf("asked skills cut by the cap: %d kept", len(cv.Skills))
	}
}

func TestFirstPerson(t *testing.T) {
	for in, want := range map[string]string{
		"Compassionate registered nurse with 7+ years of experience in acute care.":     "I am a compassionate registered nurse with 7+ years of experience in acute care",
		"An experienced marketing professional with over 8 years in digital marketing.": "I am an experienced marketing professional with over 8 years in digital marketing",
		"Richard hails from Tulsa.":                                       "",
		"Care assistant with 5 years in residential care.":                "I am a care assistant with 5 years in residential care",
		"While his work focuses on applied information theory, he reads.": "",
		"Led a team of five.":                                             "",
		"Detail-oriented professional committed to accuracy.":             "I am a detail-oriented professional committed to accuracy",
		"I build reliable data services.":                                 "I build reliable data services",
	} {
		if got := firstPersonIntro(in); got != want {
			t.Errorf("firstPersonIntro(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Expertise in patient assessment and care coordination.": "my expertise is in patient assessment and care coordination",
		"Consistently improved student test scores by 20%+.":     "I consistently improved student test scores by 20%+",
		"ACLS and PALS certified.":                               "I am ACLS and PALS certified",
	} {
		if got := firstPersonSentence(in); got != want {
			t.Errorf("firstPersonSentence(%q) = %q, want %q", in, got, want)
		}
	}
	p := profile.Resume{Work: []profile.Work{
		{Name: "Now Co", Position: "Lead", Highlights: []string{"Pick, pack, and ship 300+ orders per shift", "Recognized as Peak Performer"}},
		{Name: "Then Co", Position: "Associate", EndDate: "2020-01", Highlights: []string{"Triage and assess 15 patients per shift", "Lead a team of 4", "Peak Performer award 2019"}},
	}}
	for _, tt := range []struct {
		work, hl int
		want     string
	}{
		{0, 0, "I pick, pack, and ship 300+ orders per shift"},
		{0, 1, "I was recognized as Peak Performer"},
		{1, 0, "I triaged and assessed 15 patients per shift"},
		{1, 1, "I led a team of 4"},
		{1, 2, ""},
	} {
		it := evItem{text: p.Work[tt.work].Highlights[tt.hl], work: tt.work, proj: -1}
		if got := clause(it, p); got != tt.want {
			t.Errorf("clause(%q) = %q, want %q", it.text, got, tt.want)
		}
	}
}

// TestBuiltinSummaryFromEvidence: the offline CV summary uses only words
// from the profile, the job and its own few connecting words, so it adds no
// adjective the person did not write.
func TestBuiltinSummaryFromEvidence(t *testing.T) {
	own := termSet("skills for the role this asks experience most recently at")
	jobsByName := allJobs(t)
	for k, v := range ownPostings(t) {
		jobsByName[k] = v
	}
	for pn, p := range allProfiles(t) {
		p.Clean()
		known := termSet(strings.Join(profileStrings(p), " "))
		for jn, j := range jobsByName {
			jt := termSet(compactJob(j))
			summary, claims := builtinSummary(p, j, weightsFor(j))
			for _, term := range terms(summary) {
				if !known[term] && !jt[term] && !own[term] {
					t.Errorf("%s/%s: summary word %q is in neither the profile nor the job: %q", pn, jn, term, summary)
				}
			}
			for _, c := range claims {
				if !strings.Contains(summary, c.Text) || len(c.Sources) == 0 {
					t.Errorf("%s/%s: summary claim %q", pn, jn, c.Text)
				}
			}
		}
	}
}

func TestJobReason(t *testing.T) {
	for _, tt := range []struct{ desc, want string }{
		{"At Globex, we build event pipelines for logistics firms. Apply now.", "you build event pipelines for logistics firms"},
		{"Our mission is to make public services simple for everyone.", "your mission is to make public services simple for everyone"},
		{"Globex builds event pipelines for logistics.", "Globex builds event pipelines for logistics"},
		{"Globex is hiring a Go engineer. This page contains information about the role.", ""},
		{"We are growing our platform team and want an engineer who enjoys owning services end to end.", "you are growing your platform team and want an engineer who enjoys owning services end to end"},
		{"We help shippers across the US and Europe move freight with less paperwork.", "you help shippers across the US and Europe move freight with less paperwork"},
		{"We want you to own our billing services from design to on-call.", ""},
	} {
		j := jobs.Posting{Title: "Engineer", Company: "Globex", Description: tt.desc}
		r, _ := jobReason(j)
		got := ""
		if r != "" && becauseForm(r, j.Company) {
			got = becauseClause(r, j.Company)
		}
		if got != tt.want {
			t.Errorf("%q: reason %q, want %q", tt.desc, got, tt.want)
		}
	}
}

func TestGerundPhrase(t *testing.T) {
	for in, want := range map[string]string{
		"Lead incident response and mitigate site errors": "leading incident response",
		"Assess and monitor critically ill patients":      "assessing and monitoring critically ill patients",
		"Plan and teach engaging English lessons":         "planning and teaching engaging English lessons",
		"Pick, pack and ship orders":                      "picking, packing and shipping orders",
		"Help partners understand our mission":            "",
		"Typical duties include reviews":                  "",
	} {
		if got := gerundPhrase(in); got != want {
			t.Errorf("gerundPhrase(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLetterGrammar reads every offline letter for the slips the issue
// found: article agreement, doubled words, stray spaces before
// punctuation, "Dear the", a dropped article before "migration of".
func TestLetterGrammar(t *testing.T) {
	art := regexp.MustCompile(`\b(a|an) ([“"(]?[\p{L}\p{N}][\p{L}\p{N}.\-/,]*)`)
	bad := regexp.MustCompile(`(?i)\s[,.;:!?]|\.\.|[!?.][.!]|\s{2}|^Dear the|\b(led|managed) (migration|implementation) of|\b(a|an|the) (a|an|the|I)\b`)
	jobsByName := allJobs(t)
	for k, v := range ownPostings(t) {
		jobsByName[k] = v
	}
	for pn, p := range allProfiles(t) {
		p.Clean()
		for jn, j := range jobsByName {
			for _, tone := range Tones {
				l := builtinLetter(LetterInput{Profile: p, Job: j, Tone: tone})
				for _, text := range append([]string{l.Greeting, l.Subject}, l.Paragraphs...) {
					for _, m := range art.FindAllStringSubmatch(text, -1) {
						if want := indefinite(m[2]); want != m[1] {
							t.Errorf("%s/%s/%s: %q should read %q: %s", pn, jn, tone, m[0], want+" "+m[2], text)
						}
					}
					if m := bad.FindString(text); m != "" {
						t.Errorf("%s/%s/%s: %q in %s", pn, jn, tone, m, text)
					}
					words := strings.Fields(strings.ToLower(text))
					for i := 1; i < len(words); i++ {
						if words[i] == words[i-1] && norm(words[i]) != "" && !isDigit([]rune(words[i])[0]) {
							t.Errorf("%s/%s/%s: %q twice in %s", pn, jn, tone, words[i], text)
						}
					}
				}
			}
		}
	}
}

func TestSkillEqual(t *testing.T) {
	for _, tt := range []struct {
		profile, job string
		want         bool
	}{
		{"Go", "go", true}, {"k8s", "Kubernetes", true}, {"Postgres", "PostgreSQL", true},
		{"Electronic Health Records (Epic, Cerner)", "Electronic Health Records", true},
		{"Electronic Health Records (Epic, Cerner)", "Epic", true},
		{"Java", "JavaScript", false}, {"Data", "Data analysis", false},
	} {
		if got := skillEqual(tt.profile, tt.job); got != tt.want {
			t.Errorf("skillEqual(%q, %q) = %v, want %v", tt.profile, tt.job, got, tt.want)
		}
	}
}

// A requirement made of skill names keeps their spelling when the letter
// quotes it mid-sentence ("Python, SQL and PostgreSQL", not "python, SQL
// and postgreSQL"); an ordinary Title Case label is lower-cased.
func TestAskKeepsSkillCapitals(t *testing.T) {
	for in, want := range map[string]string{
		"Python, SQL and PostgreSQL": "Python, SQL and PostgreSQL",
		"JavaScript and Node.js":     "JavaScript and Node.js",
		"Attention to Detail":        "attention to detail",
	} {
		got := decap(in)
		if f := strings.Fields(got); len(f) > 0 && !keepsCase(f[0]) {
			got = lowerFirst(got)
		}
		if got != want {
			t.Errorf("%q in a sentence = %q, want %q", in, got, want)
		}
	}
}
