package jobs

import (
	"context"
	"strings"
	"testing"
)

// TestPastedPostingsPerLanguage reads one hand-written posting per language
// (jobs/testdata/pasted_*.txt) with the offline heuristics: title, company
// and location from the first lines, each section under its own heading,
// labels in the posting's language, the language detected, and
// application instructions kept apart from the requirements.
func TestPastedPostingsPerLanguage(t *testing.T) {
	tests := []struct {
		file                     string
		lang                     string
		title, company, location string
		resp, req, nice, benefit string // one item expected in each list ("" when the posting has none)
		note                     string // a piece of an application note
		salaryMin                float64
		currency                 string
	}{
		{"pasted/freightwise_en.txt", "en", "Senior Backend Engineer (Go)", "Freightwise GmbH", "Berlin, Germany",
			"Mentor two mid-level engineers", "Experience with distributed systems and message queues", "Kubernetes and Terraform", "30 days of holiday",
			"equal opportunity employer", 75000, "EUR"},
		{"pasted/de.txt", "de", "Softwareentwickler Backend (m/w/d)", "Nordlicht Logistik GmbH", "Hamburg, Deutschland",
			"Du entwickelst und betreibst Services in Java und Kotlin", "Mindestens 3 Jahre Erfahrung in der Backend-Entwicklung", "Erfahrung mit Kubernetes", "Ein Jobticket für den HVV",
			"Schwerbehinderte", 60000, "EUR"},
		{"pasted/nl.txt", "nl", "Data Analist", "Polderdata B.V.", "Utrecht",
			"Je bouwt dashboards voor onze klanten in Power BI", "Goede kennis van SQL", "Ervaring met Azure", "27 vakantiedagen en een goed pensioen",
			"gelijke kansen", 3800, "EUR"},
		{"pasted/fr.txt", "fr", "Développeur Full Stack (H/F)", "Atelier Numérique SAS", "Lyon, France",
			"Participer aux revues de code et à la conception technique", "Maîtrise de React et de Django", "Connaissance de PostgreSQL", "Deux jours de télétravail par semaine",
			"situation de handicap", 45000, "EUR"},
		{"pasted/es.txt", "es", "Analista de Datos", "Grupo Horizonte", "Madrid, España",
			"Diseñar informes y cuadros de mando en Tableau", "Nivel alto de inglés", "Experiencia en el sector de la distribución", "Seguro médico privado",
			"igualdad de oportunidades", 32000, "EUR"},
		{"pasted/pt.txt", "pt", "Engenheiro de Software Sênior", "Cerrado Tech Ltda", "São Paulo, Brasil",
			"Participar das decisões de arquitetura do produto", "Conhecimento em bancos de dados relacionais", "Experiência com AWS", "Vale-refeição e plano de saúde",
			"igualdade de oportunidades", 12000, "BRL"},
		{"pasted/it.txt", "it", "Sviluppatore Backend", "Laguna Software S.r.l.", "Venezia",
			"Progettare e sviluppare servizi in Java e Spring", "Laurea in Informatica o Ingegneria", "Esperienza con Docker", "Contratto a tempo indeterminato",
			"pari opportunità", 38000, "EUR"},
		{"pasted/sw.txt", "sw", "Afisa Mauzo", "Kilimo Bora Limited", "Arusha, Tanzania",
			"Kuandaa ripoti za mauzo za kila mwezi", "Uzoefu wa miaka 2 katika mauzo", "", "",
			"nakala za vyeti", 900000, "TZS"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			p := heuristicPosting(cleanText(readFixture(t, tt.file)), PageMeta{})
			if p.Language != tt.lang {
				t.Errorf("language = %q, want %q", p.Language, tt.lang)
			}
			if p.Title != tt.title || p.Company != tt.company || p.Location != tt.location {
				t.Errorf("title, company, location = %q, %q, %q; want %q, %q, %q", p.Title, p.Company, p.Location, tt.title, tt.company, tt.location)
			}
			for _, l := range []struct {
				name  string
				items []string
				want  string
			}{{"responsibilities", p.Responsibilities, tt.resp}, {"requirements", p.Requirements, tt.req},
				{"nice_to_have", p.NiceToHave, tt.nice}, {"benefits", p.Benefits, tt.benefit}} {
				if l.want != "" && !contains(l.items, l.want) {
					t.Errorf("%s = %q, want it to hold %q", l.name, l.items, l.want)
				}
			}
			if !strings.Contains(strings.Join(p.ApplicationNotes, "\n"), tt.note) {
				t.Errorf("application_notes = %q, want one with %q", p.ApplicationNotes, tt.note)
			}
			for _, r := range append(append([]string{}, p.Requirements...), p.Responsibilities...) {
				if isBoilerplate(r) {
					t.Errorf("boilerplate %q left among requirements or duties", r)
				}
			}
			if p.Salary.Min == nil || *p.Salary.Min != tt.salaryMin || p.Salary.Currency != tt.currency {
				t.Errorf("salary = %+v, want min %v %s", p.Salary, tt.salaryMin, tt.currency)
			}
			if strings.Contains(p.Description, tt.company+" – ") || p.Description == "" {
				t.Errorf("description = %q, want the intro paragraph without the header line", p.Description)
			}
			for _, r := range p.Responsibilities {
				if r == firstParagraph(p.Description) {
					t.Errorf("the intro paragraph became a responsibility: %q", r)
				}
			}
		})
	}
}

func firstParagraph(s string) string {
	if i := strings.Index(s, "\n\n"); i >= 0 {
		return s[:i]
	}
	return s
}

func TestSectionHeadingsPerLanguage(t *testing.T) {
	tests := []struct{ lang, heading, want string }{
		{"de", "Ihre Aufgaben", secResponsibilities}, {"de", "Deine Aufgaben:", secResponsibilities}, {"de", "Das erwartet dich", secResponsibilities},
		{"de", "Ihr Profil", secRequirements}, {"de", "Das bringst du mit", secRequirements}, {"de", "Anforderungen", secRequirements},
		{"de", "Wünschenswert", secNice}, {"de", "Wir bieten", secBenefits}, {"de", "Was dich bei uns erwartet", secBenefits},
		{"de", "Über uns", secOther},
		{"nl", "Taken", secResponsibilities}, {"nl", "Wat ga je doen?", secResponsibilities}, {"nl", "Functie-eisen", secRequirements},
		{"nl", "Wat vragen wij?", secRequirements}, {"nl", "Wat wij bieden", secBenefits}, {"nl", "Arbeidsvoorwaarden", secBenefits}, {"nl", "Een pré", secNice},
		{"fr", "Missions", secResponsibilities}, {"fr", "Vos missions", secResponsibilities}, {"fr", "Profil recherché", secRequirements},
		{"fr", "Votre profil", secRequirements}, {"fr", "Avantages", secBenefits}, {"fr", "Atouts", secNice}, {"fr", "Comment postuler", secApply},
		{"es", "Requisitos", secRequirements}, {"es", "Responsabilidades", secResponsibilities}, {"es", "Funciones", secResponsibilities},
		{"es", "Ofrecemos", secBenefits}, {"es", "Se valorará", secNice}, {"es", "Sobre nosotros", secOther},
		{"pt", "Requisitos e qualificações", secRequirements}, {"pt", "Responsabilidades e atribuições", secResponsibilities},
		{"pt", "Diferenciais", secNice}, {"pt", "Benefícios", secBenefits},
		{"it", "Competenze", secRequirements}, {"it", "Requisiti", secRequirements}, {"it", "Responsabilità", secResponsibilities},
		{"it", "Mansioni", secResponsibilities}, {"it", "Offriamo", secBenefits}, {"it", "Costituisce un plus", secNice},
		{"sw", "Majukumu", secResponsibilities}, {"sw", "Sifa", secRequirements}, {"sw", "Sifa za mwombaji", secRequirements},
		{"sw", "Jinsi ya kuomba", secApply},
		// Prose that merely contains a heading word is no heading.
		{"de", "Wir freuen uns auf Ihre Bewerbung und Ihre Fragen zu den Aufgaben", ""},
		{"sw", "Uzoefu wa miaka 2 katika mauzo", ""},
		{"fr", "Mission accomplie grâce à notre équipe lyonnaise", ""},
	}
	for _, tt := range tests {
		if got := sectionOf(tt.heading); got != tt.want {
			t.Errorf("%s: sectionOf(%q) = %q, want %q", tt.lang, tt.heading, got, tt.want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"We are looking for an engineer who will join our team and work with the product managers on the roadmap.", "en"},
		{"Wir suchen eine Entwicklerin oder einen Entwickler, die mit uns die Plattform weiterentwickelt und für unsere Kunden da ist.", "de"},
		{"Nous recherchons un développeur pour renforcer notre équipe et participer à la conception de nos produits.", "fr"},
		{"Buscamos una persona analista para nuestro equipo de datos, con experiencia en el sector y ganas de aprender.", "es"},
		{"Estamos procurando uma pessoa engenheira para o nosso time, com experiência em sistemas e vontade de aprender.", "pt"},
		{"Wij zoeken een analist die het leuk vindt om met onze klanten te werken en die ervaring heeft met data.", "nl"},
		{"Cerchiamo uno sviluppatore che voglia crescere con noi e che abbia esperienza nello sviluppo di servizi per il nostro team.", "it"},
		{"Kampuni inatafuta Afisa Mauzo mwenye bidii kwa ajili ya ofisi yetu na awe na uzoefu wa kazi katika mauzo.", "sw"},
		{"Go, Kubernetes, PostgreSQL", ""}, // too little to tell
		{"", ""},
	}
	for _, tt := range tests {
		if got := detectLanguage(tt.text); got != tt.want {
			t.Errorf("detectLanguage(%.40q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestGenderSuffixStaysInTitle(t *testing.T) {
	tests := []struct{ text, title, company, location string }{
		{"Backend-Entwickler (m/w/d) – Acme GmbH – München", "Backend-Entwickler (m/w/d)", "Acme GmbH", "München"},
		{"Développeur Java (H/F) | Société Générale | Paris, France", "Développeur Java (H/F)", "Société Générale", "Paris, France"},
		{"Projektmanager (w/m/d) bei Kranich AG", "Projektmanager (w/m/d)", "Kranich AG", ""},
		{"Data Engineer (f/m/x)\nAcme SE · Berlin, Germany", "Data Engineer (f/m/x)", "Acme SE", "Berlin, Germany"},
		{"Referentin Marketing\n(m/w/d)\nAcme GmbH · Köln, Deutschland", "Referentin Marketing (m/w/d)", "Acme GmbH", "Köln, Deutschland"},
	}
	for _, tt := range tests {
		text := strings.ReplaceAll(tt.text, `\n`, "\n") + "\n\nAufgaben\n- Kampagnen planen\nProfil\n- Erfahrung im Marketing"
		p := heuristicPosting(text, PageMeta{})
		if p.Title != tt.title || p.Company != tt.company || p.Location != tt.location {
			t.Errorf("%q: got %q, %q, %q; want %q, %q, %q", tt.text, p.Title, p.Company, p.Location, tt.title, tt.company, tt.location)
		}
		if p.EmploymentType != "" || p.Workplace != "" || p.Salary.Min != nil {
			t.Errorf("%q: the gender suffix was read as something else: %+v", tt.text, p)
		}
	}
	if got := stripGenderMark("Softwareentwickler (m/w/d)"); got != "Softwareentwickler" {
		t.Errorf("stripGenderMark = %q", got)
	}
}

func TestPastedHeader(t *testing.T) {
	tests := []struct {
		text                     string
		ok                       bool
		title, company, location string
	}{
		{"Senior Backend Engineer (Go) – Freightwise GmbH – Berlin, Germany", true, "Senior Backend Engineer (Go)", "Freightwise GmbH", "Berlin, Germany"},
		{"Senior Backend Engineer (Go) - Freightwise GmbH - Berlin, Germany", true, "Senior Backend Engineer (Go)", "Freightwise GmbH", "Berlin, Germany"},
		{"Product Designer | Brightwater Labs | Manchester, UK", true, "Product Designer", "Brightwater Labs", "Manchester, UK"},
		{"Nurse · St Mary's Hospital · London", true, "Nurse", "St Mary's Hospital", "London"},
		{"Staff Accountant at Mwangaza Foods Ltd", true, "Staff Accountant", "Mwangaza Foods Ltd", ""},
		{"Data Analyst at Acme (Nairobi, Kenya)", true, "Data Analyst", "Acme", "Nairobi, Kenya"},
		{"Support Engineer – Remote", true, "Support Engineer", "", "Remote"},
		{"Warehouse Associate - Parcelly", true, "Warehouse Associate", "Parcelly", ""},
		{"Junior Accountant", false, "", "", ""},
		{"We ship software every day - and we love it.", false, "", "", ""},
		{"Location: Berlin - Mitte", false, "", "", ""},
	}
	for _, tt := range tests {
		h, ok := pastedHeader(splitLines(tt.text))
		if ok != tt.ok || h.title != tt.title || h.company != tt.company || h.location != tt.location {
			t.Errorf("pastedHeader(%q) = %+v, %v; want %q, %q, %q, %v", tt.text, h, ok, tt.title, tt.company, tt.location, tt.ok)
		}
	}
}

func TestBoilerplateIsNotARequirement(t *testing.T) {
	tests := []struct {
		item string
		note bool
	}{
		{"You must be a U.S. Citizen or National (residents of American Samoa and Swains Islands)", true},
		{"Direct Deposit of salary check to financial organization required", true},
		{"Register with Selective Service, if you are required", true},
		{"the exact dates you held each job (from month/year to month/year or “present”)", true},
		{"Suitable for federal employment, determined by a background investigation", true},
		{"Your resume must include your salary and hours worked", true},
		{"To apply, please send your CV to jobs@example.com", true},
		{"We are an equal opportunity employer and value diversity.", true},
		{"Acme provides reasonable accommodations to applicants with disabilities.", true},
		{"5+ years of experience with Go and PostgreSQL", false},
		{"Experience with background jobs and queues", false},
		{"Degree in Computer Science or equivalent experience", false},
		{"Fluent English; German is a plus", false},
		{"Mindestens 3 Jahre Erfahrung in der Backend-Entwicklung", false},
		{"Sende uns deine Bewerbungsunterlagen über unser Portal", true},
	}
	for _, tt := range tests {
		if got := isBoilerplate(tt.item); got != tt.note {
			t.Errorf("isBoilerplate(%q) = %v, want %v", tt.item, got, tt.note)
		}
	}
}

// The paragraph that introduces a job is its description, also when it
// sits under a heading such as "The role" or "Deine Rolle", never a duty.
func TestIntroParagraphIsTheDescription(t *testing.T) {
	tests := []struct{ name, text, intro, duty string }{
		{"under 'The role'", `Platform Engineer
The role
We are looking for an engineer who will own our build and deploy tooling and help every team ship safely.
Responsibilities
- Run the CI system
- Keep deploys fast`, "We are looking for an engineer who will own", "Run the CI system"},
		{"before the first heading", `Senior Backend Engineer (Go) – Freightwise GmbH – Berlin, Germany
Freightwise moves 40,000 pallets a day across Europe with software we write ourselves.
What you'll do
- Design and build Go services`, "Freightwise moves 40,000 pallets", "Design and build Go services"},
		{"German, under 'Deine Rolle'", `Backend-Entwickler (m/w/d)
Deine Rolle
Als Teil unseres Plattform-Teams sorgst du dafür, dass tausende Sendungen jeden Tag ihr Ziel erreichen.
Deine Aufgaben
- Du entwickelst Services in Kotlin`, "Als Teil unseres Plattform-Teams", "Du entwickelst Services in Kotlin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := heuristicPosting(tt.text, PageMeta{})
			if !strings.HasPrefix(p.Description, tt.intro) {
				t.Errorf("description = %q, want it to open with %q", p.Description, tt.intro)
			}
			if !contains(p.Responsibilities, tt.duty) {
				t.Errorf("responsibilities = %q, want %q", p.Responsibilities, tt.duty)
			}
			for _, r := range p.Responsibilities {
				if strings.HasPrefix(r, tt.intro) {
					t.Errorf("the intro became a responsibility: %q", r)
				}
			}
		})
	}
}

// Labels name company and location in every language, with or without a
// space before the colon.
func TestLabelsPerLanguage(t *testing.T) {
	tests := []struct{ label, company, location string }{
		{"Company: Kestrel Accounting\nLocation: Bradford, UK", "Kestrel Accounting", "Bradford, UK"},
		{"Unternehmen: Kranich AG\nStandort: München", "Kranich AG", "München"},
		{"Entreprise : Atelier Numérique\nLieu : Lyon", "Atelier Numérique", "Lyon"},
		{"Empresa: Grupo Horizonte\nUbicación: Madrid", "Grupo Horizonte", "Madrid"},
		{"Empresa: Cerrado Tech\nLocalização: Goiânia", "Cerrado Tech", "Goiânia"},
		{"Bedrijf: Polderdata\nStandplaats: Utrecht", "Polderdata", "Utrecht"},
		{"Azienda: Laguna Software\nSede di lavoro: Venezia", "Laguna Software", "Venezia"},
		{"Kampuni: Kilimo Bora\nMahali pa kazi: Arusha", "Kilimo Bora", "Arusha"},
	}
	for _, tt := range tests {
		p := heuristicPosting("Sales Manager\n"+tt.label+"\n\nResponsibilities\n- Sell", PageMeta{})
		if p.Company != tt.company || p.Location != tt.location {
			t.Errorf("%q: company %q, location %q; want %q, %q", tt.label, p.Company, p.Location, tt.company, tt.location)
		}
	}
}

// Postings in every language score as job ads; everyday prose in those
// languages does not.
func TestJobScorePerLanguage(t *testing.T) {
	for _, f := range []string{"de", "nl", "fr", "es", "pt", "it", "sw"} {
		if s := jobScore(cleanText(readFixture(t, "pasted/"+f+".txt"))); s < 5 {
			t.Errorf("jobScore(%s posting) = %d, want >= 5", f, s)
		}
	}
	prose := map[string]string{
		"de": "Am Wochenende waren wir an der Elbe spazieren. Das Wetter war schön und wir haben Kuchen gegessen.",
		"fr": "Ce week-end, nous avons marché le long du Rhône. Il faisait beau et nous avons mangé une tarte.",
		"es": "El fin de semana paseamos por el Retiro. Hacía buen tiempo y comimos churros con chocolate.",
		"sw": "Mwishoni mwa wiki tulitembea ufukweni. Hali ya hewa ilikuwa nzuri na tulikula samaki.",
	}
	for lang, p := range prose {
		if s := jobScore(p); s != 0 {
			t.Errorf("jobScore(%s prose) = %d, want 0", lang, s)
		}
	}
}

func TestEmploymentAndWorkplacePerLanguage(t *testing.T) {
	tests := []struct{ text, employment, workplace string }{
		{"Anstellungsart: Vollzeit, unbefristet\nArbeitsmodell: 2 Tage Homeoffice pro Woche", "Full-time", "hybrid"},
		{"Anstellungsart: Teilzeit (20 Std.)\nArbeitsmodell: 100% Homeoffice", "Part-time", "remote"},
		{"Type de contrat : CDD de 6 mois\nTélétravail : 2 jours par semaine", "Contract", "hybrid"},
		{"Type de contrat : Stage de fin d'études", "Internship", ""},
		{"Tipo de contrato: Indefinido, jornada completa\nModalidad: Presencial", "Full-time", "onsite"},
		{"Dienstverband: Parttime, 24 uur", "Part-time", ""},
		{"Tipo di contratto: Tempo determinato\nSede: Milano (ibrido)", "Contract", "hybrid"},
		{"Aina ya ajira: Mkataba wa mwaka mmoja", "Contract", ""},
	}
	for _, tt := range tests {
		p := heuristicPosting("Sales Manager\n"+tt.text+"\n\nResponsibilities\n- Sell", PageMeta{})
		if p.EmploymentType != tt.employment || p.Workplace != tt.workplace {
			t.Errorf("%q: employment %q, workplace %q; want %q, %q", tt.text, p.EmploymentType, p.Workplace, tt.employment, tt.workplace)
		}
	}
	// English prose keeps its own meaning: "stage" is no internship.
	p := heuristicPosting("Sales Manager\nWe are an early stage startup with a temporal database.\n\nResponsibilities\n- Sell to customers", PageMeta{})
	if p.EmploymentType != "" {
		t.Errorf("English prose read as employment type %q", p.EmploymentType)
	}
}

// "<Company> sucht / recrute / busca / zoekt / cerca / inatafuta" names the
// employer; "Kampuni inatafuta" ("the company seeks") and a heading such as
// "Unternehmen" followed by a paragraph do not.
func TestHiringSentencePerLanguage(t *testing.T) {
	tests := []struct{ text, company string }{
		{"Die Nordlicht Logistik GmbH sucht ab sofort eine Entwicklerin.", "Nordlicht Logistik GmbH"},
		{"Atelier Numérique recrute un développeur pour son équipe de Lyon.", "Atelier Numérique"},
		{"Grupo Horizonte busca una persona analista para su equipo.", "Grupo Horizonte"},
		{"Polderdata zoekt een analist voor het team in Utrecht.", "Polderdata"},
		{"Laguna Software cerca uno sviluppatore per il suo ufficio.", "Laguna Software"},
		{"Kilimo Bora inatafuta Afisa Mauzo kwa ofisi ya Arusha.", "Kilimo Bora"},
		{"Kampuni inatafuta Afisa Mauzo kwa ofisi ya Arusha.", ""},
	}
	for _, tt := range tests {
		if got := hiringCompany(splitLines(tt.text)); got != tt.company {
			t.Errorf("hiringCompany(%q) = %q, want %q", tt.text, got, tt.company)
		}
	}
	p := heuristicPosting("Vertriebsleiter (m/w/d)\nUnternehmen\nWir sind ein Familienunternehmen aus Bremen mit 200 Mitarbeitenden und langer Tradition.\nDeine Aufgaben\n- Kunden betreuen", PageMeta{})
	if strings.Contains(p.Company, "Familienunternehmen") {
		t.Errorf("company = %q: a paragraph under a heading is no label value", p.Company)
	}
}

// A board page declared English (its interface is) that carries a German
// posting is German: the posting's words decide, not <html lang>.
func TestLanguageFromWordsNotPageLang(t *testing.T) {
	const page = `<!doctype html><html lang="en"><head><title>Softwareentwickler (m/w/d) - Nordlicht Logistik GmbH - Hamburg</title></head>
<body><nav>Sign in Join now Jobs People Learning</nav><main>
<h1>Softwareentwickler (m/w/d)</h1>
<p>Nordlicht Logistik GmbH · Hamburg, Deutschland</p>
<p>Die Nordlicht Logistik GmbH sucht eine Entwicklerin oder einen Entwickler für unser Plattform-Team, das die Software für tausende Sendungen am Tag baut.</p>
<p><strong>Deine Aufgaben:</strong></p><ul><li>Du entwickelst Services in Kotlin und Java</li><li>Du betreibst unsere Schnittstellen zu Speditionen</li></ul>
<p><strong>Dein Profil:</strong></p><ul><li>Mindestens 3 Jahre Erfahrung in der Backend-Entwicklung</li><li>Sehr gute Deutschkenntnisse</li></ul>
<p><strong>Wir bieten:</strong></p><ul><li>30 Tage Urlaub</li></ul>
<h3>Seniority level</h3><p>Mid-Senior level</p><h3>Employment type</h3><p>Full-time</p>
<p>Show more Show less</p></main></body></html>`
	const u = "https://boards.example/jobs/view/123"
	ex := NewExtractor(newBuiltinGen(), staticFetcher{u: {URL: u, StatusCode: 200, HTML: page}}, ExtractorOptions{})
	p, err := ex.Extract(context.Background(), 1, Source{URL: u}, false)
	if err != nil {
		t.Fatal(err)
	}
	if p.Language != "de" {
		t.Errorf("language = %q, want de", p.Language)
	}
	if p.Title != "Softwareentwickler (m/w/d)" || !contains(p.Requirements, "Mindestens 3 Jahre Erfahrung in der Backend-Entwicklung") ||
		!contains(p.Benefits, "30 Tage Urlaub") {
		t.Errorf("title %q, requirements %q, benefits %q", p.Title, p.Requirements, p.Benefits)
	}
}
