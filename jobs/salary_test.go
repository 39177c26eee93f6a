package jobs

import (
	"testing"
)

func fp(v float64) *float64 { return &v }

func TestParseSalary(t *testing.T) {
	tests := []struct {
		in               string
		min, max         *float64
		currency, period string
	}{
		{"$170,000.00/yr - $720,000.00/yr", fp(170000), fp(720000), "USD", "year"},
		{"KES 80,000 – 120,000 per month", fp(80000), fp(120000), "KES", "month"},
		{"Ksh 1.2M p.a.", fp(1.2e6), fp(1.2e6), "KES", "year"},
		{"€45k–55k", fp(45000), fp(55000), "EUR", ""},
		{"$25/hour", fp(25), fp(25), "USD", "hour"},
		{"£30,000 - £35,000 a year", fp(30000), fp(35000), "GBP", "year"},
		{"Competitive", nil, nil, "", ""},
		{"USD 100000", fp(100000), fp(100000), "USD", ""},
		{"100000", fp(100000), fp(100000), "", ""},
		{"The base salary range for this position is: GS-15 Step 1 - $128,078 to GS-15 Step 10 $172,500", fp(128078), fp(172500), "USD", ""},
		{"Base salary GS-15 - $134,778 to $164,200", fp(134778), fp(164200), "USD", ""},
		{"$45-55k", fp(45000), fp(55000), "USD", ""},
		{"45.000 € - 55.000 € brutto", fp(45000), fp(55000), "EUR", ""},
		{"Up to $90,000 annually", nil, fp(90000), "USD", "year"},
		{"From £40k", fp(40000), nil, "GBP", ""},
		{"A$120,000 - A$140,000 + super", fp(120000), fp(140000), "AUD", ""},
		{"₦350,000 monthly", fp(350000), fp(350000), "NGN", "month"},
		{"40 hours per week, competitive pay", nil, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := ParseSalary(tt.in)
			if !eqPtr(got.Min, tt.min) || !eqPtr(got.Max, tt.max) || got.Currency != tt.currency || got.Period != tt.period {
				t.Errorf("ParseSalary(%q) = min %v max %v %q %q; want min %v max %v %q %q", tt.in,
					deref(got.Min), deref(got.Max), got.Currency, got.Period, deref(tt.min), deref(tt.max), tt.currency, tt.period)
			}
			if got.Raw == "" && tt.in != "" {
				t.Errorf("Raw is empty")
			}
		})
	}
}

func eqPtr(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	d := *a - *b
	return d < 0.001 && d > -0.001
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func FuzzParseSalary(f *testing.F) {
	for _, s := range []string{"$170,000.00/yr - $720,000.00/yr", "KES 80,000 – 120,000 per month", "Ksh 1.2M p.a.",
		"€45k–55k", "$25/hour", "£30,000 - £35,000 a year", "Competitive", "1,5k", "9999999999999999999999 USD", "$-5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := ParseSalary(s)
		if got.Min != nil && got.Max != nil && *got.Min > *got.Max {
			t.Fatalf("ParseSalary(%q): min %v > max %v", s, *got.Min, *got.Max)
		}
	})
}
