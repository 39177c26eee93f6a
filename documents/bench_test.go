package documents

import "testing"

// The documents benchmarks render the two-page CV of the tests (four roles,
// four achievements each, classic template on A4). Target: under 50 ms
// each.

func benchCV(b *testing.B) Document {
	d := CVDocument(zoeCV(4), A4)
	pdf, err := PDF(d, Templates[0], testNow)
	if err != nil {
		b.Fatal(err)
	}
	if n := pdfPages(pdf); n != 2 {
		b.Fatalf("the benchmark CV has %d pages, want 2", n)
	}
	return d
}

func BenchmarkCVPDF(b *testing.B) {
	d := benchCV(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PDF(d, Templates[0], testNow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCVDOCX(b *testing.B) {
	d := benchCV(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DOCX(d, Templates[0], testNow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLetterPDF(b *testing.B) {
	d := LetterDocument(zoeLetterInput(A4))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PDF(d, Templates[0], testNow); err != nil {
			b.Fatal(err)
		}
	}
}
