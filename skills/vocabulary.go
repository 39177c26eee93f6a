package skills

// vocabulary is every skill Tailor recognises. To add one, add a line:
//
//	{"Canonical name", kind, "alias|alias|=CaseExact|~NeedsContext", context}
//
// The canonical name is itself a surface form (matched case-insensitively)
// unless it appears in the alias list with a marker. An alias is matched as
// whole words, case-insensitively; "=" makes it case-sensitive ("=REST"
// never matches "rest"); "~" makes it case-sensitive and valid only when
// the text around it is of the entry's context (a technical word or
// skill nearby for "~Go", JavaScript nearby for "~Express"). A form is
// found once per place: where forms overlap the longest wins, so
// "Go-to-market" is never Go and "Salesforce Marketing Cloud" is one
// mention. Every lower-cased form belongs to exactly one entry (a test
// checks it).
var vocabulary = []entry{
	// Programming languages.
	{"Go", Tech, "Golang|~Go", ctxTech},
	{"Python", Tech, "", 0}, {"Java", Tech, "=Java", 0},
	{"JavaScript", Tech, "=JS|ECMAScript|ES6", 0}, {"TypeScript", Tech, "", 0},
	{"Ruby", Tech, "~Ruby", ctxTech}, {"Ruby on Rails", Tech, "Rails|RoR", 0}, {"PHP", Tech, "", 0},
	{"C#", Tech, "C Sharp|=CSharp", 0}, {"C++", Tech, "cpp", 0}, {"C", Tech, "~C", ctxTech},
	{"Rust", Tech, "=Rust", 0}, {"Kotlin", Tech, "", 0}, {"Swift", Tech, "~Swift", ctxTech},
	{"Scala", Tech, "=Scala", 0}, {"R", Tech, "~R", ctxTech}, {"Elixir", Tech, "~Elixir", ctxTech},
	{"Haskell", Tech, "", 0}, {"Perl", Tech, "=Perl", 0}, {"Dart", Tech, "=Dart", 0},
	{"Objective-C", Tech, "ObjC|Objective C", 0}, {"Bash", Tech, "shell scripting|=Bash", 0},
	{"PowerShell", Tech, "", 0}, {"MATLAB", Tech, "", 0}, {"SAS", Tech, "=SAS", 0},
	{"SQL", Tech, "", 0}, {"NoSQL", Tech, "", 0}, {"VBA", Tech, "=VBA", 0},
	{"HTML", Tech, "HTML5|HTML 5", 0}, {"CSS", Tech, "CSS3", 0}, {"Sass", Tech, "SCSS|=Sass", 0},
	{"XML", Tech, "=XML", 0}, {"JSON", Tech, "=JSON", 0},

	// Databases and data platforms.
	{"PostgreSQL", Tech, "Postgres|Postgre SQL|psql", 0}, {"MySQL", Tech, "MariaDB", 0},
	{"SQLite", Tech, "", 0}, {"MongoDB", Tech, "Mongo", 0}, {"Redis", Tech, "", 0},
	{"Elasticsearch", Tech, "Elastic Search|OpenSearch", 0}, {"Cassandra", Tech, "Apache Cassandra|~Cassandra", ctxTech},
	{"DynamoDB", Tech, "", 0}, {"Snowflake", Tech, "~Snowflake", ctxTech}, {"BigQuery", Tech, "", 0},
	{"Oracle", Tech, "Oracle Database|Oracle DB|=Oracle", 0}, {"SQL Server", Tech, "MSSQL|MS SQL|Microsoft SQL Server", 0},
	{"Kafka", Tech, "Apache Kafka", 0}, {"RabbitMQ", Tech, "", 0},
	{"Spark", Tech, "Apache Spark|PySpark|~Spark", ctxTech}, {"Hadoop", Tech, "", 0},
	{"Airflow", Tech, "Apache Airflow|~Airflow", ctxTech}, {"dbt", Tech, "=dbt", 0}, {"Databricks", Tech, "", 0},
	{"ETL", Tech, "=ETL|=ELT|data pipelines|data pipeline", 0}, {"Data warehousing", Tech, "data warehouse|data warehouses", 0},
	{"Data modeling", Tech, "data modelling", 0}, {"Data engineering", Tech, "", 0},

	// Web and application frameworks.
	{"React", Tech, "React.js|ReactJS|~React", ctxTech}, {"React Native", Tech, "", 0},
	{"Angular", Tech, "Angular.js|AngularJS|~Angular", ctxTech}, {"Vue.js", Tech, "Vue|VueJS", 0}, {"Svelte", Tech, "", 0},
	{"Next.js", Tech, "NextJS", 0}, {"Node.js", Tech, "NodeJS|Node JS|~Node", ctxJS},
	{"Express", Tech, "Express.js|ExpressJS|~Express", ctxJS}, {"Django", Tech, "", 0}, {"Flask", Tech, "=Flask", 0},
	{"FastAPI", Tech, "", 0}, {"Spring", Tech, "Spring Boot|Spring Framework|~Spring", ctxTech},
	{".NET", Tech, ".NET Core|ASP.NET|dotnet", 0}, {"Laravel", Tech, "", 0}, {"Symfony", Tech, "", 0},
	{"jQuery", Tech, "", 0}, {"Bootstrap", Tech, "~Bootstrap", ctxTech}, {"Backbone.js", Tech, "BackboneJS|~Backbone", ctxJS},
	{"Redux", Tech, "", 0}, {"Webpack", Tech, "", 0}, {"Tailwind CSS", Tech, "Tailwind", 0},
	{"GraphQL", Tech, "", 0}, {"REST", Tech, "RESTful|REST API|REST APIs|REST-ful|=REST", 0}, {"gRPC", Tech, "", 0},
	{"SOAP", Tech, "=SOAP", 0}, {"Microservices", Tech, "microservice|micro-services", 0},
	{"J2EE", Tech, "Java EE|Jakarta EE|JEE", 0}, {"Hibernate", Tech, "~Hibernate", ctxTech}, {"ORM", Tech, "=ORM", 0},
	{"MVC", Tech, "=MVC|model-view-controller", 0}, {"LAMP", Tech, "=LAMP|LAMP stack", 0},
	{"Flutter", Tech, "", 0}, {"Android", Tech, "", 0}, {"iOS", Tech, "=iOS", 0},

	// Cloud, infrastructure and operations.
	{"AWS", Tech, "Amazon Web Services", 0}, {"EC2", Tech, "Amazon EC2|=EC2", 0}, {"S3", Tech, "Amazon S3|=S3", 0},
	{"RDS", Tech, "Amazon RDS|=RDS", 0}, {"AWS Lambda", Tech, "~Lambda", ctxTech}, {"CloudFormation", Tech, "", 0},
	{"Azure", Tech, "Microsoft Azure|=Azure", 0}, {"Azure DevOps", Tech, "", 0},
	{"Google Cloud", Tech, "GCP|Google Cloud Platform", 0}, {"Docker", Tech, "", 0},
	{"Kubernetes", Tech, "k8s|=K8S", 0}, {"Helm", Tech, "~Helm", ctxTech}, {"Terraform", Tech, "", 0},
	{"Ansible", Tech, "", 0}, {"Chef", Tech, "~Chef", ctxTech}, {"Puppet", Tech, "~Puppet", ctxTech},
	{"Jenkins", Tech, "~Jenkins", ctxTech}, {"GitHub Actions", Tech, "", 0}, {"GitLab CI", Tech, "GitLab CI/CD", 0},
	{"CI/CD", Method, "CI / CD|CICD|continuous integration|continuous delivery|continuous deployment", 0},
	{"Git", Tech, "=Git|=git|version control", 0}, {"GitHub", Tech, "", 0}, {"GitLab", Tech, "", 0},
	{"TFS", Tech, "=TFS|Team Foundation Server", 0},
	{"Linux", Tech, "", 0}, {"Unix", Tech, "=Unix|=UNIX", 0}, {"Nginx", Tech, "", 0},
	{"Infrastructure as code", Method, "infrastructure-as-code|=IaC", 0},
	{"Site reliability engineering", Method, "site reliability|=SRE", 0}, {"DevOps", Method, "", 0},
	{"Monitoring", Method, "observability|monitoring and alerting|system monitoring|infrastructure monitoring|application monitoring|~Monitoring", ctxTech}, {"Prometheus", Tech, "~Prometheus", ctxTech}, {"Grafana", Tech, "", 0},
	{"Datadog", Tech, "", 0}, {"Splunk", Tech, "", 0}, {"Serverless", Tech, "", 0},
	{"Networking", Tech, "TCP/IP|computer networking", 0}, {"Distributed systems", Tech, "distributed system", 0},
	{"Cloud computing", Tech, "cloud infrastructure|cloud platforms", 0},

	// Data, machine learning and analytics.
	{"Machine learning", Tech, "=ML", 0}, {"Deep learning", Tech, "", 0},
	{"Artificial intelligence", Tech, "=AI", 0}, {"NLP", Tech, "natural language processing", 0},
	{"Computer vision", Tech, "", 0}, {"TensorFlow", Tech, "", 0}, {"PyTorch", Tech, "", 0},
	{"scikit-learn", Tech, "sklearn|scikit learn", 0}, {"Pandas", Tech, "=Pandas|=pandas", 0}, {"NumPy", Tech, "", 0},
	{"LLMs", Tech, "=LLM|=LLMs|large language models|large language model", 0},
	{"Data analysis", Method, "data analytics|analytics", 0}, {"Statistics", Method, "statistical analysis", 0},
	{"Data visualization", Method, "data visualisation", 0}, {"Tableau", Tech, "", 0}, {"Power BI", Tech, "PowerBI", 0},
	{"Looker", Tech, "=Looker", 0}, {"Google Analytics", Tech, "Google Analytics 4|=GA4", 0},

	// Engineering practice.
	{"Security", Method, "information security|cybersecurity|cyber security|application security|security compliance|network security|cloud security|web security|security engineering|security best practices|secure coding|security principles|~Security", ctxTech},
	{"Test-driven development", Method, "test driven development|=TDD", 0},
	{"Automated testing", Method, "unit testing|test automation|integration testing|automated tests", 0},
	{"Selenium", Tech, "", 0}, {"Cypress", Tech, "~Cypress", ctxTech}, {"Playwright", Tech, "~Playwright", ctxTech}, {"Jest", Tech, "=Jest", 0},
	{"Code review", Method, "code reviews", 0}, {"System design", Method, "systems design|software architecture", 0},
	{"Accessibility", Method, "=WCAG|Section 508|a11y", 0}, {"Open source", Method, "open-source", 0},
	{"Incident response", Method, "incident management|on-call", 0}, {"Load testing", Method, "performance testing", 0},
	{"FedRAMP", Cert, "", 0}, {"Security clearance", Cert, "secret clearance|top secret clearance|TS/SCI", 0},

	// Ways of working and project tools.
	{"Agile", Method, "agile methodologies|agile methodology|=Agile|agile development", 0}, {"Scrum", Method, "=Scrum|=SCRUM", 0},
	{"Kanban", Method, "", 0}, {"Lean", Method, "=Lean|lean manufacturing|lean warehousing|lean principles", 0},
	{"Six Sigma", Cert, "Lean Six Sigma", 0}, {"Jira", Tech, "=JIRA|=Jira", 0}, {"Confluence", Tech, "=Confluence", 0},
	{"MS Project", Tech, "Microsoft Project", 0}, {"Unified Process", Method, "Rational Unified Process|=RUP", 0},
	{"PMP", Cert, "=PMP|Project Management Professional", 0}, {"PRINCE2", Cert, "", 0},
	{"Certified ScrumMaster", Cert, "Scrum Master|ScrumMaster|=CSM", 0},
	{"Project management", Method, "", 0}, {"Program management", Method, "programme management", 0},
	{"Product management", Method, "", 0}, {"Product strategy", Method, "", 0},
	{"Roadmapping", Method, "roadmap|roadmaps|product roadmap", 0}, {"Strategic planning", Method, "", 0},
	{"Stakeholder management", Soft, "stakeholder engagement|stakeholder communication", 0},
	{"Budget management", Method, "budgeting|budget planning|budget forecasting|managing budgets", 0},
	{"Vendor management", Method, "agency management|supplier management", 0}, {"Procurement", Method, "", 0},
	{"Compliance", Method, "regulatory compliance", 0}, {"Risk management", Method, "", 0},
	{"Technical writing", Method, "documentation writing", 0},

	// Design.
	{"Figma", Tech, "", 0}, {"Sketch", Tech, "~Sketch", ctxDesign},
	{"Adobe Creative Suite", Tech, "Adobe Creative Cloud|Adobe CC", 0}, {"Photoshop", Tech, "Adobe Photoshop", 0},
	{"Illustrator", Tech, "Adobe Illustrator|~Illustrator", ctxDesign}, {"InDesign", Tech, "Adobe InDesign", 0},
	{"Canva", Tech, "=Canva", 0}, {"Video production", Method, "video editing", 0},
	{"UX design", Method, "=UX|user experience|UX/UI|UI/UX", 0}, {"UI design", Method, "user interface design", 0},
	{"User research", Method, "usability testing", 0},

	// Office work.
	{"Microsoft Office", Tech, "MS Office|Microsoft 365|Office 365", 0},
	{"Excel", Tech, "Microsoft Excel|MS Excel|~Excel|advanced Excel|spreadsheets", ctxOffice},
	{"PowerPoint", Tech, "", 0}, {"Microsoft Word", Tech, "MS Word", 0},
	{"Google Workspace", Tech, "G Suite|GSuite", 0}, {"Data entry", Method, "", 0},
	{"Salesforce", Tech, "Salesforce CRM|Salesforce Marketing Cloud|=Salesforce", 0}, {"SAP", Tech, "=SAP", 0},
	{"HubSpot", Tech, "", 0}, {"CRM", Tech, "=CRM|customer relationship management", 0},
	{"ERP", Tech, "=ERP|ERP systems|enterprise resource planning", 0},

	// People skills.
	{"Communication", Soft, "communication skills|oral communication|written communication|verbal communication", 0},
	{"Leadership", Soft, "team leadership|project leadership|team management|people management", 0},
	{"Mentoring", Soft, "coaching|student mentoring", 0}, {"Problem solving", Soft, "problem-solving", 0},
	{"Attention to detail", Soft, "detail-oriented|detail oriented", 0},
	{"Customer service", Soft, "customer support|client service", 0},
	{"Teamwork", Soft, "collaboration|team collaboration|team player", 0},
	{"Negotiation", Soft, "negotiating", 0}, {"Public speaking", Soft, "presentation skills", 0},
	{"Time management", Soft, "", 0}, {"Sales", Method, "business development", 0},
	{"Recruiting", Method, "recruitment|talent acquisition|candidate sourcing", 0},

	// Marketing.
	{"Marketing", Method, "", 0}, {"Digital marketing", Method, "", 0},
	{"SEO", Method, "=SEO|search engine optimization|search engine optimisation", 0},
	{"SEM", Method, "=SEM|search engine marketing|=PPC|pay-per-click|paid search", 0},
	{"Social media marketing", Method, "social media|social media strategy|social media management", 0},
	{"Content marketing", Method, "content strategy", 0}, {"Email marketing", Method, "", 0},
	{"Marketing automation", Method, "", 0}, {"Influencer marketing", Method, "", 0},
	{"Conversion rate optimization", Method, "=CRO|conversion rate optimisation", 0},
	{"Google Ads", Tech, "AdWords|Google AdWords", 0}, {"Meta Ads", Tech, "Facebook Ads|Meta Business Suite|Facebook Ads Manager", 0},
	{"Brand management", Method, "brand strategy|branding|brand positioning", 0},
	{"Campaign management", Method, "campaign execution|integrated campaigns|marketing campaigns", 0},
	{"Copywriting", Method, "content writing", 0}, {"A/B testing", Method, "split testing|AB testing", 0},
	{"Market research", Method, "", 0}, {"Public relations", Method, "", 0}, {"Paid media", Method, "paid social", 0},
	{"Go-to-market", Method, "go-to-market strategy|=GTM", 0}, {"Event management", Method, "event planning", 0},
	{"P&L management", Method, "P&L|P&L ownership|profit and loss", 0},
	{"CIM", Cert, "=CIM|Chartered Institute of Marketing", 0},

	// Accounting and finance.
	{"Accounting", Method, "", 0}, {"Bookkeeping", Method, "", 0},
	{"Financial reporting", Method, "financial statements", 0}, {"Financial analysis", Method, "", 0},
	{"GAAP", Method, "=GAAP|US GAAP|GAAP compliance", 0}, {"IFRS", Method, "", 0},
	{"Month-end close", Method, "month end close|monthly close|period-end close|month-end closing", 0},
	{"Account reconciliation", Method, "account reconciliations|reconciliations|bank reconciliations|bank reconciliation|reconciling accounts", 0},
	{"Journal entries", Method, "journal entry", 0}, {"General ledger", Method, "general ledger management", 0},
	{"Accounts payable", Method, "", 0}, {"Accounts receivable", Method, "", 0},
	{"Variance analysis", Method, "", 0}, {"Forecasting", Method, "financial forecasting", 0},
	{"Auditing", Method, "audit|audits|audit support|internal audit", 0},
	{"Tax preparation", Method, "tax returns|tax compliance", 0}, {"Payroll", Method, "payroll processing", 0},
	{"Fixed assets", Method, "", 0}, {"QuickBooks", Tech, "", 0}, {"NetSuite", Tech, "", 0},
	{"Xero", Tech, "=Xero", 0}, {"SOX compliance", Method, "=SOX|Sarbanes-Oxley", 0},
	{"CPA", Cert, "=CPA|Certified Public Accountant", 0}, {"CMA", Cert, "=CMA|Certified Management Accountant", 0},
	{"ACCA", Cert, "=ACCA", 0}, {"CFA", Cert, "=CFA|Chartered Financial Analyst", 0},

	// Nursing and health care.
	{"Registered Nurse", Cert, "=RN|RN license|registered nurse license|registered nursing", 0},
	{"BLS", Cert, "=BLS|Basic Life Support", 0}, {"ACLS", Cert, "=ACLS|Advanced Cardiovascular Life Support|Advanced Cardiac Life Support", 0},
	{"PALS", Cert, "=PALS|Pediatric Advanced Life Support|Paediatric Advanced Life Support", 0},
	{"TNCC", Cert, "=TNCC|Trauma Nursing Core Course", 0}, {"CPR", Cert, "=CPR|cardiopulmonary resuscitation", 0},
	{"Patient assessment", Domain, "patient assessments|assess patients|assessing patients", 0},
	{"Medication administration", Domain, "administer medications|administering medications|medication management", 0},
	{"IV therapy", Domain, "intravenous therapy|IV insertion|IV starts", 0}, {"Wound care", Domain, "", 0},
	{"Triage", Domain, "", 0}, {"Infection control", Domain, "infection prevention", 0},
	{"Electronic health records", Tech, "electronic health record|=EHR|=EMR|electronic medical records", 0},
	{"Epic", Tech, "Epic Systems|~Epic", ctxHealth}, {"Cerner", Tech, "", 0},
	{"Patient education", Domain, "educated patients|educating patients", 0},
	{"Care coordination", Domain, "care planning|care plans|discharge planning", 0},
	{"Vital signs monitoring", Domain, "vital signs", 0}, {"Cardiac monitoring", Domain, "telemetry|cardiac rhythms", 0},
	{"Ventilator management", Domain, "", 0}, {"Patient care", Domain, "direct patient care", 0},
	{"Acute care", Domain, "", 0}, {"Emergency care", Domain, "emergency department|emergency nursing|emergency room", 0},
	{"Critical care", Domain, "intensive care|=ICU", 0}, {"HIPAA", Cert, "", 0}, {"Phlebotomy", Domain, "", 0},

	// Teaching.
	{"Curriculum development", Domain, "curriculum design|curriculum planning", 0},
	{"Lesson planning", Domain, "lesson plans|lesson plan", 0}, {"Classroom management", Domain, "", 0},
	{"Differentiated instruction", Domain, "differentiated instruction strategies", 0},
	{"Student assessment", Domain, "formative assessments|summative assessments|formative and summative assessments|student assessments", 0},
	{"Teaching certification", Cert, "teaching certificate|teaching license|teaching licence|teaching credential|teacher certification|qualified teacher status|=QTS", 0},
	{"Special education", Domain, "=IEP|IEPs|individualized education program|IEP collaboration|special needs", 0},
	{"Google Classroom", Tech, "", 0}, {"Canvas LMS", Tech, "~Canvas", ctxEducation},
	{"Learning management systems", Tech, "=LMS|learning management system", 0},
	{"Educational technology", Domain, "EdTech|ed tech", 0}, {"Project-based learning", Domain, "project based learning", 0},
	{"Parent communication", Domain, "parent-teacher communication|communication with parents", 0},
	{"Literacy instruction", Domain, "reading instruction|literacy", 0}, {"ESL", Domain, "=ESL|=ELL|English as a second language|English language learners", 0},
	{"Tutoring", Domain, "", 0}, {"Common Core", Domain, "Common Core standards", 0},

	// Warehouse and logistics.
	{"Forklift operation", Domain, "forklift|forklifts|forklift certification|forklift certified|forklift operator", 0},
	{"Reach truck", Domain, "reach trucks", 0}, {"Order picker", Domain, "order pickers", 0},
	{"Pallet jack", Domain, "pallet jacks", 0}, {"RF scanner", Domain, "RF scanners|RF scanning|RF gun|handheld scanner", 0},
	{"Warehouse management systems", Tech, "=WMS|WMS systems|warehouse management system", 0},
	{"Inventory management", Domain, "inventory control", 0}, {"Cycle counting", Domain, "cycle counts", 0},
	{"Order fulfillment", Domain, "order fulfilment|pick and pack|picking and packing|order picking", 0},
	{"Shipping and receiving", Domain, "shipping & receiving|shipping/receiving", 0},
	{"Loading and unloading", Domain, "loading dock|loading dock operations|loaded and unloaded|load and unload", 0},
	{"Palletizing", Domain, "palletising|shrink wrapping", 0},
	{"Hazmat handling", Domain, "=Hazmat|=HAZMAT|hazardous materials", 0}, {"OSHA", Cert, "=OSHA", 0},
	{"Quality control", Domain, "quality assurance", 0}, {"Safety compliance", Domain, "workplace safety", 0},
	{"Supply chain management", Domain, "supply chain", 0}, {"Logistics", Domain, "logistics management", 0},
	{"Commercial driver's license", Cert, "=CDL|commercial driver’s license|commercial driving licence", 0},
	{"Driving licence", Cert, "driving license|driver's license|driver’s license|driver's licence|driver’s licence|drivers license|full clean driving licence", 0},
}

// implies lists skills that a skill shows by itself: whoever works with
// PostgreSQL writes SQL, whoever uses Django writes Python.
var implies = map[string][]string{
	"PostgreSQL": {"SQL"}, "MySQL": {"SQL"}, "SQLite": {"SQL"}, "SQL Server": {"SQL"}, "Oracle": {"SQL"},
	"BigQuery": {"SQL"}, "Snowflake": {"SQL"}, "MongoDB": {"NoSQL"}, "DynamoDB": {"NoSQL"}, "Cassandra": {"NoSQL"},
	"React": {"JavaScript"}, "Angular": {"JavaScript"}, "Vue.js": {"JavaScript"}, "Node.js": {"JavaScript"},
	"Express": {"JavaScript", "Node.js"}, "Next.js": {"React", "JavaScript"}, "jQuery": {"JavaScript"},
	"Backbone.js": {"JavaScript"}, "Svelte": {"JavaScript"}, "Redux": {"JavaScript"}, "TypeScript": {"JavaScript"},
	"React Native": {"React", "JavaScript"}, "Django": {"Python"}, "Flask": {"Python"}, "FastAPI": {"Python"},
	"Pandas": {"Python"}, "NumPy": {"Python"}, "PyTorch": {"Python"}, "scikit-learn": {"Python"},
	"Ruby on Rails": {"Ruby"}, "Spring": {"Java"}, "J2EE": {"Java"}, "Hibernate": {"Java"}, "Laravel": {"PHP"},
	"Symfony": {"PHP"}, "EC2": {"AWS"}, "S3": {"AWS"}, "RDS": {"AWS"}, "AWS Lambda": {"AWS"}, "CloudFormation": {"AWS"},
	"Azure DevOps": {"Azure"}, "GitHub Actions": {"CI/CD", "GitHub"}, "GitLab CI": {"CI/CD", "GitLab"},
	"Jenkins": {"CI/CD"}, "GitHub": {"Git"}, "GitLab": {"Git"}, "Helm": {"Kubernetes"}, "Sass": {"CSS"},
	"Tailwind CSS": {"CSS"}, "Bootstrap": {"CSS"}, "Scrum": {"Agile"}, "Kanban": {"Agile"},
	"Certified ScrumMaster": {"Scrum", "Agile"}, "Excel": {"Microsoft Office"}, "PowerPoint": {"Microsoft Office"},
	"Microsoft Word": {"Microsoft Office"}, "ACLS": {"BLS", "CPR"}, "BLS": {"CPR"}, "PALS": {"CPR"},
	"Epic": {"Electronic health records"}, "Cerner": {"Electronic health records"},
	"Reach truck": {"Forklift operation"}, "Order picker": {"Forklift operation"}, "CPA": {"Accounting"},
	"CMA": {"Accounting"}, "ACCA": {"Accounting"}, "Bookkeeping": {"Accounting"}, "QuickBooks": {"Accounting"},
	"Google Ads": {"SEM"}, "Canvas LMS": {"Learning management systems"}, "Google Classroom": {"Learning management systems"},
	"Six Sigma": {"Lean"},
}
