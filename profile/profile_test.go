package profile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestRoundTripKeepsUnknownSections(t *testing.T) {
	in := `{"basics":{"name":"Ada","email":"ada@example.com"},"work":[{"name":"Acme","position":"Dev","highlights":[" Shipped ", ""]}],
		"awards":[{"title":"Best"}],"meta":{"theme":"even"}}`
	r, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Work[0].Highlights; !reflect.DeepEqual(got, []string{"Shipped"}) {
		t.Fatalf("highlights = %q, want cleaned", got)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(out, &m)
	if m["awards"] == nil || m["meta"] == nil {
		t.Fatalf("unknown sections lost: %s", out)
	}
	for _, k := range []string{"work", "education", "skills", "projects"} {
		if _, ok := m[k].([]any); !ok {
			t.Errorf("%s is not an array in %s", k, out)
		}
	}
}

func TestParseRefusesWhatIsNotAResume(t *testing.T) {
	for _, in := range []string{`[1,2]`, `{"work": "lots"}`, `not json`, ``} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
}

func TestValidateAndClean(t *testing.T) {
	r := Resume{Work: []Work{{Name: " ", Position: ""}, {Name: "Acme"}}, Skills: []Skill{{Name: "Go", Keywords: []string{" ", "SQL"}}, {}}}
	r.Clean()
	if len(r.Work) != 1 || len(r.Skills) != 1 || !reflect.DeepEqual(r.Skills[0].Keywords, []string{"SQL"}) {
		t.Fatalf("Clean left %+v", r)
	}
	errs := r.Validate()
	if errs["basics.name"] == "" || errs["work.0.position"] == "" || errs["work.0.name"] != "" {
		t.Fatalf("Validate = %v", errs)
	}
	if !(Resume{}).IsEmpty() || r.IsEmpty() {
		t.Fatal("IsEmpty is wrong")
	}
	if got := (Resume{Skills: []Skill{{Name: "Go", Keywords: []string{"go", "SQL"}}}}).AllSkills(); !reflect.DeepEqual(got, []string{"Go", "SQL"}) {
		t.Fatalf("AllSkills = %q", got)
	}
}

// TestSharedResumes parses the JSON Resume samples in ../shared/testdata
// when they are there.
func TestSharedResumes(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "testdata", "resumes", "*.json"))
	if len(files) == 0 {
		t.Skip("shared testdata not present")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Parse(b)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if r.Basics.Name == "" || len(r.Work) == 0 || len(r.Validate()) > 0 {
			t.Errorf("%s: parsed as %+v (problems %v)", filepath.Base(f), r.Basics, r.Validate())
		}
	}
}
