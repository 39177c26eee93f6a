package jobs

import (
	"sort"
	"strings"
)

// knownSkills are common technical and professional skills. A skill is
// matched as a whole word, case-insensitively, unless caseSensitive is set
// (short names that are also English words: "Go", "R", "C").
var knownSkills = []struct {
	name          string
	aliases       []string
	caseSensitive bool
}{
	{name: "Go", aliases: []string{"Go", "Golang"}, caseSensitive: true},
	{name: "Python"}, {name: "Java"}, {name: "JavaScript"}, {name: "TypeScript"},
	{name: "Ruby"}, {name: "Ruby on Rails", aliases: []string{"ruby on rails", "rails"}}, {name: "PHP"}, {name: "C#"}, {name: "C++"},
	{name: "C", aliases: []string{"C"}, caseSensitive: true}, {name: "Rust"}, {name: "Kotlin"}, {name: "Swift"}, {name: "Scala"},
	{name: "R", aliases: []string{"R"}, caseSensitive: true}, {name: "Elixir"}, {name: "Haskell"}, {name: "Perl"}, {name: "Dart"},
	{name: "Objective-C"}, {name: "Bash", aliases: []string{"bash", "shell scripting"}}, {name: "PowerShell"}, {name: "MATLAB"},
	{name: "SQL"}, {name: "NoSQL"}, {name: "PostgreSQL", aliases: []string{"postgresql", "postgres"}}, {name: "MySQL"},
	{name: "SQLite"}, {name: "MongoDB"}, {name: "Redis"}, {name: "Elasticsearch"}, {name: "Cassandra"}, {name: "DynamoDB"},
	{name: "Snowflake"}, {name: "BigQuery"}, {name: "Oracle"}, {name: "SQL Server"},
	{name: "HTML", aliases: []string{"html", "html5"}}, {name: "CSS", aliases: []string{"css", "css3"}}, {name: "Sass"},
	{name: "Tailwind CSS", aliases: []string{"tailwind"}}, {name: "React", aliases: []string{"react", "react.js", "reactjs"}},
	{name: "React Native"}, {name: "Angular"}, {name: "Vue.js", aliases: []string{"vue", "vue.js", "vuejs"}}, {name: "Svelte"},
	{name: "Next.js", aliases: []string{"next.js", "nextjs"}}, {name: "Node.js", aliases: []string{"node.js", "nodejs"}},
	{name: "Express"}, {name: "Django"}, {name: "Flask"}, {name: "FastAPI"}, {name: "Spring", aliases: []string{"spring boot", "spring"}},
	{name: ".NET", aliases: []string{".net", "asp.net", ".net core"}}, {name: "Laravel"}, {name: "Symfony"}, {name: "jQuery"},
	{name: "GraphQL"}, {name: "REST APIs", aliases: []string{"rest", "restful", "rest api", "rest apis"}}, {name: "gRPC"},
	{name: "Microservices"}, {name: "J2EE"}, {name: "Flutter"}, {name: "Android"}, {name: "iOS"},
	{name: "AWS", aliases: []string{"aws", "amazon web services"}}, {name: "Azure", aliases: []string{"azure", "microsoft azure"}},
	{name: "Google Cloud", aliases: []string{"gcp", "google cloud"}}, {name: "Docker"}, {name: "Kubernetes", aliases: []string{"kubernetes", "k8s"}},
	{name: "Terraform"}, {name: "Ansible"}, {name: "Chef"}, {name: "Puppet"}, {name: "Jenkins"}, {name: "GitHub Actions"},
	{name: "GitLab CI"}, {name: "CI/CD", aliases: []string{"ci/cd", "continuous integration", "continuous delivery", "continuous deployment"}},
	{name: "Git", aliases: []string{"git", "github", "gitlab", "version control"}}, {name: "Linux"}, {name: "Unix"},
	{name: "Infrastructure as code", aliases: []string{"infrastructure as code", "infrastructure-as-code"}},
	{name: "Site reliability engineering", aliases: []string{"site reliability", "sre"}}, {name: "DevOps"},
	{name: "Monitoring", aliases: []string{"monitoring", "observability"}}, {name: "Prometheus"}, {name: "Grafana"},
	{name: "Kafka"}, {name: "RabbitMQ"}, {name: "Spark", aliases: []string{"spark", "apache spark", "pyspark"}}, {name: "Hadoop"},
	{name: "Airflow"}, {name: "dbt"}, {name: "ETL", aliases: []string{"etl", "elt", "data pipelines"}}, {name: "Databricks"},
	{name: "Machine learning", aliases: []string{"machine learning", "ml"}}, {name: "Deep learning"}, {name: "NLP", aliases: []string{"nlp", "natural language processing"}},
	{name: "TensorFlow"}, {name: "PyTorch"}, {name: "scikit-learn"}, {name: "Pandas"}, {name: "NumPy"}, {name: "LLMs", aliases: []string{"llm", "llms", "large language models"}},
	{name: "Data analysis", aliases: []string{"data analysis", "data analytics", "analytics"}}, {name: "Statistics"},
	{name: "Data visualization", aliases: []string{"data visualization", "data visualisation"}}, {name: "Tableau"}, {name: "Power BI"},
	{name: "Looker"}, {name: "Excel", aliases: []string{"excel", "microsoft excel", "spreadsheets"}},
	{name: "Security", aliases: []string{"information security", "cybersecurity", "security compliance", "application security"}},
	{name: "Test-driven development", aliases: []string{"test-driven development", "tdd"}}, {name: "Automated testing", aliases: []string{"automated testing", "unit testing", "test automation"}},
	{name: "Selenium"}, {name: "Cypress"}, {name: "Playwright"}, {name: "Jest"},
	{name: "Agile", aliases: []string{"agile"}}, {name: "Scrum"}, {name: "Kanban"}, {name: "Jira"}, {name: "Confluence"},
	{name: "Figma"}, {name: "Sketch"}, {name: "Adobe Creative Suite", aliases: []string{"adobe creative suite", "photoshop", "illustrator"}},
	{name: "UX design", aliases: []string{"ux", "user experience"}}, {name: "UI design", aliases: []string{"ui design", "user interface design"}},
	{name: "User research"}, {name: "Accessibility", aliases: []string{"accessibility", "wcag", "section 508"}},
	{name: "Product management"}, {name: "Product strategy"}, {name: "Roadmapping", aliases: []string{"roadmap", "roadmaps", "roadmapping"}},
	{name: "Project management"}, {name: "Program management"}, {name: "Stakeholder management", aliases: []string{"stakeholder management", "stakeholders"}},
	{name: "Communication", aliases: []string{"communication skills", "oral communication", "written communication", "communication"}},
	{name: "Leadership", aliases: []string{"leadership", "team leadership", "project leadership"}}, {name: "Mentoring", aliases: []string{"mentoring", "coaching"}},
	{name: "Problem solving", aliases: []string{"problem solving", "problem-solving"}}, {name: "Attention to detail"},
	{name: "Customer service", aliases: []string{"customer service", "customer support"}}, {name: "Teamwork", aliases: []string{"teamwork", "collaboration"}},
	{name: "Negotiation"}, {name: "Sales"}, {name: "Marketing"}, {name: "SEO"}, {name: "Content writing", aliases: []string{"content writing", "copywriting"}},
	{name: "Recruiting", aliases: []string{"recruiting", "recruitment", "talent acquisition", "sourcing"}},
	{name: "Salesforce"}, {name: "SAP"}, {name: "HubSpot"}, {name: "Accounting"}, {name: "Bookkeeping"}, {name: "Financial analysis"},
	{name: "Budgeting"}, {name: "Procurement"}, {name: "Compliance"}, {name: "Incident response"}, {name: "Load testing"},
	{name: "Technical writing"}, {name: "Public speaking"}, {name: "Microsoft Office", aliases: []string{"microsoft office", "ms office"}},
	{name: "Google Workspace"}, {name: "Open source", aliases: []string{"open source"}},
}

// matchSkills returns the known skills named in text, most mentioned first
// (ties in order of first mention), at most 30.
func matchSkills(text string) []string {
	lower := strings.ToLower(text)
	type hit struct {
		name       string
		count, pos int
	}
	var hits []hit
	for _, s := range knownSkills {
		aliases := s.aliases
		if len(aliases) == 0 {
			aliases = []string{s.name}
		}
		count, first := 0, -1
		for _, a := range aliases {
			hay, needle := lower, strings.ToLower(a)
			if s.caseSensitive {
				hay, needle = text, a
			}
			c, f := countWord(hay, needle)
			count += c
			if f >= 0 && (first < 0 || f < first) {
				first = f
			}
		}
		if count > 0 {
			hits = append(hits, hit{s.name, count, first})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].count != hits[j].count {
			return hits[i].count > hits[j].count
		}
		return hits[i].pos < hits[j].pos
	})
	var out []string
	for _, h := range hits {
		if len(out) == 30 {
			break
		}
		out = append(out, h.name)
	}
	return out
}

// countWord counts whole-word occurrences of needle in hay and returns the
// first position. Word edges are letters and digits; "C" in "C++" or "C#"
// is not "C", and "Go" must not be followed by a hyphen ("Go-live").
func countWord(hay, needle string) (int, int) {
	count, first := 0, -1
	for off := 0; off < len(hay); {
		i := strings.Index(hay[off:], needle)
		if i < 0 {
			break
		}
		start := off + i
		end := start + len(needle)
		off = start + 1
		if start > 0 && isWordByte(hay[start-1]) {
			continue
		}
		if end < len(hay) && (isWordByte(hay[end]) || ((needle == "C" || needle == "Go" || needle == "R") && strings.ContainsRune("+#-'’&.", rune(hay[end])) && !(end+1 >= len(hay) || hay[end+1] == ' ' || hay[end+1] == '\n'))) {
			continue
		}
		if (needle == "C" || needle == "R") && start > 0 && strings.ContainsRune("-'’.&/", rune(hay[start-1])) {
			continue
		}
		count++
		if first < 0 {
			first = start
		}
	}
	return count, first
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b >= 0x80
}
