package drafting

import (
	"context"
	"testing"

	"tailor/orchestrator"
)

func BenchmarkBuiltinLetter(b *testing.B) {
	call := orchestrator.Call{Task: orchestrator.TaskCoverLetter,
		Input: LetterInput{Profile: ada(), Job: backendJob(), Tone: ToneProfessional}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuiltinLetter(context.Background(), call); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuiltinCV(b *testing.B) {
	call := orchestrator.Call{Task: orchestrator.TaskCVDraft, Input: CVInput{Profile: ada(), Job: backendJob()}}
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
