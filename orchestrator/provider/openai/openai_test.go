package openai

import "testing"

var jobSchema = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"title":   map[string]any{"type": "string"},
		"company": map[string]any{"type": "string"},
	},
	"required":             []any{"title", "company"},
	"additionalProperties": false,
}

func TestStrictSchema(t *testing.T) {
	for _, c := range []struct {
		name   string
		schema map[string]any
		want   bool
	}{
		{"strict object", jobSchema, true},
		{"extra properties allowed", map[string]any{"type": "object", "properties": map[string]any{"a": map[string]any{"type": "string"}}, "required": []any{"a"}}, false},
		{"optional property", map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{"a": map[string]any{"type": "string"}}, "required": []any{}}, false},
		{"nested loose object", map[string]any{"type": "object", "additionalProperties": false, "required": []any{"a"},
			"properties": map[string]any{"a": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{"b": map[string]any{"type": "string"}}}}}}, false},
		{"nested strict object", map[string]any{"type": "object", "additionalProperties": false, "required": []string{"a"},
			"properties": map[string]any{"a": map[string]any{"type": "array", "items": map[string]any{"type": "object", "additionalProperties": false, "required": []any{"b"}, "properties": map[string]any{"b": map[string]any{"type": "string"}}}}}}, true},
	} {
		if got := strictSchema(c.schema); got != c.want {
			t.Errorf("%s: strictSchema = %v, want %v", c.name, got, c.want)
		}
	}
}
