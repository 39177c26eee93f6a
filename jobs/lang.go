package jobs

import (
	"regexp"
	"strings"
	"unicode"
)

// stopWords are short, frequent words of each language Tailor reads
// headings in. Words two languages share count for both, so the words only
// one language uses decide.
var stopWords = map[string][]string{
	"en": strings.Fields(`the and of to in for with you our will are is we your be on as this that have or an at from by who
		what about into their they all can must years experience skills work team role job`),
	"de": strings.Fields(`und der die das mit für wir sie ihr ihre ist ein eine einen einem zu von den im auf bei unser unsere
		oder auch nicht sich dem des werden als über du dein deine dich dir wie zur zum sowie erfahrung kenntnisse
		aufgaben profil bieten gute sehr wenn`),
	"fr": strings.Fields(`le la les et des du un une pour avec vous nous est dans sur au aux votre vos qui que ou par pas ce
		cette sont poste expérience notre nos tu ton ta tes être une plus selon afin équipe`),
	"es": strings.Fields(`el la los las y de del en para con por una un que es su sus se al como nuestro nuestra nuestros
		experiencia trabajo empresa buscamos tu tus estar más equipo puesto conocimientos`),
	"pt": strings.Fields(`o a os as e de do da dos das em para com por um uma que é no na nos nas seu sua você experiência
		nossa nosso vaga ou não ao aos pela pelo equipe conhecimento trabalho`),
	"nl": strings.Fields(`de het een en van in op voor met je jij jouw wij we ons onze is zijn bij naar om dat die als ook te
		niet ervaring werk wat hebt heb je over functie kennis goede`),
	"it": strings.Fields(`il lo la gli le e di del della dei delle in per con un una che è sono nostro nostra ti si al alla
		esperienza lavoro anche o non nel nella ed degli tra conoscenza`),
	"sw": strings.Fields(`na ya wa kwa za katika ni la kazi mwombaji awe uzoefu maombi cha vya hii au kuwa sifa majukumu
		mshahara ujuzi kampuni nafasi kutuma kufanya mwenye pamoja zaidi ili`),
}

var stopIndex = func() map[string][]string {
	idx := map[string][]string{}
	for lang, words := range stopWords {
		for _, w := range words {
			idx[w] = append(idx[w], lang)
		}
	}
	return idx
}()

// detectLanguage names the language of text (ISO 639-1) by counting each
// language's stop words; "" when the text is too short or too mixed to
// tell. It reads at most the first 20,000 characters.
func detectLanguage(text string) string {
	text = truncateUTF8(text, 20_000)
	counts := map[string]int{}
	words := 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		words++
		for _, lang := range stopIndex[w] {
			counts[lang]++
		}
	}
	best, second := "", 0
	for _, lang := range []string{"en", "de", "fr", "es", "pt", "nl", "it", "sw"} {
		switch n := counts[lang]; {
		case best == "" || n > counts[best]:
			second = counts[best]
			best = lang
		case n > second:
			second = n
		}
	}
	top := counts[best]
	// Enough evidence, and clearly ahead of the runner-up.
	if top < 4 || top*12 < words || float64(top) < 1.25*float64(second) {
		return ""
	}
	return best
}

// genderMarkRe matches the gender suffixes European postings add to titles:
// (m/w/d), (w/m/x), (f/m/x), (H/F), (m/v), (all genders), (gn).
var genderMarkRe = regexp.MustCompile(`(?i)\(\s*(?:[mwfdhvx]|div|all)(?:\s*[/|,]\s*(?:[mwfdhvx*]|div|all))+\s*\)|\(\s*(?:all genders?|gn\*?|genderneutral|alle geschlechter)\s*\)|\b(?:m/w/d|w/m/d|m/f/d|f/m/d|m/w/x|f/m/x|m/f/x)\b`)

// stripGenderMark drops a gender suffix from a title, for comparing titles;
// titles themselves keep it, as the employer wrote it.
func stripGenderMark(title string) string {
	return strings.Join(strings.Fields(genderMarkRe.ReplaceAllString(title, " ")), " ")
}

// onlyGenderMark tells whether a line holds nothing but a gender suffix,
// as when a title wraps before its "(m/w/d)".
func onlyGenderMark(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && genderMarkRe.ReplaceAllString(s, "") == ""
}

// titleWordRe recognises job titles in the languages Tailor reads. German
// and Dutch build compounds ("Softwareentwickler"), so their role words
// match inside a word.
var titleWordRe = regexp.MustCompile(`(?i)(entwickler|ingenieur|berater|leiter|referent|sachbearbeiter|werkstudent|praktikant|mitarbeiter|kaufmann|kauffrau|fachkraft|manager|architekt|techniker|spezialist|assistenz|buchhalter|pfleger|erzieher|medewerker|ontwikkelaar|adviseur|beheerder|verpleegkundige|consultant|stagiair|développeur|developpeur|ingénieur|chargée?|responsable|chef de|comptable|technicien|conseill[eè]re?|commerciale?|stagiaire|desarrollador|ingeniero|analista|gerente|jefe de|técnico|asesor|contador|especialista|desenvolvedor|engenheiro|coordenador|estagiário|sviluppatore|ingegnere|tecnico|responsabile|impiegat[oa]|addett[oa]|afisa|meneja|mhasibu|mhandisi|msaidizi|dereva|fundi|mwalimu)`)

// isTitleLike tells whether a short line names a job in any language.
func isTitleLike(s string) bool {
	return jobTitleRe.MatchString(s) || titleWordRe.MatchString(s)
}

// langSection builds one anchored heading rule: the heading must start
// with one of the phrases (after an optional possessive), so prose that
// merely contains the word is not taken for a heading.
func langSection(kind string, phrases ...string) struct {
	re   *regexp.Regexp
	kind string
} {
	re := regexp.MustCompile(`(?i)^(?:(?:ihre?|deine?|unsere?|vos|votre|ton|tes|tus|sus|suas|seus|jouw|je|uw|le tue|i tuoi|il tuo|la tua)\s+)?(?:` +
		strings.Join(phrases, "|") + `)(?:$|[\s:,.!?()/-])`)
	return struct {
		re   *regexp.Regexp
		kind string
	}{re, kind}
}

// langSectionRules are the section headings of German, Dutch, French,
// Spanish, Portuguese, Italian and Swahili postings. They are tried after
// the English rules, in the same order of kinds: nice-to-have and
// application before benefits, benefits before duties, duties before
// requirements (so "Was dich bei uns erwartet" is benefits, not duties).
var langSectionRules = []struct {
	re   *regexp.Regexp
	kind string
}{
	langSection(secNice,
		// de
		`wünschenswert`, `von vorteil`, `pluspunkte`, `idealerweise`, `schön wäre`, `das wäre toll`, `optional`,
		// nl
		`een pré`, `pré`, `pluspunten`, `mooi meegenomen`,
		// fr
		`atouts?`, `un plus`, `serait un plus`, `souhaité`, `compétences appréciées`,
		// es
		`deseable`, `valorable`, `se valorará`, `valoramos`,
		// pt
		`diferenciais`, `desejável`, `será um diferencial`,
		// it
		`costituisce un plus`, `graditi?`, `preferibile`, `sarà un plus`, `titolo preferenziale`, `requisiti preferenziali`,
		// sw
		`sifa za ziada`),
	langSection(secApply,
		`bewerbung`, `so bewirbst du dich`, `interesse geweckt`, `bewirb dich`, `jetzt bewerben`, `ansprechpartner(?:in)?`,
		`solliciteren`, `sollicitatie`, `hoe solliciteer je`, `interesse\?`,
		`comment postuler`, `candidature`, `pour postuler`, `postuler`,
		`cómo aplicar`, `como aplicar`, `cómo postular`, `postúlate`, `envía tu cv`,
		`como se candidatar`, `candidatura`, `candidate-se`,
		`come candidarsi`, `invia (?:il tuo )?cv`,
		`jinsi ya kuomba`, `namna ya kuomba`, `maombi`, `tuma maombi`, `utaratibu wa kutuma maombi`),
	langSection(secBenefits,
		`wir bieten`, `was wir bieten`, `das bieten wir`, `unser angebot`, `vorteile`, `benefits`, `was dich bei uns erwartet`,
		`was sie bei uns erwartet`, `warum wir`, `darum wir`, `wir bieten dir`, `wir bieten ihnen`,
		`wat bieden wij`, `wat wij bieden`, `wij bieden`, `arbeidsvoorwaarden`, `ons aanbod`, `wat krijg je`, `wat bieden we`,
		`avantages`, `nous offrons`, `ce que nous offrons`, `ce que nous proposons`, `pourquoi nous rejoindre`, `nous vous offrons`,
		`beneficios`, `ofrecemos`, `qué ofrecemos`, `que ofrecemos`, `lo que ofrecemos`, `te ofrecemos`,
		`benefícios`, `beneficios`, `oferecemos`, `o que oferecemos`,
		`offriamo`, `cosa offriamo`, `benefit`, `vantaggi`, `cosa ti offriamo`,
		`marupurupu`, `mshahara na marupurupu`, `faida`),
	langSection(secResponsibilities,
		`aufgaben`, `aufgabengebiet`, `aufgabenbereich`, `tätigkeiten`, `tätigkeitsbereich`, `das erwartet dich`, `was dich erwartet`,
		`was sie erwartet`, `rolle`, `verantwortlichkeiten`, `das machst du`, `was du machst`, `deine mission`, `dein job`,
		`taken`, `takenpakket`, `wat ga je doen`, `wat ga jij doen`, `wat je gaat doen`, `verantwoordelijkheden`, `werkzaamheden`, `rol`, `de functie`,
		`missions`, `votre mission`, `ta mission`, `responsabilités`, `ce que vous ferez`, `ce que tu feras`, `le poste`, `activités principales`, `tâches`, `vos missions`,
		`responsabilidades`, `funciones`, `tareas`, `qué harás`, `que harás`, `lo que harás`, `misión`, `principales funciones`,
		`atribuições`, `atividades`, `principais atividades`, `o que você vai fazer`, `funções`, `responsabilidades e atribuições`,
		`responsabilità`, `mansioni`, `attività`, `cosa farai`, `compiti`, `il ruolo`, `principali attività`,
		`majukumu`, `kazi za`, `wajibu`, `majukumu ya kazi`, `majukumu muhimu`),
	langSection(secRequirements,
		`profil`, `anforderungen`, `voraussetzungen`, `qualifikationen?`, `was du mitbringst`, `das bringst du mit`,
		`was sie mitbringen`, `das bringen sie mit`, `das zeichnet dich aus`, `das zeichnet sie aus`, `kenntnisse`, `wen wir suchen`,
		`was wir erwarten`, `anforderungsprofil`, `was wir uns wünschen`,
		`functie-eisen`, `functieeisen`, `wat vragen wij`, `wat wij vragen`, `wat vragen we`, `wie ben jij`, `wie ben je`, `profiel`,
		`vereisten`, `wat breng je mee`, `wat neem je mee`, `kwalificaties`,
		`profil recherché`, `compétences(?: requises)?`, `qualifications`, `exigences`, `prérequis`, `ce que nous recherchons`,
		`requisitos`, `requerimientos`, `perfil(?: buscado)?`, `qué buscamos`, `que buscamos`, `lo que buscamos`, `competencias`,
		`cualificaciones`, `experiencia requerida`,
		`requisitos e qualificações`, `qualificações`, `o que procuramos`, `o que esperamos`, `competências`,
		`requisiti(?: richiesti)?`, `competenze(?: richieste)?`, `profilo(?: ricercato)?`, `cosa cerchiamo`, `qualifiche`,
		`sifa`, `sifa za mwombaji`, `sifa zinazohitajika`, `ujuzi`, `elimu`, `vigezo`),
	langSection(secOther,
		`über uns`, `wer wir sind`, `das sind wir`, `unternehmen`, `stellenbeschreibung`,
		`over ons`, `wie zijn wij`, `wie zijn we`, `het bedrijf`, `functieomschrijving`, `vacature`,
		`à propos`, `qui sommes-nous`, `l'entreprise`, `description du poste`, `descriptif du poste`, `description de l'entreprise`,
		`sobre nosotros`, `quiénes somos`, `acerca de`, `descripción del puesto`, `descripción`,
		`sobre nós`, `quem somos`, `descrição da vaga`, `descrição`,
		`chi siamo`, `descrizione(?: del ruolo)?`, `l'azienda`,
		`kuhusu sisi`, `kuhusu kampuni`, `maelezo ya kazi`),
}

// langKeyAliases are the labels of German, Dutch, French, Spanish,
// Portuguese, Italian and Swahili postings ("Standort:", "Lieu :").
var langKeyAliases = map[string]string{
	// de
	"stellenbezeichnung": "title", "jobtitel": "title", "stelle": "title",
	"unternehmen": "company", "firma": "company", "arbeitgeber": "company",
	"standort": "location", "arbeitsort": "location", "einsatzort": "location", "ort": "location", "dienstort": "location",
	"gehalt": "salary", "vergütung": "salary", "verdienst": "salary", "gehaltsspanne": "salary",
	"anstellungsart": "employment", "beschäftigungsart": "employment", "vertragsart": "employment", "arbeitszeit": "employment",
	"bewerbungsschluss": "deadline", "bewerbungsfrist": "deadline", "veröffentlicht": "posted", "veröffentlicht am": "posted",
	"arbeitsmodell": "workplace",
	// nl
	"functietitel": "title", "bedrijf": "company", "werkgever": "company", "organisatie": "company",
	"locatie": "location", "standplaats": "location", "werklocatie": "location", "plaats": "location", "werkplek": "location",
	"salaris": "salary", "dienstverband": "employment", "type dienstverband": "employment", "uren": "employment",
	"sluitingsdatum": "deadline", "reageren voor": "deadline", "geplaatst": "posted",
	// fr
	"intitulé du poste": "title", "intitulé": "title", "entreprise": "company", "société": "company", "employeur": "company",
	"lieu": "location", "localisation": "location", "lieu de travail": "location", "ville": "location",
	"salaire": "salary", "rémunération": "salary", "type de contrat": "employment", "contrat": "employment",
	"date limite": "deadline", "date de publication": "posted", "publié le": "posted", "télétravail": "workplace",
	// es
	"puesto": "title", "cargo": "title", "nombre del puesto": "title", "empresa": "company", "empleador": "company",
	"ubicación": "location", "ubicacion": "location", "lugar de trabajo": "location", "localización": "location", "ciudad": "location",
	"salario": "salary", "sueldo": "salary", "tipo de contrato": "employment", "jornada": "employment", "tipo de empleo": "employment",
	"fecha límite": "deadline", "fecha de publicación": "posted", "modalidad": "workplace",
	// pt
	"vaga": "title", "localização": "location", "local": "location", "local de trabalho": "location", "cidade": "location",
	"salário": "salary", "remuneração": "salary", "tipo de vaga": "employment", "regime de contratação": "employment",
	"data limite": "deadline", "data de publicação": "posted", "modelo de trabalho": "workplace",
	// it
	"posizione": "title", "ruolo": "title", "azienda": "company", "società": "company",
	"sede": "location", "sede di lavoro": "location", "luogo di lavoro": "location", "località": "location",
	"retribuzione": "salary", "stipendio": "salary", "ral": "salary", "tipo di contratto": "employment", "contratto": "employment",
	"scadenza": "deadline", "data di pubblicazione": "posted",
	// sw
	"nafasi": "title", "cheo": "title", "jina la kazi": "title", "kampuni": "company", "mwajiri": "company", "taasisi": "company",
	"mahali": "location", "mahali pa kazi": "location", "eneo": "location", "kituo cha kazi": "location",
	"mshahara": "salary", "aina ya ajira": "employment", "ajira": "employment",
	"mwisho wa kutuma maombi": "deadline", "tarehe ya mwisho": "deadline",
}

// keyAlias maps a lower-case label to its field in any language.
func keyAlias(key string) string {
	if f := keyAliases[key]; f != "" {
		return f
	}
	return langKeyAliases[key]
}

// langPeriods are how postings in other languages say how often pay comes.
var langPeriods = []struct {
	re     *regexp.Regexp
	period string
}{
	{regexp.MustCompile(`(?i)(pro stunde|stündlich|par heure|de l'heure|por hora|per uur|all'ora|l'ora|kwa saa)`), "hour"},
	{regexp.MustCompile(`(?i)(pro tag|par jour|por día|por dia|per dag|al giorno|kwa siku)`), "day"},
	{regexp.MustCompile(`(?i)(pro woche|par semaine|por semana|per week|a settimana|kwa wiki)`), "week"},
	{regexp.MustCompile(`(?i)(pro monat|monatlich|im monat|par mois|mensuel|por mes|al mes|mensual|por mês|mensais|per maand|bruto per maand|al mese|mensili|kwa mwezi)`), "month"},
	{regexp.MustCompile(`(?i)(pro jahr|jährlich|im jahr|jahresgehalt|brutto/jahr|par an\b|annuel|brut annuel|por año|al año|anual|brutos anuales|por ano|per jaar|jaarsalaris|all'anno|annui|annuo|\bral\b|kwa mwaka)`), "year"},
}

// parseSalaryAnyLang is ParseSalary with the pay periods of the other
// languages Tailor reads.
func parseSalaryAnyLang(s string) Salary {
	sal := ParseSalary(s)
	if sal.Period == "" && (sal.Min != nil || sal.Max != nil) {
		for _, p := range langPeriods {
			if p.re.MatchString(s) {
				sal.Period = p.period
				break
			}
		}
	}
	return sal
}

// langEmploymentTypes are employment types as the other languages write
// them, following normalizeEmploymentType's conventions (a permanent post
// counts as full-time).
var langEmploymentTypes = []struct {
	re   *regexp.Regexp
	norm string
}{
	{regexp.MustCompile(`(?i)(\bteilzeit|temps partiel|mi-temps|media jornada|jornada parcial|tiempo parcial|meio período|tempo parcial|deeltijd|part-time|tempo parziale|part time|muda wa nusu)`), "Part-time"},
	{regexp.MustCompile(`(?i)(\bpraktikum|werkstudent|\bstage\b|alternance|prácticas|pasantía|estágio|stagiair|tirocinio|mafunzo kazini)`), "Internship"},
	{regexp.MustCompile(`(?i)(\bbefristet|\bcdd\b|contrato temporal|temporal\b|temporário|tijdelijk|tempo determinato|mkataba|\bfreelance)`), "Contract"},
	{regexp.MustCompile(`(?i)(vollzeit|unbefristet|festanstellung|\bcdi\b|temps plein|temps complet|jornada completa|tiempo completo|indefinido|tempo integral|\bclt\b|efetivo|voltijd|vast dienstverband|vaste baan|tempo pieno|indeterminato|kudumu|muda wote)`), "Full-time"},
}

// langEmploymentType maps a label's value ("CDI", "Indefinido, jornada
// completa") to an employment type; "" when it names none.
func langEmploymentType(s string) string {
	for _, e := range langEmploymentTypes {
		if e.re.MatchString(s) {
			return e.norm
		}
	}
	return ""
}

var (
	langRemoteRe = regexp.MustCompile(`(?i)(100\s?%\s?(remote|homeoffice|home office|télétravail|teletrabajo|remoto|thuiswerken)|full remote|vollständig remote|entièrement à distance|totalmente remoto|100% remoto|completamente da remoto|kazi ya mbali)`)
	langHybridRe = regexp.MustCompile(`(?i)(homeoffice|home-office|mobiles arbeiten|hybride?\b|télétravail|teletrabajo|híbrido|thuiswerken|ibrido|lavoro agile|smart working)`)
	langOnsiteRe = regexp.MustCompile(`(?i)(vor ort\b|sur site|présentiel|presencial|op locatie|in sede|ofisini)`)
)

// langWorkplace reads onsite, hybrid or remote as the other languages say
// it ("100% Homeoffice", "télétravail", "presencial").
func langWorkplace(s string) string {
	switch {
	case langRemoteRe.MatchString(s):
		return "remote"
	case langHybridRe.MatchString(s):
		return "hybrid"
	case langOnsiteRe.MatchString(s):
		return "onsite"
	}
	return ""
}
