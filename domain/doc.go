// Package domain holds the types Tailor's layers share: a job posting and
// the drafts written for it. Storage keeps them and services produce them,
// so they live apart from both: models imports domain, never jobs or
// drafting, and those packages name these types through aliases.
package domain
