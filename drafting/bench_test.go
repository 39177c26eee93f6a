package drafting

import (
	"context"
	"fmt"
	"testing"

	"tailor/billing"
	"tailor/orchestrator/provider"
	"tailor/profile"
)

func BenchmarkBuiltinLetter(b *testing.B) {
	call := provider.Call{Task: billing.TaskCoverLetter,
		Input: LetterInput{Profile: ada(), Job: backendJob(), Tone: ToneProfessional}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuiltinLetter(context.Background(), call); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuiltinCV(b *testing.B) {
	call := provider.Call{Task: billing.TaskCVDraft, Input: CVInput{Profile: ada(), Job: backendJob()}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuiltinCV(context.Background(), call); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteLetterRegenerate is the worst case of WriteLetter: three
// broken answers, then the offline letter.
func BenchmarkWriteLetterRegenerate(b *testing.B) {
	d := quiet(answers(brokenLetterJSON()))
	p, j := ada(), backendJob()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.WriteLetter(context.Background(), 1, p, j, ToneConcise, false); err != nil {
			b.Fatal(err)
		}
	}
}

// longProfile is a profile with n work entries (the API accepts up to its
// 2 MB body cap; the issue measured 45,000 entries at 10 MB).
func longProfile(n int) profile.Resume {
	p := ada()
	p.Work = make([]profile.Work, n)
	for i := range p.Work {
		p.Work[i] = profile.Work{Name: fmt.Sprintf("Company %d", i), Position: "Backend Engineer",
			StartDate: fmt.Sprintf("%04d-%02d", 1990+i%30, 1+i%12),
			Highlights: []string{fmt.Sprintf("Built Go services handling %d requests a second on PostgreSQL", 100+i),
				"Mentored engineers and reviewed code", fmt.Sprintf("Cut cloud costs by %d%%", i%50)}}
	}
	return p
}

// BenchmarkBuiltinCV10k is the builtin provider's answer for a
// 10,000-entry profile given to it directly: it must stay under a second.
func BenchmarkBuiltinCV10k(b *testing.B) {
	call := provider.Call{Task: billing.TaskCVDraft, Input: CVInput{Profile: longProfile(10_000), Job: backendJob()}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuiltinCV(context.Background(), call); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDraftCVOffline10k is the whole offline draft of a 10,000-entry
// profile: the prompt, the builtin answer and its grounding against the
// profile, as a person without an AI key gets it. It must stay under a
// second.
func BenchmarkDraftCVOffline10k(b *testing.B) {
	d, p, j := quiet(builtinGen()), longProfile(10_000), backendJob()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.DraftCV(context.Background(), 1, p, j, false); err != nil {
			b.Fatal(err)
		}
	}
}
