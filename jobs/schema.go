package jobs

// extractionSystem tells a model how to read a posting. The rules match
// what the offline heuristics produce, so both answers merge the same way.
const extractionSystem = `You extract one job posting into JSON that follows the given schema.
Use only facts the posting states; never invent or guess. Leave a field empty ("" or []) when the posting does not say.
Dates: YYYY-MM-DD. employment_type: one of Full-time, Part-time, Contract, Temporary, Internship, Volunteer, Per diem.
workplace: onsite, hybrid or remote. seniority: intern, junior, mid, senior, lead, principal, manager, director or executive.
salary: min and max as plain numbers, currency as an ISO 4217 code, period as hour, day, week, month or year, raw as written.
Lists: one short item per bullet or duty, in the posting's words. skills: short names of the tools, technologies and skills asked for.
application_notes: application instructions and legal boilerplate (citizenship, background checks, direct deposit, Selective Service,
what a résumé must include, how to apply, equal-opportunity statements); never put these in requirements.
language: the posting's language as an ISO 639-1 code (en, de, fr, ...). Keep titles as written, with any (m/w/d) or (H/F) suffix.
If the text is not one job posting (a sign-in page, a list of jobs, an article, an unrelated image), set is_job_posting to false and give the reason in not_job_reason.`

// imageExtractionRules are added for screenshots: the same call validates
// the image and extracts the job, so a screenshot costs one vision call.
const imageExtractionRules = `The posting is in the attached image. First decide whether the image is a job advertisement (a screenshot of a job page,
a job card, a printed vacancy notice); photos, unrelated documents and interface fragments without a job are not: then set is_job_posting
to false and say what the image shows in not_job_reason. Read only the job's own panel: ignore side columns, lists of other jobs and ads.`

// imageValidationSystem asks a vision model whether an image is a job ad.
const imageValidationSystem = `You check uploads for a job-application assistant. Decide whether the image is a job advertisement or posting
(a screenshot of a job page, a job ad, a printed vacancy notice). Photos, user-interface fragments without a job, and unrelated documents are not.
Answer in JSON: is_job_ad (boolean), reason (one short sentence), text (the readable text of the image, empty if none).`

// postingSchema is the JSON schema of Posting that models must follow.
func postingSchema() map[string]any {
	str := map[string]any{"type": "string"}
	list := map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
	num := map[string]any{"type": []any{"number", "null"}}
	return map[string]any{
		"type": "object",
		"properties": map[string]any{
			"is_job_posting":  map[string]any{"type": "boolean"},
			"not_job_reason":  str,
			"title":           str,
			"company":         str,
			"location":        str,
			"locations":       list,
			"workplace":       map[string]any{"type": "string", "enum": []any{"", "onsite", "hybrid", "remote"}},
			"employment_type": str,
			"seniority":       str,
			"salary": map[string]any{
				"type": "object",
				"properties": map[string]any{
					"min": num, "max": num, "currency": str,
					"period": map[string]any{"type": "string", "enum": []any{"", "hour", "day", "week", "month", "year"}},
					"raw":    str,
				},
			},
			"date_posted":          str,
			"application_deadline": str,
			"description":          str,
			"responsibilities":     list,
			"requirements":         list,
			"nice_to_have":         list,
			"skills":               list,
			"benefits":             list,
			"how_to_apply":         str,
			"apply_url":            str,
			"language":             str,
			"application_notes":    list,
		},
		"required": []any{"is_job_posting", "title", "company", "location", "employment_type", "description",
			"responsibilities", "requirements", "skills"},
	}
}

// imageValidationSchema is the answer shape of the image_validation task.
func imageValidationSchema() map[string]any {
	return map[string]any{
		"type": "object",
		"properties": map[string]any{
			"is_job_ad": map[string]any{"type": "boolean"},
			"reason":    map[string]any{"type": "string"},
			"text":      map[string]any{"type": "string"},
		},
		"required": []any{"is_job_ad", "reason"},
	}
}
